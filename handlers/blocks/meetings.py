"""Meeting notices and the chair's calendar."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.domain.dates import meeting_when
from bot.domain.meetings import CalendarEntry
from bot.results.common import MeetingChange, Message, MissedMeeting
from bot.texts import Texts
from handlers.blocks.common import section


def meeting_change(change: MeetingChange, texts: Texts, tz: ZoneInfo) -> Message:
    regular = meeting_when(change.regular_starts_at, tz, texts.language)
    if change.starts_at is None:
        text = texts("meeting.cancelled", regular=regular, chair=change.chair_user_id)
    else:
        moved = meeting_when(change.starts_at, tz, texts.language)
        text = texts("meeting.moved", regular=regular, moved=moved, chair=change.chair_user_id)
    return Message(text=text, blocks=[section(text)])


def calendar_text(entries: list[CalendarEntry], texts: Texts, tz: ZoneInfo) -> str:
    lines = [texts("meeting.calendar_header")]
    for entry in entries:
        regular = meeting_when(entry.regular_starts_at, tz, texts.language)
        if entry.starts_at is None:
            lines.append(texts("meeting.calendar_none", regular=regular, reason=entry.reason))
        elif entry.starts_at != entry.regular_starts_at:
            moved = meeting_when(entry.starts_at, tz, texts.language)
            lines.append(texts("meeting.calendar_moved", regular=regular, moved=moved))
        else:
            lines.append(texts("meeting.calendar_held", regular=regular))
    lines.append(texts("meeting.calendar_usage"))
    return "\n".join(lines)


def meeting_missed(missed: MissedMeeting, texts: Texts, tz: ZoneInfo) -> Message:
    """To the chairs: a meeting's agenda never went out (the bot was down past the catch-up)."""
    when = meeting_when(missed.starts_at, tz, texts.language)
    if missed.reports == 0:
        reports = texts("meeting.missed_none")
    else:
        reports = texts.plural("meeting.missed_reports", missed.reports)
    upcoming = (
        meeting_when(missed.next_starts_at, tz, texts.language)
        if missed.next_starts_at is not None
        else texts("meeting.missed_no_next")
    )
    text = texts("meeting.missed", when=when, reports=reports, next=upcoming)
    return Message(text=texts("meeting.missed_text", when=when), blocks=[section(text)])
