"""Buttons on the agenda: the chairs' "Publicera nu" and each item's "Ta ansvar", "Tilldela" and
other outcomes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.domain.dates import meeting_when
from handlers.actions.draft import open_shaping_modal
from handlers.blocks.common import ephemeral
from handlers.blocks.responsibility import attendance_modal, outcome_modal, responsibility_modal
from handlers.context import (
    HandlerContext,
    Malformed,
    clicked_value,
    explaining_refusals,
    parse_id,
    team_of,
    trigger_of,
)
from handlers.ids import (
    AGENDA_ATTENDANCE,
    AGENDA_PRESENT,
    AGENDA_PUBLISH_NOW,
    ITEM_ASSIGN,
    ITEM_OUTCOME,
    ITEM_TAKE,
)
from handlers.views.forms import apply_decision, deliver


def _item(value: str) -> tuple[int, int]:
    """``"meeting:number"`` → (meeting id, item number)."""
    meeting, _, number = value.rpartition(":")
    return parse_id(meeting), parse_id(number)


def register(app: App, hc: HandlerContext) -> None:
    explained = explaining_refusals(hc.texts)

    @app.action(AGENDA_PUBLISH_NOW)
    @explained
    def publish_now(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        ack()
        meeting_id = parse_id(clicked_value(body))
        delivery = hc.services.agenda.publish_now(
            team_of(body, context), body["user"]["id"], hc.services.clock(), meeting_id=meeting_id
        )
        deliver(hc, delivery.notification_keys)
        text = hc.texts.plural(
            "agenda.published_now",
            delivery.items,
            messages=hc.texts.plural("count.messages", delivery.messages),
        )
        respond(replace_original=False, **ephemeral(text))

    @app.action(AGENDA_PRESENT)
    @explained
    def present(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        ack()
        presence = hc.services.responsibility.mark_present(
            team_of(body, context), body["user"]["id"], parse_id(clicked_value(body)), hc.services.clock()
        )
        when = meeting_when(presence.meeting_starts_at, hc.tz, hc.texts.language)
        key = "agenda.present_already" if presence.already else "agenda.present_noted"
        respond(replace_original=False, **ephemeral(hc.texts(key, when=when)))
        for update in presence.updates:  # the agenda shows who is present, in place
            client.chat_update(channel=update.channel, ts=update.ts, text=update.text, blocks=update.blocks)

    @app.action(AGENDA_ATTENDANCE)
    @explained
    def attendance(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        form = hc.services.responsibility.attendance_form(
            team_of(body, context), body["user"]["id"], parse_id(clicked_value(body))
        )
        client.views_open(trigger_id=trigger_of(body), view=attendance_modal(form, hc.texts, hc.tz))

    def opening_form(action_id: str, *, assign: bool) -> None:
        @app.action(action_id)
        @explained
        def open_form(
            ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
        ) -> None:
            ack()
            meeting_id, number = _item(clicked_value(body))
            form = hc.services.responsibility.form(
                team_of(body, context),
                body["user"]["id"],
                meeting_id,
                number,
                assign=assign,
                now=hc.services.clock(),
            )
            client.views_open(trigger_id=trigger_of(body), view=responsibility_modal(form, hc.texts))

    opening_form(ITEM_TAKE, assign=False)
    opening_form(ITEM_ASSIGN, assign=True)

    @app.action(ITEM_OUTCOME)
    @explained
    def outcome(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond
    ) -> None:
        ack()
        kind, _, item = clicked_value(body).partition(":")
        if kind in ("merge", "remove"):  # the chairs shape the published agenda, until the minutes
            open_shaping_modal(hc, client, body, context, kind, item)
            return
        if kind not in ("no_action", "tabled", "not_ours", "untable"):
            raise Malformed("outcome")
        meeting_id, number = _item(item)
        team, user, now = team_of(body, context), body["user"]["id"], hc.services.clock()
        if kind == "untable":  # "Ångra bordläggning", offered in the menu while the item is tabled
            apply_decision(
                hc, client, hc.services.responsibility.untable(team, user, meeting_id, number, now)
            )
            return
        form = hc.services.responsibility.outcome_form(team, user, meeting_id, number, kind, now)
        client.views_open(
            trigger_id=trigger_of(body), view=outcome_modal(kind, form.item, form.units, hc.texts)
        )
