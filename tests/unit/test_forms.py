"""The modal toolkit without Slack: reading a submitted modal's state (whatever it holds, never an
exception) and answering a refusal or bad input under the modal's fields."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.reports import DESCRIPTION_MAX
from bot.results.common import Denied, Rejected
from bot.texts import Texts
from handlers.context import HandlerContext
from handlers.ids import ADMIN_BLOCKS, REPORT_BLOCKS, VALUE
from handlers.views.forms import ErrorPlaces, FormState, answer_errors, private_metadata, submitted
from handlers.views.report import error_places, report_input
from tests.support.modal import report_values

SV = Texts("sv")
BLOCK = "b"


class FakeAck:
    """Records what a listener answered Slack."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


def view_with(element: Any, *, block_id: str = BLOCK, **view: Any) -> dict[str, Any]:
    return {"type": "modal", "state": {"values": {block_id: {VALUE: element}}}, **view}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
KEYS = st.sampled_from(
    ["value", "selected_option", "selected_options", "selected_user", "selected_date", "selected_time", "x"]
)
ELEMENTS = JSON | st.dictionaries(KEYS, JSON | st.dictionaries(st.just("value"), JSON), max_size=4)
BLOCKS = JSON | st.dictionaries(st.sampled_from([VALUE, "other"]), ELEMENTS, max_size=2)
BLOCK_IDS = st.sampled_from([BLOCK, f"{BLOCK}:U1", f"{BLOCK}x", "other"])
VIEWS = JSON | st.fixed_dictionaries(
    {},
    optional={
        "state": JSON
        | st.fixed_dictionaries({}, optional={"values": JSON | st.dictionaries(BLOCK_IDS, BLOCKS)}),
        "private_metadata": JSON | JSON.map(json.dumps),
        "blocks": JSON | st.lists(st.dictionaries(st.just("block_id"), JSON | BLOCK_IDS), max_size=3),
        "id": JSON,
    },
)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(view=VIEWS, suffixed=st.booleans())
def test_no_submitted_state_makes_the_reader_raise(view: Any, suffixed: bool):
    form = FormState(view, suffixed=suffixed)
    assert isinstance(form.text(BLOCK), str)
    assert form.option(BLOCK) is None or isinstance(form.option(BLOCK), str)
    assert form.option_id(BLOCK) is None or isinstance(form.option_id(BLOCK), int)
    assert all(isinstance(v, str) for v in form.options(BLOCK))
    assert form.user(BLOCK) is None or isinstance(form.user(BLOCK), str)
    assert all(isinstance(u, str) for u in form.users(BLOCK))
    assert form.day(BLOCK) is None or isinstance(form.day(BLOCK), date)
    assert form.time_of_day(BLOCK) is None or isinstance(form.time_of_day(BLOCK), time)
    assert isinstance(form.element(BLOCK), dict) and isinstance(form.shown_block(BLOCK), str)
    assert isinstance(form.metadata, dict)
    assert form.view_id is None or isinstance(form.view_id, str)


def test_each_reader_takes_its_element_and_reads_anything_else_as_empty():
    form = FormState(view_with({"value": "  hej  "}))
    assert form.text(BLOCK) == "  hej  "  # as typed: the domain measures lengths before stripping
    assert form.text("missing") == "" and FormState(view_with({"value": 5})).text(BLOCK) == ""
    assert FormState(view_with({"selected_option": {"value": "12"}})).option_id(BLOCK) == 12
    assert FormState(view_with({"selected_option": {"value": 12}})).option(BLOCK) is None
    assert FormState(view_with({"selected_option": "12"})).option_id(BLOCK) is None
    assert FormState(view_with({"selected_option": {"value": "0"}})).option_id(BLOCK) is None
    assert FormState(view_with({"selected_option": {"value": "x"}})).option(BLOCK) == "x"
    checked = {"selected_options": [{"value": "yes"}, {"value": 1}, "no", {}, {"value": "chair"}]}
    assert FormState(view_with(checked)).options(BLOCK) == ["yes", "chair"]
    assert FormState(view_with({"selected_users": ["UCOP1", 5, None, "UFGK1"]})).users(BLOCK) == [
        "UCOP1",
        "UFGK1",
    ]
    assert FormState(view_with({"selected_users": "UCOP1"})).users(BLOCK) == []
    assert FormState(view_with({"selected_options": "yes"})).options(BLOCK) == []
    assert FormState(view_with({"selected_user": "U1"})).user(BLOCK) == "U1"
    assert FormState(view_with({"selected_user": ["U1"]})).user(BLOCK) is None


