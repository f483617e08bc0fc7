"""The duplicate matcher (bot.domain.duplicates) on single cases and on the hand-written pairs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.duplicates import OpenReport, ReportFacts, candidates, score
from tests.bench.duplicates import evaluate, load_pairs

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
FIRE = ReportFacts(
    1,
    "arson",
    "Bakom idrottshallen",
    date(2026, 11, 26),
    "Någon har tänt eld på en container bakom idrottshallen.",
)
AGAIN = ReportFacts(
    1, "arson", "bakom idrottsh.", date(2026, 11, 30), "Ny brand i containern bakom idrottshallen igen."
)


def open_report(report_id: int, facts: ReportFacts, filed_days_ago: int = 4) -> OpenReport:
    return OpenReport(report_id, facts, NOW - timedelta(days=filed_days_ago))


def test_the_same_fire_again_is_offered_with_a_score():
    [found] = candidates(AGAIN, [open_report(31, FIRE)], NOW)
    assert found.report_id == 31 and 58 <= found.score <= 100


def test_another_category_or_another_unit_and_place_is_never_a_candidate():
    assert score(AGAIN, ReportFacts(1, "vandalism", FIRE.place, FIRE.occurred_on, FIRE.description)) is None
    elsewhere = ReportFacts(2, "arson", "Kemisalen", FIRE.occurred_on, FIRE.description)
    assert score(AGAIN, elsewhere) is None


def test_another_unit_at_the_same_place_may_be_a_candidate():
    by_the_street_office = ReportFacts(7, "arson", "Bakom idrottshallen", FIRE.occurred_on, FIRE.description)
    assert candidates(AGAIN, [open_report(5, by_the_street_office)], NOW)


def test_only_reports_of_the_last_six_weeks_are_compared():
    assert candidates(AGAIN, [open_report(31, FIRE, filed_days_ago=43)], NOW) == []
    assert candidates(AGAIN, [open_report(31, FIRE, filed_days_ago=41)], NOW)


def test_the_best_candidates_come_first_and_at_most_three():
    weaker = ReportFacts(
        1, "arson", "Idrottshallens entré", date(2026, 11, 20), "Brand i en papperskorg vid entrén."
    )
    found = candidates(AGAIN, [open_report(i, weaker) for i in range(1, 5)] + [open_report(9, FIRE)], NOW)
    assert len(found) == 3 and found[0].report_id == 9
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_the_matcher_gets_most_hand_written_pairs_right():
    pairs = load_pairs()
    figures = evaluate(pairs)
    assert figures.pairs >= 50 and 20 <= figures.same <= figures.pairs - 20
    # A floor, not perfection: most same events offered, few different ones.
    assert figures.offered_right >= 0.8 * figures.same
    assert figures.offered_wrong <= 0.2 * (figures.pairs - figures.same)
