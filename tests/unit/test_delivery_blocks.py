"""What the bot says about its own delivery, as Block Kit: within Slack's limits, in Swedish."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.results.outbox import Undelivered
from bot.texts import Texts
from handlers.blocks.common import context, section
from handlers.blocks.delivery import rerouted, stale_note, undelivered, with_late_notice

TZ = ZoneInfo("Europe/Stockholm")
TEXTS = Texts("sv")
DUE = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Stockholm


def test_a_late_message_says_when_it_should_have_come_first_in_blocks_last_in_its_text():
    late = with_late_notice({"text": "Dagordning", "blocks": [section("Punkt 1")]}, DUE, TEXTS, TZ)
    assert late["text"] == "Dagordning (försenat – skulle ha kommit tisdag 24 november kl. 08:00)"
    assert late["blocks"][0]["type"] == "context"
    assert "skulle ha kommit tisdag 24 november kl. 08:00" in late["blocks"][0]["elements"][0]["text"]
    assert late["blocks"][1] == section("Punkt 1")


def test_a_late_message_already_at_fifty_blocks_stays_at_fifty():
    full = [context("del 2 av 3"), *[section(f"Punkt {n}") for n in range(49)]]
    late = with_late_notice({"text": "Dagordning", "blocks": full}, DUE, TEXTS, TZ)
    assert len(late["blocks"]) == 50
    assert "Försenat" in late["blocks"][0]["elements"][0]["text"]
    assert late["blocks"][0]["elements"][1]["text"] == "del 2 av 3"


def test_the_summary_of_what_did_not_arrive_says_to_whom_when_and_why():
    failures = [
        Undelivered("report_receipt", "UHEAD1", "horizon:fatal_error", DUE, "Rapport ÖMM-2026-0001 mottagen"),
        Undelivered("agenda", "C0MEETING", "invalid_blocks", DUE + timedelta(hours=1), "Dagordning"),
        Undelivered("reminder", "UCOP1", "weird_error", DUE, ""),
    ]
    message_text, blocks = undelivered(failures, timedelta(hours=24), TEXTS, TZ)
    lines = blocks[1]["text"]["text"]
    assert message_text == "Meddelanden från Örat som inte kom fram: 3"
    assert "*3 meddelanden från Örat kom inte fram.*" in blocks[0]["text"]["text"]
    assert "Till <@UHEAD1>, tisdag 24 november kl. 08:00: Rapport ÖMM-2026-0001 mottagen" in lines
    assert "Slack gick inte att nå på 24 timmar (senast `fatal_error`)" in lines
    assert "Till <#C0MEETING>" in lines and "Slack godtog inte meddelandets innehåll" in lines
    assert "Slack svarade `weird_error`" in lines and "ett meddelande" in lines
    _, [single, *_] = undelivered(failures[:1], timedelta(hours=24), TEXTS, TZ)
    assert "*Ett meddelande från Örat kom inte fram.*" in single["text"]["text"]


def test_a_long_summary_is_cut_to_a_section_and_says_how_many_more():
    failures = [Undelivered("reminder", f"U{n:04d}", "invalid_blocks", DUE, "x" * 400) for n in range(60)]
    _, blocks = undelivered(failures, timedelta(hours=24), TEXTS, TZ)
    lines = blocks[1]["text"]["text"].split("\n")
    assert len(blocks[1]["text"]["text"]) <= 3000 and 5 < len(lines) <= 21
    assert lines[-1] == f"… och {60 - (len(lines) - 1)} till."


def test_notes_about_the_undelivered_name_who_it_was_for():
    note, _ = stale_note("UCHAIR1", "Dagordning – Örat mot marken tisdag 15 december", DUE, TEXTS, TZ)
    assert "till <@UCHAIR1> tisdag 24 november kl. 08:00" in note
    assert note.endswith("Dagordning – Örat mot marken tisdag 15 december")
    text, blocks = rerouted(
        "C0MEETING", "is_archived", {"text": "Protokoll", "blocks": [section("x")]}, TEXTS
    )
    assert "Örat når inte <#C0MEETING>: kanalen är arkiverad" in text
    assert "ORAT_MEETING_CHANNEL" in text and blocks[1] == section("x")
    text, _ = rerouted("UCOP1", "account_inactive", {"text": "Påminnelse"}, TEXTS)
    assert "kontot är avaktiverat" in text and "*Lämna över*" in text
