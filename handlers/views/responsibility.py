"""Submitting the responsibility modal and the outcome modals of an agenda item."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.actions import ActionInput
from bot.results.common import Rejected
from bot.results.responsibility import AttendanceSet, Decided
from handlers.blocks.responsibility import attendance_saved
from handlers.context import HandlerContext, parse_id, team_of, tolerating_malformed
from handlers.ids import (
    ATTENDANCE_BLOCK,
    ATTENDANCE_VIEW,
    OUTCOME_VIEW,
    RESPONSIBILITY_BLOCKS,
    RESPONSIBILITY_VIEW,
)
from handlers.views.forms import ErrorPlaces, FormState, decision_view, submitted

_LIMITS = {"action_description_too_long": {"limit": 1000}, "action_note_too_long": {"limit": 1000}}
_BLOCK = RESPONSIBILITY_BLOCKS
_ATTENDANCE = ErrorPlaces({"users": ATTENDANCE_BLOCK}, "users")


def _item_id(form: FormState) -> int:
    return parse_id(form.metadata.get("item"))


def register(app: App, hc: HandlerContext) -> None:
    def take(team: str, user: str, form: FormState) -> Decided | Rejected:
        action = ActionInput(
            unit_id=form.option_id(_BLOCK["unit"]),
            owner_user_id=form.user(_BLOCK["owner"]),
            description=form.text(_BLOCK["description"]),
            due_on=form.day(_BLOCK["due_on"]),
            note=form.text(_BLOCK["note"]),
        )
        return hc.services.responsibility.take(
            team,
            user,
            _item_id(form),
            action,
            assign=bool(form.metadata.get("assign")),
            now=hc.services.clock(),
            view_id=form.view_id,
        )

    def decide(team: str, user: str, form: FormState) -> Decided | Rejected:
        return hc.services.responsibility.decide(
            team,
            user,
            _item_id(form),
            str(form.metadata.get("outcome")),
            hc.services.clock(),
            note=form.text(_BLOCK["note"]),
            suggested_unit_id=form.option_id(_BLOCK["suggested_unit"]),
        )

    decision_view(app, hc, RESPONSIBILITY_VIEW, ErrorPlaces(_BLOCK, "description", _LIMITS), take)
    decision_view(app, hc, OUTCOME_VIEW, ErrorPlaces(_BLOCK, "note", _LIMITS), decide)

    @app.view(ATTENDANCE_VIEW)
    @tolerating_malformed
    def attendance(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        form = FormState(view)
        team, user = team_of(body, context), body["user"]["id"]
        meeting_id, users = parse_id(form.metadata.get("meeting")), form.users(ATTENDANCE_BLOCK)

        def run() -> AttendanceSet:
            return hc.services.responsibility.set_attendance(
                team, user, meeting_id, users, hc.services.clock()
            )

        saved = submitted(hc, ack, form, _ATTENDANCE, run)
        if saved is not None:
            ack(response_action="update", view=attendance_saved(saved, hc.texts))
            for update in saved.updates:  # the agenda shows who is present, in place
                client.chat_update(
                    channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks
                )
