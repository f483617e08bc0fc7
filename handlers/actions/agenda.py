"""Buttons on the agenda: the chairs' "Publicera nu" and each item's "Ta ansvar", "Tilldela" and
other outcomes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.blocks.common import ephemeral
from handlers.blocks.responsibility import outcome_modal, responsibility_modal
from handlers.context import (
    HandlerContext,
    Malformed,
    clicked_value,
    explaining_refusals,
    parse_id,
    team_of,
    trigger_of,
)
from handlers.ids import AGENDA_PUBLISH_NOW, ITEM_ASSIGN, ITEM_OUTCOME, ITEM_TAKE
from handlers.views.forms import apply_decision, deliver


def _item(value: str) -> tuple[int, int]:
    """``"meeting:number"`` → (meeting id, item number)."""
    meeting, _, number = value.rpartition(":")
    return parse_id(meeting), parse_id(number)


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)

    @app.action(AGENDA_PUBLISH_NOW)
    @explained
    def publish_now(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        ack()
        meeting_id = parse_id(clicked_value(body))
        delivery = hc.services.agenda.publish_now(
            team_of(body, context), body["user"]["id"], hc.services.clock(), meeting_id=meeting_id
        )
        deliver(hc, delivery.notification_keys)
        text = hc.texts("agenda.published_now", items=delivery.items, messages=delivery.messages)
        respond(replace_original=False, **ephemeral(text))

    def opening_form(action_id: str, *, assign: bool) -> None:
        @app.action(action_id)
        @explained
        def open_form(
            ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
        ) -> None:
            ack()
            meeting_id, number = _item(clicked_value(body))
            form = hc.services.responsibility.form(
                team_of(body, context),
                body["user"]["id"],
                meeting_id,
                number,
                assign=assign,
                now=hc.services.clock(),
            )
            client.views_open(trigger_id=trigger_of(body), view=responsibility_modal(form, hc.texts))

    opening_form(ITEM_TAKE, assign=False)
    opening_form(ITEM_ASSIGN, assign=True)

    @app.action(ITEM_OUTCOME)
    @explained
    def outcome(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        kind, _, item = clicked_value(body).partition(":")
        if kind not in ("no_action", "tabled", "not_ours"):
            raise Malformed("outcome")
        meeting_id, number = _item(item)
        team, user, now = team_of(body, context), body["user"]["id"], hc.services.clock()
        form = hc.services.responsibility.outcome_form(team, user, meeting_id, number, kind, now)
        if kind == "tabled":
            decided = hc.services.responsibility.decide(team, user, form.item.item_id, "tabled", now)
            apply_decision(hc, client, decided)
            return
        client.views_open(
            trigger_id=trigger_of(body), view=outcome_modal(kind, form.item, form.units, hc.texts)
        )
