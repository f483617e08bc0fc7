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
    assert [(e["text"]["text"], e["value"]) for e in controls["elements"]] == [
        ("▲ Upp", "7:1"),
        ("▼ Ned", "7:1"),
        ("Flytta till nästa möte", "7:1"),
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
