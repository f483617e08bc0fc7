"""Buttons that answer: Klar, Nytt slutdatum and Lämna över on a reminder change that reminder in
place (what was done, by whom, when, and only the buttons that still apply); the receiver's answer
to a handover and the school's "Är problemet löst?" change theirs; a button pressed too late says
so in the message."""

from __future__ import annotations

import json

from handlers.ids import FOLLOW_UP_BLOCKS
from storage.models import Action, Unit
from tests.conftest import RunningApp
from tests.e2e.test_follow_up_flow import COP, FGK, HEAD, click, dms, local, setup_action
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID as TEAM
from tests.support.fake_slack import FakeSlack


def buttons(blocks: list) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def shown(blocks: list) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def reminder_of(fake: FakeSlack):
    [reminder] = [c for c in dms(fake, COP) if c.args["text"].startswith("Påminnelse")]
    return reminder


def updates_of(fake: FakeSlack, channel: str) -> list:
    return [c for c in fake.calls_to("chat.update") if c.args["channel"] == channel]


def open_modal(app: RunningApp, fake: FakeSlack, message, action_id: str) -> dict:
    opened = len(fake.calls_to("views.open"))
    click(app, fake, message, action_id, COP)
    return fake.wait_for("views.open", opened + 1)[-1].args["view"]


