"""Dates and times as a Swedish chair types them in a command."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4,
    "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = {"måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5, "söndag": 6}


def parse_day(text: str, today: date) -> date | None:
    """``2026-12-01``, ``1/12``, ``1/12 2026``, ``1 dec``, ``1 december 2026``, ``tisdag``, ``idag``,
    ``imorgon``. Without a year, the next such date from ``today`` on. None when not a date."""
    words = text.strip().lower().rstrip(".")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", words):
            return date.fromisoformat(words)
        if words in ("idag", "i dag"):
            return today
        if words in ("imorgon", "i morgon"):
            return today + timedelta(days=1)
        if words in WEEKDAYS:
            return today + timedelta(days=(WEEKDAYS[words] - today.weekday()) % 7)
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:[ /-](\d{4}))?", words) or re.fullmatch(
            r"(\d{1,2})\s*([a-zåäö]+)\.?(?:\s+(\d{4}))?", words
        )
        if not match:
            return None
        day = int(match.group(1))
        month_text = match.group(2)
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
        if month is None:
            return None
        if match.group(3):
            return date(int(match.group(3)), month, day)
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError:
        return None


def parse_clock(text: str) -> time | None:
    """``10:00``, ``10.30``, ``kl 9``, ``9``. None when not a time of day."""
    match = re.fullmatch(r"(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?", text.strip().lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None
