from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.meetings import (
    MeetingOverride,
    MeetingSchedule,
    meeting_calendar,
    meeting_for_report,
    parse_breaks,
    parse_schedule_rule,
    planned_meetings,
)

TZ = ZoneInfo("Europe/Stockholm")
TUESDAY_NINE = MeetingSchedule()


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "weekday", "at"),
    [("tisdag 09:00", 1, time(9)), ("Onsdag kl. 13.30", 2, time(13, 30)), ("friday 8:15", 4, time(8, 15))],
)
def test_parse_schedule(text: str, weekday: int, at: time):
    assert parse_schedule_rule(text) == (weekday, at, None)


@pytest.mark.parametrize(
    "text",
    ["tisdag", "09:00", "tisdag 9", "someday 09:00", "måndag 24:00", "FREQ=SOMETIMES", "RRULE:BYDAY=XX"],
)
def test_parse_schedule_refuses(text: str):
    with pytest.raises(ValueError):
        parse_schedule_rule(text)


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
    schedule = MeetingSchedule(weekday=6, at=time(12, 0), cutoff=timedelta(hours=24))
    slot = meeting_for_report(local(2026, 3, 27, 12, 0), schedule, TZ)
    assert slot.starts_at == local(2026, 3, 29, 12, 0)
    assert slot.cutoff_at == local(2026, 3, 28, 11, 0)


def test_a_public_holiday_skips_the_meeting():
    # Tuesday 6 January 2026 is Trettondedag jul: the meeting that week is skipped.
    slot = meeting_for_report(local(2026, 1, 2, 10, 0), TUESDAY_NINE, TZ)
    assert slot.starts_at == local(2026, 1, 13, 9, 0)
    # ... and so is Thursday's on julafton (a de facto holiday), with a Thursday schedule.
    thursday = MeetingSchedule(weekday=3)
    assert meeting_for_report(local(2026, 12, 18, 10, 0), thursday, TZ).starts_at == local(2027, 1, 7, 9, 0)


def test_holidays_can_be_kept():
    schedule = MeetingSchedule(skip_holidays=False)
    assert meeting_for_report(local(2026, 1, 2, 10, 0), schedule, TZ).starts_at == local(2026, 1, 6, 9, 0)


def test_configured_breaks_have_no_meetings():
    schedule = MeetingSchedule(breaks=parse_breaks("2026-06-22..2026-08-09, 2026-12-21..2027-01-06"))
    assert meeting_for_report(local(2026, 6, 19, 10, 0), schedule, TZ).starts_at == local(2026, 8, 11, 9, 0)
    assert meeting_for_report(local(2026, 12, 18, 10, 0), schedule, TZ).starts_at == local(2027, 1, 12, 9, 0)


@pytest.mark.parametrize("text", ["2026-06-22", "2026-13-01..2026-14-01", "2026-08-09..2026-06-22", "sommar"])
def test_breaks_that_do_not_parse(text: str):
    if text == "2026-06-22":
        assert parse_breaks(text) == ((date(2026, 6, 22), date(2026, 6, 22)),)
        return
    with pytest.raises(ValueError):
        parse_breaks(text)


def test_an_rrule_every_other_week():
    *_, rule = parse_schedule_rule("DTSTART:20260106T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
    schedule = MeetingSchedule(rule=rule)
    meetings = planned_meetings(local(2026, 2, 1, 0, 0), local(2026, 3, 1, 0, 0), schedule, TZ)
    assert [m.starts_at for m in meetings] == [local(2026, 2, 3, 9, 0), local(2026, 2, 17, 9, 0)]


def test_a_moved_meeting_and_a_cancelled_one():
    moved = MeetingOverride(local(2026, 12, 1, 9, 0), local(2026, 12, 2, 13, 0))
    cancelled = MeetingOverride(local(2026, 12, 8, 9, 0), None)
    meetings = planned_meetings(
        local(2026, 11, 28, 0, 0), local(2026, 12, 20, 0, 0), TUESDAY_NINE, TZ, [moved, cancelled]
    )
    assert [m.starts_at for m in meetings] == [local(2026, 12, 2, 13, 0), local(2026, 12, 15, 9, 0)]
    first = meetings[0]
    assert first.moved and first.regular_starts_at == local(2026, 12, 1, 9, 0)
    assert first.cutoff_at == local(2026, 12, 1, 13, 0)
    assert first.draft_at == local(2026, 12, 1, 12, 0) and first.publish_at == local(2026, 12, 2, 12, 0)
    # A report on Monday 30 November goes to the moved meeting; one filed on Tuesday 8 Dec to the 15th.
    assert meeting_for_report(local(2026, 11, 30, 10, 0), TUESDAY_NINE, TZ, [moved]).starts_at == local(
        2026, 12, 2, 13, 0
    )
    assert meeting_for_report(local(2026, 12, 4, 10, 0), TUESDAY_NINE, TZ, [cancelled]).starts_at == local(
        2026, 12, 15, 9, 0
    )


def test_the_calendar_shows_why_a_week_has_no_meeting():
    schedule = MeetingSchedule(breaks=parse_breaks("2026-12-21..2027-01-04"))
    entries = meeting_calendar(
        local(2026, 12, 12, 0, 0), 5, schedule, TZ, [MeetingOverride(local(2026, 12, 15, 9, 0), None)]
    )
    assert [(e.regular_starts_at.astimezone(TZ).date().isoformat(), e.reason) for e in entries] == [
        ("2026-12-15", "inställt"),
        ("2026-12-22", "uppehåll"),
        ("2026-12-29", "uppehåll"),
        ("2027-01-05", None),
        ("2027-01-12", None),
    ]


def test_draft_and_publish_times_follow_local_time():
    [meeting] = planned_meetings(local(2026, 3, 30, 0, 0), local(2026, 4, 1, 0, 0), TUESDAY_NINE, TZ)
    assert meeting.draft_at == local(2026, 3, 30, 12, 0)
    assert meeting.publish_at == local(2026, 3, 31, 8, 0)
    assert meeting.cutoff_at == local(2026, 3, 30, 9, 0)


def test_the_meeting_for_a_report_is_the_first_of_the_whole_year_ahead():
    """meeting_for_report looks five weeks ahead before it looks a year: the same answer as the
    first meeting of the whole year whose cutoff has not passed, breaks and chairs' changes too."""
    schedule = MeetingSchedule(breaks=parse_breaks("2026-06-22..2026-08-09, 2026-12-21..2027-01-06"))
    overrides = [
        MeetingOverride(local(2026, 3, 10, 9, 0), None),  # cancelled
        MeetingOverride(local(2026, 5, 5, 9, 0), local(2026, 5, 7, 13, 0)),  # moved to Thursday
    ]
    now = local(2026, 1, 1, 7, 30)
    while now < local(2027, 1, 31):
        year = planned_meetings(now, now + timedelta(days=400), schedule, TZ, overrides)
        upcoming = [m for m in year if m.cutoff_at > now]
        passed = [m for m in year if m.cutoff_at <= now and m.starts_at < upcoming[0].starts_at]
        slot = meeting_for_report(now, schedule, TZ, overrides)
        assert slot.starts_at == upcoming[0].starts_at, now
        assert slot.missed_starts_at == (passed[0].starts_at if passed else None), now
        now += timedelta(hours=29)  # every hour of the day, over the year