def test_dates_and_times_are_parsed_and_a_malformed_one_reads_as_none():
    def day(value: Any) -> date | None:
        return FormState(view_with({"selected_date": value})).day(BLOCK)

    def clock(value: Any) -> time | None:
        return FormState(view_with({"selected_time": value})).time_of_day(BLOCK)

    assert day("2026-12-20") == date(2026, 12, 20)
    assert day("2026-13-01") is None and day("igår") is None and day("") is None
    assert day(20261220) is None and day(None) is None
    assert clock("15:30") == time(15, 30)
    assert clock("25:00") is None and clock(1530) is None


def test_a_suffixed_form_reads_and_answers_under_the_block_it_shows():
    view = {
        "blocks": [
            {"block_id": "admin_member_user"},
            {"block_id": "admin_member_unit:U1"},
            {"type": "context"},
        ],
        "state": {
            "values": {
                "admin_member_unitx": {VALUE: {"selected_option": {"value": "9"}}},
                "admin_member_unit:U1": {VALUE: {"selected_option": {"value": "7"}}},
            }
        },
    }
    form = FormState(view, suffixed=True)
    assert form.option_id("admin_member_unit") == 7
    assert form.shown_block("admin_member_unit") == "admin_member_unit:U1"
    assert form.shown_block("admin_member_roles") == "admin_member_roles"
    plain = FormState(view)
    assert plain.option_id("admin_member_unit") is None
    assert plain.shown_block("admin_member_unit") == "admin_member_unit"


def test_private_metadata_that_is_not_a_json_object_reads_as_empty():
    assert private_metadata({"private_metadata": '{"item": 3}'}) == {"item": 3}
    for odd in ("[1]", "{", "", None, 5, "[" * 5000):
        assert private_metadata({"private_metadata": odd}) == {}


def test_a_refusal_is_told_under_its_field_and_bad_input_under_every_field():
    places = ErrorPlaces(ADMIN_BLOCKS, "name", {"unit_name_too_long": {"limit": 80}})
    form = FormState({"blocks": [{"block_id": "admin_unit_name"}]}, suffixed=True)
    ack = FakeAck()
    answer_errors(ack, SV, Denied("chair_or_admin_only"), places, form)
    answer_errors(
        ack, SV, Rejected({"name": "unit_name_too_long", "kind": "unit_kind_missing"}), places, form
    )
    denied, rejected = ack.calls
    assert denied == {
        "response_action": "errors",
        "errors": {"admin_unit_name": SV("denied.chair_or_admin_only")},
    }
    assert rejected["errors"] == {
        "admin_unit_name": SV("error.unit_name_too_long", limit=80),
        "admin_unit_kind": SV("error.unit_kind_missing"),
    }


def test_submitted_answers_a_refusal_or_bad_input_and_hands_anything_else_back():
    hc = HandlerContext(services=None, texts=SV, tz=ZoneInfo("Europe/Stockholm"))  # type: ignore[arg-type]
    places = ErrorPlaces({"note": "n"}, "note")
    form = FormState({})

    def refused() -> object:
        raise Denied("action_closed")

    for run, answered in (
        (lambda: "done", False),
        (refused, True),
        (lambda: Rejected({"note": "done_note_empty"}), True),
    ):
        ack = FakeAck()
        result = submitted(hc, ack, form, places, run)
        assert (result is None) is answered and len(ack.calls) == answered
    assert result is None


def test_the_report_modal_reads_into_a_report_input_and_quotes_the_description_length():
    values = report_values(unit_id=12, occurred_time="15:30", recurring=True, new_unit_name="  Ny  ")
    report = report_input(FormState({"state": {"values": values}}))
    assert report.unit_id == 12 and report.occurred_on == date(2026, 11, 19)
    assert report.occurred_time == time(15, 30) and report.recurring is True
    assert report.new_unit_name == "Ny" and report.category == "arson"
    assert report_input(FormState({})).place == "" and report_input(FormState({})).new_unit_name is None
    places = error_places(report)
    assert places.blocks is REPORT_BLOCKS and places.refusal_field == "description"
    assert places.limits["description_too_long"] == {
        "limit": DESCRIPTION_MAX,
        "length": len(report.description),
    }
