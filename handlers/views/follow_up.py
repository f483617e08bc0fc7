"""Submitting Klar, Ny deadline and Lämna över."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.services.common import Denied, Rejected
from handlers.context import HandlerContext, team_of
from handlers.ids import ACTION_DEADLINE_VIEW, ACTION_DONE_VIEW, ACTION_HANDOVER_VIEW, FOLLOW_UP_BLOCKS, VALUE
from handlers.views.responsibility import apply_decision

_LIMITS = {"action_note_too_long": {"limit": 1000}}


def _element(view: dict[str, Any], field: str) -> dict[str, Any]:
    block = (view.get("state", {}).get("values", {}) or {}).get(FOLLOW_UP_BLOCKS[field]) or {}
    element = block.get(VALUE)
    return element if isinstance(element, dict) else {}


def _action_id(view: dict[str, Any]) -> int:
    try:
        return int(json.loads(view.get("private_metadata") or "{}").get("action", 0))
    except (ValueError, TypeError, AttributeError):
        return 0


def register(app: App, hc: HandlerContext) -> None:
    def finish(ack: Ack, client: WebClient, run: Any, error_field: str) -> None:
        try:
            result = run()
        except Denied as exc:
            ack(
                response_action="errors",
                errors={FOLLOW_UP_BLOCKS[error_field]: hc.texts(f"denied.{exc.code}")},
            )
            return
        if isinstance(result, Rejected):
            errors = {
                FOLLOW_UP_BLOCKS[field]: hc.texts(f"error.{code}", **_LIMITS.get(code, {}))
                for field, code in result.errors.items()
            }
            ack(response_action="errors", errors=errors)
            return
        ack()
        apply_decision(hc, client, result)

    @app.view(ACTION_DONE_VIEW)
    def submit_done(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        note = _element(view, "note").get("value") or ""
        finish(
            ack,
            client,
            lambda: hc.services.actions.done(
                team_of(body, context), body["user"]["id"], _action_id(view), str(note), hc.services.clock()
            ),
            "note",
        )

    @app.view(ACTION_DEADLINE_VIEW)
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
            client,
            lambda: hc.services.actions.new_deadline(
                team_of(body, context), body["user"]["id"], _action_id(view), due_on, hc.services.clock()
            ),
            "due_on",
        )

    @app.view(ACTION_HANDOVER_VIEW)
    def submit_handover(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        to_user = _element(view, "to_user").get("selected_user")
        unit = ((_element(view, "to_unit").get("selected_option") or {}) or {}).get("value")
        note = _element(view, "note").get("value") or ""
        finish(
            ack,
            client,
            lambda: hc.services.actions.hand_over(
                team_of(body, context),
                body["user"]["id"],
                _action_id(view),
                to_user if isinstance(to_user, str) else None,
                int(unit) if isinstance(unit, str) and unit.isdigit() else None,
                str(note),
                hc.services.clock(),
            ),
            "to_user",
        )
