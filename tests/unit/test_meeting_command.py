"""The grammar after ``/orat möte``: nothing (the list), ``flytta …`` and ``ställ in …``, read into
typed values by ``bot.domain.parsing.parse_meeting_command``. It is total: whatever is typed, one of
its five results and never an exception (derandomized, as ``test_command_parsers_fuzz.py``)."""

from __future__ import annotations

import tempfile
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from bot.domain.parsing import (
    CancelMeeting,
    MeetingMove,
    MeetingUsage,
    ShowMeetings,
    YearOutOfRange,
    in_range,
    parse_meeting_command,
)
from tests.support.command_text import COMMAND_TEXT, MOVE_TEXT

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "orat-hypothesis")

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_nothing_lists_the_meetings(text: str):
    assert parse_meeting_command(text, MONDAY) == ShowMeetings()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("flytta 2 dec 10:00", MeetingMove(None, date(2026, 12, 2), time(10))),
        ("FLYTTA 2 dec kl 10", MeetingMove(None, date(2026, 12, 2), time(10))),
        ("  flytta   2/12   9.30 ", MeetingMove(None, date(2026, 12, 2), time(9, 30))),
        ("flytta 8/12 till 9/12 13:00", MeetingMove(date(2026, 12, 8), date(2026, 12, 9), time(13))),
    ],
)
def test_a_move(text: str, expected: MeetingMove):
    assert parse_meeting_command(text, MONDAY) == expected


@pytest.mark.parametrize(
    "text", ["ställ in 8/12", "ställ IN 8/12", "ställin 8 dec", "inställ 2026-12-08", "AVBOKA 8/12"]
)
def test_a_cancellation(text: str):
    assert parse_meeting_command(text, MONDAY) == CancelMeeting(date(2026, 12, 8))


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("flytta", "move"),
        ("flytta 2 dec", "move"),
        ("flytta snart till 2 dec 10:00", "move"),
        ("ställ in", "cancel"),
        ("avboka snart", "cancel"),
        ("lista", "meeting"),
        ("ställ", "meeting"),
        # Only a lower-case "ställ" starts the two-word verb, as the command has always read it.
        ("Ställ in 8/12", "meeting"),
    ],
)
def test_not_understood_names_the_form_to_explain(text: str, usage: str):
    assert parse_meeting_command(text, MONDAY) == MeetingUsage(usage)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("flytta 2 dec 1999 10:00", 1999),
        ("flytta 1/1 0001 till 2/12 10:00", 1),
        ("ställ in 31/12 9999", 9999),
        ("avboka 2101-01-05", 2101),
    ],
)
def test_a_year_outside_the_range(text: str, year: int):
    assert parse_meeting_command(text, MONDAY) == YearOutOfRange(year)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    verb=st.sampled_from(["", "flytta ", "ställ in ", "ställin ", "inställ ", "avboka ", "Ställ in "]),
    text=st.one_of(COMMAND_TEXT, MOVE_TEXT),
)
def test_whatever_follows_is_read_never_raised(verb: str, text: str):
    found = parse_meeting_command(verb + text, MONDAY)
    assert isinstance(found, ShowMeetings | MeetingMove | CancelMeeting | MeetingUsage | YearOutOfRange)
    if isinstance(found, MeetingMove):
        assert in_range(found.to_day.year)
    if isinstance(found, CancelMeeting):
        assert in_range(found.day.year)
    if isinstance(found, YearOutOfRange):
        assert not in_range(found.year)
