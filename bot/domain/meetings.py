"""When "Örat mot marken" meets: a weekly rule in local wall-clock time, minus Swedish public
holidays and configured breaks, with single meetings moved or cancelled by a chair."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule, rrulestr

from bot.domain.holidays import holiday_name

WEEKDAYS = {
    "måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5, "söndag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
# Where an RRULE has no DTSTART of its own (it matters for INTERVAL=2 and the like).
RRULE_ANCHOR = datetime(2026, 1, 5)
# An agenda is still worth publishing this long after the meeting started (the bot was down).
CATCH_UP_WINDOW = timedelta(hours=3)


@dataclass(frozen=True)
class MeetingSchedule:
    """The regular meeting and the times around it. Reports after ``cutoff`` before a meeting go
    to the next one; the chairs get a draft ``draft_days_before`` days earlier at ``draft_at``;
    the agenda is published ``publish_before`` the meeting."""

    weekday: int = 1  # tisdag
    at: time = time(9, 0)
    rule: str | None = None  # an RRULE instead of weekday + time
    cutoff: timedelta = timedelta(hours=24)
    breaks: tuple[tuple[date, date], ...] = ()
    skip_holidays: bool = True
    draft_days_before: int = 1
    draft_at: time = time(12, 0)
    publish_before: timedelta = timedelta(hours=1)
    minutes_after: timedelta = timedelta(hours=3)  # the minutes (protokoll) go out this long after the start


@dataclass(frozen=True)
class MeetingOverride:
    """A chair's change to one regular meeting: moved to ``starts_at``, or cancelled (None)."""

    regular_starts_at: datetime
    starts_at: datetime | None


@dataclass(frozen=True)
class PlannedMeeting:
    starts_at: datetime  # UTC
    regular_starts_at: datetime  # the rule's slot it replaces (equal unless moved)
    cutoff_at: datetime
    draft_at: datetime
    publish_at: datetime

    @property
    def moved(self) -> bool:
        return self.starts_at != self.regular_starts_at


@dataclass(frozen=True)
class MeetingSlot:
    starts_at: datetime  # UTC
    cutoff_at: datetime  # UTC
    regular_starts_at: datetime  # the rule's slot (differs when a chair moved the meeting)
    # The earlier meeting a report just missed because its cutoff had passed, if any.
    missed_starts_at: datetime | None = None


@dataclass(frozen=True)
class CalendarEntry:
    """One week's regular slot as a chair sees it: held (maybe moved), or why not."""

    regular_starts_at: datetime
    starts_at: datetime | None  # None: no meeting
    reason: str | None = None  # a holiday's name, "uppehåll" or "inställt"


def parse_schedule_rule(text: str) -> tuple[int, time, str | None]:
    """``"tisdag 09:00"`` → weekday and time; an RRULE (``FREQ=WEEKLY;BYDAY=TU;BYHOUR=9``) is kept as is."""
    stripped = text.strip()
    if stripped.upper().startswith(("RRULE:", "FREQ=", "DTSTART")):
        try:
            rrulestr(stripped, dtstart=RRULE_ANCHOR)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"ogiltig RRULE: {exc}") from None
        return 1, time(9, 0), stripped
    match = re.fullmatch(r"(\w+)\s+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})", stripped.lower())
    if not match or match.group(1) not in WEEKDAYS:
        raise ValueError(f'ange veckodag och tid, t.ex. "tisdag 09:00", inte {text!r}')
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise ValueError(f"ogiltig tid i {text!r}")
    return WEEKDAYS[match.group(1)], time(hour, minute), None


def parse_breaks(text: str) -> tuple[tuple[date, date], ...]:
    """``"2026-06-22..2026-08-09, 2026-12-21..2027-01-06"``: inclusive ranges with no meetings."""
    ranges = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        first, sep, last = part.partition("..")
        try:
            start, end = (
                date.fromisoformat(first.strip()),
                date.fromisoformat((last if sep else first).strip()),
            )
        except ValueError:
            raise ValueError(f"uppehåll skrivs ÅÅÅÅ-MM-DD..ÅÅÅÅ-MM-DD, inte {part!r}") from None
        if end < start:
            raise ValueError(f"uppehållet {part!r} slutar före det börjar")
        ranges.append((start, end))
    return tuple(ranges)


def _local_occurrences(schedule: MeetingSchedule, after_local: datetime) -> Iterator[datetime]:
    if schedule.rule is not None:
        rule = rrulestr(schedule.rule, dtstart=RRULE_ANCHOR, ignoretz=True)
        yield from rule.xafter(after_local, inc=True)
        return
    yield from rrule(
        WEEKLY,
        dtstart=after_local,
        byweekday=schedule.weekday,
        byhour=schedule.at.hour,
        byminute=schedule.at.minute,
        bysecond=0,
    )


