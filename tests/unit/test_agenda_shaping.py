"""The chairs' shaping of the draft, as pure logic: numbers decide the order within a group, items
of their own under "Övrigt", and a moved item's line on the draft."""

from __future__ import annotations

import json

from bot.domain.agenda import OtherItem, compile_agenda
from tests.unit.test_agenda import MEETING, RENDER, TODAY, report


def test_numbered_items_keep_the_order_of_their_numbers_within_a_group():
    reports = [report(1, minutes=0), report(2, minutes=1), report(3, minutes=2)]
    default = compile_agenda(meeting_starts_at=MEETING, today=TODAY, new_reports=reports)
    assert [(i.number, i.report.report_id) for i in default.items] == [(1, 1), (2, 2), (3, 3)]
    # A chair swapped items 2 and 3 on the draft; a report numbered later still comes last.
    swapped = compile_agenda(
        meeting_starts_at=MEETING,
        today=TODAY,
        new_reports=[*reports, report(4, minutes=-5)],
        existing_numbers={1: 1, 2: 3, 3: 2},
    )
    assert [(i.number, i.report.report_id) for i in swapped.items] == [(1, 1), (2, 3), (3, 2), (4, 4)]


def test_other_items_come_last_under_ovrigt_escaped_and_in_the_markdown():
    other = OtherItem("Sommarlovet <!here>", "Kvällsvandringar *i juni*", "UCHAIR1")
    agenda = compile_agenda(meeting_starts_at=MEETING, today=TODAY, new_reports=[report(1)], other=[other])
    [message] = RENDER.messages(agenda, mode="channel", meeting_id=7)
    text = json.dumps(message.blocks, ensure_ascii=False)
    assert text.index("ÖMM-2026-0001") < text.index("*Övrigt*") < text.index("Sommarlovet &lt;!here&gt;")
    assert "tillagd av <@UCHAIR1>" in text
    markdown = RENDER.markdown(agenda)
    assert (
        "## Övrigt" in markdown
        and "- **Sommarlovet \\<!here\\>** (UCHAIR1)\n  Kvällsvandringar \\*i juni\\*" in markdown
    )
    alone = compile_agenda(meeting_starts_at=MEETING, today=TODAY, new_reports=[], other=[other])
    assert not alone.is_empty


def test_draft_items_have_shaping_buttons_and_a_moved_item_becomes_one_line():
    agenda = compile_agenda(
        meeting_starts_at=MEETING, today=TODAY, new_reports=[report(1), report(2, minutes=1)]
    )
    [draft] = RENDER.messages(agenda, mode="draft", meeting_id=7)
    controls = next(b for b in draft.blocks if b.get("block_id") == "item_1_draft")
    up, down, menu = controls["elements"]
    assert [(e["text"]["text"], e["value"]) for e in (up, down)] == [("▲ Upp", "7:1"), ("▼ Ned", "7:1")]
    assert [(o["text"]["text"], o["value"]) for o in menu["options"]] == [
        ("Flytta till nästa möte", "move:7:1"),
        ("Slå ihop med …", "merge:7:1"),
        ("Ta bort från dagordningen", "remove:7:1"),
    ]
    [published] = RENDER.messages(agenda, mode="channel", meeting_id=7)
    assert not any(str(b.get("block_id", "")).endswith("_draft") for b in published.blocks)

    moved = RENDER.draft_item_moved(draft.blocks, 1, "ÖMM-2026-0001", "UCHAIR1", "")
    ids = [b.get("block_id") for b in moved]
    assert "item_1_draft" not in ids and "item_2_draft" in ids
    line = next(b for b in moved if b.get("block_id") == "item_1")
    assert line["elements"][0]["text"] == (
        ":arrow_right: *1.* ÖMM-2026-0001 flyttad till nästa möte av <@UCHAIR1>."
    )


# ---------------------------------------------------------------------------------- removing, merging
def test_what_a_chair_may_still_remove_or_merge():
    from bot.domain.agenda import shaping_refusal

    def refusal(**changes: object) -> str | None:
        values: dict = {"published": False, "minutes_posted": False, "moved": False, "outcome": "pending"}
        return shaping_refusal(**{**values, **changes})

    assert refusal() is None
    assert refusal(published=True) is None and refusal(published=True, outcome="reopened") is None
    assert refusal(moved=True) == "item_not_found"
    assert refusal(outcome="removed") == refusal(outcome="merged") == "item_not_found"
    # Once the meeting has decided an item (or taken an action on it), it is the meeting's.
    assert refusal(published=True, outcome="no_action") == "item_already_decided"
    assert refusal(published=True, has_actions=True) == "item_already_decided"
    assert refusal(published=True, minutes_posted=True) == "agenda_closed"


