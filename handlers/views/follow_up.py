"""Submitting Klar, Ny deadline and Lämna över."""

from __future__ import annotations

from slack_bolt import App

from bot.results.common import Rejected
from bot.results.responsibility import Decided
from handlers.context import HandlerContext, parse_id
from handlers.events.home import refresh_if_from_home
from handlers.ids import ACTION_DEADLINE_VIEW, ACTION_DONE_VIEW, ACTION_HANDOVER_VIEW, FOLLOW_UP_BLOCKS
from handlers.views.forms import ErrorPlaces, FormState, decision_view

_LIMITS = {"action_note_too_long": {"limit": 1000}}
_BLOCK = FOLLOW_UP_BLOCKS


def _action_id(form: FormState) -> int:
    return parse_id(form.metadata.get("action"))


def register(app: App, hc: HandlerContext) -> None:
    def done(team: str, user: str, form: FormState) -> Decided | Rejected:
        note = form.text(_BLOCK["note"])
        return hc.services.actions.done(team, user, _action_id(form), note, hc.services.clock())

    def new_deadline(team: str, user: str, form: FormState) -> Decided | Rejected:
        due_on = form.day(_BLOCK["due_on"])
        return hc.services.actions.new_deadline(team, user, _action_id(form), due_on, hc.services.clock())

    def hand_over(team: str, user: str, form: FormState) -> Decided | Rejected:
        to_user, to_unit = form.user(_BLOCK["to_user"]), form.option_id(_BLOCK["to_unit"])
        note = form.text(_BLOCK["note"])
        return hc.services.actions.hand_over(
            team, user, _action_id(form), to_user, to_unit, note, hc.services.clock()
        )

    for callback_id, refusal_field, decide in (
        (ACTION_DONE_VIEW, "note", done),
        (ACTION_DEADLINE_VIEW, "due_on", new_deadline),
        (ACTION_HANDOVER_VIEW, "to_user", hand_over),
    ):
        places = ErrorPlaces(FOLLOW_UP_BLOCKS, refusal_field, _LIMITS)
        decision_view(app, hc, callback_id, places, decide, after=refresh_if_from_home)
