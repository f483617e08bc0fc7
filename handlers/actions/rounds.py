"""The weekly round's DM: *Rapportera* opens the report form with the unit chosen, *Inget nytt*
records the unit's answer (the DMs then say who answered; a later click is told so)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.blocks.common import ephemeral
from handlers.blocks.report import report_modal
from handlers.blocks.rounds import answered_line
from handlers.context import HandlerContext, clicked_value, explaining_refusals, parse_id, team_of, trigger_of
from handlers.ids import ROUND_NOTHING_NEW, ROUND_REPORT
from handlers.views.forms import deliver


def _meeting_and_unit(value: str) -> tuple[int, int]:
    """``"meeting:unit"`` → (meeting id, unit id)."""
    meeting, _, unit = value.partition(":")
    return parse_id(meeting), parse_id(unit)


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)

    @app.action(ROUND_REPORT)
    @explained
    def report(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        _, unit_id = _meeting_and_unit(clicked_value(body))
        form = hc.services.reports.report_form(
            team_of(body, context), body["user"]["id"], "", hc.services.clock(), unit_id=unit_id
        )
        client.views_open(trigger_id=trigger_of(body), view=report_modal(form, hc.texts, hc.tz))

    @app.action(ROUND_NOTHING_NEW)
    @explained
    def nothing_new(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        meeting_id, unit_id = _meeting_and_unit(clicked_value(body))
        answer = hc.services.rounds.nothing_new(
            team_of(body, context), body["user"]["id"], meeting_id, unit_id, hc.services.clock()
        )
        deliver(hc, answer.notification_keys)  # the unit's DMs say who answered, in place
        if answer.already:
            line = answered_line(answer.answered, hc.texts, hc.tz)
            respond(replace_original=False, **ephemeral(hc.texts("round.already_answered", answer=line)))
