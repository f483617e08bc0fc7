"""Saving the administration forms; the overview underneath is refreshed after each save."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.reports import UNIT_NAME_MAX
from bot.services.admin import MemberInput, UnitInput
from bot.services.common import Denied, Rejected
from handlers.blocks.admin import admin_home
from handlers.context import HandlerContext, optional_id, team_of, tolerating_malformed
from handlers.ids import ADMIN_BLOCKS, ADMIN_MEMBER_VIEW, ADMIN_UNIT_VIEW, VALUE
from handlers.views.forms import private_metadata


def _element(view: dict[str, Any], field: str) -> dict[str, Any]:
    """The input element of ``field``'s block (its id may carry a suffix: see member_form)."""
    values = (view.get("state") or {}).get("values") or {}
    prefix = ADMIN_BLOCKS[field]
    for block_id, block in values.items():
        if (block_id == prefix or block_id.startswith(prefix + ":")) and isinstance(block, dict):
            found = block.get(VALUE)
            return found if isinstance(found, dict) else {}
    return {}


def _selected(view: dict[str, Any], field: str) -> str | None:
    option = _element(view, field).get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else None


def _checked(view: dict[str, Any], field: str) -> list[str]:
    options = _element(view, field).get("selected_options")
    if not isinstance(options, list):
        return []
    return [o["value"] for o in options if isinstance(o, dict) and isinstance(o.get("value"), str)]


def _id(text: str | None) -> int | None:
    return optional_id(text)


def register(app: App, hc: HandlerContext) -> None:
    def answer(ack: Ack, result: object, body: dict[str, Any], client: WebClient, team: str) -> None:
        if isinstance(result, Rejected):
            errors = {
                ADMIN_BLOCKS[f]: hc.texts(f"error.{code}", limit=UNIT_NAME_MAX)
                for f, code in result.errors.items()
            }
            view_blocks = {b.get("block_id", "") for b in body["view"].get("blocks", [])}
            # The member form's block ids carry the person: answer under the block shown.
            errors = {next((b for b in view_blocks if b.startswith(k)), k): v for k, v in errors.items()}
            ack(response_action="errors", errors=errors)
            return
        ack()
        root = body["view"].get("root_view_id")
        if root:
            overview = hc.services.admin.overview(team, body["user"]["id"])
            client.views_update(view_id=root, view=admin_home(overview, hc.texts))

    @app.view(ADMIN_UNIT_VIEW)
    @tolerating_malformed
    def save_unit(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ):
        team, user = team_of(body, context), body["user"]["id"]
        name = _element(view, "name").get("value")
        reviewer = _element(view, "reviewer").get("selected_user")
        entry = UnitInput(
            unit_id=_id(str(private_metadata(view).get("unit"))),
            name=name if isinstance(name, str) else "",
            kind=_selected(view, "kind"),
            area=_selected(view, "area"),
            reviewer_user_id=reviewer if isinstance(reviewer, str) else None,
            active="yes" in _checked(view, "active"),
        )
        try:
            result = hc.services.admin.save_unit(team, user, entry, hc.services.clock())
        except Denied as exc:
            ack(response_action="errors", errors={ADMIN_BLOCKS["name"]: hc.texts(f"denied.{exc.code}")})
            return
        answer(ack, result, body, client, team)

    @app.view(ADMIN_MEMBER_VIEW)
    @tolerating_malformed
    def save_member(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ):
        team, user = team_of(body, context), body["user"]["id"]
        member = _element(view, "user").get("selected_user")
        entry = MemberInput(
            user_id=member if isinstance(member, str) else None,
            unit_id=_id(_selected(view, "unit")),
            roles=tuple(_checked(view, "roles")),
        )
        try:
            result = hc.services.admin.save_member(team, user, entry, hc.services.clock())
        except Denied as exc:
            ack(response_action="errors", errors={ADMIN_BLOCKS["user"]: hc.texts(f"denied.{exc.code}")})
            return
        answer(ack, result, body, client, team)
