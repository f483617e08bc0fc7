"""Every parser of command text is total (issue 14, defect 7): whatever a person types after
``/orat statistik``, ``/orat lagesbild``, ``/orat möte flytta``/``ställ in``, ``/orat rapport``/``logg``,
or after ``python -m bot tick --at`` and ``lagesbild --from/--to``, the parser returns a value inside
the years Örat counts with, "not understood" (None) or ``YearOutOfRange``, and never raises; each
of the last two has a Swedish answer. Hypothesis runs derandomized and without its example
database, as in ``tests/e2e/test_hardening.py``."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from bot.domain.parsing import (
    FIRST_DAY,
    FIRST_YEAR,
    LAST_YEAR,
    MeetingMove,
    YearOutOfRange,
    in_range,
    parse_clock,
    parse_day,
    parse_instant,
    parse_iso_day,
    parse_move,
    parse_period,
    read_day,
    read_period,
)
from bot.domain.reports import parse_reference
from bot.domain.statistics import Period, buckets, compute
from bot.texts import EN, SV, Texts
from tests.support.command_text import COMMAND_TEXT, DEFECT_PERIODS, MOVE_TEXT, YEARS

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "orat-hypothesis")

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = date(2026, 11, 20)  # a Friday
LAST_DAY = date(LAST_YEAR, 12, 31)
# The day it is: any day Örat counts with, and the edges.
TODAYS = st.one_of(st.just(TODAY), st.dates(FIRST_DAY, LAST_DAY), st.sampled_from([FIRST_DAY, LAST_DAY]))
# Any day at all (a clock gone wrong): the parsers must still not raise.
ANY_DAY = st.one_of(st.dates(), st.sampled_from([date.min, date.max, date(9999, 12, 25)]))
# What a person types on the command line after --at / --from / --to.
ISO_TEXT = st.one_of(
    st.builds(lambda y, rest: f"{y}{rest}", YEARS, st.sampled_from(["-01-01", "-12-31T23:59", "-02-30", ""])),
    st.builds(
        lambda y, zone: f"{y}-06-15T12:00{zone}",
        YEARS,
        st.sampled_from(["", "Z", "+01:00", "-23:59", "+25:00"]),
    ),
    st.datetimes().map(datetime.isoformat),
    st.dates().map(date.isoformat),
    COMMAND_TEXT,
)


def fuzz(examples: int = 400) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow],
    )


def swedish_answer(found: object, usage: str) -> str:
    """What the person is told when the parser found no value (handlers/commands/orat/)."""
    texts = Texts("sv")
    if isinstance(found, YearOutOfRange):
        return texts("parse.year_out_of_range", year=found.shown, first=FIRST_YEAR, last=LAST_YEAR)
    assert found is None
    return texts(usage)


# ================================================================================ periods
@fuzz(600)
@given(text=COMMAND_TEXT, today=TODAYS)
def test_a_period_is_understood_refused_or_out_of_range_never_an_exception(text: str, today: date):
    found = read_period(text, today)
    if isinstance(found, Period):
        assert FIRST_DAY <= found.start <= found.end <= today
        # What the service does next with it must not overflow either.
        previous = found.previous()
        assert previous.end < found.start and previous.days == found.days
        assert buckets(found)[0].start == found.start and buckets(found)[-1].end == found.end
        compute([], found)
        assert parse_period(text, today) == found
        return
    if isinstance(found, YearOutOfRange):
        assert not in_range(found.year)
        assert swedish_answer(found, "").startswith(f"Året {found.shown} ligger utanför")
    else:
        assert found is None
        assert swedish_answer(found, "denied.statistics_usage").startswith("Skriv en period")
    assert parse_period(text, today) is None


@fuzz(300)
@given(text=COMMAND_TEXT, today=ANY_DAY)
def test_a_period_parser_does_not_raise_whatever_day_it_is(text: str, today: date):
    found = read_period(text, today)
    assert found is None or isinstance(found, Period | YearOutOfRange)
    if isinstance(found, Period):
        assert FIRST_DAY <= found.start <= found.end <= today


@pytest.mark.parametrize(
    ("text", "year"),
    [
        *((p, int(p.split()[-1][:4])) for p in DEFECT_PERIODS),
        ("9999", 9999),
        ("9999-12", 9999),
        ("10000", 10000),
        ("v52 9999", 9999),
        ("vecka 1 0001", 1),
        ("kvartal 4 9999", 9999),
        ("ht 1999", 1999),
        ("nov. 2101", 2101),
        ("0001-01-01–0001-01-31", 1),
        ("2026-01-01–9999-12-31", 9999),
        ("1999-12-01 till 2000-01-31", 1999),
    ],
)
def test_a_typed_year_outside_the_range_is_refused_with_the_year(text: str, year: int):
    assert read_period(text, TODAY) == YearOutOfRange(year)
    assert parse_period(text, TODAY) is None
    assert swedish_answer(read_period(text, TODAY), "") == (
        f"Året {year:04d} ligger utanför det Örat räknar med (2000–2100)."
    )


def test_the_edges_of_the_range_are_periods():
    assert read_period("2000", TODAY) == Period(date(2000, 1, 1), date(2000, 12, 31), "month")
    assert read_period("v1 2000", TODAY) == Period(date(2000, 1, 3), date(2000, 1, 9))
    assert read_period("2100", date(2100, 12, 31)) == Period(date(2100, 1, 1), date(2100, 12, 31), "month")
    assert read_period("2100", TODAY) is None  # in the range, but nothing has happened yet


def test_a_long_look_back_starts_where_the_range_does():
    assert read_period("999 mån", TODAY) == Period(FIRST_DAY, TODAY, "month")
    assert read_period("senaste 999 veckor", TODAY) == Period(date(2007, 10, 1), TODAY, "month")


def test_days_the_calendar_does_not_have_are_no_period():
    for text in ("2026-02-30–2026-03-01", "v53 2026", "2026-00", "0 dagar", "q0"):
        assert read_period(text, TODAY) is None, text


# ================================================================================ days, times, moves
@fuzz(600)
@given(text=st.one_of(COMMAND_TEXT, MOVE_TEXT), today=TODAYS)
def test_a_day_is_understood_refused_or_out_of_range(text: str, today: date):
    found = read_day(text, today)
    assert found is None or isinstance(found, date | YearOutOfRange)
    if isinstance(found, date):
        assert in_range(found.year)
        assert parse_day(text, today) == found
    else:
        assert parse_day(text, today) is None
    if isinstance(found, YearOutOfRange):
        assert not in_range(found.year)


@fuzz(300)
@given(text=st.one_of(COMMAND_TEXT, MOVE_TEXT), today=ANY_DAY)
def test_a_day_parser_does_not_raise_whatever_day_it_is(text: str, today: date):
    found = read_day(text, today)
    assert found is None or isinstance(found, YearOutOfRange) or in_range(found.year)


@fuzz(600)
@given(text=st.one_of(COMMAND_TEXT, MOVE_TEXT))
def test_a_clock_is_a_time_of_day_or_none(text: str):
    found = parse_clock(text)
    assert found is None or isinstance(found, time)


@fuzz(800)
@given(text=MOVE_TEXT, today=TODAYS)
def test_a_meeting_move_is_understood_refused_or_out_of_range(text: str, today: date):
    found = parse_move(text, today)
    if isinstance(found, MeetingMove):
        assert in_range(found.to_day.year) and (found.origin is None or in_range(found.origin.year))
        # The service combines the day and time in Stockholm and looks a few weeks around it.
        start = datetime.combine(found.to_day, found.to_time, tzinfo=STOCKHOLM).astimezone(UTC)
        assert start + timedelta(days=400) > start - timedelta(days=400)
    elif isinstance(found, YearOutOfRange):
        assert not in_range(found.year)
        assert swedish_answer(found, "").endswith("(2000–2100).")
    else:
        assert found is None
        assert swedish_answer(found, "denied.move_usage").startswith("Skriv t.ex.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/12 9999 23:59", YearOutOfRange(9999)),
        ("1/1 0001 till 2/12 10:00", YearOutOfRange(1)),
        ("2026-12-08 till 9999-12-31 10:00", YearOutOfRange(9999)),
        ("24 maj 10000 kl 9", YearOutOfRange(10000)),
        ("31/12 2100 23:59", MeetingMove(None, date(2100, 12, 31), time(23, 59))),
        ("8/12 TILL 9/12 13:00", MeetingMove(date(2026, 12, 8), date(2026, 12, 9), time(13, 0))),
        ("2 dec 10:00", MeetingMove(None, date(2026, 12, 2), time(10, 0))),
        ("2 dec kl 10", MeetingMove(None, date(2026, 12, 2), time(10, 0))),
        ("kl 10", None),
        ("31/12 9999 25:00", YearOutOfRange(9999)),  # the year is the first thing to fix
        ("32/13 10:00", None),
        ("till", None),
        ("", None),
    ],
)
def test_meeting_moves(text: str, expected: object):
    assert parse_move(text, TODAY) == expected


def test_days_at_the_end_of_the_calendar_do_not_overflow():
    assert read_day("imorgon", date.max) is None
    assert read_day("1/1", date.max) is None
    assert read_day("idag", date.max) == YearOutOfRange(9999)
    assert read_day("31/12 9999", TODAY) == YearOutOfRange(9999)
    assert read_day("0000-01-01", TODAY) == YearOutOfRange(0)
    assert read_day("2026-02-30", TODAY) is None


# ================================================================================ references
@fuzz(400)
@given(
    text=st.one_of(
        COMMAND_TEXT,
        st.builds(lambda y, n: f"ÖMM-{y}-{n}", YEARS, st.integers(0, 10**40).map(str)),
    )
)
def test_a_report_reference_is_a_pair_or_none(text: str):
    found = parse_reference(text)
    assert found is None or (isinstance(found, tuple) and all(isinstance(n, int) for n in found))
    if found is not None:
        assert 0 <= found[1] <= 2**31 - 1  # a database INTEGER: a longer number crashed the listener


def test_a_reference_number_too_long_for_the_database_is_no_reference():
    assert parse_reference("ÖMM-2026-999999999") == (2026, 999_999_999)
    assert parse_reference("ÖMM-2026-9999999999") is None


# ================================================================================ the command line
@fuzz(600)
@given(text=ISO_TEXT)
def test_an_instant_for_tick_is_in_range_refused_or_out_of_range(text: str):
    found = parse_instant(text, STOCKHOLM)
    if isinstance(found, datetime):
        assert found.tzinfo is not None and in_range(found.year)
        # What tick does with it: to UTC, a few weeks either side.
        utc = found.astimezone(UTC)
        assert utc - timedelta(days=400) < utc + timedelta(days=400)
    elif isinstance(found, YearOutOfRange):
        assert not in_range(found.year)
    else:
        assert found is None


@fuzz(600)
@given(text=ISO_TEXT)
def test_a_day_for_lagesbild_is_in_range_refused_or_out_of_range(text: str):
    found = parse_iso_day(text)
    assert found is None or isinstance(found, date | YearOutOfRange)
    if isinstance(found, date):
        assert in_range(found.year)
    elif isinstance(found, YearOutOfRange):
        assert not in_range(found.year)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9999-12-31T23:59", YearOutOfRange(9999)),
        ("0001-01-01T00:00", YearOutOfRange(1)),
        ("0000-01-01T00:00", YearOutOfRange(0)),
        ("10000-01-01T00:00", YearOutOfRange(10000)),
        ("nonsense", None),
        ("2026-12-01T08:00+25:00", None),
        ("2026-12-01T08:00", datetime(2026, 12, 1, 8, 0, tzinfo=STOCKHOLM)),
        ("2026-12-01T08:00+01:00", datetime(2026, 12, 1, 7, 0, tzinfo=UTC)),
    ],
)
def test_instants_for_tick(text: str, expected: object):
    assert parse_instant(text, STOCKHOLM) == expected


def test_days_for_lagesbild():
    assert parse_iso_day("2026-09-01") == date(2026, 9, 1)
    assert parse_iso_day("9999-12-31") == YearOutOfRange(9999)
    assert parse_iso_day("0000-01-01") == YearOutOfRange(0)
    assert parse_iso_day("igår") is None


def test_the_year_message_is_in_both_catalogs():
    for catalog in (SV, EN):
        assert catalog["parse.year_out_of_range"].format(year="0000", first=2000, last=2100)
    assert (FIRST_YEAR, LAST_YEAR) == (2000, 2100)
