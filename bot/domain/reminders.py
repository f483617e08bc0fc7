"""When an action's owner is reminded: before the due date, on it, and while overdue, counted in
Swedish working days; and when the chairs are told that an action is stuck."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.domain.holidays import is_working_day


@dataclass(frozen=True)
class ReminderRules:
    days_before: int = 2  # working days before the due date
    overdue_every: int = 3  # working days between overdue reminders
    escalate_after: int = 2  # overdue reminders before the chairs are told
    at: time = time(8, 0)  # local time of day reminders go out


@dataclass(frozen=True)
class DigestSettings:
    """The weekly personal list of open actions."""

    weekday: int = 0  # måndag
    at: time = time(8, 0)


@dataclass(frozen=True)
class Reminder:
    kind: str  # before | due | overdue
    day: date
    sequence: int = 0  # the n:th overdue reminder (1, 2, …)

    def key(self, action_id: int, due_on: date) -> str:
        """Unique per action, kind, due date and round: a new due date starts a new series."""
        return f"reminder:{action_id}:{due_on.isoformat()}:{self.kind}:{self.sequence}"


@lru_cache(maxsize=8192)  # a Monday sweep asks for the same few due dates thousands of times
def add_working_days(day: date, n: int) -> date:
    """``n`` working days after ``day`` (before it when ``n`` is negative)."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


SOLVED_CHECK_AFTER_DAYS = 14  # the school is asked "Är problemet löst?" this long after Klar


def solved_check_at(done_at: datetime, tz: ZoneInfo, rules: ReminderRules) -> datetime:
    """When the school is asked whether the problem is solved: on the first working day at least
    two weeks after the action was done, at the hour reminders go out (not at the hour of the
    click, and not on juldagen)."""
    day = done_at.astimezone(tz).date() + timedelta(days=SOLVED_CHECK_AFTER_DAYS)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, rules.at, tzinfo=tz)


@lru_cache(maxsize=8192)
def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def current_reminder(due_on: date, created_on: date, today: date, rules: ReminderRules) -> Reminder | None:
    """The latest reminder that is due by ``today``, or None. Older ones that were missed (the bot
    was down) are not sent late: the owner gets only the one that matters now."""
    if today > due_on:
        overdue_days = working_days_between(due_on, today)
        sequence = overdue_days // rules.overdue_every
        if sequence >= 1:
            return Reminder("overdue", add_working_days(due_on, sequence * rules.overdue_every), sequence)
        return Reminder("due", due_on)
    if today == due_on:
        return Reminder("due", due_on)
    before = add_working_days(due_on, -rules.days_before)
    if before <= today and before > created_on:
        return Reminder("before", before)
    return None


def next_reminder_day(due_on: date, created_on: date, after: date, rules: ReminderRules) -> date:
    """The first day after ``after`` on which ``current_reminder`` names a new reminder: the
    scheduler need not look at the action again before then."""
    if after >= due_on:
        rounds = working_days_between(due_on, after) // rules.overdue_every + 1
        return add_working_days(due_on, rounds * rules.overdue_every)
    before = add_working_days(due_on, -rules.days_before)
    return before if after < before and before > created_on else due_on


def should_escalate(reminder: Reminder | None, rules: ReminderRules) -> bool:
    return reminder is not None and reminder.kind == "overdue" and reminder.sequence >= rules.escalate_after
