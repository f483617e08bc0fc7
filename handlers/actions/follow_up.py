"""The owner's buttons on an action (Klar, Nytt slutdatum, Lämna över), the receiver's answer to a
handover, and the school's answer to "Är problemet löst?". Each answer, and each button pressed
too late (the action was already done elsewhere), changes the message it was pressed on."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.domain.dates import long_date
from bot.domain.text import escape_mrkdwn
from bot.results.common import Denied
from handlers.blocks.actions import (
    answered_in_place,
    deadline_modal,
    done_modal,
    handover_modal,
    solved_answered,
    unsolved_modal,
)
from handlers.blocks.answered import layout_of
from handlers.blocks.common import ephemeral
from handlers.blocks.mine import my_actions
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
from handlers.views.forms import apply_decision, private_metadata


def _clicked(body: dict[str, Any], context: BoltContext) -> tuple[str, str, int]:
    return team_of(body, context), body["user"]["id"], parse_id(clicked_value(body))


def today_said(hc: HandlerContext) -> str:
    """Today as the answered message says when: ``onsdag 2 december``."""
    return long_date(hc.services.clock().astimezone(hc.tz).date(), hc.texts.language)


def _message_blocks(body: dict[str, Any]) -> list[Any] | None:
    """The blocks of the message the button was pressed on, as Slack sends them with the click."""
    message = body.get("message")
    blocks = message.get("blocks") if isinstance(message, dict) else None
    return blocks if isinstance(blocks, list) and blocks else None


def _source_message(body: dict[str, Any]) -> dict[str, Any] | None:
    """Where the message the button was pressed on is, for the modal's submit to change it: a
    message with one action card (a reminder) by channel and ts; a list of cards (the digest, the
    ephemeral ``/orat mina``) with its layout too, and by its response_url when it is ephemeral."""
    container = body.get("container") if isinstance(body.get("container"), dict) else {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    blocks = _message_blocks(body) or []
    cards = [
        b
        for b in blocks
        if isinstance(b, dict) and b.get("type") == "actions" and str(b.get("block_id")).startswith("action_")
    ]
    placed = isinstance(channel, str) and isinstance(ts, str) and not container.get("is_ephemeral")
    if (
        placed
        and len(cards) == 1
        and not any(isinstance(b, dict) and b.get("type") == "header" for b in blocks)
    ):
        return {"channel": channel, "ts": ts}
    layout = layout_of(blocks) if cards else None
    response_url = body.get("response_url")
    if layout is None:
        return None
    if placed:
        return {"channel": channel, "ts": ts, "layout": layout}
    return {"response_url": response_url, "layout": layout} if isinstance(response_url, str) else None


def _mine_source(hc: HandlerContext, body: dict[str, Any], team: str, user: str) -> dict[str, Any] | None:
    """``/orat mina`` pressed on: Slack sends no blocks with a click in an ephemeral message, so its
    layout is drawn again from the same list, to be replaced through its response_url."""
    container = body.get("container") if isinstance(body.get("container"), dict) else {}
    response_url = body.get("response_url")
    if not container.get("is_ephemeral") or not isinstance(response_url, str) or _message_blocks(body):
        return None
    today = hc.services.clock().astimezone(hc.tz).date()
    layout = layout_of(my_actions(hc.services.actions.mine(team, user), today, hc.texts).blocks)
    return {"response_url": response_url, "layout": layout} if layout is not None else None


def from_message(
    body: dict[str, Any], modal: dict[str, Any], source: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The modal with the message it was opened from (``source``, or the message of action cards
    the button was on) in its private_metadata, so that its submit changes that message."""
    source = source or _source_message(body)
    if source is None:
        return modal
    return {**modal, "private_metadata": json.dumps({**private_metadata(modal), "message": source})}


