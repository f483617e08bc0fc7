from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from bot.domain.reports import (
    ReportInput,
    format_reference,
    identity_number_fields,
    parse_reference,
    validate_report,
    with_identity_number_warnings,
)
from bot.domain.text import escape_mrkdwn, shorten

VALID = ReportInput(
    category="arson",
    unit_id=1,
    new_unit_name=None,
    new_unit_area=None,
    place="Skolgården",
    occurred_on=date(2026, 11, 19),
    occurred_time=None,
    description="Brand i papperskorg.",
    recurring=False,
)
TODAY, NOW = date(2026, 11, 20), time(10, 0)


def errors(**changes: object) -> dict[str, str]:
    return validate_report(replace(VALID, **changes), today=TODAY, local_time=NOW)


def test_a_complete_report_is_valid():
    assert errors() == {}
    assert errors(occurred_on=TODAY, occurred_time=time(9, 59)) == {}
    assert errors(unit_id=None, new_unit_name="Ny skola", new_unit_area="Öster") == {}
    assert errors(description="x" * 3000, place="p" * 200) == {}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"category": None}, {"category": "category_missing"}),
        ({"category": "weather"}, {"category": "category_missing"}),
        ({"unit_id": None}, {"unit": "unit_missing"}),
        ({"unit_id": None, "new_unit_name": "Skola"}, {"new_unit_area": "area_missing"}),
        (
            {"unit_id": None, "new_unit_name": "Skola", "new_unit_area": "Mars"},
            {"new_unit_area": "area_missing"},
        ),
        (
            {"unit_id": None, "new_unit_name": "s" * 101, "new_unit_area": "Norr"},
            {"new_unit_name": "unit_name_too_long"},
        ),
        ({"place": " \n "}, {"place": "place_empty"}),
        ({"place": "p" * 201}, {"place": "place_too_long"}),
        ({"occurred_on": None}, {"occurred_on": "date_missing"}),
        ({"occurred_on": date(2026, 11, 21)}, {"occurred_on": "date_in_future"}),
        ({"occurred_on": TODAY, "occurred_time": time(10, 1)}, {"occurred_time": "time_in_future"}),
        ({"description": "  "}, {"description": "description_empty"}),
        ({"description": "x" * 3001}, {"description": "description_too_long"}),
    ],
)
def test_each_rule(changes: dict, expected: dict):
    assert errors(**changes) == expected


def test_every_problem_is_found_at_once():
    assert errors(category=None, place="", occurred_on=date(2026, 11, 27), description="") == {
        "category": "category_missing",
        "place": "place_empty",
        "occurred_on": "date_in_future",
        "description": "description_empty",
    }


PNR = "120315-2382"  # Luhn-valid: a child born 15 March 2012


def test_the_free_text_fields_holding_a_personnummer():
    assert identity_number_fields(VALID, today=TODAY) == []
    both = replace(VALID, place=f"Entrén, pnr {PNR}", description=f"Pojken {PNR} hotades.")
    assert identity_number_fields(both, today=TODAY) == ["place", "description"]
    # A 12-digit "number" born after today is no person (a case number).
    assert identity_number_fields(replace(VALID, place="ärende 20270115-0043"), today=TODAY) == []


def test_the_personnummer_warning_comes_with_the_other_errors():
    found = {"place": "place_empty", "occurred_on": "date_in_future"}
    assert with_identity_number_warnings(found, ["description"], set()) == {
        "place": "place_empty",
        "occurred_on": "date_in_future",
        "description": "identity_number",
    }
    assert with_identity_number_warnings({}, ["place", "description"], set()) == {
        "place": "identity_number",
        "description": "identity_number",
    }


def test_the_personnummer_warning_is_asked_once_per_field():
    assert with_identity_number_warnings({}, ["description"], {"description"}) == {}
    assert with_identity_number_warnings(
        {"occurred_on": "date_in_future"}, ["description"], {"description"}
    ) == {"occurred_on": "date_in_future"}
    assert with_identity_number_warnings({}, ["place", "description"], {"description"}) == {
        "place": "identity_number"
    }


def test_a_field_with_an_error_of_its_own_is_warned_once_that_is_fixed():
    too_long = {"description": "description_too_long"}
    assert with_identity_number_warnings(too_long, ["description"], set()) == too_long
    assert with_identity_number_warnings({}, ["description"], set()) == {"description": "identity_number"}


def test_references():
    assert format_reference(2026, 42) == "ÖMM-2026-0042"
    assert format_reference(2026, 12345) == "ÖMM-2026-12345"
    assert parse_reference(" ömm-2026-0042 ") == (2026, 42)
    assert parse_reference("OMM-2026-0042") == (2026, 42)
    assert parse_reference("ÖMM-26-42") is None


def test_escape_mrkdwn_escapes_exactly_the_three_control_characters():
    assert escape_mrkdwn("<!channel> & <@U1> <https://x|y>") == (
        "&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://x|y&gt;"
    )
    assert escape_mrkdwn("*fet* _kursiv_ `kod` åäö") == "*fet* _kursiv_ `kod` åäö"
    assert escape_mrkdwn("&amp;") == "&amp;amp;"  # user text is never trusted to be pre-escaped


def test_shorten():
    assert shorten("kort", 10) == "kort"
    assert shorten("en lång mening", 8) == "en lång…"
    assert len(shorten("x" * 100, 10)) == 10
