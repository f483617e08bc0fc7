"""Buttons on the chairs' draft agenda: each item's ▲/▼ and "Flytta till nästa möte", and "Lägg
till övrig punkt"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.blocks.agenda import move_item_modal, other_item_modal
from handlers.context import HandlerContext, clicked_value, explaining_refusals, parse_id, team_of, trigger_of
from handlers.ids import AGENDA_ADD_OTHER, ITEM_DOWN, ITEM_MOVE, ITEM_UP


def _item(body: dict[str, Any]) -> tuple[int, int]:
    """The clicked ``"meeting:number"``: (meeting id, item number)."""
    meeting, _, number = clicked_value(body).rpartition(":")
    return parse_id(meeting), parse_id(number)


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)

    def reordering(action_id: str, step: int) -> None:
        @app.action(action_id)
        @explained
        def reorder(
            ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
        ) -> None:
            ack()
            meeting_id, number = _item(body)
            updates = hc.services.agenda.reorder(
                team_of(body, context), body["user"]["id"], meeting_id, number, step, hc.services.clock()
            )
            for update in updates:  # every chair's draft
                client.chat_update(
                    channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks
                )

    reordering(ITEM_UP, -1)
    reordering(ITEM_DOWN, 1)

    @app.action(ITEM_MOVE)
    @explained
    def move(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        meeting_id, number = _item(body)
        reference = hc.services.agenda.movable(team_of(body, context), body["user"]["id"], meeting_id, number)
        client.views_open(
            trigger_id=trigger_of(body), view=move_item_modal(meeting_id, number, reference, hc.texts)
        )

    @app.action(AGENDA_ADD_OTHER)
    @explained
    def add_other(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        meeting_id = parse_id(clicked_value(body))
        hc.services.agenda.can_add_other(team_of(body, context), body["user"]["id"], meeting_id)
        client.views_open(trigger_id=trigger_of(body), view=other_item_modal(meeting_id, hc.texts))
