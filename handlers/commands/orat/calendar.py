"""``/orat kalender``: the coming meetings and the user's own deadlines as an ``.ics`` file."""

from __future__ import annotations

from handlers.commands.orat.common import Invocation

CALENDAR_WEEKS = 26  # how far ahead /orat kalender lists meetings: a school term


def calendar(inv: Invocation) -> None:
    inv.ack()
    found = inv.hc.services.meetings.calendar_file(inv.team, inv.user, inv.now, CALENDAR_WEEKS)
    actions = inv.texts.plural("kalender.count_actions", found.deadlines)
    inv.say(inv.texts.plural("kalender.sent", found.meetings, actions=actions))
    inv.send_files([(found.name, found.content)], inv.texts("kalender.file_comment"))
