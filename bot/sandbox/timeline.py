"""What a jump of the sandbox's clock passes over, and how to say what happened, in Swedish.

A jump from 11 to 25 December must not skip the meetings in between: the sandbox runs the
scheduler's tick at every instant where something may be due (each meeting's draft, publication
and minutes, each working-day reminder morning, the weekly digest, each message held back until a
set moment such as the school's "Är problemet löst?", each weekly round and its cutoff-morning
reminder), in order, then at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.domain.holidays import is_working_day
from bot.domain.meetings import PlannedMeeting
from bot.domain.reminders import ReminderRules, current_reminder
from bot.domain.rounds import RoundRule, round_times

LOOKAHEAD = timedelta(days=90)  # how far a reminder jump looks for a morning with work


@dataclass(frozen=True)
class Instant:
    at: datetime
    meeting: PlannedMeeting | None = None  # the meeting whose draft, publication or minutes fall here
    held: tuple[str, ...] = ()  # the kinds of the held-back messages due here (``solved_check`` …)


def instants_between(
    start: datetime,
    end: datetime,
    *,
    meetings: Iterable[PlannedMeeting],
    minutes_after: timedelta,
    reminders_at: time,
    digest: tuple[int, time],
    tz: ZoneInfo,
    held: Iterable[tuple[datetime, str]] = (),
) -> list[Instant]:
    """Every instant in ``(start, end]`` where scheduled work may be due, in order, ``end`` last:
    each meeting's draft, publication and minutes, each working day's reminders, the weekly
    digest (``digest``: weekday, time), and each held-back message's moment (``held``: when, kind)."""
    found: dict[datetime, PlannedMeeting | None] = {}
    for meeting in meetings:
        for at in (meeting.draft_at, meeting.publish_at, meeting.starts_at + minutes_after):
            if start < at <= end:
                found[at] = meeting
    day = start.astimezone(tz).date()
    while day <= end.astimezone(tz).date():
        moments = [reminders_at] if is_working_day(day) else []
        moments += [digest[1]] if day.weekday() == digest[0] else []
        for moment in moments:
            at = datetime.combine(day, moment, tzinfo=tz)
            if start < at <= end:
                found.setdefault(at, None)
        day += timedelta(days=1)
    kinds: dict[datetime, tuple[str, ...]] = {}
    for at, kind in held:
        if start < at <= end:
            found.setdefault(at, None)
            kinds[at] = (*kinds.get(at, ()), kind)
    found.setdefault(end, None)
    return [Instant(at, found[at], kinds.get(at, ())) for at in sorted(found)]


ROUND, ROUND_REMINDER = "round", "round_reminder"  # the kinds of the weekly round's instants


def round_instants(
    meetings: Iterable[PlannedMeeting], rule: RoundRule | None, reminder: time, tz: ZoneInfo
) -> list[tuple[datetime, str]]:
    """Each meeting's weekly round: when it asks (``ROUND``) and reminds (``ROUND_REMINDER``), as
    ``held`` takes them; none when the round is off."""
    found: list[tuple[datetime, str]] = []
    for meeting in meetings if rule is not None else ():
        times = round_times(meeting.cutoff_at, rule, reminder, tz)
        if times is not None:
            found.append((times.asked_at, ROUND))
            if times.reminder_at is not None:
                found.append((times.reminder_at, ROUND_REMINDER))
    return found


def next_reminder_morning(
    after: datetime, actions: Iterable[tuple[date, date]], rules: ReminderRules, tz: ZoneInfo
) -> datetime | None:
    """The first reminder morning after ``after`` on which an open action (due date, day created)
    gets a new reminder, or None when none does within ``LOOKAHEAD``."""
    pending = list(actions)
    if not pending:
        return None
    local = after.astimezone(tz)
    day = local.date() if local.time() < rules.at else local.date() + timedelta(days=1)
    last = day + LOOKAHEAD
    while day <= last:
        if is_working_day(day):
            for due_on, created_on in pending:
                reminder = current_reminder(due_on, created_on, day, rules)
                if reminder is not None and reminder.day == day:
                    return datetime.combine(day, rules.at, tzinfo=tz)
        day += timedelta(days=1)
    return None


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _day(at: datetime, tz: ZoneInfo) -> str:
    return format_datetime(at.astimezone(tz), "d MMM", locale="sv_SE").rstrip(".")


TOTALS = (  # what is counted over the whole jump: (key, singular, plural)
    ("reminders", "påminnelse", "påminnelser"),
    ("escalations", "påminnelse till ordförandena", "påminnelser till ordförandena"),
    ("digests", "veckosammanställning", "veckosammanställningar"),
    ("meetings_missed", "missat möte", "missade möten"),
    ("failed", "misslyckat utskick", "misslyckade utskick"),
    ("round_units", "enhet tillfrågad i veckans runda", "enheter tillfrågade i veckans runda"),
    ("round_reminded_units", "enhet påmind i veckans runda", "enheter påminda i veckans runda"),
)


def happenings(runs: Iterable[tuple[Instant, Mapping[str, int]]], tz: ZoneInfo) -> list[str]:
    """What the ticks of one jump did, in order: each meeting's draft, agenda and minutes by the
    meeting's day, then the counted things (reminders, digests …) summed."""
    said: list[str] = []
    totals: dict[str, int] = {}
    for instant, ran in runs:
        day = _day(instant.meeting.starts_at if instant.meeting else instant.at, tz)
        if ran.get("agenda_drafts"):
            said.append(f"utkast till dagordningen {day}")
        if ran.get("agendas_published"):
            said.append(f"dagordningen {day} publicerad")
        if ran.get("minutes"):
            said.append(f"protokollet {day}")
        if "solved_check" in instant.held and ran.get("sent"):
            said.append("frågan till skolan om problemet är löst")
        for key, *_ in TOTALS:
            totals[key] = totals.get(key, 0) + int(ran.get(key, 0))
    said += [_count(totals[key], one, many) for key, one, many in TOTALS if totals[key]]
    return said


def summary(happened: list[str]) -> str:
    if not happened:
        return "Klockan flyttad. Inget schemalagt arbete var på tur."
    text = ", ".join(happened)
    return f"Schemalagt arbete kört: {text[0].upper()}{text[1:]}."
