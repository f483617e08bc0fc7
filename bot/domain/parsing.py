"""Dates, times, periods and the meeting commands as a Swedish chair types them in a command.

Every parser here is total: whatever the text, it returns a value, ``None`` (not understood) or
``YearOutOfRange`` (understood, but a year Örat does not count with); it never raises. The
handlers turn the last two into the Swedish usage text or ``parse.year_out_of_range``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from dateutil.relativedelta import relativedelta

from bot.domain.statistics import Period, period_for

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
DEFAULT_WEEKS = 12  # the period of ``/orat statistik`` without one: this week and the 11 before


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


@dataclass(frozen=True)
class ShowMeetings:
    """``/orat möte`` with nothing after it: the coming meetings."""


@dataclass(frozen=True)
class CancelMeeting:
    """``/orat möte ställ in <datum>``."""

    day: date


@dataclass(frozen=True)
class MeetingUsage:
    """Not understood; ``usage`` names the form to explain: "meeting", "move" or "cancel"."""

    usage: str


MeetingCommand = ShowMeetings | MeetingMove | CancelMeeting | MeetingUsage | YearOutOfRange
CANCEL_WORDS = ("ställ in", "ställin", "inställ", "avboka")


def parse_meeting_command(text: str, today: date) -> MeetingCommand:
    """What follows ``/orat möte``: nothing, ``flytta …`` (``parse_move``) or ``ställ in <datum>``
    (also ``ställin``, ``inställ``, ``avboka``)."""
    args = text.split()
    # "ställ in" is two words; only a lower-case "ställ" starts it, as the command always read it.
    two_words = args[:1] == ["ställ"]
    verb = " ".join(args[:2]).lower() if two_words else (args[0].lower() if args else "")
    if not verb:
        return ShowMeetings()
    if verb == "flytta":
        move = parse_move(" ".join(args[1:]), today)
        return MeetingUsage("move") if move is None else move
    if verb in CANCEL_WORDS:
        day = read_day(" ".join(args[2:] if two_words else args[1:]), today)
        if day is None:
            return MeetingUsage("cancel")
        return day if isinstance(day, YearOutOfRange) else CancelMeeting(day)
    return MeetingUsage("meeting")


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


# ---------------------------------------------------------------------------------------- periods
_RANGE = re.compile(r"(\d{4,9})-(\d{2})-(\d{2})\s*(?:–|-|—|\.\.|till|to)\s*(\d{4,9})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"(?:vecka|v\.?|week|w)\s*(\d{1,2})(?:\s+(\d{4,9}))?")
_LAST = re.compile(
    r"(?:senaste\s+|last\s+)?(\d{1,3})\s*(v|veckor|vecka|weeks?|m|mån|månad|månader|months?|d|dagar|days?)"
)
_MONTH = re.compile(r"([a-zåäö]+)\.?(?:\s+(\d{4,9}))?")
_QUARTER = re.compile(r"(?:q|kv|kvartal)\s*([1-4])(?:\s+(\d{4,9}))?")
_TERM = re.compile(r"(vt|ht)\s*(\d{4,9})?")


class _OutOfRange(Exception):
    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


def read_period(text: str, today: date) -> Period | YearOutOfRange | None:
    """What a chair types after ``/orat statistik``; None when it is not a period, and
    ``YearOutOfRange`` for a year typed outside ``FIRST_YEAR``–``LAST_YEAR``. Never raises.

    Empty: the last 12 weeks. ``4 veckor``, ``6 mån``, ``30 dagar``; ``vecka 47`` (``v47 2026``);
    ``förra veckan``, ``förra månaden``, ``förra året``;
    ``november`` (``nov 2026``, ``2026-11``); ``2026``, ``i år``; ``q3`` (``kvartal 3 2026``);
    ``vt 2026``, ``ht``; ``2026-09-01–2026-11-30``. A period never reaches past ``today``, nor
    back before ``FIRST_DAY`` (``999 månader`` starts there).
    """
    words = " ".join(text.strip().lower().split())
    try:
        found = _period(words, today)
    except _OutOfRange as exc:
        return YearOutOfRange(exc.year)
    except (ValueError, OverflowError):  # a day the calendar does not have (31 feb, year 10000)
        return None
    if found is None:
        return None
    start, end = max(found[0], FIRST_DAY), min(found[1], today)
    if start > end:
        return None
    return period_for(start, end)


def parse_period(text: str, today: date) -> Period | None:
    """``read_period`` for callers that need no reason: a year out of range is no period either."""
    found = read_period(text, today)
    return found if isinstance(found, Period) else None


def _year(typed: str | None, default: int) -> int:
    """The year typed (which must be one Örat counts with), or ``default``."""
    if typed is None:
        return default
    if not in_range(int(typed)):
        raise _OutOfRange(int(typed))
    return int(typed)


def _period(words: str, today: date) -> tuple[date, date] | None:
    if not words:
        start = today - timedelta(days=today.weekday()) - timedelta(weeks=DEFAULT_WEEKS - 1)
        return start, today
    if match := _RANGE.fullmatch(words):
        first, last = _year(match.group(1), 0), _year(match.group(4), 0)
        start = date(first, int(match.group(2)), int(match.group(3)))
        end = date(last, int(match.group(5)), int(match.group(6)))
        return (start, end) if start <= end else None
    if words in ("i år", "iår", "this year"):
        return date(today.year, 1, 1), today
    if words in _PREVIOUS:  # the whole week, month or year before this one
        return _previous(_PREVIOUS[words], today)
    if re.fullmatch(r"\d{4,9}", words):
        year = _year(words, 0)
        return date(year, 1, 1), date(year, 12, 31)
    if match := re.fullmatch(r"(\d{4,9})-(\d{2})", words):
        return _month(_year(match.group(1), 0), int(match.group(2)))
    if match := _WEEK.fullmatch(words):
        year = _year(match.group(2), today.isocalendar()[0])
        monday = date.fromisocalendar(year, int(match.group(1)), 1)
        if not match.group(2) and monday > today:
            monday = date.fromisocalendar(year - 1, int(match.group(1)), 1)
        return monday, monday + timedelta(days=6)
    if match := _LAST.fullmatch(words):
        n, unit = int(match.group(1)), match.group(2)
        if n == 0:
            return None
        if unit.startswith(("v", "w")):
            return today - timedelta(days=today.weekday()) - timedelta(weeks=n - 1), today
        if unit.startswith("d"):
            return today - timedelta(days=n - 1), today
        return today.replace(day=1) - relativedelta(months=n - 1), today
    if match := _QUARTER.fullmatch(words):
        quarter = int(match.group(1))
        year = _year(match.group(2), today.year)
        start = date(year, 3 * quarter - 2, 1)
        if not match.group(2) and start > today:
            start = start.replace(year=year - 1)
        return start, start + relativedelta(months=3) - timedelta(days=1)
    if match := _TERM.fullmatch(words):
        year = _year(match.group(2), today.year)
        spring = match.group(1) == "vt"
        start = date(year, 1, 1) if spring else date(year, 8, 1)
        if not match.group(2) and start > today:
            start = start.replace(year=year - 1)
        return start, date(start.year, 6, 30) if spring else date(start.year, 12, 31)
    if match := _MONTH.fullmatch(words):
        month = MONTHS.get(match.group(1))
        if month is None:
            return None
        year = _year(match.group(2), today.year)
        if not match.group(2) and date(year, month, 1) > today:
            year -= 1
        return _month(year, month)
    return None


_PREVIOUS = {
    "förra veckan": "week",
    "last week": "week",
    "förra månaden": "month",
    "last month": "month",
    "förra året": "year",
    "last year": "year",
}


def _previous(unit: str, today: date) -> tuple[date, date]:
    if unit == "week":
        monday = today - timedelta(days=today.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def _month(year: int, month: int) -> tuple[date, date] | None:
    if not 1 <= month <= 12:
        return None
    first = date(year, month, 1)
    return first, first + relativedelta(months=1) - timedelta(days=1)