def _question_message(body: dict[str, Any]) -> dict[str, str] | None:
    """Where the "Är problemet löst?" message the button was pressed on is (a DM, not ephemeral)."""
    container = body.get("container") if isinstance(body.get("container"), dict) else {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    if container.get("is_ephemeral") or not isinstance(channel, str) or not isinstance(ts, str):
        return None
    return {"channel": channel, "ts": ts}


def answer_in_place(
    respond: Respond, body: dict[str, Any], line: str, text: str, block_id: str | None = None
) -> bool:
    """Replace the buttons of the message clicked on with ``line``; False when there is no message."""
    blocks = _message_blocks(body)
    if blocks is None:
        return False
    respond(replace_original=True, text=text, blocks=answered_in_place(blocks, line, block_id))
    return True


def _explain_stale(
    hc: HandlerContext, respond: Respond, body: dict[str, Any], team: str, action_id: int, code: str
) -> bool:
    """An owner's button pressed after the action was done, or handed over, elsewhere: the card in
    the message says so in place of its buttons. False for any other refusal."""
    if code == "action_closed":
        line = hc.texts("answered.stale_done")
    elif code == "owner_only":
        view = hc.services.actions.as_changed(team, action_id)
        if view is None or view.owner_user_id is None:
            return False
        line = hc.texts("answered.stale_owner", owner=view.owner_user_id, unit=escape_mrkdwn(view.unit))
    else:
        return False
    return answer_in_place(respond, body, line, line, f"action_{action_id}")


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
            try:
                view, units = hc.services.actions.for_owner(team, user, action)
            except Denied as exc:
                if not _explain_stale(hc, respond, body, team, action, exc.code):
                    raise
                return
            modal = (
                handover_modal(view, units, hc.texts)
                if action_id == ACTION_HANDOVER
                else modals[action_id](view, hc.texts)
            )
            source = _source_message(body) or _mine_source(hc, body, team, user)
            client.views_open(
                trigger_id=trigger_of(body), view=opened_from(body, from_message(body, modal, source))
            )

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
            try:
                decided = hc.services.actions.answer_handover(team, user, action, accept, hc.services.clock())
            except Denied as exc:
                if exc.code != "handover_not_yours" or not _explain_handover(hc, respond, body, team, user):
                    raise
                return
            text = hc.texts("action_event.answered_yes" if accept else "action_event.answered_no")
            key = "answered.handover_accepted" if accept else "answered.handover_declined"
            if not answer_in_place(respond, body, hc.texts(key, by=user, when=today_said(hc)), text):
                respond(replace_original=True, **ephemeral(text))
            apply_decision(hc, client, decided)

    answer_handover(HANDOVER_ACCEPT, True)
    answer_handover(HANDOVER_DECLINE, False)

    @app.action(SOLVED_YES)
    @explained
    def solved(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        team, user, action = _clicked(body, context)
        try:
            view = hc.services.actions.answer_solved(team, user, action, True, hc.services.clock())
        except Denied as exc:
            if not _explain_answered(hc, respond, body, exc.code):
                raise
            return
        line = hc.texts("answered.solved", answer=hc.texts("solved.yes"), by=user, when=today_said(hc))
        respond(
            replace_original=True,
            text=hc.texts("solved.text", reference=view.reference),
            blocks=answered_in_place(_message_blocks(body) or [], line) + solved_answered(view, hc.texts),
        )

    @app.action(SOLVED_NO)
    @explained
    def not_solved(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        """Nej asks what is still a problem (optional); its submit reopens the item."""
        ack()
        team, user, action = _clicked(body, context)
        try:
            view = hc.services.actions.solved_question(team, user, action)
        except Denied as exc:
            if not _explain_answered(hc, respond, body, exc.code):
                raise
            return
        modal = from_message(body, unsolved_modal(view, hc.texts), _question_message(body))
        client.views_open(trigger_id=trigger_of(body), view=modal)


def _explain_handover(
    hc: HandlerContext, respond: Respond, body: dict[str, Any], team: str, user: str
) -> bool:
    """A handover request answered too late: the request says why in place of its buttons (the
    action is done, already yours, or the handover was answered or taken back)."""
    view = hc.services.actions.as_changed(team, parse_id(clicked_value(body)))
    if view is None or view.owner_user_id is None or view.handover_to_user_id not in (None, user):
        line = hc.texts("denied.handover_not_yours")  # it waits for someone else now
    elif view.status != "open":
        line = hc.texts("answered.stale_done")
    elif view.owner_user_id == user:
        line = hc.texts("answered.stale_handover_yours")
    else:
        line = hc.texts("answered.stale_handover", owner=view.owner_user_id, unit=escape_mrkdwn(view.unit))
    return answer_in_place(respond, body, line, line)


def _explain_answered(hc: HandlerContext, respond: Respond, body: dict[str, Any], code: str) -> bool:
    """An "Är problemet löst?" answered before: the message says so in place of its buttons."""
    stale = hc.texts(f"denied.{code}")
    return code == "already_answered" and answer_in_place(respond, body, stale, stale)
