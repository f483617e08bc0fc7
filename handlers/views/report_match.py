"""Answering "Samma händelse som ÖMM-…?" (the report modal, updated when the report matched an open
one): *Lägg till som nytt tillfälle* or *Nej, ny rapport*."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers.blocks.occurrences import occurrence_added_view
from handlers.blocks.report import report_received_view
from handlers.context import HandlerContext, optional_id, team_of, tolerating_malformed
from handlers.events.home import refresh_if_from_home
from handlers.ids import REPORT_MATCH_BLOCK, REPORT_MATCH_NEW, REPORT_MATCH_VIEW
from handlers.views.forms import ErrorPlaces, FormState, deliver, submitted

# Every refusal and every error of the kept report is told under the choice (the only field here).
_PLACES = ErrorPlaces({"choice": REPORT_MATCH_BLOCK}, "choice")


def register(app: App, hc: HandlerContext) -> None:
    @app.view(REPORT_MATCH_VIEW)
    @tolerating_malformed
    def choose_match(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        form = FormState(view)
        choice, pending = form.option(REPORT_MATCH_BLOCK), form.metadata.get("pending")
        pending_id = optional_id(pending) if isinstance(pending, int) else None
        report_id = optional_id(choice) if choice != REPORT_MATCH_NEW else None
        if pending_id is None or form.view_id is None or (choice != REPORT_MATCH_NEW and report_id is None):
            ack(response_action="errors", errors={REPORT_MATCH_BLOCK: hc.texts("report_match.choose")})
            return
        who = {"team_id": team_of(body, context), "user_id": body["user"]["id"], "view_id": form.view_id}
        now, services = hc.services.clock(), hc.services.occurrences
        if report_id is None:
            filed = submitted(
                hc, ack, form, _PLACES, lambda: services.file_new(**who, pending_id=pending_id, now=now)
            )
            if filed is None:
                return
            ack(response_action="update", view=report_received_view(filed.receipt, hc.texts, hc.tz))
        else:
            added = submitted(
                hc, ack, form, _PLACES,
                lambda: services.add(**who, pending_id=pending_id, report_id=report_id, now=now),
            )  # fmt: skip
            if added is None:
                return
            ack(response_action="update", view=occurrence_added_view(added.occurrence, hc.texts))
        deliver(hc, (filed if report_id is None else added).notification_keys)
        refresh_if_from_home(hc, client, body, context)
