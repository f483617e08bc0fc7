"""Retention runs batch by batch: interrupted, it keeps what it did and the next run finishes the
rest; run again, it finds nothing (SQLite and PostgreSQL)."""

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
from bot.services.privacy import PrivacyService
from storage.models import AuditEvent, Report, Unit
from tests.support.db import all_rows
from tests.support.quiet import QuietNotifier

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FILED = datetime(2024, 5, 6, 10, 0, tzinfo=STOCKHOLM)
LATER = datetime(2026, 11, 20, 10, 0, tzinfo=STOCKHOLM)


class Interrupted(Exception):
    pass


class DiesOnTheSecondReport(PrivacyService):
    """As if the process were killed while anonymising the second report."""

    calls = 0

    @staticmethod
    def _anonymise(session, report, now):
        DiesOnTheSecondReport.calls += 1
        if DiesOnTheSecondReport.calls == 2:
            raise Interrupted
        PrivacyService._anonymise(session, report, now)


def test_an_interrupted_run_is_finished_by_the_next_and_a_third_does_nothing(
    engine: Engine, database_url: str
):
    settings = Settings(
        database_url=database_url, retention=parse_retention_rules("alla alla 12 anonymisera")
    )
    services = build_runtime(settings, engine=engine, notifier=QuietNotifier(), clock=lambda: LATER).services
    services.organisation.seed(
        "T1", parse_seed({"enhet": [{"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Väster"}]}), FILED
    )
    [unit] = all_rows(engine, Unit)
    for n in range(3):
        services.reports.file_report(
            team_id="T1",
            user_id="UHEAD1",
            view_id=None,
            report=ReportInput(
                "vandalism", unit.id, None, None, f"Gaveln {n}", date(2024, 5, 5), None, "Klotter", False
            ),
            draft_id=None,
            now=FILED,
        )
    dying = DiesOnTheSecondReport(
        services.privacy.sessions, roles=services.roles, rules=settings.retention, tz=settings.tz
    )
    dying.BATCH = 1
    DiesOnTheSecondReport.calls = 0
    with pytest.raises(Interrupted):
        dying.run("T1", LATER)
    assert sorted(r.place for r in all_rows(engine, Report)) == ["Gaveln 1", "Gaveln 2", "[gallrad]"]

    second = services.privacy.run("T1", LATER)
    third = services.privacy.run("T1", LATER)
    assert (second.anonymised, third.anonymised) == (2, 0)
    assert {r.place for r in all_rows(engine, Report)} == {"[gallrad]"}
    anonymised = [e for e in all_rows(engine, AuditEvent) if e.event == "report.anonymised"]
    assert sorted(e.subject_id for e in anonymised) == sorted(r.id for r in all_rows(engine, Report))


def test_a_dry_run_changes_nothing(engine: Engine, database_url: str):
    settings = Settings(database_url=database_url, retention=parse_retention_rules("alla alla 12 radera"))
    services = build_runtime(settings, engine=engine, notifier=QuietNotifier(), clock=lambda: LATER).services
    services.organisation.seed(
        "T1", parse_seed({"enhet": [{"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Väster"}]}), FILED
    )
    [unit] = all_rows(engine, Unit)
    services.reports.file_report(
        team_id="T1",
        user_id="UHEAD1",
        view_id=None,
        report=ReportInput(
            "vandalism", unit.id, None, None, "Gaveln", date(2024, 5, 5), None, "Klotter", False
        ),
        draft_id=None,
        now=FILED,
    )
    dry = services.privacy.run("T1", LATER, dry_run=True)
    assert dry.due == {"delete": 1} and dry.deleted == 0
    assert len(all_rows(engine, Report)) == 1
    assert services.privacy.run("T1", LATER).deleted == 1
    assert all_rows(engine, Report) == []
