"""Submitting "Rätta protokollet": the correction stored, the posted minutes rewritten in place."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.results.common import Rejected
from bot.results.responsibility import MinutesCorrected
from handlers.context import HandlerContext, parse_id, team_of, tolerating_malformed
from handlers.ids import MINUTES_CORRECT_VIEW, MINUTES_CORRECTION_BLOCKS
from handlers.views.forms import ErrorPlaces, FormState, submitted

_PLACES = ErrorPlaces(MINUTES_CORRECTION_BLOCKS, "text", {"action_note_too_long": {"limit": 1000}})


def register(app: App, hc: HandlerContext) -> None:
    @app.view(MINUTES_CORRECT_VIEW)
    @tolerating_malformed
    def correct(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        form = FormState(view)
        team, user = team_of(body, context), body["user"]["id"]
        meeting_id = parse_id(form.metadata.get("meeting"))

        def run() -> MinutesCorrected | Rejected:
            return hc.services.minutes.correct(
                team,
                user,
                meeting_id,
                form.option(MINUTES_CORRECTION_BLOCKS["point"]),
                form.text(MINUTES_CORRECTION_BLOCKS["text"]),
                hc.services.clock(),
            )

        corrected = submitted(hc, ack, form, _PLACES, run)
        if corrected is None:
            return
        ack()
        for update in corrected.updates:  # after the commit and the ack: the minutes in place
            client.chat_update(channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks)
