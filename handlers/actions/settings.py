"""The ways into the workspace's settings: *Inställningar* in ``/orat admin`` (pushed on top of it)
and the first-run checklist's buttons in the Home tab (opened, and the tab published again after)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.blocks.settings import settings_form, units_form
from handlers.context import HandlerContext, explaining_refusals, team_of, trigger_of
from handlers.events.home import from_home, opened_from
from handlers.ids import SETTINGS_OPEN, SETTINGS_UNITS_OPEN


def _show(client: WebClient, body: dict[str, Any], view: dict[str, Any]) -> None:
    """On top of the modal clicked in, or opened from the Home tab (and marked so)."""
    if isinstance(body.get("view"), dict) and not from_home(body):
        client.views_push(trigger_id=trigger_of(body), view=view)
    else:
        client.views_open(trigger_id=trigger_of(body), view=opened_from(body, view))


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)

    @app.action(SETTINGS_OPEN)
    @explained
    def open_settings(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        form = hc.services.workspaces.form(team_of(body, context), body["user"]["id"])
        _show(client, body, settings_form(form, hc.texts))

    @app.action(SETTINGS_UNITS_OPEN)
    @explained
    def open_units(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        hc.services.workspaces.form(team_of(body, context), body["user"]["id"])  # admins and chairs
        _show(client, body, units_form(hc.texts))
