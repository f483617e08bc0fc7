"""The pure rules of stored lägesbilder: hashes, fingerprints, what changed, scrubbing places, and
when the scheduled lägesbild is due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.snapshots import (
    TERTIAL,
    WEEKLY,
    Changes,
    ReportState,
    changes,
    content_hash,
    due,
    fingerprint,
    parse_rhythm,
    scrub_places,
    tertial_of,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
AT = time(8, 30)
STATE = ReportState(
    category="arson",
    area="Öster",
    unit="Rosengårdsskolan",
    occurred_on=date(2026, 11, 3),
    occurred_time=time(21, 15),
    place="Cykelstället",
    status="new",
    merged_into=None,
    occurrences=(("2026-11-04", None, "Cykelstället", "Rosengårdsskolan"),),
    actions=(("Polisen", "open", "2026-11-20", None),),
)


def test_the_content_hash_does_not_depend_on_key_order():
    assert content_hash({"a": 1, "b": [1, 2]}) == content_hash({"b": [1, 2], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})


@pytest.mark.parametrize(
    "change",
    [
        {"category": "vandalism"},
        {"occurred_time": None},
        {"place": None},  # anonymised
        {"status": "closed"},
        {"merged_into": 7},
        {"occurrences": ()},
        {"actions": (("Polisen", "done", "2026-11-20", "2026-11-18"),)},
    ],
)
def test_every_counted_field_changes_the_fingerprint(change):
    assert fingerprint(replace(STATE, **change)) != fingerprint(STATE)
    assert fingerprint(replace(STATE)) == fingerprint(STATE)


def test_changes_count_changed_new_and_removed_reports():
    before = {1: "a", 2: "b", 3: "c"}
    after = {1: "a", 2: "B", 4: "d", 5: "e"}
    assert changes(before, after) == Changes(changed=1, new=2, removed=1)
    assert not changes(before, before).any


def test_scrubbing_replaces_the_place_wherever_the_figures_name_it_as_the_statistics_group_it():
    figures = {
        "statistics": {
            "repeat_places": [
                {"unit": "Rosengårdsskolan", "place": "Cykelstället", "reports": 3},
                {"unit": "Holmaskolan", "place": "Cykelstället", "reports": 2},  # another school's
                {"unit": "Rosengårdsskolan", "place": "Fasaden", "reports": 2},
            ],
            "hot_spots": [{"unit": "Rosengårdsskolan", "place": "cykelstället!", "trend": 1}],
        }
    }
    scrubbed, found = scrub_places(figures, [("Rosengårdsskolan", "Cykelstället ")], "[gallrad]")
    assert found == 2
    places = [(r["unit"], r["place"]) for r in scrubbed["statistics"]["repeat_places"]]
    assert places == [
        ("Rosengårdsskolan", "[gallrad]"),
        ("Holmaskolan", "Cykelstället"),
        ("Rosengårdsskolan", "Fasaden"),
    ]
    assert scrubbed["statistics"]["hot_spots"][0]["place"] == "[gallrad]"
    assert figures["statistics"]["repeat_places"][0]["place"] == "Cykelstället"  # not changed in place
    assert scrub_places(scrubbed, [("Rosengårdsskolan", "Cykelstället")], "[gallrad]")[1] == 0


@pytest.mark.parametrize(
    ("text", "rhythm"),
    [
        ("", ()),
        ("av", ()),
        ("vecka", (WEEKLY,)),
        ("tertial", (TERTIAL,)),
        ("Tertial, vecka", (WEEKLY, TERTIAL)),
    ],
)
def test_the_rhythm_setting(text, rhythm):
    assert parse_rhythm(text) == rhythm


def test_an_unknown_rhythm_word_is_refused():
    with pytest.raises(ValueError, match="månad"):
        parse_rhythm("vecka,månad")


@pytest.mark.parametrize(
    ("day", "tertial"),
    [
        (date(2026, 1, 1), (date(2026, 1, 1), date(2026, 4, 30))),
        (date(2026, 4, 30), (date(2026, 1, 1), date(2026, 4, 30))),
        (date(2026, 5, 1), (date(2026, 5, 1), date(2026, 8, 31))),
        (date(2026, 12, 31), (date(2026, 9, 1), date(2026, 12, 31))),
    ],
)
def test_tertials_are_january_april_may_august_september_december(day, tertial):
    assert tertial_of(day) == tertial


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


def test_the_weekly_one_is_due_from_monday_morning_for_the_week_before_and_keyed_by_this_week():
    assert due(WEEKLY, local(2026, 11, 30, 8, 29), AT) is None
    found = due(WEEKLY, local(2026, 11, 30, 8, 30), AT)
    assert found is not None
    assert (found.key, found.start, found.end) == ("2026-W49", date(2026, 11, 23), date(2026, 11, 29))
    later = due(WEEKLY, local(2026, 12, 4, 17, 0), AT)  # a tick missed on Monday: still this week's
    assert later is not None and later.key == "2026-W49"
    # The week summer time ends (Sunday 25 October 2026): the local Monday still decides.
    dst = due(WEEKLY, local(2026, 10, 26, 8, 30), AT)
    assert dst is not None and (dst.start, dst.end) == (date(2026, 10, 19), date(2026, 10, 25))


def test_the_tertial_one_is_due_in_the_first_two_weeks_of_the_next_tertial():
    assert due(TERTIAL, local(2027, 1, 1, 8, 29), AT) is None
    found = due(TERTIAL, local(2027, 1, 1, 8, 30), AT)
    assert found is not None
    assert (found.key, found.start, found.end) == ("2026-T3", date(2026, 9, 1), date(2026, 12, 31))
    may = due(TERTIAL, local(2027, 5, 3, 9, 0), AT)
    assert may is not None and (may.key, may.start, may.end) == (
        "2027-T1",
        date(2027, 1, 1),
        date(2027, 4, 30),
    )
    assert due(TERTIAL, local(2027, 1, 20, 9, 0), AT) is None  # switched on too late: the next one
