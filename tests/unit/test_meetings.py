from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.meetings import WeeklySchedule, meeting_for_report, parse_weekly_schedule

TZ = ZoneInfo("Europe/Stockholm")
TUESDAY_NINE = WeeklySchedule()


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "weekday", "at"),
    [("tisdag 09:00", 1, time(9)), ("Onsdag kl. 13.30", 2, time(13, 30)), ("friday 8:15", 4, time(8, 15))],
)
def test_parse_schedule(text: str, weekday: int, at: time):
    schedule = parse_weekly_schedule(text)
    assert (schedule.weekday, schedule.at) == (weekday, at)


@pytest.mark.parametrize("text", ["tisdag", "09:00", "tisdag 9", "someday 09:00", "måndag 24:00"])
def test_parse_schedule_refuses(text: str):
    with pytest.raises(ValueError):
        parse_weekly_schedule(text)


def test_next_meeting_from_a_friday():
    slot = meeting_for_report(local(2026, 11, 20, 10, 0), TUESDAY_NINE, TZ)
    assert slot.starts_at == local(2026, 11, 24, 9, 0)
    assert slot.cutoff_at == local(2026, 11, 23, 9, 0)
    assert slot.missed_starts_at is None
    assert slot.starts_at.tzinfo == UTC


def test_a_report_after_the_cutoff_goes_to_the_next_week():
    slot = meeting_for_report(local(2026, 11, 23, 9, 0, 1), TUESDAY_NINE, TZ)
    assert slot.starts_at == local(2026, 12, 1, 9, 0)
    assert slot.missed_starts_at == local(2026, 11, 24, 9, 0)


def test_a_report_just_before_the_cutoff_makes_it():
    slot = meeting_for_report(local(2026, 11, 23, 8, 59), TUESDAY_NINE, TZ)
    assert slot.starts_at == local(2026, 11, 24, 9, 0)


def test_during_the_meeting_the_next_one_is_next_week():
    slot = meeting_for_report(local(2026, 11, 24, 9, 30), TUESDAY_NINE, TZ)
    assert slot.starts_at == local(2026, 12, 1, 9, 0)
    assert slot.missed_starts_at is None  # the meeting had already started; nothing was missed


@pytest.mark.parametrize(
    ("now", "meeting_utc"),
    [
        # Spring: clocks go forward on Sunday 29 March 2026; 09:00 is 08:00 UTC before, 07:00 UTC after.
        (local(2026, 3, 20, 12, 0), datetime(2026, 3, 24, 8, 0, tzinfo=UTC)),
        (local(2026, 3, 27, 12, 0), datetime(2026, 3, 31, 7, 0, tzinfo=UTC)),
        (local(2026, 3, 29, 2, 30), datetime(2026, 3, 31, 7, 0, tzinfo=UTC)),
        # Autumn: clocks go back on Sunday 25 October 2026.
        (local(2026, 10, 16, 12, 0), datetime(2026, 10, 20, 7, 0, tzinfo=UTC)),
        (local(2026, 10, 23, 12, 0), datetime(2026, 10, 27, 8, 0, tzinfo=UTC)),
    ],
)
def test_the_meeting_keeps_its_local_time_across_dst(now: datetime, meeting_utc: datetime):
    slot = meeting_for_report(now, TUESDAY_NINE, TZ)
    assert slot.starts_at == meeting_utc
    assert slot.starts_at.astimezone(TZ).time() == time(9, 0)


def test_the_cutoff_is_24_real_hours_across_the_dst_change():
    # A meeting on Sunday 29 March 2026 at 12:00 CEST; 24 h earlier the clocks still showed CET,
    # so the cutoff is Saturday 11:00 local time. (Weekday meetings never straddle the change.)
    schedule = WeeklySchedule(weekday=6, at=time(12, 0), cutoff=timedelta(hours=24))
    slot = meeting_for_report(local(2026, 3, 27, 12, 0), schedule, TZ)
    assert slot.starts_at == local(2026, 3, 29, 12, 0)
    assert slot.cutoff_at == local(2026, 3, 28, 11, 0)
