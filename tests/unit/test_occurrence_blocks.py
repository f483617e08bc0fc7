"""The builders of duplicate suggestions and occurrences, and the kept report's round trip."""

from __future__ import annotations

import json
from datetime import date, time

from bot.domain.reports import ReportInput
from bot.results.occurrences import MatchCandidate, MatchOffer, OccurrenceNotice, OccurrenceView
from bot.services.duplicates import dump_pending, load_pending
from bot.texts import Texts
from handlers.blocks.occurrences import (
    match_view,
    occurrence_added_view,
    occurrence_notice,
    occurrence_receipt,
)
from handlers.ids import REPORT_MATCH_BLOCK, REPORT_MATCH_NEW

TEXTS = Texts("sv")
TODAY = date(2026, 11, 29)


def candidate(report_id: int, place: str = "Bakom idrottshallen", on: date = date(2026, 11, 26)):
    return MatchCandidate(report_id, f"ÖMM-2026-{report_id:04d}", "arson", place, on, 80)


def occurrence(n: int) -> OccurrenceView:
    return OccurrenceView(
        "ÖMM-2026-0031", "arson", "Rosengårdsskolan", "<!channel>", date(2026, 11, 28), time(21, 15),
        "Brand igen", n, date(2026, 12, 2),
    )  # fmt: skip


def test_one_candidate_is_asked_about_with_its_weekday_and_the_two_choices():
    view = match_view(MatchOffer(7, (candidate(31),)), TODAY, TEXTS)
    shown = json.dumps(view, ensure_ascii=False)
    assert "Samma händelse som *ÖMM-2026-0031* (anlagd brand, Bakom idrottshallen, torsdag)?" in shown
    [choice] = [b for b in view["blocks"] if b.get("block_id") == REPORT_MATCH_BLOCK]
    options = choice["element"]["options"]
    assert [(o["text"]["text"], o["value"]) for o in options] == [
        ("Lägg till som nytt tillfälle", "31"),
        ("Nej, ny rapport", REPORT_MATCH_NEW),
    ]
    assert json.loads(view["private_metadata"]) == {"pending": 7}


def test_several_candidates_are_named_and_an_older_one_gets_its_date():
    view = match_view(
        MatchOffer(7, (candidate(31), candidate(12, "<Entrén>", date(2026, 11, 2)))), TODAY, TEXTS
    )
    shown = json.dumps(view, ensure_ascii=False)
    assert "(anlagd brand, &lt;Entrén&gt;, 2 nov.)?" in shown
    assert "Lägg till som nytt tillfälle i ÖMM-2026-0012" in shown


def test_the_count_reads_right_for_one_and_several():
    assert "nu 1 tillfälle sedan 2 dec." in json.dumps(
        occurrence_added_view(occurrence(1), TEXTS), ensure_ascii=False
    )
    assert "nu 2 tillfällen sedan 2 dec." in json.dumps(
        occurrence_added_view(occurrence(2), TEXTS), ensure_ascii=False
    )


def test_the_receipt_and_the_owners_note_escape_what_people_typed():
    for message in (
        occurrence_receipt(occurrence(2), TEXTS, None),
        occurrence_notice(OccurrenceNotice(occurrence(2), "UHEAD2"), TEXTS, None),
    ):
        shown = json.dumps(message.blocks, ensure_ascii=False)
        assert "&lt;!channel&gt;" in shown and "<!channel>" not in shown
        assert "2 tillfällen sedan 2 dec." in shown


def test_the_kept_report_comes_back_as_it_was_filled_in():
    report = ReportInput("arson", 3, None, None, "Plats", date(2026, 11, 28), time(21, 15), "Text ÅÄÖ", True)
    assert load_pending(dump_pending(report, 9, (31, 12))) == (report, 9, (31, 12))
    assert load_pending("vanlig kommandotext") is None
