"""The App Home tab: published when opened, paged with its buttons, and published again after
something done from it (a modal opened from the tab carries ``"home"`` in its private_metadata)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.blocks.admin import admin_home
from handlers.blocks.home import home_view
from handlers.blocks.report import report_modal
from handlers.context import (
    HandlerContext,
    Malformed,
    clicked_value,
    explaining_refusals,
    team_of,
    trigger_of,
)
from handlers.ids import HOME_ADMIN, HOME_NEW_REPORT, HOME_PAGE_NEXT, HOME_PAGE_PREVIOUS
from handlers.views.forms import private_metadata


def from_home(body: dict[str, Any]) -> bool:
    """True for a click in the App Home tab (not in a message or a modal)."""
    view = body.get("view")
    return isinstance(view, dict) and view.get("type") == "home"


def marked_from_home(view: dict[str, Any]) -> dict[str, Any]:
    """The modal with ``"home": 1`` in its private_metadata, so its submit publishes the tab again."""
    metadata = private_metadata(view)
    metadata["home"] = 1
    return {**view, "private_metadata": json.dumps(metadata)}


def opened_from(body: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    """``view`` as it should be opened for this click: marked when the click came from the tab."""
    return marked_from_home(view) if from_home(body) else view


def publish_home(
    hc: HandlerContext,
    client: WebClient,
    team: str,
    user: str,
    offsets: dict[str, Any] | None = None,
    notice: str | None = None,
) -> None:
    home = hc.services.home.home(team, user, hc.services.clock(), offsets or {})
    client.views_publish(user_id=user, view=home_view(home, hc.texts, hc.tz, notice=notice))


def refresh_if_from_home(
    hc: HandlerContext,
    client: WebClient,
    body: dict[str, Any],
    context: BoltContext,
    notice: str | None = None,
) -> None:
    """After a change made from the tab (directly, or in a modal opened from it): show it there,
    with ``notice`` (what was just done, by whom and when) at the top."""
    view = body.get("view") if isinstance(body.get("view"), dict) else {}
    if from_home(body) or private_metadata(view).get("home"):
        publish_home(hc, client, team_of(body, context), body["user"]["id"], _offsets(body), notice)


def _offsets(body: dict[str, Any]) -> dict[str, Any]:
    return private_metadata(body["view"]) if from_home(body) else {}


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)

    @app.event("app_home_opened")
    def home_opened(
        event: dict[str, Any], client: WebClient, context: BoltContext, body: dict[str, Any]
    ) -> None:
        if event.get("tab") != "home" or not isinstance(event.get("user"), str):
            return  # the Messages tab: nothing to publish
        publish_home(hc, client, team_of(body, context), event["user"])

    def page(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        name, _, offset = clicked_value(body).partition(":")
        if not offset.isdigit() or not from_home(body):
            raise Malformed("page")
        offsets = {**private_metadata(body["view"]), name: int(offset)}
        publish_home(hc, client, team_of(body, context), body["user"]["id"], offsets)

    app.action(HOME_PAGE_NEXT)(explained(page))
    app.action(HOME_PAGE_PREVIOUS)(explained(page))

    @app.action(HOME_NEW_REPORT)
    @explained
    def new_report(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        user = body["user"]["id"]
        form = hc.services.reports.report_form(team_of(body, context), user, "", hc.services.clock())
        client.views_open(
            trigger_id=trigger_of(body), view=opened_from(body, report_modal(form, hc.texts, hc.tz))
        )

    @app.action(HOME_ADMIN)
    @explained
    def administer(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        overview = hc.services.admin.overview(team_of(body, context), body["user"]["id"])
        client.views_open(trigger_id=trigger_of(body), view=admin_home(overview, hc.texts))
