"""Type-ahead for the unit select when there are more units than a static select can hold."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from handlers.blocks.report import unit_option_groups
from handlers.context import HandlerContext, team_of
from handlers.ids import REPORT_UNIT_ACTION


def register(app: App, hc: HandlerContext) -> None:
    @app.options(REPORT_UNIT_ACTION)
    def unit_options(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        units = hc.services.reports.unit_choices(
            team_of(body, context), str(body.get("value") or ""), user_id=context.user_id
        )
        ack(option_groups=unit_option_groups(units, hc.texts))