def test_a_removal_needs_a_reason_the_school_can_read():
    from bot.domain.agenda import removal_reason_error

    assert removal_reason_error(" \n ") == "removal_reason_missing"
    assert removal_reason_error("x" * 1001) == "action_note_too_long"
    assert removal_reason_error("  Polisens ärende  ") is None


def test_a_struck_item_becomes_one_line_without_its_buttons():
    agenda = compile_agenda(
        meeting_starts_at=MEETING, today=TODAY, new_reports=[report(1), report(2, minutes=1)]
    )
    [published] = RENDER.messages(agenda, mode="channel", meeting_id=7)
    struck = RENDER.item_struck(published.blocks, 1, "removed", "ÖMM-2026-0001", "UCHAIR1", "<!here> först")
    ids = [b.get("block_id") for b in struck]
    assert "item_1_actions" not in ids and "item_2_actions" in ids
    line = next(b for b in struck if b.get("block_id") == "item_1")["elements"][0]["text"]
    assert line == (
        ":no_entry_sign: *1.* ÖMM-2026-0001 togs bort från dagordningen av <@UCHAIR1>."
        " Skäl: _&lt;!here&gt; först_"
    )
    merged = RENDER.item_struck(published.blocks, 2, "merged", "ÖMM-2026-0002", "UCHAIR1", "1")
    line = next(b for b in merged if b.get("block_id") == "item_2")["elements"][0]["text"]
    assert line == ":link: *2.* ÖMM-2026-0002 är sammanslagen med punkt 1 av <@UCHAIR1> och tas upp där."


def test_an_item_of_their_own_goes_at_the_end_of_the_last_part_or_in_the_thread():
    agenda = compile_agenda(meeting_starts_at=MEETING, today=TODAY, new_reports=[report(1)])
    [published] = RENDER.messages(agenda, mode="channel", meeting_id=7)
    other = OtherItem("Lucia", None, "UCHAIR1")
    added = RENDER.with_other(published.blocks, other)
    assert added is not None
    text = json.dumps(added, ensure_ascii=False)
    assert text.index("ÖMM-2026-0001") < text.index("*Övrigt*") < text.index("Lucia")
    # The heading once: a second item goes under the same one.
    again = RENDER.with_other(added, OtherItem("Sportlov", None, "UCHAIR1"))
    assert again is not None and json.dumps(again, ensure_ascii=False).count("*Övrigt*") == 1
    full = [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}] * 49
    assert RENDER.with_other(full, other) is None
    # Room is kept for the status lines the part's undecided items may still get in place.
    items = [{"type": "actions", "block_id": f"item_{n}_actions", "elements": []} for n in (1, 2)]
    assert RENDER.with_other(full[:46], other) is not None  # 46 + divider, heading, item
    assert RENDER.with_other([*full[:44], *items], other) is None
    assert RENDER.with_other([*full[:43], *items], other) is not None
    thread = RENDER.other_message(other)
    assert "*Övrigt*" in json.dumps(thread.blocks, ensure_ascii=False)


def test_the_merge_modal_offers_the_other_items_and_no_submit_without_any():
    from bot.results.shaping import ItemChoice, ShapingForm
    from bot.texts import Texts
    from handlers.blocks.agenda import merge_item_modal, remove_item_modal

    texts = Texts("sv")
    item = ItemChoice(2, "ÖMM-2026-0002", "arson", "Rosengårdsskolan")
    other = ItemChoice(1, "ÖMM-2026-0001", "gangs", "Kirsebergsskolan <x>")
    modal = merge_item_modal(ShapingForm(7, item, (other,)), texts)
    [select] = [b["element"] for b in modal["blocks"] if b.get("block_id") == "item_merge_into"]
    [choice] = select["options"]  # plain text: nothing to escape
    assert choice["value"] == "1"
    assert choice["text"]["text"] == "1. Störande gäng/grupper – Kirsebergsskolan <x> (ÖMM-2026-0001)"
    assert json.loads(modal["private_metadata"]) == {"meeting": 7, "number": 2}
    alone = merge_item_modal(ShapingForm(7, item), texts)
    assert "submit" not in alone and "Det finns ingen annan punkt" in json.dumps(alone, ensure_ascii=False)
    remove = remove_item_modal(ShapingForm(7, item), texts)
    [reason] = [b for b in remove["blocks"] if b.get("block_id") == "item_remove_reason"]
    assert "optional" not in reason and remove["callback_id"] == "item_remove_submit"
