"""Submitting what the chairs shape the meeting with: "Flytta till nästa möte", "Ta bort från
dagordningen", "Slå ihop med …" and "Lägg till övrig punkt" (from the draft, the published agenda
or the Home tab, which is published again after a change made from it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.results.common import Rejected
from bot.results.responsibility import MessageUpdate, Shaped
from handlers.context import HandlerContext, parse_id, team_of, tolerating_malformed
from handlers.events.home import refresh_if_from_home
from handlers.ids import (
    ITEM_MERGE_INTO,
    ITEM_MERGE_VIEW,
    ITEM_MOVE_REASON,
    ITEM_MOVE_VIEW,
    ITEM_REMOVE_REASON,
    ITEM_REMOVE_VIEW,
    OTHER_BLOCKS,
    OTHER_VIEW,
)
from handlers.views.forms import ErrorPlaces, FormState, deliver, submitted

_PLACES = ErrorPlaces({"reason": ITEM_MOVE_REASON}, "reason", {"action_note_too_long": {"limit": 1000}})
_REMOVE_PLACES = ErrorPlaces(
    {"reason": ITEM_REMOVE_REASON}, "reason", {"action_note_too_long": {"limit": 1000}}
)
_MERGE_PLACES = ErrorPlaces({"merge_into": ITEM_MERGE_INTO}, "merge_into")
_OTHER_PLACES = ErrorPlaces(
    OTHER_BLOCKS, "title", {"other_title_too_long": {"limit": 150}, "other_body_too_long": {"limit": 2000}}
)


def _apply(
    hc: HandlerContext,
    client: WebClient,
    body: dict[str, Any],
    context: BoltContext,
    updates: tuple[MessageUpdate, ...],
    keys: tuple[tuple[str, str], ...] = (),
) -> None:
    """After the commit and the ack: the agenda messages in place, whoever is told, the Home tab."""
    for update in updates:
        client.chat_update(channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks)
    deliver(hc, keys)
    refresh_if_from_home(hc, client, body, context)


def register(app: App, hc: HandlerContext) -> None:
    def shaping_view(callback_id: str, places: ErrorPlaces, run: Callable[..., Any]) -> None:
        """A modal whose submit runs ``run(form, team, user, meeting_id, number)`` in the service."""

        @app.view(callback_id)
        @tolerating_malformed
        def shape(
            ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
        ) -> None:
            form = FormState(view)
            team, user = team_of(body, context), body["user"]["id"]
            meeting_id = parse_id(form.metadata.get("meeting"))
            number = parse_id(form.metadata.get("number")) if callback_id != OTHER_VIEW else 0
            result = submitted(hc, ack, form, places, lambda: run(form, team, user, meeting_id, number))
            if result is None:
                return
            ack()
            if isinstance(result, Shaped):
                _apply(hc, client, body, context, result.updates, result.notification_keys)
            else:  # MovedItem
                _apply(hc, client, body, context, result.updates)

    def move(form: FormState, team: str, user: str, meeting_id: int, number: int) -> Any:
        return hc.services.agenda.move_to_next_meeting(
            team, user, meeting_id, number, form.text(ITEM_MOVE_REASON), hc.services.clock()
        )

    def remove(form: FormState, team: str, user: str, meeting_id: int, number: int) -> Shaped | Rejected:
        return hc.services.agenda.remove_item(
            team, user, meeting_id, number, form.text(ITEM_REMOVE_REASON), hc.services.clock()
        )

    def merge(form: FormState, team: str, user: str, meeting_id: int, number: int) -> Shaped | Rejected:
        return hc.services.agenda.merge_items(
            team, user, meeting_id, number, form.option_id(ITEM_MERGE_INTO), hc.services.clock()
        )

    def add_other(form: FormState, team: str, user: str, meeting_id: int, _: int) -> Shaped | Rejected:
        title, text = form.text(OTHER_BLOCKS["title"]), form.text(OTHER_BLOCKS["body"])
        return hc.services.agenda.add_other(team, user, meeting_id, title, text, hc.services.clock())

    shaping_view(ITEM_MOVE_VIEW, _PLACES, move)
    shaping_view(ITEM_REMOVE_VIEW, _REMOVE_PLACES, remove)
    shaping_view(ITEM_MERGE_VIEW, _MERGE_PLACES, merge)
    shaping_view(OTHER_VIEW, _OTHER_PLACES, add_other)
