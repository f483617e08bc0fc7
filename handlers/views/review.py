"""Submitting the merge and question modals of a review."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.services.common import Denied, Rejected
from handlers.blocks.review import review_done
from handlers.context import HandlerContext, optional_id, parse_id, team_of, tolerating_malformed
from handlers.events.home import refresh_if_from_home
from handlers.ids import MERGE_INTO_BLOCK, QUESTION_BLOCK, REVIEW_MERGE_VIEW, REVIEW_RETURN_VIEW, VALUE
from handlers.views.forms import private_metadata


def _metadata(view: dict[str, Any]) -> tuple[int, str | None, str | None]:
    data = private_metadata(view)
    channel, ts = data.get("channel"), data.get("ts")
    return (
        parse_id(data.get("report")),
        channel if isinstance(channel, str) else None,
        ts if isinstance(ts, str) else None,
    )


def _value(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return (view.get("state", {}).get("values", {}).get(block_id) or {}).get(VALUE) or {}


def register(app: App, hc: HandlerContext) -> None:
    def finish(
        ack: Ack,
        body: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        result: Any,
        block_id: str,
        outcome: str,
    ) -> None:
        if isinstance(result, Rejected):
            code = next(iter(result.errors.values()))
            ack(response_action="errors", errors={block_id: hc.texts(f"error.{code}")})
            return
        ack()
        user = body["user"]["id"]
        _, channel, ts = _metadata(body["view"])
        if channel and ts:
            client.chat_update(
                channel=channel,
                ts=ts,
                text=hc.texts("review.text_done"),
                blocks=review_done(result.report, outcome, user, hc.texts, result.merged_into),
            )
        hc.services.outbox.dispatch_soon(result.notification_keys)
        refresh_if_from_home(hc, client, body, context)

    def denied(ack: Ack, block_id: str, exc: Denied) -> None:
        ack(response_action="errors", errors={block_id: hc.texts(f"denied.{exc.code}")})

    @app.view(REVIEW_MERGE_VIEW)
    @tolerating_malformed
    def submit_merge(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        report_id, _, _ = _metadata(view)
        chosen = (_value(view, MERGE_INTO_BLOCK).get("selected_option") or {}).get("value")
        into = optional_id(chosen)
        try:
            result = hc.services.review.merge(
                team_of(body, context), body["user"]["id"], report_id, into, hc.services.clock()
            )
        except Denied as exc:
            denied(ack, MERGE_INTO_BLOCK, exc)
            return
        finish(ack, body, client, context, result, MERGE_INTO_BLOCK, "merged")

    @app.view(REVIEW_RETURN_VIEW)
    @tolerating_malformed
    def submit_return(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        report_id, _, _ = _metadata(view)
        question = _value(view, QUESTION_BLOCK).get("value") or ""
        try:
            result = hc.services.review.return_with_question(
                team_of(body, context), body["user"]["id"], report_id, str(question), hc.services.clock()
            )
        except Denied as exc:
            denied(ack, QUESTION_BLOCK, exc)
            return
        finish(ack, body, client, context, result, QUESTION_BLOCK, "returned")
