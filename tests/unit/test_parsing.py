from __future__ import annotations

from datetime import date, time

import pytest

from bot.domain.parsing import parse_clock, parse_day

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-02", date(2026, 12, 2)),
        ("2/12", date(2026, 12, 2)),
        ("2/12 2027", date(2027, 12, 2)),
        ("2 dec", date(2026, 12, 2)),
        ("2 december", date(2026, 12, 2)),
        ("2 December 2026", date(2026, 12, 2)),
        ("2 dec.", date(2026, 12, 2)),
        ("5 jan", date(2027, 1, 5)),  # passed this year: next year
        ("tisdag", date(2026, 11, 24)),
        ("måndag", MONDAY),
        ("idag", MONDAY),
        ("imorgon", date(2026, 11, 24)),
    ],
)
def test_days(text: str, expected: date):
    assert parse_day(text, MONDAY) == expected


@pytest.mark.parametrize("text", ["", "snart", "31/2", "32 dec", "2 decembre", "2026-13-01"])
def test_not_days(text: str):
    assert parse_day(text, MONDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10:00", time(10)), ("9.30", time(9, 30)), ("kl 9", time(9)), ("kl. 13:15", time(13, 15))],
)
def test_clock(text: str, expected: time):
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["24:00", "10:60", "tio", "10:0"])
def test_not_clock(text: str):
    assert parse_clock(text) is None
