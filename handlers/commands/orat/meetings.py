"""``/orat möte``: the coming meetings; ``flytta`` and ``ställ in`` for chairs."""

from __future__ import annotations

from typing import NoReturn

from bot.domain.dates import meeting_when
from bot.domain.parsing import MeetingMove, MeetingUsage, ShowMeetings, YearOutOfRange, parse_meeting_command
from bot.domain.permissions import Permission
from bot.results.common import Denied, MeetingChange
from handlers.blocks.meetings import calendar_text
from handlers.commands.orat.common import Invocation
from handlers.views.forms import deliver


def meeting(inv: Invocation) -> None:
    inv.ack()
    meetings = inv.hc.services.meetings
    found = parse_meeting_command(" ".join(inv.args), inv.today)
    if isinstance(found, ShowMeetings):
        inv.say(calendar_text(meetings.calendar(inv.team, inv.now), inv.texts, inv.hc.tz))
        return
    if isinstance(found, MeetingUsage):
        _explain(inv, found.usage)
    if isinstance(found, YearOutOfRange):
        inv.refuse_year(found)
        return
    if isinstance(found, MeetingMove):
        changed = meetings.move(
            inv.team, inv.user, day=found.origin, to_day=found.to_day, to_time=found.to_time, now=inv.now
        )
    else:
        changed = meetings.cancel(inv.team, inv.user, day=found.day, now=inv.now)
    deliver(inv.hc, changed.notification_keys)
    inv.say(_changed_text(inv, changed.change))


def _explain(inv: Invocation, usage: str) -> NoReturn:
    """How to move or cancel a meeting, for a chair; anyone else hears what they may do."""
    if usage != "meeting":
        inv.usage(f"{usage}_usage", Permission.RUN_MEETING)
    raise Denied("meeting_usage" if inv.may(Permission.RUN_MEETING) else "meeting_usage_anyone")


def _changed_text(inv: Invocation, change: MeetingChange) -> str:
    regular = meeting_when(change.regular_starts_at, inv.hc.tz, inv.texts.language)
    if change.starts_at is None:
        return inv.texts("meeting.cancelled_ok", regular=regular)
    moved = meeting_when(change.starts_at, inv.hc.tz, inv.texts.language)
    return inv.texts("meeting.moved_ok", regular=regular, moved=moved)
