"""The education chief's buttons on a review request, and the reporter's "edit and resend"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.blocks.report import report_modal
from handlers.blocks.review import merge_modal, return_modal, review_done
from handlers.context import HandlerContext, clicked_value, explaining_refusals, parse_id, team_of, trigger_of
from handlers.events.home import from_home, opened_from, refresh_if_from_home
from handlers.ids import REPORT_EDIT, REVIEW_MERGE, REVIEW_RAISE, REVIEW_RETURN


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

    @app.action(REVIEW_RAISE)
    @explained
    def raise_to_meeting(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
    ) -> None:
        ack()
        user, report_id, _, _ = _clicked(body)
        done = hc.services.review.raise_to_meeting(
            team_of(body, context), user, report_id, hc.services.clock()
        )
        if from_home(body):
            refresh_if_from_home(hc, client, body, context)
        else:
            respond(
                replace_original=True,
                text=hc.texts("review.text_done"),
                blocks=review_done(done.report, "raised", user, hc.texts),
            )
        hc.services.outbox.dispatch_soon(done.notification_keys)

    @app.action(REVIEW_MERGE)
    @explained
    def open_merge(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        user, report_id, channel, ts = _clicked(body)
        report, candidates = hc.services.review.merge_candidates(
            team_of(body, context), user, report_id, hc.services.clock()
        )
        modal = merge_modal(report, candidates, hc.texts, channel, ts)
        client.views_open(trigger_id=trigger_of(body), view=opened_from(body, modal))

    @app.action(REVIEW_RETURN)
    @explained
    def open_return(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        user, report_id, channel, ts = _clicked(body)
        report = hc.services.review.review_view(team_of(body, context), user, report_id)
        modal = return_modal(report, hc.texts, channel, ts)
        client.views_open(trigger_id=trigger_of(body), view=opened_from(body, modal))

    @app.action(REPORT_EDIT)
    @explained
    def open_edit(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        user, report_id, _, _ = _clicked(body)
        form = hc.services.reports.edit_form(team_of(body, context), user, report_id, hc.services.clock())
        client.views_open(
            trigger_id=trigger_of(body), view=opened_from(body, report_modal(form, hc.texts, hc.tz))
        )
