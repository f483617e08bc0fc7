"""Buttons that answer: Klar, Nytt slutdatum and Lämna över on a reminder change that reminder in
place (what was done, by whom, when, and only the buttons that still apply); the receiver's answer
to a handover and the school's "Är problemet löst?" change theirs; a button pressed too late says
so in the message."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta

from bot.domain.actions import ActionInput
from bot.domain.organisation import parse_seed
from handlers.ids import FOLLOW_UP_BLOCKS
from storage.models import Action, AgendaItem, Unit
from tests.conftest import RunningApp
from tests.e2e.test_follow_up_flow import COP, FGK, HEAD, click, dms, local, setup_action
from tests.e2e.test_help_and_mine import seed
from tests.support.db import all_rows, wait_until_delivered
from tests.support.fake_slack import TEAM_ID as TEAM
from tests.support.fake_slack import FakeSlack, limit_problem


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
    assert "&gt;Patrullerat varje eftermiddag." in blocks[0]["text"]["text"]  # what was done, as told
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
    assert again["replace_original"] is True and "Du har redan accepterat" in shown(again["blocks"])
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


# ---------------------------------------------------------------- messages listing several actions
def several_actions(app: RunningApp, clock, n: int = 3) -> list[int]:
    """``n`` actions owned by the police contact, due a week apart from 15 December."""
    ids = seed(app, reports=n)
    services = app.runtime.services
    services.tick(local(2026, 12, 1, 8, 0))
    clock.now = local(2026, 12, 1, 9, 30)
    items = sorted(all_rows(app.runtime.engine, AgendaItem), key=lambda i: i.id)
    for k, item in enumerate(items):
        due = date(2026, 12, 15) + timedelta(weeks=k)
        action = ActionInput(ids["Polisen"], COP, f"Åtgärd nummer {k + 1}", due, "")
        services.responsibility.take(TEAM, COP, item.id, action, assign=False, now=clock())
    services.outbox.dispatch(clock())
    return [a.id for a in sorted(all_rows(app.runtime.engine, Action), key=lambda a: a.due_on)]


def press(app: RunningApp, fake: FakeSlack, blocks: list, action_id: str, value: int, **where) -> None:
    """The button ``action_id`` of card ``value`` in a message showing ``blocks`` (``where``: an
    ephemeral one, whose click Slack sends with no blocks)."""
    ephemeral = where.get("ephemeral", False)
    container = {"type": "message", "channel_id": "DCOP1", "message_ts": "1", "is_ephemeral": ephemeral}
    body = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "orat-test"},
        "user": {"id": COP, "team_id": TEAM},
        "api_app_id": "A0ORAT",
        "trigger_id": "5.5.5",
        "response_url": fake.response_url,
        "container": container,
        "actions": [{"action_id": action_id, "block_id": f"action_{value}", "value": str(value)}],
    }
    if not ephemeral:
        body["message"] = {"ts": "1", "text": "", "blocks": blocks}
    assert app.slack.interactive(body).status == 200


def dm_updated(fake: FakeSlack, before: int) -> dict:
    """The arguments of the next chat.update of the police contact's DM after ``before`` of them."""
    deadline = time.monotonic() + 5
    while len(updates_of(fake, "DCOP1")) <= before:
        assert time.monotonic() < deadline, "the DM was not updated"
        time.sleep(0.02)
    return updates_of(fake, "DCOP1")[-1].args


def cards(blocks: list) -> dict[str, list[str]]:
    """Each card's description with what follows it: its buttons, or the line said instead."""
    found: dict[str, list[str]] = {}
    current = None
    for block in blocks:
        if block["type"] == "section" and "Åtgärd nummer" in block["text"]["text"]:
            current = found.setdefault(block["text"]["text"].split("Åtgärd nummer ")[1][0], [])
        elif current is not None and block["type"] == "actions":
            current += [e["action_id"] for e in block["elements"]]
        elif current is not None and block["type"] == "context":
            current.append(block["elements"][0]["text"])
    return found


