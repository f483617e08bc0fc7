"""``/orat <subcommand>``: the meeting's commands. Later issues add agenda, minutes and more."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.domain.text import escape_mrkdwn, shorten
from bot.texts import HELP_WORDS
from handlers.blocks.common import ephemeral
from handlers.context import HandlerContext
from handlers.ids import ORAT_COMMAND


def register(app: App, hc: HandlerContext) -> None:
    @app.command(ORAT_COMMAND)
    def orat(ack: Ack, command: dict[str, Any]) -> None:
        words = (command.get("text") or "").split()
        if not words or words[0].lower() in HELP_WORDS:
            ack(**ephemeral(hc.texts("help.orat")))
            return
        # The unknown word is shown back in code formatting: backticks would end it early.
        shown = escape_mrkdwn(shorten(words[0], 40).replace("`", "'"))
        ack(**ephemeral(hc.texts("orat.unknown", command=shown)))
