"""Swedish public holidays and working days, from the ``holidays`` package (not a hand list)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=1)
def _swedish() -> holidays.HolidayBase:
    # De facto holidays too: nobody holds a meeting on julafton, midsommarafton or nyårsafton.
    # include_sundays=False: the package otherwise lists every Sunday as a holiday.
    return holidays.country_holidays(
        "SE", categories=(holidays.PUBLIC, holidays.DE_FACTO), include_sundays=False, language="sv"
    )


def holiday_name(day: date) -> str | None:
    """The Swedish name of the public holiday on ``day``, if it is one."""
    return _swedish().get(day)


@lru_cache(maxsize=4096)
def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None
