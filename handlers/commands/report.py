"""``/rapportera [text]``: open the report modal, or explain usage."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.texts import HELP_WORDS
from handlers.blocks.common import ephemeral
from handlers.blocks.report import report_modal
from handlers.context import HandlerContext, explaining_refusals, team_of
from handlers.ids import REPORT_COMMAND


def register(app: App, hc: HandlerContext) -> None:
    @app.command(REPORT_COMMAND)
    @explaining_refusals(hc.texts)  # e.g. a guest not yet connected to their actor is told whom to ask
    def open_report_modal(
        ack: Ack,
        command: dict[str, Any],
        body: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        text = command.get("text") or ""
        if text.strip().lower() in HELP_WORDS:
            ack(**ephemeral(hc.texts("help.rapportera")))
            return
        ack()
        form = hc.services.reports.report_form(
            team_of(body, context), command["user_id"], text, hc.services.clock()
        )
        client.views_open(trigger_id=command["trigger_id"], view=report_modal(form, hc.texts, hc.tz))
