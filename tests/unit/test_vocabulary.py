"""A workspace's own words (bot.domain.vocabulary): the value, its keys and labels, the organisation
file's [[omrade]] and [[kategori]], and the texts that name categories with them."""

from __future__ import annotations

import tomllib
from datetime import date, time
from pathlib import Path

import pytest

from bot.domain.organisation import SeedError, parse_seed
from bot.domain.reports import Area, Category, ReportInput, validate_report
from bot.domain.retention import parse_retention_rules
from bot.domain.vocabulary import (
    AREA,
    CATEGORY,
    MALMO,
    Term,
    Vocabulary,
    label_error,
    make_key,
    with_terms,
)
from bot.texts import Texts

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LUND = Vocabulary(
    areas=(
        Term("Centrum", "Centrum"),
        Term("Dalby", "Dalby/Södra Sandby"),
        Term("Norr", "Nord", retired=True),
    ),
    categories=(Term("klotter", "Klotter"), Term("arson", None), Term("gangs", "Gäng", retired=True)),
)


def test_the_shipped_lists_are_malmos_with_the_enum_keys_in_enum_order():
    assert MALMO.keys(AREA) == tuple(a.value for a in Area)
    assert MALMO.keys(CATEGORY) == tuple(c.value for c in Category)
    assert all(t.label is None for t in MALMO.categories)  # named by the catalogue: English works
    assert MALMO.label(AREA, "Öster") == "Öster"


def test_active_terms_leave_the_retired_out_but_keys_and_order_keep_them():
    assert [t.key for t in LUND.active(AREA)] == ["Centrum", "Dalby"]
    assert LUND.active_keys(CATEGORY) == frozenset({"klotter", "arson"})
    assert LUND.keys(CATEGORY) == ("klotter", "arson", "gangs")
    assert LUND.order(AREA) == {"Centrum": 0, "Dalby": 1, "Norr": 2}


def test_label_is_the_workspaces_own_or_none():
    assert LUND.label(AREA, "Dalby") == "Dalby/Södra Sandby"
    assert LUND.label(CATEGORY, "gangs") == "Gäng"  # retired: old data keeps its name
    assert LUND.label(CATEGORY, "arson") is None  # the catalogue's
    assert LUND.label(CATEGORY, "unknown") is None


def test_a_kind_without_rows_falls_back_to_the_shipped_list():
    only_areas = with_terms([Term("Centrum", "Centrum")], [])
    assert only_areas.keys(AREA) == ("Centrum",)
    assert only_areas.categories == MALMO.categories


def test_a_key_is_made_from_the_label_once():
    assert make_key(CATEGORY, "Nedskräpning", []) == "nedskrapning"
    assert make_key(CATEGORY, "Klotter & tags!", ["klotter"]) == "klotter_tags"
    assert make_key(CATEGORY, "Klotter", ["klotter"]) == "klotter_2"
    assert make_key(CATEGORY, "Åäö", []) == "aao"
    assert make_key(CATEGORY, "???", []) == "kategori"
    assert make_key(AREA, "  Dalby   Södra Sandby ", []) == "Dalby Södra Sandby"
    assert make_key(AREA, "Norr", ["norr"]) == "Norr_2"
    assert len(make_key(AREA, "Ett mycket långt områdesnamn i kommunen", [])) <= 20


@pytest.mark.parametrize(
    ("label", "error"),
    [
        ("", "term_empty"),
        ("   ", "term_empty"),
        ("x" * 61, "term_too_long"),
        ("klotter", "term_duplicate"),
        ("<!channel>", "term_characters"),
        ("*fet*", "term_characters"),
        ("Nedskräpning", None),
    ],
)
def test_a_label_must_be_something_new_and_plain(label: str, error: str | None):
    assert label_error(label, ["Klotter", "Anlagd brand"]) == error


def test_validation_takes_the_workspaces_active_keys():
    report = ReportInput(
        "klotter", None, "Svaneskolan", "Dalby", "Entrén", date(2026, 11, 19), None, "Text", False
    )
    today, now = date(2026, 11, 20), time(10, 0)

    assert validate_report(report, today=today, local_time=now) == {
        "category": "category_missing",
        "new_unit_area": "area_missing",
    }
    lund = {"categories": LUND.active_keys(CATEGORY), "areas": LUND.active_keys(AREA)}
    assert validate_report(report, today=today, local_time=now, **lund) == {}
    retired = ReportInput("gangs", 1, None, None, "Entrén", date(2026, 11, 19), None, "Text", False)
    assert validate_report(retired, today=today, local_time=now, **lund) == {"category": "category_missing"}
    # A returned report keeps its own category, retired since or not.
    assert validate_report(retired, today=today, local_time=now, editing_category="gangs", **lund) == {}


