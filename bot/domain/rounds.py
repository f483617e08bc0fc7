"""The weekly round: before each meeting's cutoff every active unit is asked whether it has
anything to report ("Inför mötet …: har <enhet> något att rapportera?"), reminded once the morning
of the cutoff, and the agenda says how many answered. Pure: ``now`` and the zone come in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.holidays import is_working_day

OFF_WORDS = ("av", "off")
NOTHING_NEW = "nothing_new"  # round_answers.kind: the unit said "Inget nytt"
REPORTED = "reported"  # a report filed for the unit for the meeting (counted, not stored)
MAX_DAYS_BEFORE = 10


@dataclass(frozen=True)
class RoundRule:
    """``days_before`` working days before the cutoff's day (0: the cutoff's own day) at ``at``."""

    days_before: int = 1
    at: time = time(9, 0)


@dataclass(frozen=True)
class RoundTimes:
    asked_at: datetime  # UTC: the round's DMs go out
    reminder_at: datetime | None  # UTC: the one reminder to those who have not answered, if any
    cutoff_at: datetime  # UTC: after this the round is over


@dataclass(frozen=True)
class RoundCoverage:
    """How the units answered the round for one meeting."""

    units: int  # active units
    answered: int  # reported or said "Inget nytt"
    nothing_new: int  # of those, "Inget nytt" (and no report)
    missing: tuple[str, ...] = ()  # the units that have not answered, by name


@dataclass(frozen=True)
class WeekCoverage:
    """The round before one meeting, for the statistics: its ISO week ("2026-W49") and day."""

    week: str
    meeting_on: date
    coverage: RoundCoverage


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_round_rule(text: str) -> RoundRule | None:
    """``"1 09:00"`` → one working day before the cutoff, at 09:00; ``"av"`` → no round."""
    stripped = text.strip().lower()
    if stripped in OFF_WORDS:
        return None
    match = re.fullmatch(r"(\d{1,2})\s+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})", stripped)
    if not match:
        raise ValueError(
            'ange antal arbetsdagar före sista dag för rapporter och en tid, t.ex. "1 09:00", '
            f"eller 'av', inte {text!r}"
        )
    days, hour, minute = (int(g) for g in match.groups())
    if hour > 23 or minute > 59:
        raise ValueError(f"ogiltig tid i {text!r}")
    if days > MAX_DAYS_BEFORE:
        raise ValueError(f"högst {MAX_DAYS_BEFORE} arbetsdagar före, inte {days}")
    return RoundRule(days, time(hour, minute))


def working_days_before(day: date, count: int) -> date:
    """The date ``count`` working days before ``day`` (weekends and holidays skipped)."""
    current = day
    while count > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def round_times(cutoff_at: datetime, rule: RoundRule, reminder: time, tz: ZoneInfo) -> RoundTimes | None:
    """When the round for a meeting with this cutoff asks and reminds (UTC), or None when the
    rule's instant is not before the cutoff. The reminder is the cutoff's morning at ``reminder``
    local time, when that lies between the asking and the cutoff."""
    local_cutoff = cutoff_at.astimezone(tz)
    day = working_days_before(local_cutoff.date(), rule.days_before)
    asked = datetime.combine(day, rule.at, tzinfo=tz).astimezone(UTC)
    if asked >= cutoff_at:
        return None
    remind = datetime.combine(local_cutoff.date(), reminder, tzinfo=tz).astimezone(UTC)
    return RoundTimes(asked, remind if asked < remind < cutoff_at else None, cutoff_at)


def coverage(
    units: Iterable[tuple[int, str]], nothing_new: Iterable[int], reported: Iterable[int]
) -> RoundCoverage:
    """``units``: (id, name) of the active units; ``nothing_new`` / ``reported``: unit ids that
    answered so. A report counts over "Inget nytt"."""
    listed = list(units)
    reported_ids = set(reported)
    quiet_ids = set(nothing_new) - reported_ids
    answered = reported_ids | quiet_ids
    known = {unit_id for unit_id, _ in listed}
    missing = tuple(sorted((name for unit_id, name in listed if unit_id not in answered), key=str.casefold))
    return RoundCoverage(
        units=len(listed),
        answered=len(answered & known),
        nothing_new=len(quiet_ids & known),
        missing=missing,
    )
