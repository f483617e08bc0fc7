"""Saving the workspace's settings and the pasted organisation file: every error inline under its
field (nothing is stored then), else the modal turns into a confirmation."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.workspace_settings import TEXT_FIELDS
from bot.results.common import Denied
from bot.results.settings import SettingsRejected
from bot.texts import Texts
from handlers.blocks.settings import block_of, settings_saved, units_loaded
from handlers.context import HandlerContext, team_of, tolerating_malformed
from handlers.events.home import refresh_if_from_home
from handlers.ids import SETTINGS_UNITS_BLOCK, SETTINGS_UNITS_VIEW, SETTINGS_VIEW
from handlers.views.forms import FormState


def settings_input(form: FormState) -> dict[str, Any]:
    """The submitted settings by field; a field the modal did not show is left out (unchanged)."""
    values: dict[str, Any] = {}
    if form.has_block(block_of("meeting_channel")):
        values["meeting_channel"] = form.conversation(block_of("meeting_channel"))
    if form.has_block(block_of("chairs")):
        values["chairs"] = form.users(block_of("chairs"))
    values["admins"] = form.users(block_of("admins"))
    values.update({name: form.text(block_of(name)) for name in TEXT_FIELDS})
    values.update({name: form.option(block_of(name)) or "" for name in ("language", "reporters")})
    return values


def _errors(rejected: SettingsRejected, texts: Texts, block: Any) -> dict[str, str]:
    errors = {block(name): text for name, text in rejected.errors.items()}
    errors.update({block(name): texts(f"settings.error.{code}") for name, code in rejected.codes.items()})
    return errors


def register(app: App, hc: HandlerContext) -> None:
    @app.view(SETTINGS_VIEW)
    @tolerating_malformed
    def save_settings(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        form, user = FormState(view), body["user"]["id"]
        try:
            result = hc.services.workspaces.save(
                team_of(body, context), user, settings_input(form), hc.services.clock()
            )
        except Denied as exc:
            ack(response_action="errors", errors={block_of("admins"): hc.texts(f"denied.{exc.code}")})
            return
        if isinstance(result, SettingsRejected):
            ack(response_action="errors", errors=_errors(result, hc.texts, block_of))
            return
        ack(response_action="update", view=settings_saved(result.changed, hc.texts))
        refresh_if_from_home(hc, client, body, context)

    @app.view(SETTINGS_UNITS_VIEW)
    @tolerating_malformed
    def load_units(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        form, user = FormState(view), body["user"]["id"]
        text = form.text(SETTINGS_UNITS_BLOCK)
        try:
            result = hc.services.workspaces.load_units(
                team_of(body, context), user, text, hc.services.clock()
            )
        except Denied as exc:
            ack(response_action="errors", errors={SETTINGS_UNITS_BLOCK: hc.texts(f"denied.{exc.code}")})
            return
        if isinstance(result, SettingsRejected):
            ack(response_action="errors", errors=_errors(result, hc.texts, lambda _: SETTINGS_UNITS_BLOCK))
            return
        ack(response_action="update", view=units_loaded(result.added, result.updated, hc.texts))
        refresh_if_from_home(hc, client, body, context)