def skip_reason(day: date, schedule: MeetingSchedule) -> str | None:
    """Why there is no regular meeting on ``day``: a holiday's name or "uppehåll", else None."""
    if schedule.skip_holidays and (name := holiday_name(day)) is not None:
        return name
    if any(start <= day <= end for start, end in schedule.breaks):
        return "uppehåll"
    return None


def regular_slots(start: datetime, schedule: MeetingSchedule, tz: ZoneInfo) -> Iterator[datetime]:
    """The rule's meetings (UTC) from ``start`` on, at the local wall-clock time, skipping holidays
    and breaks."""
    after_local = start.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
    for local in _local_occurrences(schedule, after_local):
        if skip_reason(local.date(), schedule) is not None:
            continue
        # Attach the zone to the wall-clock time so DST never shifts the meeting's local hour.
        instant = local.replace(tzinfo=tz).astimezone(UTC)
        if instant >= start:
            yield instant


def planned_meetings(
    start: datetime,
    until: datetime,
    schedule: MeetingSchedule,
    tz: ZoneInfo,
    overrides: Iterable[MeetingOverride] = (),
) -> list[PlannedMeeting]:
    """Meetings starting in ``[start, until)``, with the chairs' moves and cancellations applied."""
    # Remembered: the scheduler asks the same for every workspace with the same rule each minute.
    return list(_planned_meetings(start, until, schedule, tz, tuple(overrides)))


@lru_cache(maxsize=512)
def _planned_meetings(
    start: datetime,
    until: datetime,
    schedule: MeetingSchedule,
    tz: ZoneInfo,
    overrides: tuple[MeetingOverride, ...],
) -> tuple[PlannedMeeting, ...]:
    changes = {o.regular_starts_at: o.starts_at for o in overrides}
    # A moved meeting may come from a slot outside the range: look a little wider for those.
    margin = timedelta(days=31)
    planned = []
    for slot in regular_slots(start - margin, schedule, tz):
        if slot >= until + margin:
            break
        actual = changes.get(slot, slot)
        if actual is not None and start <= actual < until:
            planned.append(_plan(actual, slot, schedule, tz))
    return tuple(sorted(planned, key=lambda m: m.starts_at))


def _plan(starts_at: datetime, regular: datetime, schedule: MeetingSchedule, tz: ZoneInfo) -> PlannedMeeting:
    local_day = starts_at.astimezone(tz).date() - timedelta(days=schedule.draft_days_before)
    draft_at = datetime.combine(local_day, schedule.draft_at, tzinfo=tz).astimezone(UTC)
    publish_at = starts_at - schedule.publish_before
    return PlannedMeeting(
        starts_at=starts_at,
        regular_starts_at=regular,
        cutoff_at=starts_at - schedule.cutoff,
        draft_at=min(draft_at, publish_at),
        publish_at=publish_at,
    )


def meeting_for_report(
    now: datetime, schedule: MeetingSchedule, tz: ZoneInfo, overrides: Iterable[MeetingOverride] = ()
) -> MeetingSlot:
    """The first meeting whose cutoff has not yet passed at ``now``."""
    overrides = list(overrides)
    # Five weeks hold the answer but in a long break; a year of slots costs each report ~1 ms.
    # The shorter list is the longer one's beginning, so both give the same answer.
    for days in (35, 400):
        missed = None
        for meeting in planned_meetings(now, now + timedelta(days=days), schedule, tz, overrides):
            if meeting.cutoff_at > now:
                return MeetingSlot(
                    starts_at=meeting.starts_at,
                    cutoff_at=meeting.cutoff_at,
                    regular_starts_at=meeting.regular_starts_at,
                    missed_starts_at=missed,
                )
            missed = missed or meeting.starts_at
    raise ValueError("inga möten planerade det närmaste året")  # every week a break or cancelled


def plan_for(
    starts_at: datetime, schedule: MeetingSchedule, tz: ZoneInfo, regular: datetime | None = None
) -> PlannedMeeting:
    """The times around a meeting known by its start (e.g. one a chair moved)."""
    return _plan(starts_at, regular or starts_at, schedule, tz)


def meeting_calendar(
    start: datetime,
    count: int,
    schedule: MeetingSchedule,
    tz: ZoneInfo,
    overrides: Iterable[MeetingOverride] = (),
) -> list[CalendarEntry]:
    """The next ``count`` weeks of the rule from ``start``, including the ones without a meeting."""
    changes = {o.regular_starts_at: o.starts_at for o in overrides}
    after_local = start.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
    entries = []
    for local in _local_occurrences(schedule, after_local):
        if len(entries) >= count:
            break
        slot = local.replace(tzinfo=tz).astimezone(UTC)
        reason = skip_reason(local.date(), schedule)
        if reason is not None:
            entries.append(CalendarEntry(slot, None, reason))
        elif slot in changes and changes[slot] is None:
            entries.append(CalendarEntry(slot, None, "inställt"))
        else:
            entries.append(CalendarEntry(slot, changes.get(slot, slot)))
    return entries
