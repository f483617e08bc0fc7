"""A message after its button was acted on: what was done in place of the buttons that no longer
apply, within Slack's limits and with user text escaped."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from bot.results.actions import ActionView
from bot.texts import Texts
from handlers.actions.follow_up import from_message
from handlers.blocks.actions import answered_card, answered_in_place
from handlers.blocks.answered import answered_list, layout_of
from tests.support.fake_slack import limit_problem

LONG = "<b>&" + "x" * 4000
TODAY = date(2026, 12, 11)
OPEN = ActionView(7, "ÖMM-2026-0001", LONG, "UCOP1", LONG, date(2026, 12, 15), "open", LONG, LONG, "UHEAD1")


def buttons(blocks: list) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_only_the_buttons_that_still_apply_are_left():
    texts = Texts("sv")
    line = texts("answered.due_on", due="tisdag 15 december", by="UCOP1", when="fredag 11 december")
    still_open = answered_card(OPEN, line, texts, TODAY)
    assert buttons(still_open.blocks) == ["action_done", "action_deadline", "action_handover"]
    assert still_open.blocks[0]["text"]["text"].startswith(":calendar: *Nytt slutdatum: tisdag 15 december*")
    waiting = answered_card(replace(OPEN, handover_to_user_id="UFGK1"), line, texts, TODAY)
    assert buttons(waiting.blocks) == ["action_done", "action_deadline"]
    done = answered_card(replace(OPEN, status="done"), line, texts, TODAY)
    assert buttons(done.blocks) == []
    for message in (still_open, waiting, done):
        assert limit_problem("chat.update", {"text": message.text, "blocks": message.blocks}) is None
        assert "<b>" not in str(message.blocks)


def test_in_place_replaces_every_or_one_actions_block():
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "kort"}},
        {"type": "actions", "block_id": "action_1", "elements": []},
        {"type": "actions", "block_id": "action_2", "elements": []},
    ]
    one = answered_in_place(blocks, "klar", "action_2")
    assert [b["type"] for b in one] == ["section", "actions", "context"]
    every = answered_in_place(blocks, "besvarad")
    assert [b["type"] for b in every] == ["section", "context", "context"]
    assert every[1]["elements"][0]["text"] == "besvarad"


def test_a_modal_remembers_the_message_it_was_opened_from():
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "kort"}}
    card = {"type": "actions", "block_id": "action_7", "elements": []}
    modal = {"type": "modal", "private_metadata": json.dumps({"action": 7})}

    def clicked(blocks: list, **container: object) -> dict:
        where = {"type": "message", "channel_id": "DCOP1", "message_ts": "17.5", **container}
        return {"container": where, "message": {"ts": "17.5", "blocks": blocks}, "response_url": "https://r"}

    remembered = json.loads(from_message(clicked([section, card]), modal)["private_metadata"])
    assert remembered == {"action": 7, "message": {"channel": "DCOP1", "ts": "17.5"}}
    heading = {"type": "header", "text": {"type": "plain_text", "text": "Dina öppna åtgärder"}}
    digest = clicked([heading, section, card, section, {**card, "block_id": "action_8"}])
    layout = [["h", "Dina öppna åtgärder"], {"id": 7}, {"id": 8}]
    message = json.loads(from_message(digest, modal)["private_metadata"])["message"]
    assert message == {"channel": "DCOP1", "ts": "17.5", "layout": layout}
    mine = json.loads(
        from_message(clicked([heading, section, card], is_ephemeral=True), modal)["private_metadata"]
    )
    assert mine["message"] == {
        "response_url": "https://r",
        "layout": [["h", "Dina öppna åtgärder"], {"id": 7}],
    }
    assert from_message({"view": {"type": "home"}}, modal) == modal


def test_a_list_answered_keeps_its_other_cards_and_says_why_a_card_has_no_buttons():
    texts = Texts("sv")
    short = replace(OPEN, unit="Polisen <b>", school="Skolan", place="Entrén", description="Kort")
    other = replace(short, action_id=8, description="Annat")
    moved = replace(OPEN, action_id=9, owner_user_id="UFGK1", description="Flyttad")  # a long unit name
    layout = [["h", "Mina"], {"id": 7}, {"id": 8, "line": "ny dag", "live": 1}, {"id": 9}, {"id": 10}]
    views = {7: replace(short, status="done"), 8: other, 9: moved, 10: None}
    blocks = answered_list(layout, views, 7, "klar av mig", "UCOP1", texts, TODAY)
    assert [b["type"] for b in blocks] == [
        "header",
        "section",
        "context",
        "section",
        "context",
        "actions",
        "section",
        "context",
    ]
    assert (
        blocks[2] == {**blocks[2], "block_id": "action_7"}
        and blocks[2]["elements"][0]["text"] == "klar av mig"
    )
    assert blocks[4]["elements"][0]["text"] == "ny dag" and blocks[5]["block_id"] == "action_8"
    assert "ligger nu hos <@UFGK1>" in blocks[7]["elements"][0]["text"]
    assert layout_of(blocks) == [
        ["h", "Mina"],
        {"id": 7, "line": "klar av mig"},
        {"id": 8, "line": "ny dag", "live": 1},
        {"id": 9},  # a line this long (the unit's name) is worded again when the list is drawn
    ]
    assert limit_problem("chat.update", {"text": "t", "blocks": blocks}) is None
    assert layout_of([{"type": "actions", "block_id": "action_1"}]) is None  # no card section before it
    assert answered_list("garbage", {}, 7, "x", "UCOP1", texts, TODAY) == []
