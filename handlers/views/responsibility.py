"""Submitting the responsibility modal and the outcome modals of an agenda item."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.actions import ActionInput
from handlers.context import HandlerContext, optional_id, parse_id, team_of, tolerating_malformed
from handlers.ids import OUTCOME_VIEW, RESPONSIBILITY_BLOCKS, RESPONSIBILITY_VIEW
from handlers.views.forms import element, private_metadata, submit_decision

_LIMITS = {"action_description_too_long": {"limit": 1000}, "action_note_too_long": {"limit": 1000}}


def _element(view: dict[str, Any], field: str) -> dict[str, Any]:
    return element(view, RESPONSIBILITY_BLOCKS[field])


def _selected_int(view: dict[str, Any], field: str) -> int | None:
    value = (_element(view, field).get("selected_option") or {}).get("value")
    return optional_id(value)


def _text(view: dict[str, Any], field: str) -> str:
    value = _element(view, field).get("value")
    return value if isinstance(value, str) else ""


def register(app: App, hc: HandlerContext) -> None:
    @app.view(RESPONSIBILITY_VIEW)
    @tolerating_malformed
    def submit_responsibility(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        metadata = private_metadata(view)
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
        submit_decision(
            hc,
            ack,
            client,
            lambda: hc.services.responsibility.take(
                team_of(body, context),
                body["user"]["id"],
                parse_id(metadata.get("item")),
                action,
                assign=bool(metadata.get("assign")),
                now=hc.services.clock(),
                view_id=view.get("id"),
            ),
            blocks=RESPONSIBILITY_BLOCKS,
            refusal_field="description",
            limits=_LIMITS,
        )

    @app.view(OUTCOME_VIEW)
    @tolerating_malformed
    def submit_outcome(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        metadata = private_metadata(view)
        submit_decision(
            hc,
            ack,
            client,
            lambda: hc.services.responsibility.decide(
                team_of(body, context),
                body["user"]["id"],
                parse_id(metadata.get("item")),
                str(metadata.get("outcome")),
                hc.services.clock(),
                note=_text(view, "note"),
                suggested_unit_id=_selected_int(view, "suggested_unit"),
            ),
            blocks=RESPONSIBILITY_BLOCKS,
            refusal_field="note",
            limits=_LIMITS,
        )
