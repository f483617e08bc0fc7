"""The "Rättelse" section of corrected minutes: at the end, above "Rätta protokollet", within one
section's characters however many corrections there are, and rewritten (not repeated) each time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.results.responsibility import MinutesCorrection, MinutesPoint
from bot.texts import Texts
from handlers.blocks.common import section
from handlers.blocks.minutes import CORRECTIONS_BUDGET, correct_button, with_corrections

TZ = ZoneInfo("Europe/Stockholm")
AT = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)


def corrections(n: int, length: int = 600) -> tuple[MinutesCorrection, ...]:
    return tuple(
        MinutesCorrection(
            MinutesPoint("general"), f"{i} " + "x" * length, "UCHAIR1", AT + timedelta(minutes=i)
        )
        for i in range(n)
    )


def test_the_section_goes_above_the_button_and_is_rewritten_not_repeated():
    texts = Texts("sv")
    posted = [section("*Närvarande*"), correct_button(7, texts)]
    once = with_corrections(posted, corrections(1, 10), texts, TZ)
    assert [b.get("block_id") for b in once][1:] == [
        "minutes_corrections_divider",
        "minutes_corrections",
        "minutes_actions",
    ]
    assert once[2]["text"]["text"] == (
        "*Rättelse*\nRättat tisdag 1 december kl. 14:00 av <@UCHAIR1> – Allmänt: 0 xxxxxxxxxx"
    )
    twice = with_corrections(once, corrections(2, 10), texts, TZ)
    assert len(twice) == len(once) and twice[2]["text"]["text"].count("Rättat") == 2
    assert with_corrections(twice, (), texts, TZ) == posted


def test_many_corrections_keep_within_one_section():
    texts = Texts("sv")
    blocks = with_corrections([], corrections(20), texts, TZ)
    text = blocks[-1]["text"]["text"]
    assert len(text) <= CORRECTIONS_BUDGET
    lines = text.split("\n")
    assert lines[0] == "*Rättelse*" and lines[1].startswith("… (+")
    assert lines[-1].split(": ", 1)[1].startswith("19 ")  # the newest is always shown
    assert int(lines[1][4:-1]) + len(lines) - 2 == 20
