"""Submitting the responsibility modal and the outcome modals of an agenda item."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.actions import ActionInput
from bot.services.common import Denied, Rejected
from bot.services.responsibility import Decided
from handlers.context import HandlerContext, team_of
from handlers.ids import OUTCOME_VIEW, RESPONSIBILITY_BLOCKS, RESPONSIBILITY_VIEW, VALUE

_LIMITS = {"action_description_too_long": {"limit": 1000}, "action_note_too_long": {"limit": 1000}}


def apply_decision(hc: HandlerContext, client: WebClient, decided: Decided) -> None:
    """After the commit: the agenda message in place, then whoever is to be told."""
    if decided.update is not None:
        update = decided.update
        client.chat_update(channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks)
    hc.services.outbox.dispatch(hc.services.clock(), keys=decided.notification_keys)


def _element(view: dict[str, Any], field: str) -> dict[str, Any]:
    block = (view.get("state", {}).get("values", {}) or {}).get(RESPONSIBILITY_BLOCKS[field]) or {}
    element = block.get(VALUE)
    return element if isinstance(element, dict) else {}


def _selected_int(view: dict[str, Any], field: str) -> int | None:
    value = ((_element(view, field).get("selected_option") or {}) or {}).get("value")
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _text(view: dict[str, Any], field: str) -> str:
    value = _element(view, field).get("value")
    return value if isinstance(value, str) else ""


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def register(app: App, hc: HandlerContext) -> None:
    def errors(rejected: Rejected) -> dict[str, str]:
        return {
            RESPONSIBILITY_BLOCKS[field]: hc.texts(f"error.{code}", **_LIMITS.get(code, {}))
            for field, code in rejected.errors.items()
        }

    @app.view(RESPONSIBILITY_VIEW)
    def submit_responsibility(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        metadata = _metadata(view)
        day = _element(view, "due_on").get("selected_date")
        try:
            due_on = date.fromisoformat(day) if isinstance(day, str) else None
        except ValueError:
            due_on = None
        owner = _element(view, "owner").get("selected_user")
        action = ActionInput(
            unit_id=_selected_int(view, "unit"),
            owner_user_id=owner if isinstance(owner, str) else None,
            description=_text(view, "description"),
            due_on=due_on,
            note=_text(view, "note"),
        )
        try:
            decided = hc.services.responsibility.take(
                team_of(body, context),
                body["user"]["id"],
                int(metadata.get("item", 0)),
                action,
                assign=bool(metadata.get("assign")),
                now=hc.services.clock(),
            )
        except Denied as exc:
            ack(
                response_action="errors",
                errors={RESPONSIBILITY_BLOCKS["description"]: hc.texts(f"denied.{exc.code}")},
            )
            return
        if isinstance(decided, Rejected):
            ack(response_action="errors", errors=errors(decided))
            return
        ack()
        apply_decision(hc, client, decided)

    @app.view(OUTCOME_VIEW)
    def submit_outcome(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        metadata = _metadata(view)
        try:
            decided = hc.services.responsibility.decide(
                team_of(body, context),
                body["user"]["id"],
                int(metadata.get("item", 0)),
                str(metadata.get("outcome")),
                hc.services.clock(),
                note=_text(view, "note"),
                suggested_unit_id=_selected_int(view, "suggested_unit"),
            )
        except Denied as exc:
            ack(
                response_action="errors",
                errors={RESPONSIBILITY_BLOCKS["note"]: hc.texts(f"denied.{exc.code}")},
            )
            return
        if isinstance(decided, Rejected):
            ack(response_action="errors", errors=errors(decided))
            return
        ack()
        apply_decision(hc, client, decided)
