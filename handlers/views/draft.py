"""Submitting "Flytta till nästa möte" and "Lägg till övrig punkt" from the chairs' draft agenda."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.results.common import Rejected
from bot.results.responsibility import MessageUpdate, MovedItem
from handlers.context import HandlerContext, parse_id, team_of, tolerating_malformed
from handlers.ids import ITEM_MOVE_REASON, ITEM_MOVE_VIEW, OTHER_BLOCKS, OTHER_VIEW
from handlers.views.forms import ErrorPlaces, FormState, submitted

_PLACES = ErrorPlaces({"reason": ITEM_MOVE_REASON}, "reason", {"action_note_too_long": {"limit": 1000}})

_OTHER_PLACES = ErrorPlaces(
    OTHER_BLOCKS, "title", {"other_title_too_long": {"limit": 150}, "other_body_too_long": {"limit": 2000}}
)


def register(app: App, hc: HandlerContext) -> None:
    @app.view(ITEM_MOVE_VIEW)
    @tolerating_malformed
    def move(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        form = FormState(view)
        team, user = team_of(body, context), body["user"]["id"]
        meeting_id, number = parse_id(form.metadata.get("meeting")), parse_id(form.metadata.get("number"))

        def run() -> MovedItem | Rejected:
            return hc.services.agenda.move_to_next_meeting(
                team, user, meeting_id, number, form.text(ITEM_MOVE_REASON), hc.services.clock()
            )

        moved = submitted(hc, ack, form, _PLACES, run)
        if moved is None:
            return
        ack()
        for update in moved.updates:  # every chair's draft, after the commit
            client.chat_update(channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks)

    @app.view(OTHER_VIEW)
    @tolerating_malformed
    def add_other(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        form = FormState(view)
        team, user = team_of(body, context), body["user"]["id"]
        meeting_id = parse_id(form.metadata.get("meeting"))

        def run() -> list[MessageUpdate] | Rejected:
            return hc.services.agenda.add_other(
                team,
                user,
                meeting_id,
                form.text(OTHER_BLOCKS["title"]),
                form.text(OTHER_BLOCKS["body"]),
                hc.services.clock(),
            )

        updates = submitted(hc, ack, form, _OTHER_PLACES, run)
        if updates is None:
            return
        ack()
        for update in updates:  # every chair's draft, after the commit
            client.chat_update(channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks)