def test_texts_name_categories_and_areas_with_the_vocabulary():
    texts = Texts("sv").with_vocabulary(LUND)
    english = Texts("en").with_vocabulary(LUND)

    assert texts("category.klotter") == "Klotter"
    assert texts("category.arson") == "Anlagd brand" and english("category.arson") == "Arson"
    assert texts("category.gangs") == "Gäng"
    assert texts("category.nowhere") == "nowhere"  # a key named nowhere is shown, not a crash
    assert texts.area("Dalby") == "Dalby/Södra Sandby" and texts.area("Mars") == "Mars"
    assert Texts("sv")("category.gangs") == "Störande gäng/grupper"


def test_retention_rules_take_a_workspaces_own_category_keys():
    rules = parse_retention_rules("klotter alla 6 radera; brand alla 60 radera", categories=["klotter"])
    assert [r.category for r in rules] == ["klotter", Category.ARSON]
    assert rules[0].applies_to("klotter") and not rules[0].applies_to("arson")
    with pytest.raises(ValueError, match="okänd kategori"):
        parse_retention_rules("klotter alla 6 radera")


# ------------------------------------------------------------------------------ the organisation file
def test_the_lund_example_brings_its_areas_and_an_extra_category():
    seed = parse_seed(tomllib.loads((EXAMPLES / "lund.toml").read_text(encoding="utf-8")))

    assert [t.label for t in seed.areas] == [
        "Centrum",
        "Norr",
        "Öster",
        "Söder",
        "Väster",
        "Dalby/Södra Sandby",
    ]
    keys = [t.key for t in seed.categories]
    assert {"klotter", "nedskrapning"} <= set(keys)
    assert {c.value for c in Category} <= set(keys)  # the shipped keys kept: old rules still match
    dalby = next(u for u in seed.units if u.name == "Fågelsångsskolan")
    assert dalby.area == "Dalby/Södra Sandby"


def test_the_malmo_example_has_no_lists_of_its_own():
    seed = parse_seed(tomllib.loads((EXAMPLES / "malmo.toml").read_text(encoding="utf-8")))
    assert seed.areas == () and seed.categories == ()
    assert {u.area for u in seed.units} <= {a.value for a in Area} | {None}


def test_a_unit_names_an_area_of_the_file_by_name_or_key_in_any_case():
    data = {
        "omrade": [{"namn": "Dalby/Södra Sandby", "nyckel": "Dalby"}, {"namn": "Centrum"}],
        "enhet": [
            {"namn": "Fågelsångsskolan", "typ": "skola", "stadsomrade": "dalby/södra sandby"},
            {"namn": "Hällestrandsskolan", "typ": "skola", "stadsomrade": "Dalby"},
        ],
    }
    seed = parse_seed(data)
    assert [t.key for t in seed.areas] == ["Dalby", "Centrum"]
    assert [u.area for u in seed.units] == ["Dalby", "Dalby"]


def test_a_unit_in_an_area_of_another_municipality_is_refused():
    data = {"omrade": [{"namn": "Centrum"}], "enhet": [{"namn": "X", "typ": "skola", "stadsomrade": "Öster"}]}
    with pytest.raises(SeedError, match="'stadsomrade' ska vara en av Centrum"):
        parse_seed(data)


def test_without_areas_in_the_file_the_workspaces_own_are_used():
    data = {"enhet": [{"namn": "Svaneskolan", "typ": "skola", "stadsomrade": "Centrum"}]}
    with pytest.raises(SeedError):
        parse_seed(data)  # Malmö's have no Centrum
    assert parse_seed(data, LUND).units[0].area == "Centrum"


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"kategori": [{"namn": "Klotter"}, {"namn": "klotter"}]}, "finns redan tidigare"),
        ({"kategori": [{"namn": ""}]}, "'namn' saknas"),
        ({"kategori": [{"namn": "<b>"}]}, "tecknen"),
        ({"kategori": [{"namn": "Klotter", "nyckel": "x" * 21}]}, "'nyckel'"),
        ({"kategori": [{"namn": "A", "nyckel": "k"}, {"namn": "B", "nyckel": "k"}]}, "nyckeln 'k'"),
        ({"omrade": {"namn": "Centrum"}}, "lista"),
    ],
)
def test_a_wrong_list_in_the_file_says_where(section: dict, message: str):
    with pytest.raises(SeedError, match=message):
        parse_seed(section)
