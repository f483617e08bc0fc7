"""Filling in the report modal the way Slack's client would, from the view the bot opened."""

from __future__ import annotations

from typing import Any

from handlers.ids import REPORT_BLOCKS, REPORT_UNIT_ACTION, VALUE


def report_values(
    *,
    category: str | None = "arson",
    unit_id: int | None = None,
    new_unit_name: str | None = None,
    new_unit_area: str | None = None,
    place: str = "Cykelparkeringen vid entrén",
    occurred_on: str | None = "2026-11-19",
    occurred_time: str | None = None,
    description: str = "Brand i en papperskorg under rasten, släcktes av vaktmästaren.",
    recurring: bool = False,
) -> dict[str, dict[str, Any]]:
    """``view.state.values`` as Slack sends them on submit."""

    def selected(value: str | None) -> dict[str, Any]:
        return {"type": "static_select", "selected_option": {"value": value} if value else None}

    values: dict[str, dict[str, Any]] = {
        REPORT_BLOCKS["category"]: {VALUE: selected(category)},
        REPORT_BLOCKS["place"]: {VALUE: {"type": "plain_text_input", "value": place}},
        REPORT_BLOCKS["occurred_on"]: {VALUE: {"type": "datepicker", "selected_date": occurred_on}},
        REPORT_BLOCKS["occurred_time"]: {VALUE: {"type": "timepicker", "selected_time": occurred_time}},
        REPORT_BLOCKS["description"]: {VALUE: {"type": "plain_text_input", "value": description}},
        REPORT_BLOCKS["recurring"]: {
            VALUE: {"type": "checkboxes", "selected_options": [{"value": "yes"}] if recurring else []}
        },
    }
    if unit_id is not None:
        values[REPORT_BLOCKS["unit"]] = {REPORT_UNIT_ACTION: selected(str(unit_id))}
    if new_unit_name is not None:
        values[REPORT_BLOCKS["new_unit_name"]] = {VALUE: {"type": "plain_text_input", "value": new_unit_name}}
    if new_unit_area is not None:
        values[REPORT_BLOCKS["new_unit_area"]] = {VALUE: selected(new_unit_area)}
    return values


def block(view: dict[str, Any], block_id: str) -> dict[str, Any] | None:
    return next((b for b in view["blocks"] if b.get("block_id") == block_id), None)
