"""The chair's controls as blocks: the outcome menu while an item is tabled, and who attended."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.results.responsibility import AttendanceForm, AttendanceSet, Attendee, ItemStatus, Minutes
from bot.texts import Texts
from handlers.blocks.agenda import AgendaRenderer
from handlers.blocks.responsibility import attendance_modal, attendance_saved
from handlers.ids import ITEM_OUTCOME

RENDER = AgendaRenderer(Texts("sv"), ZoneInfo("Europe/Stockholm"))
MEETING = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def item_blocks() -> list[dict]:
    menu = {
        "type": "overflow",
        "action_id": ITEM_OUTCOME,
        "options": [
            {"text": {"type": "plain_text", "text": t}, "value": f"{v}:7:1"}
            for t, v in (
                ("Ingen åtgärd", "no_action"),
                ("Bordlägg", "tabled"),
                ("Inte vår fråga", "not_ours"),
            )
        ],
    }
    return [
        {"type": "section", "block_id": "item_1", "text": {"type": "mrkdwn", "text": "1."}},
        {"type": "actions", "block_id": "item_1_actions", "elements": [menu]},
        {"type": "section", "block_id": "item_2", "text": {"type": "mrkdwn", "text": "2."}},
        {"type": "actions", "block_id": "item_2_actions", "elements": [dict(menu)]},
    ]


def menu_of(blocks: list[dict], number: int) -> list[tuple[str, str]]:
    [block] = [b for b in blocks if b.get("block_id") == f"item_{number}_actions"]
    return [(o["text"]["text"], o["value"]) for o in block["elements"][0]["options"]]


def test_a_tabled_item_offers_the_undo_in_its_menu_and_only_there():
    original = item_blocks()
    tabled = RENDER.with_item_status(original, 1, [ItemStatus("tabled", user_id="UCHAIR1", text="Väntar")])
    assert menu_of(tabled, 1) == [
        ("Ingen åtgärd", "no_action:7:1"),
        ("Ångra bordläggning", "untable:7:1"),
        ("Inte vår fråga", "not_ours:7:1"),
    ]
    assert menu_of(tabled, 2) == menu_of(original, 2)  # the other item is untouched
    assert menu_of(original, 1)[1] == ("Bordlägg", "tabled:7:1")  # the input is not changed

    undone = RENDER.with_item_status(tabled, 1, [])
    assert menu_of(undone, 1) == menu_of(original, 1)
    assert [b["block_id"] for b in undone] == [b["block_id"] for b in original]


def test_the_minutes_open_with_who_attended_escaped():
    minutes = Minutes(MEETING, (), (), (Attendee("UCOP1", "Polisen <Syd>"), Attendee("UCHAIR1", None)))
    [message] = RENDER.minutes(minutes)
    assert message.blocks[2]["text"]["text"] == "*Närvarande*\n<@UCOP1> – Polisen &lt;Syd&gt;\n<@UCHAIR1>"
    [nobody] = RENDER.minutes(Minutes(MEETING, (), ()))
    assert nobody.blocks[2]["text"]["text"] == "*Närvarande*\n_Ingen antecknade sig som närvarande._"


def test_the_attendance_modal_is_pre_filled_and_its_answer_counts_in_swedish():
    form = AttendanceForm(7, MEETING, ("UCOP1", "UCHAIR1"))
    modal = attendance_modal(form, Texts("sv"), ZoneInfo("Europe/Stockholm"))
    [field] = [b for b in modal["blocks"] if b["type"] == "input"]
    assert field["element"]["type"] == "multi_users_select" and field["optional"]
    assert field["element"]["initial_users"] == ["UCOP1", "UCHAIR1"]
    assert modal["private_metadata"] == '{"meeting": 7}'
    assert (
        "initial_users"
        not in attendance_modal(AttendanceForm(7, MEETING, ()), Texts("sv"), ZoneInfo("UTC"))["blocks"][1][
            "element"
        ]
    )
    said = [
        attendance_saved(AttendanceSet(n, 0, 0), Texts("sv"))["blocks"][0]["text"]["text"] for n in (0, 1, 2)
    ]
    assert said == [
        "Närvaron är sparad: ingen är antecknad som närvarande.",
        "Närvaron är sparad: 1 person är antecknad som närvarande.",
        "Närvaron är sparad: 2 personer är antecknade som närvarande.",
    ]
