"""The owner's buttons on an action (Klar, Ny deadline, Lämna över), the receiver's answer to a
handover, and the school's answer to "Är problemet löst?"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.blocks.actions import deadline_modal, done_modal, handover_modal, solved_answered
from handlers.blocks.common import ephemeral
from handlers.context import HandlerContext, clicked_value, explaining_refusals, parse_id, team_of, trigger_of
from handlers.events.home import opened_from
from handlers.ids import (
    ACTION_DEADLINE,
    ACTION_DONE,
    ACTION_HANDOVER,
    HANDOVER_ACCEPT,
    HANDOVER_DECLINE,
    SOLVED_NO,
    SOLVED_YES,
)
from handlers.views.forms import apply_decision


def _clicked(body: dict[str, Any], context: BoltContext) -> tuple[str, str, int]:
    return team_of(body, context), body["user"]["id"], parse_id(clicked_value(body))


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)
    modals = {ACTION_DONE: done_modal, ACTION_DEADLINE: deadline_modal}

    def open_modal(action_id: str):
        @app.action(action_id)
        @explained
        def opened(
            ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
        ) -> None:
            ack()
            team, user, action = _clicked(body, context)
            view, units = hc.services.actions.for_owner(team, user, action)
            modal = (
                handover_modal(view, units, hc.texts)
                if action_id == ACTION_HANDOVER
                else modals[action_id](view, hc.texts)
            )
            client.views_open(trigger_id=trigger_of(body), view=opened_from(body, modal))

    for action_id in (ACTION_DONE, ACTION_DEADLINE, ACTION_HANDOVER):
        open_modal(action_id)

    def answer_handover(action_id: str, accept: bool):
        @app.action(action_id)
        @explained
        def answered(
            ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
        ) -> None:
            ack()
            team, user, action = _clicked(body, context)
            decided = hc.services.actions.answer_handover(team, user, action, accept, hc.services.clock())
            respond(
                replace_original=True,
                **ephemeral(hc.texts("action_event.answered_yes" if accept else "action_event.answered_no")),
            )
            apply_decision(hc, client, decided)

    answer_handover(HANDOVER_ACCEPT, True)
    answer_handover(HANDOVER_DECLINE, False)

    def answer_solved(action_id: str, solved: bool):
        @app.action(action_id)
        @explained
        def answered(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
            ack()
            team, user, action = _clicked(body, context)
            view = hc.services.actions.answer_solved(team, user, action, solved, hc.services.clock())
            respond(
                replace_original=True,
                text=hc.texts("solved.text", reference=view.reference),
                blocks=solved_answered(view, solved, hc.texts),
            )

    answer_solved(SOLVED_YES, True)
    answer_solved(SOLVED_NO, False)
