"""Submitting Klar, Ny deadline and Lämna över."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers.context import HandlerContext, optional_id, parse_id, team_of, tolerating_malformed
from handlers.events.home import refresh_if_from_home
from handlers.ids import ACTION_DEADLINE_VIEW, ACTION_DONE_VIEW, ACTION_HANDOVER_VIEW, FOLLOW_UP_BLOCKS
from handlers.views.forms import element, private_metadata, submit_decision

_LIMITS = {"action_note_too_long": {"limit": 1000}}


def _element(view: dict[str, Any], field: str) -> dict[str, Any]:
    return element(view, FOLLOW_UP_BLOCKS[field])


def _action_id(view: dict[str, Any]) -> int:
    return parse_id(private_metadata(view).get("action"))


def register(app: App, hc: HandlerContext) -> None:
    def finish(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, run: Any, error_field: str
    ) -> None:
        if submit_decision(
            hc, ack, client, run, blocks=FOLLOW_UP_BLOCKS, refusal_field=error_field, limits=_LIMITS
        ):
            refresh_if_from_home(hc, client, body, context)

    @app.view(ACTION_DONE_VIEW)
    @tolerating_malformed
    def submit_done(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        note = _element(view, "note").get("value") or ""
        finish(
            ack,
            body,
            client,
            context,
            lambda: hc.services.actions.done(
                team_of(body, context), body["user"]["id"], _action_id(view), str(note), hc.services.clock()
            ),
            "note",
        )

    @app.view(ACTION_DEADLINE_VIEW)
    @tolerating_malformed
    def submit_deadline(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        day = _element(view, "due_on").get("selected_date")
        try:
            due_on = date.fromisoformat(day) if isinstance(day, str) else None
        except ValueError:
            due_on = None
        finish(
            ack,
            body,
            client,
            context,
            lambda: hc.services.actions.new_deadline(
                team_of(body, context), body["user"]["id"], _action_id(view), due_on, hc.services.clock()
            ),
            "due_on",
        )

    @app.view(ACTION_HANDOVER_VIEW)
    @tolerating_malformed
    def submit_handover(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        to_user = _element(view, "to_user").get("selected_user")
        unit = ((_element(view, "to_unit").get("selected_option") or {}) or {}).get("value")
        note = _element(view, "note").get("value") or ""
        finish(
            ack,
            body,
            client,
            context,
            lambda: hc.services.actions.hand_over(
                team_of(body, context),
                body["user"]["id"],
                _action_id(view),
                to_user if isinstance(to_user, str) else None,
                optional_id(unit),
                str(note),
                hc.services.clock(),
            ),
            "to_user",
        )
