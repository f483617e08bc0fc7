"""Saving the administration forms; the overview underneath is refreshed after each save."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.domain.reports import UNIT_NAME_MAX
from bot.domain.vocabulary import LABEL_MAX
from bot.results.admin import MemberInput, TermInput, UnitInput
from handlers.blocks.admin import admin_home, terms_form
from handlers.context import HandlerContext, optional_id, team_of, tolerating_malformed
from handlers.ids import ADMIN_BLOCKS, ADMIN_MEMBER_VIEW, ADMIN_TERM_BLOCKS, ADMIN_TERMS_VIEW, ADMIN_UNIT_VIEW
from handlers.views.forms import ErrorPlaces, FormState, submitted

_LIMITS = {"unit_name_too_long": {"limit": UNIT_NAME_MAX}, "term_too_long": {"limit": LABEL_MAX}}


def _unit_input(form: FormState) -> UnitInput:
    return UnitInput(
        unit_id=optional_id(str(form.metadata.get("unit"))),
        name=form.text(ADMIN_BLOCKS["name"]),
        kind=form.option(ADMIN_BLOCKS["kind"]),
        area=form.option(ADMIN_BLOCKS["area"]),
        reviewer_user_id=form.user(ADMIN_BLOCKS["reviewer"]),
        active="yes" in form.options(ADMIN_BLOCKS["active"]),
    )


def _member_input(form: FormState) -> MemberInput:
    return MemberInput(
        user_id=form.user(ADMIN_BLOCKS["user"]),
        unit_id=form.option_id(ADMIN_BLOCKS["unit"]),
        roles=tuple(form.options(ADMIN_BLOCKS["roles"])),
    )


def _term_input(form: FormState) -> TermInput:
    return TermInput(
        action=form.option(ADMIN_TERM_BLOCKS["action"]),
        kind=form.option(ADMIN_TERM_BLOCKS["kind"]),
        term=form.option(ADMIN_TERM_BLOCKS["term"]),
        label=form.text(ADMIN_TERM_BLOCKS["label"]),
    )


def register(app: App, hc: HandlerContext) -> None:
    def saving(
        callback_id: str,
        refusal_field: str,
        entry_of: Callable[[FormState], Any],
        save: Callable[[str, str, Any, datetime], object],
    ) -> None:
        @app.view(callback_id)
        @tolerating_malformed
        def save_form(
            ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
        ) -> None:
            # The member form's block ids carry the person (see member_form): read and answer by prefix.
            form = FormState(view, suffixed=True)
            team, user, entry = team_of(body, context), body["user"]["id"], entry_of(form)
            places = ErrorPlaces(ADMIN_BLOCKS, refusal_field, _LIMITS)
            if submitted(hc, ack, form, places, lambda: save(team, user, entry, hc.services.clock())) is None:
                return
            ack()
            root = view.get("root_view_id")
            if root:
                overview = hc.services.admin.overview(team, user)
                client.views_update(view_id=root, view=admin_home(overview, hc.texts))

    saving(ADMIN_UNIT_VIEW, "name", _unit_input, hc.services.admin.save_unit)
    saving(ADMIN_MEMBER_VIEW, "user", _member_input, hc.services.admin.save_member)

    @app.view(ADMIN_TERMS_VIEW)
    @tolerating_malformed
    def save_terms(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        # Inline errors under the fields; done, the modal shows the lists as they are now.
        form = FormState(view)
        team, user, entry = team_of(body, context), body["user"]["id"], _term_input(form)
        places = ErrorPlaces(ADMIN_TERM_BLOCKS, "action", _LIMITS)
        change = lambda: hc.services.vocabulary.change(team, user, entry, hc.services.clock())  # noqa: E731
        vocabulary = submitted(hc, ack, form, places, change)
        if vocabulary is not None:
            done = hc.texts(f"admin.term_done.{entry.action}")
            ack(response_action="update", view=terms_form(vocabulary, hc.texts, done))
