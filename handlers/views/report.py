"""Submitting and closing the report modal."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.reports import DESCRIPTION_MAX, PLACE_MAX, UNIT_NAME_MAX, ReportInput
from bot.services.common import Denied, Rejected
from bot.texts import Texts
from handlers.blocks.report import identity_number_warning, report_received_view
from handlers.context import HandlerContext, optional_id, team_of, tolerating_malformed
from handlers.events.home import refresh_if_from_home
from handlers.ids import REPORT_BLOCKS, REPORT_UNIT_ACTION, REPORT_VIEW, VALUE
from handlers.views.forms import private_metadata

_ERROR_LIMITS = {
    "unit_name_too_long": {"limit": UNIT_NAME_MAX},
    "place_too_long": {"limit": PLACE_MAX},
}


def register(app: App, hc: HandlerContext) -> None:
    @app.view(REPORT_VIEW)
    @tolerating_malformed
    def submit_report(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        report = parse_report_state(view.get("state", {}).get("values", {}))
        metadata = private_metadata(view)
        flagged = hc.services.reports.identity_number_fields(report, hc.services.clock())
        if flagged and not metadata.get("pin_warned"):
            # Asked once, inline: remove the number, or send anyway and have it masked.
            ack(response_action="update", view=identity_number_warning(view, flagged, metadata, hc.texts))
            return
        try:
            result = hc.services.reports.file_report(
                team_id=team_of(body, context),
                user_id=body["user"]["id"],
                view_id=view.get("id"),
                report=report,
                draft_id=_int(metadata.get("draft")),
                editing_report_id=_int(metadata.get("edit")),
                now=hc.services.clock(),
            )
        except Denied as exc:  # e.g. the report was already handled while the modal was open
            ack(
                response_action="errors",
                errors={REPORT_BLOCKS["description"]: hc.texts(f"denied.{exc.code}")},
            )
            return
        if isinstance(result, Rejected):
            ack(response_action="errors", errors=error_messages(result, report, hc.texts))
            return
        ack(response_action="update", view=report_received_view(result.receipt, hc.texts, hc.tz))
        hc.services.outbox.dispatch_soon(result.notification_keys)
        refresh_if_from_home(hc, client, body, context)

    @app.view_closed(REPORT_VIEW)
    @tolerating_malformed
    def close_report(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        ack()
        draft_id = _int(private_metadata(view).get("draft"))
        if draft_id is not None:
            hc.services.reports.discard_draft(team_of(body, context), body["user"]["id"], draft_id)


def _int(value: Any) -> int | None:
    return optional_id(value) if isinstance(value, int) else None


def _element(values: dict[str, Any], field: str) -> dict[str, Any]:
    block = values.get(REPORT_BLOCKS[field])
    if not isinstance(block, dict):
        return {}
    element = block.get(REPORT_UNIT_ACTION if field == "unit" else VALUE)
    return element if isinstance(element, dict) else {}


def _text(values: dict[str, Any], field: str) -> str:
    value = _element(values, field).get("value")
    return value if isinstance(value, str) else ""


def _selected(values: dict[str, Any], field: str) -> str | None:
    selected = _element(values, field).get("selected_option")
    value = selected.get("value") if isinstance(selected, dict) else None
    return value if isinstance(value, str) else None


def parse_report_state(values: dict[str, Any]) -> ReportInput:
    """Slack's ``view.state.values`` → ReportInput. Anything malformed reads as empty."""
    unit = _selected(values, "unit")
    day = _element(values, "occurred_on").get("selected_date")
    clock = _element(values, "occurred_time").get("selected_time")
    try:
        occurred_on = date.fromisoformat(day) if isinstance(day, str) else None
    except ValueError:
        occurred_on = None
    try:
        occurred_time = time.fromisoformat(clock) if isinstance(clock, str) else None
    except ValueError:
        occurred_time = None
    recurring = _element(values, "recurring").get("selected_options")
    return ReportInput(
        category=_selected(values, "category"),
        unit_id=optional_id(unit),
        new_unit_name=_text(values, "new_unit_name").strip() or None,
        new_unit_area=_selected(values, "new_unit_area"),
        place=_text(values, "place"),
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        description=_text(values, "description"),
        recurring=bool(recurring) if isinstance(recurring, list) else False,
    )


def error_messages(rejected: Rejected, report: ReportInput, texts: Texts) -> dict[str, str]:
    """Domain error codes → inline Swedish messages under the right modal blocks."""
    messages = {}
    for field, code in rejected.errors.items():
        values: dict[str, Any] = dict(_ERROR_LIMITS.get(code, {}))
        if code == "description_too_long":
            values = {"limit": DESCRIPTION_MAX, "length": len(report.description)}
        messages[REPORT_BLOCKS[field]] = texts(f"error.{code}", **values)
    return messages
