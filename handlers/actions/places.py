"""Type-ahead for the report form's earlier places (``block_suggestion``)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from handlers.blocks.places import OPTIONS_MAX, place_options
from handlers.context import HandlerContext, team_of
from handlers.ids import REPORT_PLACE_ACTION


def register(app: App, hc: HandlerContext) -> None:
    @app.options(REPORT_PLACE_ACTION)
    def earlier_place_options(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        typed = body.get("value") if isinstance(body.get("value"), str) else ""
        user = context.user_id
        places = (
            hc.services.reports.earlier_places(team_of(body, context), user, typed, limit=OPTIONS_MAX)
            if user
            else []
        )
        ack(options=place_options(places, typed, hc.texts))
