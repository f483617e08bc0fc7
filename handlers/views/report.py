"""Submitting and closing the report modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.permissions import GuestCheck
from bot.domain.photos import kept_photos
from bot.domain.reports import DESCRIPTION_MAX, PLACE_MAX, UNIT_NAME_MAX, ReportInput
from bot.results.occurrences import MatchOffer
from handlers.blocks.occurrences import match_view
from handlers.blocks.report import report_received_view
from handlers.context import HandlerContext, optional_id, team_of, tolerating_malformed
from handlers.events.home import refresh_if_from_home
from handlers.ids import REPORT_BLOCKS, REPORT_PLACE_ACTION, REPORT_UNIT_ACTION, REPORT_VIEW
from handlers.views.forms import ErrorPlaces, FormState, deliver, submitted

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
        form = FormState(view)
        report, metadata = report_input(form), form.metadata
        # Every problem in one answer, a personnummer included (asked once: sent again, it is masked).
        result = submitted(
            hc,
            ack,
            form,
            error_places(report),
            lambda: hc.services.reports.file_report(
                team_id=team_of(body, context),
                user_id=body["user"]["id"],
                view_id=form.view_id,
                report=report,
                draft_id=_int(metadata.get("draft")),
                editing_report_id=_int(metadata.get("edit")),
                now=hc.services.clock(),
                warn_identity_numbers=True,
                offer_matches=True,
                guest_check=guest_check(metadata.get("guest")),
            ),
        )
        if result is None:
            return
        if isinstance(result, MatchOffer):  # "Samma händelse som ÖMM-…?" before anything is stored
            today = hc.services.clock().astimezone(hc.tz).date()
            ack(response_action="update", view=match_view(result, today, hc.texts))
            return
        ack(response_action="update", view=report_received_view(result.receipt, hc.texts, hc.tz))
        deliver(hc, result.notification_keys)
        refresh_if_from_home(hc, client, body, context)

    @app.view_closed(REPORT_VIEW)
    @tolerating_malformed
    def close_report(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        ack()
        draft_id = _int(FormState(view).metadata.get("draft"))
        if draft_id is not None:
            hc.services.reports.discard_draft(team_of(body, context), body["user"]["id"], draft_id)


def guest_check(value: Any) -> GuestCheck | None:
    """``[user, guest, checked at]`` as the report modal carries it; anything else: None."""
    if isinstance(value, list) and len(value) == 3:
        user_id, guest, checked_at = value
        if isinstance(user_id, str) and isinstance(guest, bool) and isinstance(checked_at, int):
            return GuestCheck(user_id, guest, float(checked_at))
    return None


def _int(value: Any) -> int | None:
    return optional_id(value) if isinstance(value, int) else None


def report_input(form: FormState) -> ReportInput:
    """The report modal's fields → ReportInput. Anything malformed reads as empty."""
    block = REPORT_BLOCKS
    return ReportInput(
        category=form.option(block["category"]),
        unit_id=form.option_id(block["unit"], REPORT_UNIT_ACTION),
        new_unit_name=form.text(block["new_unit_name"]).strip() or None,
        new_unit_area=form.option(block["new_unit_area"]),
        place=_place(form),
        occurred_on=form.day(block["occurred_on"]),
        occurred_time=form.time_of_day(block["occurred_time"]),
        description=form.text(block["description"]),
        recurring=bool(form.options(block["recurring"])),
        photos=kept_photos(form.files(block["photos"])),
    )


def _place(form: FormState) -> str:
    """What was typed; else the earlier place chosen in the type-ahead above the field."""
    typed = form.text(REPORT_BLOCKS["place"])
    if typed.strip():
        return typed
    return form.option(REPORT_BLOCKS["earlier_place"], REPORT_PLACE_ACTION) or typed


def error_places(report: ReportInput) -> ErrorPlaces:
    """Errors under the report modal's blocks. A refusal (e.g. the report was already handled while
    the modal was open) is told under the description; its length is quoted when too long."""
    too_long = {"limit": DESCRIPTION_MAX, "length": len(report.description)}
    return ErrorPlaces(REPORT_BLOCKS, "description", {**_ERROR_LIMITS, "description_too_long": too_long})
