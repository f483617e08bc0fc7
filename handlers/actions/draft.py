"""The chairs shape the meeting: each item's ▲/▼ and "⋯" (Flytta till nästa möte, Slå ihop med …,
Ta bort från dagordningen) on the draft and on the Home tab, "Slå ihop" and "Ta bort" on the
published agenda (its item menu), and "Lägg till övrig punkt" on the draft and the published agenda.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.blocks.agenda import merge_item_modal, move_item_modal, other_item_modal, remove_item_modal
from handlers.context import (
    HandlerContext,
    Malformed,
    clicked_value,
    explaining_refusals,
    parse_id,
    team_of,
    trigger_of,
)
from handlers.events.home import opened_from, refresh_if_from_home
from handlers.ids import AGENDA_ADD_OTHER, ITEM_DOWN, ITEM_MORE, ITEM_MOVE, ITEM_UP

_STEPS = {"up": -1, "down": 1}
SHAPING_KINDS = ("up", "down", "move", "merge", "remove")


def _item(value: str) -> tuple[int, int]:
    """``"meeting:number"``: (meeting id, item number)."""
    meeting, _, number = value.rpartition(":")
    return parse_id(meeting), parse_id(number)


def reorder(
    hc: HandlerContext, client: WebClient, body: dict[str, Any], context: BoltContext, step: int, value: str
) -> None:
    """▲/▼: every chair's draft rewritten in place, and the Home tab when the click came from it."""
    meeting_id, number = _item(value)
    updates = hc.services.agenda.reorder(
        team_of(body, context), body["user"]["id"], meeting_id, number, step, hc.services.clock()
    )
    for update in updates:
        client.chat_update(channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks)
    refresh_if_from_home(hc, client, body, context)


def open_shaping_modal(
    hc: HandlerContext, client: WebClient, body: dict[str, Any], context: BoltContext, kind: str, value: str
) -> None:
    """The modal of "Flytta till nästa möte", "Slå ihop med …" or "Ta bort från dagordningen",
    refused before it opens for anyone but a chair, or for an item no longer open to the change."""
    meeting_id, number = _item(value)
    team, user = team_of(body, context), body["user"]["id"]
    if kind == "move":
        reference = hc.services.agenda.movable(team, user, meeting_id, number)
        view = move_item_modal(meeting_id, number, reference, hc.texts)
    else:
        form = hc.services.agenda.shaping_form(team, user, meeting_id, number)
        view = (merge_item_modal if kind == "merge" else remove_item_modal)(form, hc.texts)
    client.views_open(trigger_id=trigger_of(body), view=opened_from(body, view))


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)

    def reordering(action_id: str, step: int) -> None:
        @app.action(action_id)
        @explained
        def reorder_item(
            ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
        ) -> None:
            ack()
            reorder(hc, client, body, context, step, clicked_value(body))

    reordering(ITEM_UP, -1)
    reordering(ITEM_DOWN, 1)

    @app.action(ITEM_MORE)
    @explained
    def more(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        kind, _, value = clicked_value(body).partition(":")
        if kind not in SHAPING_KINDS:
            raise Malformed("shaping")
        if kind in _STEPS:
            reorder(hc, client, body, context, _STEPS[kind], value)
        else:
            open_shaping_modal(hc, client, body, context, kind, value)

    @app.action(ITEM_MOVE)  # drafts sent before "⋯" had a button of their own
    @explained
    def move(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        open_shaping_modal(hc, client, body, context, "move", clicked_value(body))

    @app.action(AGENDA_ADD_OTHER)
    @explained
    def add_other(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        meeting_id = parse_id(clicked_value(body))
        hc.services.agenda.can_add_other(team_of(body, context), body["user"]["id"], meeting_id)
        client.views_open(
            trigger_id=trigger_of(body), view=opened_from(body, other_item_modal(meeting_id, hc.texts))
        )
