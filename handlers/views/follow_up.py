"""Submitting Klar, Nytt slutdatum and Lämna över; a modal opened from a reminder then changes
that reminder to say what was done. Submitting the school's Nej (with what is still a problem)
answers "Är problemet löst?" in place the same way."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.dates import long_date
from bot.results.actions import ActionView
from bot.results.common import Rejected
from bot.results.responsibility import Decided
from handlers.actions.follow_up import today_said
from handlers.blocks.actions import answered_card, answered_in_place, solved_answered, solved_check
from handlers.context import HandlerContext, parse_id, team_of, tolerating_malformed
from handlers.events.home import refresh_if_from_home
from handlers.ids import (
    ACTION_DEADLINE_VIEW,
    ACTION_DONE_VIEW,
    ACTION_HANDOVER_VIEW,
    FOLLOW_UP_BLOCKS,
    SOLVED_NO_VIEW,
)
from handlers.views.forms import AfterDecision, ErrorPlaces, FormState, decision_view, submitted

log = logging.getLogger(__name__)

_LIMITS = {"action_note_too_long": {"limit": 1000}}
_BLOCK = FOLLOW_UP_BLOCKS


def _action_id(form: FormState) -> int:
    return parse_id(form.metadata.get("action"))


def _update_message(
    hc: HandlerContext, client: WebClient, body: dict[str, Any], context: BoltContext, key: str
) -> None:
    """The reminder the modal was opened from, changed to say what was done (``key``), by whom
    and when, with only the buttons that still apply."""
    form = FormState(body.get("view"))
    source = _source(form)
    if source is None:
        return
    view = hc.services.actions.as_changed(team_of(body, context), _action_id(form))
    if view is None:
        return
    line = hc.texts(
        key,
        by=body["user"]["id"],
        when=today_said(hc),
        due=long_date(view.due_on, hc.texts.language),
        to=view.handover_to_user_id or "",
    )
    message = answered_card(view, line, hc.texts, hc.services.clock().astimezone(hc.tz).date())
    try:
        client.chat_update(
            channel=source["channel"], ts=source["ts"], text=message.text, blocks=message.blocks
        )
    except SlackApiError as exc:  # the message is gone: the change itself is made
        log.info("answered message not updated: %s", exc.response.get("error"))


def _source(form: FormState) -> dict[str, str] | None:
    source = form.metadata.get("message")
    if not isinstance(source, dict) or not all(isinstance(source.get(k), str) for k in ("channel", "ts")):
        return None
    return source


def _answer_question(
    hc: HandlerContext, client: WebClient, form: FormState, view: ActionView, user: str
) -> None:
    """The "Är problemet löst?" message the modal was opened from, answered Nej in place."""
    source = _source(form)
    if source is None:
        return
    line = hc.texts("answered.solved", answer=hc.texts("solved.no"), by=user, when=today_said(hc))
    question = solved_check(view, hc.texts)
    blocks = answered_in_place(question.blocks, line) + solved_answered(view, False, hc.texts)
    try:
        client.chat_update(channel=source["channel"], ts=source["ts"], text=question.text, blocks=blocks)
    except SlackApiError as exc:  # the message is gone: the answer itself is saved
        log.info("answered question not updated: %s", exc.response.get("error"))


def _after(key: str) -> AfterDecision:
    def after(hc: HandlerContext, client: WebClient, body: dict[str, Any], context: BoltContext) -> None:
        refresh_if_from_home(hc, client, body, context)
        _update_message(hc, client, body, context, key)

    return after


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

    reason_places = ErrorPlaces(FOLLOW_UP_BLOCKS, "reason")

    @app.view(SOLVED_NO_VIEW)
    @tolerating_malformed
    def not_solved(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """Nej, with what is still a problem (optional): the item comes back on the next agenda."""
        form = FormState(view)
        team, user = team_of(body, context), body["user"]["id"]
        reason = form.text(_BLOCK["reason"])
        answer = submitted(
            hc,
            ack,
            form,
            reason_places,
            lambda: hc.services.actions.answer_solved(
                team, user, _action_id(form), False, hc.services.clock(), reason=reason
            ),
        )
        if answer is None:
            return
        ack()
        _answer_question(hc, client, form, answer, user)

    for callback_id, refusal_field, decide, answered in (
        (ACTION_DONE_VIEW, "note", done, "answered.done"),
        (ACTION_DEADLINE_VIEW, "due_on", new_deadline, "answered.due_on"),
        (ACTION_HANDOVER_VIEW, "to_user", hand_over, "answered.handover"),
    ):
        places = ErrorPlaces(FOLLOW_UP_BLOCKS, refusal_field, _LIMITS)
        decision_view(app, hc, callback_id, places, decide, after=_after(answered))
