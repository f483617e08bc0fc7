"""Reminder rules counted in Swedish working days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.holidays import is_working_day
from bot.domain.reminders import (
    Reminder,
    ReminderRules,
    add_working_days,
    current_reminder,
    next_reminder_day,
    should_escalate,
    solved_check_at,
    working_days_between,
)

RULES = ReminderRules()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 12, 15), -2, date(2026, 12, 11)),  # Tue → Fri before (over a weekend)
        (date(2026, 12, 22), 3, date(2026, 12, 29)),  # julafton, juldagen (and the weekend) skipped
        (date(2026, 12, 30), 1, date(2027, 1, 4)),  # nyårsafton and nyårsdagen skipped
        (date(2027, 1, 5), 1, date(2027, 1, 7)),  # trettondedag jul (6 Jan) skipped
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # långfredag and annandag påsk skipped
        (date(2026, 12, 15), 0, date(2026, 12, 15)),
    ],
)
def test_working_days(start: date, n: int, expected: date):
    assert add_working_days(start, n) == expected


def test_working_days_between():
    assert working_days_between(date(2026, 12, 22), date(2026, 12, 30)) == 4  # 23, 28, 29, 30
    assert working_days_between(date(2026, 12, 15), date(2026, 12, 15)) == 0


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 10), None),
        (date(2026, 12, 11), Reminder("before", date(2026, 12, 11))),  # 2 working days before Tue 15
        (date(2026, 12, 14), Reminder("before", date(2026, 12, 11))),  # the same one: sent once by key
        (date(2026, 12, 15), Reminder("due", date(2026, 12, 15))),
        (date(2026, 12, 17), Reminder("due", date(2026, 12, 15))),
        (date(2026, 12, 18), Reminder("overdue", date(2026, 12, 18), 1)),  # 3 working days after
        (date(2026, 12, 22), Reminder("overdue", date(2026, 12, 18), 1)),
        (date(2026, 12, 23), Reminder("overdue", date(2026, 12, 23), 2)),
        (date(2026, 12, 30), Reminder("overdue", date(2026, 12, 30), 3)),  # over Christmas
    ],
)
def test_current_reminder(today: date, expected: Reminder | None):
    assert current_reminder(date(2026, 12, 15), date(2026, 12, 1), today, RULES) == expected


def test_no_before_reminder_for_an_action_created_too_late_for_one():
    assert current_reminder(date(2026, 12, 15), date(2026, 12, 11), date(2026, 12, 14), RULES) is None


def test_escalation_after_the_second_overdue_reminder():
    assert not should_escalate(Reminder("overdue", date(2026, 12, 18), 1), RULES)
    assert should_escalate(Reminder("overdue", date(2026, 12, 23), 2), RULES)
    assert not should_escalate(Reminder("due", date(2026, 12, 15)), RULES)


def test_keys_start_a_new_series_with_a_new_due_date():
    reminder = Reminder("overdue", date(2026, 12, 18), 1)
    assert reminder.key(7, date(2026, 12, 15)) == "reminder:7:2026-12-15:overdue:1"
    assert reminder.key(7, date(2026, 12, 15)) != reminder.key(7, date(2027, 1, 12))


def _sent_by_daily_look(due_on, created_on, days, rules):
    """What looking at every action on every day (the old sweep) sends: each new key once."""
    sent, out = set(), []
    for day in days:
        reminder = current_reminder(due_on, created_on, day, rules)
        if reminder is not None and reminder.key(1, due_on) not in sent:
            sent.add(reminder.key(1, due_on))
            out.append((day, reminder))
    return out


def _sent_by_next_day(due_on, created_on, days, rules):
    """The sweep that looks at an action only from its ``next_reminder_day`` on."""
    sent, out, next_day = set(), [], None
    for day in days:
        if next_day is not None and day < next_day:
            continue
        reminder = current_reminder(due_on, created_on, day, rules)
        if reminder is not None and reminder.key(1, due_on) not in sent:
            sent.add(reminder.key(1, due_on))
            out.append((day, reminder))
        next_day = next_reminder_day(due_on, created_on, day, rules)
        assert next_day > day
    return out


@given(
    due_offset=st.integers(0, 40),
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
    length=st.integers(1, 70),
    missing=st.sets(st.integers(0, 69), max_size=30),  # days the bot was down
    rules=st.builds(
        ReminderRules,
        days_before=st.integers(1, 5),
        overdue_every=st.integers(1, 5),
        escalate_after=st.integers(1, 3),
    ),
)
def test_looking_only_on_the_next_reminder_day_sends_what_looking_every_day_sends(
    due_offset, start, length, missing, rules
):
    created_on = start
    due_on = start + timedelta(days=due_offset)
    days = [start + timedelta(days=i) for i in range(length) if i not in missing]
    assert _sent_by_next_day(due_on, created_on, days, rules) == _sent_by_daily_look(
        due_on, created_on, days, rules
    )


STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("done_at", "asked_at"),
    [
        # Klar in the evening: the school is asked two weeks later at the reminders' hour.
        (datetime(2026, 12, 1, 21, 40, tzinfo=STOCKHOLM), datetime(2026, 12, 15, 8, 0, tzinfo=STOCKHOLM)),
        # Two weeks after Friday 11 December is juldagen; annandagen and the weekend follow.
        (datetime(2026, 12, 11, 9, 0, tzinfo=STOCKHOLM), datetime(2026, 12, 28, 8, 0, tzinfo=STOCKHOLM)),
        # Across the spring DST weekend: 08:00 is 06:00 UTC once summer time has begun.
        (datetime(2026, 3, 16, 23, 30, tzinfo=STOCKHOLM), datetime(2026, 3, 30, 8, 0, tzinfo=STOCKHOLM)),
        # Saturday night UTC is Sunday in Stockholm; two weeks on is the autumn DST Sunday → Monday.
        (datetime(2026, 10, 10, 22, 30, tzinfo=UTC), datetime(2026, 10, 26, 8, 0, tzinfo=STOCKHOLM)),
    ],
)
def test_the_school_is_asked_on_a_working_morning(done_at: datetime, asked_at: datetime):
    at = solved_check_at(done_at, STOCKHOLM, ReminderRules())
    assert at == asked_at
    assert is_working_day(at.date()) and at.utcoffset() == asked_at.utcoffset()
