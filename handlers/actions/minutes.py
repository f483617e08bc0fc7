"""The posted minutes' "Rätta protokollet" (chairs, within a day of posting)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.blocks.minutes import correction_modal
from handlers.context import HandlerContext, clicked_value, explaining_refusals, parse_id, team_of, trigger_of
from handlers.ids import MINUTES_CORRECT


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)

    @app.action(MINUTES_CORRECT)
    @explained
    def correct(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        form = hc.services.minutes.correction_form(
            team_of(body, context), body["user"]["id"], parse_id(clicked_value(body)), hc.services.clock()
        )
        client.views_open(trigger_id=trigger_of(body), view=correction_modal(form, hc.texts, hc.tz))
