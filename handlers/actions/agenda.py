"""Buttons on the agenda: the chairs' "Publicera nu" and each item's "Ta ansvar"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from handlers.blocks.common import ephemeral
from handlers.context import HandlerContext, explaining_refusals, team_of
from handlers.ids import AGENDA_PUBLISH_NOW, AGENDA_TAKE_RESPONSIBILITY


def register(app: App, hc: HandlerContext) -> None:
    @app.action(AGENDA_PUBLISH_NOW)
    @explaining_refusals(hc.texts)
    def publish_now(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        ack()
        meeting_id = int(body["actions"][0]["value"])
        delivery = hc.services.agenda.publish_now(
            team_of(body, context), body["user"]["id"], hc.services.clock(), meeting_id=meeting_id
        )
        hc.services.outbox.dispatch(hc.services.clock(), keys=delivery.notification_keys)
        respond(
            replace_original=False,
            **ephemeral(hc.texts("agenda.published_now", items=delivery.items, messages=delivery.messages)),
        )

    @app.action(AGENDA_TAKE_RESPONSIBILITY)
    def take_responsibility(ack: Ack, respond: Respond) -> None:
        # Taking responsibility from the agenda (modal, owner, due date) is the next step of the
        # work; until then the button says how it is done today instead of failing silently.
        ack()
        respond(replace_original=False, **ephemeral(hc.texts("agenda.take_not_yet")))
