"""Submitting Klar, Nytt slutdatum and Lämna över; the message the modal was opened from then says
what was done, by whom and when: a reminder, the card in the weekly digest or in ``/orat mina``
(the others keep their buttons), or the Home tab. Submitting the school's Nej (with what is still
a problem) answers "Är problemet löst?" in place the same way, with the meeting it comes up at."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.domain.dates import long_date, meeting_when
from bot.results.actions import ActionView
from bot.results.common import Message, Rejected
from bot.results.responsibility import Decided
from handlers.actions.follow_up import today_said
from handlers.blocks.actions import (
    answered_card,
    answered_in_place,
    answered_line,
    reopened_answer,
    solved_check,
)
from handlers.blocks.answered import answered_list, card_ids
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
    """The message (or the Home tab) the modal was opened from, changed to say what was done
    (``key``), by whom and when, with only the buttons that still apply: a reminder, or the card
    acted on in a list of them (the digest, ``/orat mina``), whose other cards keep theirs."""
    form = FormState(body.get("view"))
    team, user, action_id = team_of(body, context), body["user"]["id"], _action_id(form)
    view = hc.services.actions.as_changed(team, action_id)
    if view is None:
        refresh_if_from_home(hc, client, body, context)
        return
    said = hc.texts(
        key,
        by=user,
        when=today_said(hc),
        due=long_date(view.due_on, hc.texts.language),
        to=view.handover_to_user_id or "",
    )
    line = answered_line(said, view) if key == "answered.done" else said
    refresh_if_from_home(hc, client, body, context, notice=line)
    source = form.metadata.get("message")
    if not isinstance(source, dict):
        return
    today = hc.services.clock().astimezone(hc.tz).date()
    if "layout" in source:
        views = hc.services.actions.as_listed(team, card_ids(source["layout"]))
        blocks = answered_list(source["layout"], views, action_id, line, user, hc.texts, today)
        if not blocks:
            return
        message = Message(text=hc.texts("answered.text", reference=view.reference), blocks=blocks)
    else:
        message = answered_card(view, line, hc.texts, today)
    _replace(client, source, message)


def _replace(client: WebClient, source: dict[str, Any], message: Message) -> None:
    """``message`` in place of the one at ``source``: by chat.update, or by the response_url of an
    ephemeral message (which chat.update cannot reach)."""
    try:
        if isinstance(source.get("channel"), str) and isinstance(source.get("ts"), str):
            client.chat_update(
                channel=source["channel"], ts=source["ts"], text=message.text, blocks=message.blocks
            )
        elif isinstance(source.get("response_url"), str):
            sent = WebhookClient(source["response_url"]).send(
                replace_original=True, text=message.text, blocks=message.blocks
            )
            if sent.status_code != 200:
                log.info("answered list not updated: %s", sent.status_code)
    except SlackApiError as exc:  # the message is gone: the change itself is made
        log.info("answered message not updated: %s", exc.response.get("error"))
    except (OSError, ValueError) as exc:  # an expired or unreachable response_url
        log.info("answered list not updated: %s", type(exc).__name__)


def _source(form: FormState) -> dict[str, str] | None:
    source = form.metadata.get("message")
    if not isinstance(source, dict) or not all(isinstance(source.get(k), str) for k in ("channel", "ts")):
        return None
    return source


def _answer_question(
    hc: HandlerContext,
    client: WebClient,
    form: FormState,
    view: ActionView,
    who: tuple[str, str],
    reason: str,
) -> None:
    """The "Är problemet löst?" message the modal was opened from, answered Nej in place: reopened
    by whom and when, why, and at which meeting the report comes up again."""
    source = _source(form)
    if source is None:
        return
    (team, user), day = who, today_said(hc)
    line = hc.texts("answered.solved", answer=hc.texts("solved.no"), by=user, when=day)
    heard_at = hc.services.actions.heard_again_at(team, hc.services.clock())
    question = solved_check(view, hc.texts)
    meeting = meeting_when(heard_at, hc.tz, hc.texts.language)
    blocks = answered_in_place(question.blocks, line) + reopened_answer(
        view, user, day, meeting, reason, hc.texts
    )
    try:
        client.chat_update(channel=source["channel"], ts=source["ts"], text=question.text, blocks=blocks)
    except SlackApiError as exc:  # the message is gone: the answer itself is saved
        log.info("answered question not updated: %s", exc.response.get("error"))


def _after(key: str) -> AfterDecision:
    def after(hc: HandlerContext, client: WebClient, body: dict[str, Any], context: BoltContext) -> None:
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
        _answer_question(hc, client, form, answer, (team, user), reason)

    for callback_id, refusal_field, decide, answered in (
        (ACTION_DONE_VIEW, "note", done, "answered.done"),
        (ACTION_DEADLINE_VIEW, "due_on", new_deadline, "answered.due_on"),
        (ACTION_HANDOVER_VIEW, "to_user", hand_over, "answered.handover"),
    ):
        places = ErrorPlaces(FOLLOW_UP_BLOCKS, refusal_field, _LIMITS)
        decision_view(app, hc, callback_id, places, decide, after=_after(answered))
