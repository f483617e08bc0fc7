"""The buttons of the administration modal: open the unit or member form on top of it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.results.common import Denied
from handlers.blocks.admin import member_form, terms_form, unit_form
from handlers.context import HandlerContext, clicked_value, team_of, tolerating_malformed, trigger_of
from handlers.ids import ADMIN_BLOCKS, ADMIN_MEMBER, ADMIN_TERMS, ADMIN_UNIT_EDIT, ADMIN_UNIT_NEW, VALUE

log = logging.getLogger(__name__)


def register(app: App, hc: HandlerContext) -> None:
    @app.action(ADMIN_UNIT_NEW)
    @tolerating_malformed
    def new_unit(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        client.views_push(trigger_id=trigger_of(body), view=unit_form(None, hc.texts))

    @app.action(ADMIN_UNIT_EDIT)
    @tolerating_malformed
    def edit_unit(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        chosen = clicked_value(body)
        try:
            overview = hc.services.admin.overview(team_of(body, context), body["user"]["id"])
        except Denied:
            log.info("admin action refused")
            return
        details = next((d for d in overview.units if str(d.unit.id) == chosen), None)
        if details is not None:
            view = unit_form(details, hc.texts, overview.vocabulary)
            client.views_push(trigger_id=trigger_of(body), view=view)

    @app.action(ADMIN_MEMBER)
    @tolerating_malformed
    def member(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        try:
            overview = hc.services.admin.overview(team_of(body, context), body["user"]["id"])
        except Denied:
            log.info("admin action refused")
            return
        view = member_form(None, list(overview.units), overview.may_grant_chair, hc.texts)
        client.views_push(trigger_id=trigger_of(body), view=view)

    @app.action(ADMIN_TERMS)
    @tolerating_malformed
    def terms(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        try:
            vocabulary = hc.services.vocabulary.for_admin(team_of(body, context), body["user"]["id"])
        except Denied:
            log.info("admin action refused")
            return
        client.views_push(trigger_id=trigger_of(body), view=terms_form(vocabulary, hc.texts))

    @app.action({"block_id": ADMIN_BLOCKS["user"], "action_id": VALUE})
    @tolerating_malformed
    def member_chosen(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        chosen = action.get("selected_user") if isinstance(action, dict) else None
        view = body.get("view") or {}
        if not isinstance(chosen, str) or not view.get("id"):
            return
        team, user = team_of(body, context), body["user"]["id"]
        try:
            overview = hc.services.admin.overview(team, user)
            state = hc.services.admin.member(team, user, chosen)
        except Denied:
            log.info("admin action refused")
            return
        form = member_form(state, list(overview.units), overview.may_grant_chair, hc.texts)
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=form)
