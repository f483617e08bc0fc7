"""The education chief's buttons on a review request, and the reporter's "edit and resend"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.results.common import Denied
from handlers.actions.follow_up import answer_in_place, today_said
from handlers.blocks.report import report_modal
from handlers.blocks.review import merge_modal, return_modal, review_done, review_done_line
from handlers.context import HandlerContext, clicked_value, explaining_refusals, parse_id, team_of, trigger_of
from handlers.events.home import from_home, opened_from, refresh_if_from_home
from handlers.ids import REPORT_EDIT, REVIEW_MERGE, REVIEW_RAISE, REVIEW_RETURN
from handlers.views.forms import deliver

T = TypeVar("T")


def _clicked(body: dict[str, Any]) -> tuple[str, int, str | None, str | None]:
    """The user, the report id in the button's value, and where the clicked message is."""
    container = body.get("container")
    container = container if isinstance(container, dict) else {}
    return (
        body["user"]["id"],
        parse_id(clicked_value(body)),
        container.get("channel_id"),
        container.get("message_ts"),
    )


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)

    def unless_reviewed(respond: Respond, body: dict[str, Any], run: Callable[[], T]) -> T | None:
        """``run()``; when the report was reviewed elsewhere meanwhile (the Home tab, another
        reviewer), or was already sent again after its question, the message says so in place of
        its buttons and None comes back."""
        try:
            return run()
        except Denied as exc:
            stale = hc.texts(f"denied.{exc.code}")
            if exc.code in ("already_reviewed", "report_not_returned") and not from_home(body):
                if answer_in_place(respond, body, stale, stale):
                    return None
            raise

    @app.action(REVIEW_RAISE)
    @explained
    def raise_to_meeting(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
    ) -> None:
        ack()
        user, report_id, _, _ = _clicked(body)
        team, now = team_of(body, context), hc.services.clock()
        done = unless_reviewed(
            respond, body, lambda: hc.services.review.raise_to_meeting(team, user, report_id, now)
        )
        if done is None:
            return
        if from_home(body):
            line = review_done_line(
                done.report, "raised", user, today_said(hc), hc.texts, with_reference=True
            )
            refresh_if_from_home(hc, client, body, context, notice=line)
        else:
            respond(
                replace_original=True,
                text=hc.texts("review.text_done"),
                blocks=review_done(done.report, "raised", user, today_said(hc), hc.texts),
            )
        deliver(hc, done.notification_keys)

    def opening(
        action_id: str, modal: Callable[[str, str, int, str | None, str | None], dict[str, Any]]
    ) -> None:
        """A button on a report that opens ``modal(team, user, report id, channel, ts)``, where channel
        and ts say where the clicked message is."""

        @app.action(action_id)
        @explained
        def open_modal(
            ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
        ) -> None:
            ack()
            user, report_id, channel, ts = _clicked(body)
            team = team_of(body, context)
            view = unless_reviewed(respond, body, lambda: modal(team, user, report_id, channel, ts))
            if view is None:
                return
            client.views_open(trigger_id=trigger_of(body), view=opened_from(body, view))

    def merge(team: str, user: str, report_id: int, channel: str | None, ts: str | None) -> dict[str, Any]:
        report, candidates = hc.services.review.merge_candidates(team, user, report_id, hc.services.clock())
        return merge_modal(report, candidates, hc.texts, channel, ts)

    def question(team: str, user: str, report_id: int, channel: str | None, ts: str | None) -> dict[str, Any]:
        return return_modal(hc.services.review.review_view(team, user, report_id), hc.texts, channel, ts)

    def edit(team: str, user: str, report_id: int, _channel: str | None, _ts: str | None) -> dict[str, Any]:
        form = hc.services.reports.edit_form(team, user, report_id, hc.services.clock())
        return report_modal(form, hc.texts, hc.tz)

    opening(REVIEW_MERGE, merge)
    opening(REVIEW_RETURN, question)
    opening(REPORT_EDIT, edit)