def test_klar_on_a_reminder_says_done_in_place_and_a_late_press_explains(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    setup_action(app_server, clock)
    app_server.runtime.services.tick(local(2026, 12, 15, 8, 0))
    reminder = reminder_of(fake_slack)
    clock.now = local(2026, 12, 15, 10, 0)

    modal = open_modal(app_server, fake_slack, reminder, "action_done")
    assert json.loads(modal["private_metadata"])["message"] == {"channel": "DCOP1", "ts": "1"}
    note = {FOLLOW_UP_BLOCKS["note"]: {"value": {"value": "Patrullerat varje eftermiddag."}}}
    assert app_server.slack.view_submission(modal, note, user=COP).status == 200

    fake_slack.wait_for("chat.update", 2)
    [update] = updates_of(fake_slack, "DCOP1")
    assert update.args["ts"] == "1"
    blocks = update.args["blocks"]
    assert "*Klar* – markerad av <@UCOP1> tisdag 15 december" in blocks[0]["text"]["text"]
    assert "Ökad närvaro vid entrén" in shown(blocks)
    assert buttons(blocks) == []  # done: nothing left to press

    # Klar pressed again on the old reminder (it was open in another window): said in place.
    responded = len(fake_slack.calls_to("response_url"))
    click(app_server, fake_slack, reminder, "action_done", COP)
    stale = fake_slack.wait_for("response_url", responded + 1)[-1].args
    assert stale["replace_original"] is True
    assert "redan markerad som klar" in shown(stale["blocks"]) and buttons(stale["blocks"]) == []
    assert "Ökad närvaro vid entrén" in shown(stale["blocks"])  # the card is still there


def test_a_new_due_date_and_a_handover_show_on_the_reminder(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    setup_action(app_server, clock)
    app_server.runtime.services.tick(local(2026, 12, 11, 8, 0))
    reminder = reminder_of(fake_slack)
    clock.now = local(2026, 12, 11, 9, 0)

    modal = open_modal(app_server, fake_slack, reminder, "action_deadline")
    later = {FOLLOW_UP_BLOCKS["due_on"]: {"value": {"selected_date": "2027-01-12"}}}
    assert app_server.slack.view_submission(modal, later, user=COP).status == 200
    fake_slack.wait_for("chat.update", 2)  # the agenda item's line, then the reminder
    [update] = updates_of(fake_slack, "DCOP1")
    blocks = update.args["blocks"]
    line = blocks[0]["text"]["text"]
    assert "*Nytt slutdatum: tisdag 12 januari*" in line and "<@UCOP1> fredag 11 december" in line
    assert "Klart senast *tisdag 12 januari*" in shown(blocks)
    assert buttons(blocks) == ["action_done", "action_deadline", "action_handover"]  # still open

    modal = open_modal(app_server, fake_slack, reminder, "action_handover")
    fgk_unit = next(
        u.id for u in all_rows(app_server.runtime.engine, Unit) if u.name.startswith("Fastighets")
    )
    handover = {
        FOLLOW_UP_BLOCKS["to_user"]: {"value": {"selected_user": FGK}},
        FOLLOW_UP_BLOCKS["to_unit"]: {"value": {"selected_option": {"value": str(fgk_unit)}}},
    }
    before = len(fake_slack.calls_to("chat.update"))
    assert app_server.slack.view_submission(modal, handover, user=COP).status == 200
    fake_slack.wait_for("chat.update", before + 1)
    update = updates_of(fake_slack, "DCOP1")[-1]
    blocks = update.args["blocks"]
    assert "*Överlämning begärd* till <@UFGK1> av <@UCOP1> fredag 11 december" in shown(blocks)
    assert buttons(blocks) == ["action_done", "action_deadline"]  # no second handover while one waits

    # The receiver accepts: the request says who answered and when, with no buttons.
    wait_until_delivered(app_server.runtime.engine)
    [request] = dms(fake_slack, FGK, "vill lämna över")
    click(app_server, fake_slack, request, "handover_accept", FGK)
    answered = fake_slack.wait_for("response_url")[-1].args
    assert answered["replace_original"] is True and buttons(answered["blocks"]) == []
    assert "*Accepterad* av <@UFGK1> fredag 11 december" in shown(answered["blocks"])
    assert "vill lämna över en åtgärd till dig" in shown(answered["blocks"])  # the request stays readable
    assert all_rows(app_server.runtime.engine, Action)[0].owner_user_id == FGK

    # Accept pressed again: the handover is answered, said in place.
    click(app_server, fake_slack, request, "handover_accept", FGK)
    again = fake_slack.wait_for("response_url", 2)[-1].args
    assert again["replace_original"] is True and "gäller inte dig längre" in shown(again["blocks"])
    assert buttons(again["blocks"]) == []

    # The former owner presses Klar on the old reminder: it now says where the action is.
    click(app_server, fake_slack, reminder, "action_done", COP)
    moved = fake_slack.wait_for("response_url", 3)[-1].args
    assert moved["replace_original"] is True and buttons(moved["blocks"]) == []
    assert "ligger nu hos <@UFGK1> (Fastighets- och gatukontoret)" in shown(moved["blocks"])


def test_the_schools_answer_is_shown_on_the_question(app_server: RunningApp, fake_slack: FakeSlack, clock):
    action_id = setup_action(app_server, clock)
    services = app_server.runtime.services
    clock.now = local(2026, 12, 15, 10, 0)
    assert not hasattr(services.actions.done(TEAM, COP, action_id, "Patrullerat.", clock()), "errors")
    services.tick(local(2026, 12, 29, 8, 0))
    services.tick(local(2026, 12, 29, 10, 0))
    [question] = dms(fake_slack, HEAD, "Är problemet löst?")
    clock.now = local(2026, 12, 30, 9, 0)

    click(app_server, fake_slack, question, "solved_yes", HEAD)
    answered = fake_slack.wait_for("response_url")[-1].args
    assert answered["replace_original"] is True and buttons(answered["blocks"]) == []
    text = shown(answered["blocks"])
    assert "Svar: *Ja* – <@UHEAD1> onsdag 30 december" in text and "Är problemet löst?" in text

    click(app_server, fake_slack, question, "solved_no", HEAD)
    again = fake_slack.wait_for("response_url", 2)[-1].args
    assert again["replace_original"] is True and "redan svarat" in shown(again["blocks"])
    assert all_rows(app_server.runtime.engine, Action)[0].solved is True
