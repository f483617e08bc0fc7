"""Submitting the merge and question modals of a review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.results.common import Rejected
from bot.services.review import Reviewed
from handlers.actions.follow_up import today_said
from handlers.blocks.review import review_done, review_done_line
from handlers.context import HandlerContext, parse_id, team_of, tolerating_malformed
from handlers.events.home import refresh_if_from_home
from handlers.ids import MERGE_INTO_BLOCK, QUESTION_BLOCK, REVIEW_MERGE_VIEW, REVIEW_RETURN_VIEW
from handlers.views.forms import ErrorPlaces, FormState, deliver, submitted

# The review service names its fields after the blocks.
_BLOCKS = {"merge_into": MERGE_INTO_BLOCK, "question": QUESTION_BLOCK}


def _message(form: FormState) -> tuple[str | None, str | None]:
    """Where the review request is (its channel and ts), to be marked done."""
    channel, ts = form.metadata.get("channel"), form.metadata.get("ts")
    return channel if isinstance(channel, str) else None, ts if isinstance(ts, str) else None


def register(app: App, hc: HandlerContext) -> None:
    def reviewing(
        callback_id: str,
        field: str,
        outcome: str,
        review: Callable[[str, str, int, FormState], Reviewed | Rejected],
    ) -> None:
        @app.view(callback_id)
        @tolerating_malformed
        def submit_review(
            ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
        ) -> None:
            form = FormState(view)
            user, report_id = body["user"]["id"], parse_id(form.metadata.get("report"))
            places = ErrorPlaces(_BLOCKS, field)
            result = submitted(
                hc, ack, form, places, lambda: review(team_of(body, context), user, report_id, form)
            )
            if result is None:
                return
            ack()
            channel, ts = _message(form)
            done = (result.report, outcome, user, today_said(hc), hc.texts, result.merged_into)
            if channel and ts:
                client.chat_update(
                    channel=channel, ts=ts, text=hc.texts("review.text_done"), blocks=review_done(*done)
                )
            deliver(hc, result.notification_keys)
            refresh_if_from_home(
                hc, client, body, context, notice=review_done_line(*done, with_reference=True)
            )

    def merge(team: str, user: str, report_id: int, form: FormState) -> Reviewed | Rejected:
        into = form.option_id(MERGE_INTO_BLOCK)
        return hc.services.review.merge(team, user, report_id, into, hc.services.clock())

    def ask(team: str, user: str, report_id: int, form: FormState) -> Reviewed | Rejected:
        question = form.text(QUESTION_BLOCK)
        return hc.services.review.return_with_question(team, user, report_id, question, hc.services.clock())

    reviewing(REVIEW_MERGE_VIEW, "merge_into", "merged", merge)
    reviewing(REVIEW_RETURN_VIEW, "question", "returned", ask)
