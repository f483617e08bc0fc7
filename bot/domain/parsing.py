"""Dates and times as a Swedish chair types them in a command.

Every parser here is total: whatever the text, it returns a value, ``None`` (not understood) or
``YearOutOfRange`` (understood, but a year Örat does not count with); it never raises. The
handlers turn the last two into the Swedish usage text or ``parse.year_out_of_range``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4,
    "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = {"måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5, "söndag": 6}

# The years Örat counts with: periods, meeting moves and the command line's instants outside them
# are refused with their own message. Far enough from date.min/date.max (years 1 and 9999) that
# arithmetic on a parsed value (the period before, a week's end, a meeting's draft) never overflows.
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_DAY = date(FIRST_YEAR, 1, 1)


@dataclass(frozen=True)
class YearOutOfRange:
    """A date that reads well but lies outside ``FIRST_YEAR``–``LAST_YEAR``."""

    year: int

    @property
    def shown(self) -> str:
        """``0000``, ``9999``: as a year is written."""
        return f"{self.year:04d}"


@dataclass(frozen=True)
class MeetingMove:
    """``/orat möte flytta [<datum> till] <datum> <tid>``."""

    origin: date | None  # the meeting on this day; None: the next meeting
    to_day: date
    to_time: time


def in_range(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def read_day(text: str, today: date) -> date | YearOutOfRange | None:
    """``2026-12-01``, ``1/12``, ``1/12 2026``, ``1 dec``, ``1 december 2026``, ``tisdag``, ``idag``,
    ``imorgon``. Without a year, the next such date from ``today`` on. None when not a date."""
    words = " ".join(text.strip().lower().split()).rstrip(".")
    try:
        found = _day(words, today)
    except (ValueError, OverflowError):  # 31/2, or today at the calendar's very end
        return None
    if isinstance(found, date) and not in_range(found.year):
        return YearOutOfRange(found.year)
    return found


def parse_day(text: str, today: date) -> date | None:
    """``read_day`` for callers that need no reason: a year out of range is not a date either."""
    found = read_day(text, today)
    return found if isinstance(found, date) else None


def _day(words: str, today: date) -> date | YearOutOfRange | None:
    if match := re.fullmatch(r"(\d{4,9})-(\d{2})-(\d{2})", words):
        year = int(match.group(1))
        if not in_range(year):
            return YearOutOfRange(year)
        return date(year, int(match.group(2)), int(match.group(3)))
    if words in ("idag", "i dag"):
        return today
    if words in ("imorgon", "i morgon"):
        return today + timedelta(days=1)
    if words in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS[words] - today.weekday()) % 7)
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:[ /-](\d{4,9}))?", words) or re.fullmatch(
        r"(\d{1,2})\s*([a-zåäö]+)\.?(?:\s+(\d{4,9}))?", words
    )
    if not match:
        return None
    day = int(match.group(1))
    month_text = match.group(2)
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
    if month is None:
        return None
    if match.group(3):
        year = int(match.group(3))
        return date(year, month, day) if in_range(year) else YearOutOfRange(year)
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def parse_clock(text: str) -> time | None:
    """``10:00``, ``10.30``, ``kl 9``, ``9``. None when not a time of day."""
    match = re.fullmatch(r"(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?", text.strip().lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def parse_move(text: str, today: date) -> MeetingMove | YearOutOfRange | None:
    """What follows ``/orat möte flytta``: ``2 dec 10:00`` (the next meeting) or
    ``8/12 till 9/12 13:00`` (the meeting on 8 December). None when not understood."""
    words = " ".join(text.lower().split())
    origin_text, _, target = words.rpartition(" till ") if " till " in words else ("", "", words)
    tokens = target.split() or [""]
    at = -2 if len(tokens) > 2 and tokens[-2] in ("kl", "kl.") else -1  # "2 dec kl 10"
    day_words, clock_text = tokens[:at], " ".join(tokens[at:])
    origin = read_day(origin_text, today) if origin_text else None
    to_day, to_time = read_day(" ".join(day_words), today), parse_clock(clock_text)
    if isinstance(origin, YearOutOfRange):
        return origin
    if isinstance(to_day, YearOutOfRange):
        return to_day
    if to_day is None or to_time is None or (origin_text and origin is None):
        return None
    return MeetingMove(origin, to_day, to_time)


def parse_instant(text: str, tz: tzinfo) -> datetime | YearOutOfRange | None:
    """An instant in ISO 8601 for the command line (``2026-12-01T08:00``, ``…+01:00``); without a
    zone, in ``tz``. None when not one."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return _typed_year(text)
    if not in_range(value.year):
        return YearOutOfRange(value.year)
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def parse_iso_day(text: str) -> date | YearOutOfRange | None:
    """A day in ISO 8601 for the command line (``2026-09-01``). None when not one."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        return _typed_year(text)
    return value if in_range(value.year) else YearOutOfRange(value.year)


def _typed_year(text: str) -> YearOutOfRange | None:
    """``0000-01-01`` is no ISO date (there is no year 0), but what is wrong is the year."""
    match = re.match(r"\s*(\d{4,9})-", text)
    if match and not in_range(int(match.group(1))):
        return YearOutOfRange(int(match.group(1)))
    return None
