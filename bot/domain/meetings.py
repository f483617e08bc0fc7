"""When the weekly "Örat mot marken" meeting is held, computed in local wall-clock time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule

WEEKDAYS = {
    "måndag": 0,
    "tisdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "lördag": 5,
    "söndag": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}


@dataclass(frozen=True)
class WeeklySchedule:
    """A weekday and a local time; reports later than ``cutoff`` before a meeting go to the next one."""

    weekday: int = 1  # tisdag
    at: time = time(9, 0)
    cutoff: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class MeetingSlot:
    starts_at: datetime  # UTC
    cutoff_at: datetime  # UTC
    # The earlier meeting a report just missed because its cutoff had passed, if any.
    missed_starts_at: datetime | None = None


def parse_weekly_schedule(text: str) -> WeeklySchedule:
    """Parse ``"tisdag 09:00"`` (Swedish or English weekday, 24-hour time)."""
    match = re.fullmatch(r"\s*(\w+)\s+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})\s*", text.lower())
    if not match or match.group(1) not in WEEKDAYS:
        raise ValueError(f'ange veckodag och tid, t.ex. "tisdag 09:00", inte {text!r}')
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise ValueError(f"ogiltig tid i {text!r}")
    return WeeklySchedule(weekday=WEEKDAYS[match.group(1)], at=time(hour, minute))


def meetings_from(now: datetime, schedule: WeeklySchedule, tz: ZoneInfo) -> Iterator[datetime]:
    """Meeting start instants (UTC) from ``now`` on, each at the schedule's local wall-clock time."""
    local_start = now.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
    rule = rrule(
        WEEKLY,
        dtstart=local_start - timedelta(days=7),
        byweekday=schedule.weekday,
        byhour=schedule.at.hour,
        byminute=schedule.at.minute,
        bysecond=0,
    )
    for local in rule:
        # Attach the zone to the wall-clock time so DST never shifts the meeting's local hour.
        instant = local.replace(tzinfo=tz).astimezone(UTC)
        if instant >= now:
            yield instant


def meeting_for_report(now: datetime, schedule: WeeklySchedule, tz: ZoneInfo) -> MeetingSlot:
    """The first meeting whose cutoff has not yet passed at ``now``."""
    missed = None
    for starts_at in meetings_from(now, schedule, tz):
        cutoff_at = starts_at - schedule.cutoff
        if cutoff_at > now:
            return MeetingSlot(starts_at=starts_at, cutoff_at=cutoff_at, missed_starts_at=missed)
        missed = missed or starts_at
    raise AssertionError("an unbounded weekly rule always has a next meeting")  # pragma: no cover
