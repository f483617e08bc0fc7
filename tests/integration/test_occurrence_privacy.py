"""Occurrences are personal data like the report they belong to: the register extract lists them,
pseudonymising replaces their reporter, retention anonymises or deletes them with the report
(SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from bot.app import build_runtime
from bot.config import Settings
from bot.domain.organisation import parse_seed
from bot.domain.reports import ReportInput
from bot.domain.retention import parse_retention_rules
from bot.results.occurrences import MatchOffer
from storage.models import Report, ReportOccurrence, Unit
from tests.support.db import all_rows
from tests.support.quiet import QuietNotifier

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FILED = datetime(2024, 5, 6, 10, 0, tzinfo=STOCKHOLM)
LATER = datetime(2026, 11, 20, 10, 0, tzinfo=STOCKHOLM)


def with_occurrence(engine: Engine, database_url: str, rules: str):
    settings = Settings(database_url=database_url, retention=parse_retention_rules(rules))
    services = build_runtime(settings, engine=engine, notifier=QuietNotifier(), clock=lambda: FILED).services
    school = {"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Väster"}
    services.organisation.seed("T1", parse_seed({"enhet": [school]}), FILED)
    [unit] = all_rows(engine, Unit)

    def report(text: str) -> ReportInput:
        return ReportInput(
            "vandalism", unit.id, None, None, "Gaveln mot parken", date(2024, 5, 5), None, text, False
        )

    common = {"team_id": "T1", "draft_id": None, "now": FILED}
    services.reports.file_report(
        user_id="UHEAD1", view_id=None, report=report("Klotter på gaveln."), **common
    )
    offer = services.reports.file_report(
        user_id="UHEAD2", view_id="V1", report=report("Nytt klotter på gaveln."), offer_matches=True, **common
    )
    assert isinstance(offer, MatchOffer)
    [reported] = all_rows(engine, Report)
    services.occurrences.add(
        team_id="T1",
        user_id="UHEAD2",
        view_id="V1",
        pending_id=offer.pending_id,
        report_id=reported.id,
        now=FILED,
    )
    assert len(all_rows(engine, ReportOccurrence)) == 1
    return services


def test_the_register_extract_and_pseudonymising_include_occurrences(engine: Engine, database_url: str):
    services = with_occurrence(engine, database_url, "")
    extract = services.privacy.export_user("T1", "UHEAD2", LATER)
    [row] = extract["tables"]["report_occurrences"]
    assert row["description"] == "Nytt klotter på gaveln." and row["occurred_on"] == "2024-05-05"

    pseudonym = services.privacy.pseudonymise("T1", "UHEAD2", LATER)
    [occurrence] = all_rows(engine, ReportOccurrence)
    assert occurrence.reporter_user_id == pseudonym


@pytest.mark.parametrize(("action", "left"), [("anonymisera", 1), ("radera", 0)])
def test_retention_treats_occurrences_as_their_report(
    engine: Engine, database_url: str, action: str, left: int
):
    services = with_occurrence(engine, database_url, f"alla alla 12 {action}")
    services.privacy.run("T1", LATER)
    occurrences = all_rows(engine, ReportOccurrence)
    assert len(occurrences) == left
    for occurrence in occurrences:
        assert (occurrence.description, occurrence.place, occurrence.reporter_user_id) == (
            "[gallrad]",
            "[gallrad]",
            "ANONYM",
        )
