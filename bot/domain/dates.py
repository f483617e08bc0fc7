"""Dates and times as people read them, through Babel's CLDR data (no hand-made month tables)."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_interval, format_time, get_day_names

_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


# Babel formats a date in some 100 µs; a morning's reminders name the same few dates again and again.
@lru_cache(maxsize=2048)
def long_date(day: date, language: str) -> str:
    """``tisdag 1 december`` / ``Tuesday 1 December``."""
    return format_date(day, "EEEE d MMMM", locale=_LOCALES[language])


def meeting_when(instant: datetime, tz: ZoneInfo, language: str) -> str:
    """``tisdag 1 december kl. 09:00`` in the meeting's local time."""
    local = instant.astimezone(tz)
    clock = format_time(local, "HH:mm", locale=_LOCALES[language])
    joiner = " kl. " if language == "sv" else " at "
    return long_date(local.date(), language) + joiner + clock


@lru_cache(maxsize=2048)
def short_date(day: date, language: str) -> str:
    """``tis 15 dec.`` / ``Tue 15 Dec``: for due dates in running lines."""
    return format_date(day, "EEE d MMM", locale=_LOCALES[language])


def period_label(start: date, end: date, language: str) -> str:
    """``7 sep.–23 nov. 2026`` / ``16–22 nov. 2026``: a period as people write it."""
    return format_interval(start, end, "yMMMd", locale=_LOCALES[language])


@lru_cache(maxsize=512)
def day_and_month(day: date, language: str) -> str:
    """``2 dec.`` / ``2 Dec``: a date within the year, in a running line."""
    return format_date(day, "d MMM", locale=_LOCALES[language])


@lru_cache(maxsize=512)
def weekday_name(day: date, language: str) -> str:
    """``torsdag`` / ``Thursday``."""
    return format_date(day, "EEEE", locale=_LOCALES[language])


@lru_cache(maxsize=64)
def weekday_label(weekday: int, language: str, *, short: bool = False) -> str:
    """Weekday 0 = Monday: ``måndag`` / ``Monday``, short ``mån`` / ``Mon`` (tables, charts)."""
    return get_day_names("abbreviated" if short else "wide", locale=_LOCALES[language])[weekday]