def test_klar_and_a_new_date_in_the_digest_change_only_their_card(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    first, second, third = several_actions(app_server, clock)
    app_server.runtime.services.tick(local(2026, 12, 7, 8, 0))
    wait_until_delivered(app_server.runtime.engine)
    [digest] = dms(fake_slack, COP, "Dina öppna åtgärder")
    clock.now = local(2026, 12, 7, 10, 0)
    all_three = ["action_done", "action_deadline", "action_handover"]

    opened = len(fake_slack.calls_to("views.open"))
    press(app_server, fake_slack, digest.args["blocks"], "action_done", second)
    modal = fake_slack.wait_for("views.open", opened + 1)[-1].args["view"]
    source = json.loads(modal["private_metadata"])["message"]
    assert (source["channel"], source["ts"]) == ("DCOP1", "1") and len(modal["private_metadata"]) < 3000
    note = {FOLLOW_UP_BLOCKS["note"]: {"value": {"value": "Klart."}}}
    before = len(updates_of(fake_slack, "DCOP1"))
    assert app_server.slack.view_submission(modal, note, user=COP).status == 200
    update = dm_updated(fake_slack, before)
    assert update["ts"] == "1" and limit_problem("chat.update", update) is None
    assert update["blocks"][0]["type"] == "header"  # the digest keeps its heading
    shown_cards = cards(update["blocks"])
    assert shown_cards["1"] == all_three and shown_cards["3"] == all_three
    assert (
        len(shown_cards["2"]) == 1
        and "*Klar* – markerad av <@UCOP1> måndag 7 december" in shown_cards["2"][0]
    )

    # A new date on the first card, pressed on the digest as it now is: the second stays done.
    opened = len(fake_slack.calls_to("views.open"))
    press(app_server, fake_slack, update["blocks"], "action_deadline", first)
    modal = fake_slack.wait_for("views.open", opened + 1)[-1].args["view"]
    later = {FOLLOW_UP_BLOCKS["due_on"]: {"value": {"selected_date": "2027-01-12"}}}
    before = len(updates_of(fake_slack, "DCOP1"))
    assert app_server.slack.view_submission(modal, later, user=COP).status == 200
    again = cards(dm_updated(fake_slack, before)["blocks"])
    assert "*Nytt slutdatum: tisdag 12 januari*" in again["1"][0] and again["1"][1:] == all_three
    assert "*Klar* – markerad av" in again["2"][0] and len(again["2"]) == 1
    assert again["3"] == all_three

    # Klar on the second card of the digest as it first came (another window): said in place, on
    # that card only.
    responded = len(fake_slack.calls_to("response_url"))
    press(app_server, fake_slack, digest.args["blocks"], "action_done", second)
    stale = fake_slack.wait_for("response_url", responded + 1)[-1].args
    assert stale["replace_original"] is True
    stale_cards = cards(stale["blocks"])
    assert "redan markerad som klar" in stale_cards["2"][0] and len(stale_cards["2"]) == 1
    assert stale_cards["1"] == all_three and stale_cards["3"] == all_three
    assert third


def test_a_handover_from_my_actions_replaces_that_ephemeral_list(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    first, second, third = several_actions(app_server, clock)
    fgk = seed_fgk(app_server)
    clock.now = local(2026, 12, 14, 10, 0)
    responded = len(fake_slack.calls_to("response_url"))
    assert app_server.slack.command("/orat", "mina", user=COP).status == 200
    mine = fake_slack.wait_for("response_url", responded + 1)[-1].args
    all_three = ["action_done", "action_deadline", "action_handover"]
    assert cards(mine["blocks"]) == {"1": all_three, "2": all_three, "3": all_three}

    # Slack sends a click in an ephemeral message without its blocks.
    opened = len(fake_slack.calls_to("views.open"))
    press(app_server, fake_slack, mine["blocks"], "action_handover", third, ephemeral=True)
    modal = fake_slack.wait_for("views.open", opened + 1)[-1].args["view"]
    assert json.loads(modal["private_metadata"])["message"]["response_url"] == fake_slack.response_url
    handover = {
        FOLLOW_UP_BLOCKS["to_user"]: {"value": {"selected_user": FGK}},
        FOLLOW_UP_BLOCKS["to_unit"]: {"value": {"selected_option": {"value": str(fgk)}}},
    }
    responded = len(fake_slack.calls_to("response_url"))
    assert app_server.slack.view_submission(modal, handover, user=COP).status == 200
    replaced = fake_slack.wait_for("response_url", responded + 1)[-1].args
    assert replaced["replace_original"] is True and limit_problem("chat.update", replaced) is None
    assert replaced["blocks"][0]["text"]["text"] == "Mina öppna åtgärder"
    shown_cards = cards(replaced["blocks"])
    assert shown_cards["1"] == all_three and shown_cards["2"] == all_three
    assert "*Överlämning begärd* till <@UFGK1> av <@UCOP1> måndag 14 december" in shown_cards["3"][0]
    assert shown_cards["3"][1:] == ["action_done", "action_deadline"]
    assert first and second


def seed_fgk(app: RunningApp) -> int:
    """The city's property office, for a handover."""
    services = app.runtime.services
    units = [{"namn": "Fastighets- och gatukontoret", "typ": "förvaltning"}]
    services.organisation.seed(TEAM, parse_seed({"enhet": units}), services.clock())
    return next(u.id for u in all_rows(app.runtime.engine, Unit) if u.name.startswith("Fastighets"))


def test_a_handover_answered_after_the_action_was_done_or_taken_back_says_so(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    first, second, _ = several_actions(app_server, clock)
    fgk = seed_fgk(app_server)
    services = app_server.runtime.services
    clock.now = local(2026, 12, 11, 9, 0)
    for action in (first, second):
        handed = services.actions.hand_over(TEAM, COP, action, FGK, fgk, "", clock())
        assert not hasattr(handed, "errors")
    services.outbox.dispatch(clock())
    requests = dms(fake_slack, FGK, "vill lämna över")
    assert len(requests) == 2
    # The first is marked done by its owner meanwhile; the second is declined from another window.
    assert not hasattr(services.actions.done(TEAM, COP, first, "Klart.", clock()), "errors")
    services.actions.answer_handover(TEAM, FGK, second, False, clock())

    for request, said in zip(
        requests, ("redan markerad som klar", "redan besvarad eller återtagen"), strict=True
    ):
        responded = len(fake_slack.calls_to("response_url"))
        click(app_server, fake_slack, request, "handover_accept", FGK)
        stale = fake_slack.wait_for("response_url", responded + 1)[-1].args
        assert stale["replace_original"] is True and buttons(stale["blocks"]) == []
        assert said in shown(stale["blocks"]) and "vill lämna över" in shown(stale["blocks"])
    assert "ligger hos <@UCOP1> (Polisen)" in shown(stale["blocks"])


def test_the_school_reopening_hears_by_whom_why_and_when_and_every_place_says_it_alike(
    app_server: RunningApp, fake_slack: FakeSlack, clock
):
    action_id = setup_action(app_server, clock)
    services = app_server.runtime.services
    clock.now = local(2026, 12, 15, 10, 0)
    assert not hasattr(services.actions.done(TEAM, COP, action_id, "Patrullerat.", clock()), "errors")
    services.tick(local(2026, 12, 29, 8, 0))
    services.tick(local(2026, 12, 29, 10, 0))
    [question] = dms(fake_slack, HEAD, "Är problemet löst?")
    clock.now = local(2026, 12, 30, 9, 0)

    click(app_server, fake_slack, question, "solved_no", HEAD)
    modal = fake_slack.wait_for("views.open")[-1].args["view"]
    reason = {FOLLOW_UP_BLOCKS["reason"]: {"value": {"value": "De är tillbaka *varje* fredag. <!here>"}}}
    assert app_server.slack.view_submission(modal, reason, user=HEAD).status == 200
    answered = shown(updates_of_wait(fake_slack, "DHEAD1")["blocks"])
    assert "Svar: *Nej* – <@UHEAD1> onsdag 30 december" in answered and "solved_" not in answered
    assert "*återöppnad* av <@UHEAD1> onsdag 30 december: problemet är inte löst" in answered
    assert "Den tas upp igen på mötet tisdag 5 januari kl. 09:00" in answered
    assert "Ditt svar:\\n&gt;De är tillbaka *varje* fredag. &lt;!here&gt;" in answered

    # The same status wording on the school's Home tab, in /orat rapport and on the next agenda.
    reopened = "Återöppnad: inte löst enligt skolan – tas upp igen"
    published = len(fake_slack.calls_to("views.publish"))
    assert app_server.slack.home_opened(HEAD).status == 200
    home = fake_slack.wait_for("views.publish", published + 1)[-1].args["view"]
    assert reopened in shown(home["blocks"])
    responded = len(fake_slack.calls_to("response_url"))
    assert app_server.slack.command("/orat", "rapport ÖMM-2026-0001", user=HEAD).status == 200
    card = fake_slack.wait_for("response_url", responded + 1)[-1].args
    assert reopened in shown(card["blocks"])
    services.tick(local(2027, 1, 5, 8, 0))
    agenda = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["text"].startswith("Dagordning")]
    assert reopened in shown(agenda[-1].args["blocks"])


def updates_of_wait(fake: FakeSlack, channel: str) -> dict:
    deadline = time.monotonic() + 5
    while not updates_of(fake, channel):
        assert time.monotonic() < deadline, f"{channel} was not updated"
        time.sleep(0.02)
    return updates_of(fake, channel)[-1].args
