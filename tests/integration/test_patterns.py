"""The weekday × hour counts and the hot spots of the statistics equal a ``GROUP BY`` straight from
the tables, on SQLite and PostgreSQL: the demo history (times of day by category, occurrences
added by the school or by another actor) and a few reports filed by hand at the week's edges."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text

from bot.app import build_runtime
from bot.config import Settings
from bot.demo_data import add_demo_history
from bot.domain.organisation import parse_seed
from bot.domain.patterns import HOURS, WEEKDAYS
from bot.domain.reports import ReportInput
from bot.domain.retention import parse_retention_rules
from bot.services import Services
from storage.models import Unit
from storage.uow import session_factory
from tests.support.db import all_rows
from tests.support.quiet import QuietNotifier

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=STOCKHOLM)
START, END = date(2026, 10, 5), date(2026, 11, 29)  # eight ISO weeks, Monday to Sunday
TEAM = "TPATTERNS"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "malmo.toml"

# Both sides of the reports and their occurrences, as the statistics count them (merged
# duplicates left out; an occurrence's category and school are its report's).
HAPPENINGS = """
    SELECT r.category AS category, u.name AS school, r.place AS place,
           r.occurred_on AS occurred_on, r.occurred_time AS occurred_time
    FROM reports r JOIN units u ON u.id = r.unit_id
    WHERE r.team_id = :team AND r.merged_into_id IS NULL AND r.occurred_on BETWEEN :start AND :end
    UNION ALL
    SELECT r.category, u.name, o.place, o.occurred_on, o.occurred_time
    FROM report_occurrences o JOIN reports r ON r.id = o.report_id JOIN units u ON u.id = r.unit_id
    WHERE o.team_id = :team AND r.merged_into_id IS NULL AND o.occurred_on BETWEEN :start AND :end
"""
# Monday 0 … Sunday 6. SQLite's %w counts from Sunday = 0; PostgreSQL's isodow from Monday = 1.
WEEKDAY = {
    "sqlite": "(CAST(strftime('%w', occurred_on) AS INTEGER) + 6) % 7",
    "postgresql": "CAST(extract(isodow FROM occurred_on) AS INTEGER) - 1",
}
HOUR = {
    "sqlite": "CAST(strftime('%H', occurred_time) AS INTEGER)",
    "postgresql": "CAST(extract(hour FROM occurred_time) AS INTEGER)",
}


def history(engine: Engine, database_url: str) -> Services:
    settings = Settings(database_url=database_url)
    services = build_runtime(settings, engine=engine, notifier=QuietNotifier(), clock=lambda: NOW).services
    services.organisation.seed(TEAM, parse_seed(tomllib.loads(EXAMPLE.read_text("utf-8"))), NOW)
    add_demo_history(session_factory(engine), TEAM, weeks=10, today=NOW.date(), tz=STOCKHOLM)
    school = next(u for u in all_rows(engine, Unit) if u.name == "Rosengårdsskolan")
    # At the edges: Sunday just before midnight, Monday just after, the period's first and last day.
    for day, at in (
        (date(2026, 11, 29), time(23, 59)),
        (date(2026, 11, 23), time(0, 0)),
        (date(2026, 10, 5), time(0, 1)),
        (date(2026, 10, 4), time(12, 0)),  # the day before the period: not counted
    ):
        report = ReportInput("arson", school.id, None, None, "Gaveln", day, at, "Brand.", False)
        services.reports.file_report(
            team_id=TEAM, user_id="UHEAD1", view_id=None, draft_id=None, now=NOW, report=report
        )
    return services


def test_the_weekday_and_hour_counts_equal_a_group_by_from_the_tables(engine: Engine, database_url: str):
    services = history(engine, database_url)
    dialect = engine.dialect.name
    sql = (
        f"SELECT category, {WEEKDAY[dialect]} AS weekday, {HOUR[dialect]} AS hour, count(*) AS n "  # noqa: S608
        f"FROM ({HAPPENINGS}) h WHERE occurred_time IS NOT NULL GROUP BY category, weekday, hour"
    )
    untimed_sql = (
        f"SELECT category, count(*) FROM ({HAPPENINGS}) h WHERE occurred_time IS NULL GROUP BY category"  # noqa: S608
    )
    values = {"team": TEAM, "start": START, "end": END}
    with engine.connect() as connection:
        expected = {(c, int(d), int(h)): n for c, d, h, n in connection.execute(text(sql), values)}
        untimed = dict(connection.execute(text(untimed_sql), values).all())

    patterns = services.statistics.situation(TEAM, None, START, END, NOW).statistics.patterns
    found = {
        (grid.category, day, hour): grid.at(day, hour)
        for grid in patterns.by_category
        for day in range(WEEKDAYS)
        for hour in range(HOURS)
        if grid.at(day, hour)
    }
    assert found == expected
    assert {g.category: g.untimed for g in patterns.by_category if g.untimed} == untimed
    assert patterns.timed == sum(expected.values()) > 100 and patterns.untimed == sum(untimed.values()) > 0
    assert expected[("arson", 6, 23)] >= 1 and expected[("arson", 0, 0)] >= 1  # the edges, as filed
    # The demo's story shows: fires mostly in the evening and at night, many at the weekend.
    arson = next(g for g in patterns.by_category if g.category == "arson")
    evening = sum(arson.at(d, h) for d in range(WEEKDAYS) for h in (*range(18, 24), 0, 1))
    assert evening == arson.timed and sum(arson.cells[5]) + sum(arson.cells[6]) > arson.timed / 3


def test_the_hot_spots_equal_a_group_by_from_the_tables(engine: Engine, database_url: str):
    services = history(engine, database_url)
    sql = f"SELECT school, place, count(*) FROM ({HAPPENINGS}) h GROUP BY school, place"  # noqa: S608
    with engine.connect() as connection:
        now = Counter(
            {
                (s, p): n
                for s, p, n in connection.execute(text(sql), {"team": TEAM, "start": START, "end": END})
            }
        )
        before = Counter(
            {
                (s, p): n
                for s, p, n in connection.execute(
                    text(sql), {"team": TEAM, "start": date(2026, 8, 10), "end": date(2026, 10, 4)}
                )
            }
        )
    patterns = services.statistics.situation(TEAM, None, START, END, NOW).statistics.patterns
    # The demo's places are written one way each, so the plain GROUP BY matches the normalised one.
    assert {(h.unit, h.place): h.current for h in patterns.hot_spots} == {
        k: n for k, n in now.items() if n >= 2
    }
    assert all(h.previous == before[(h.unit, h.place)] for h in patterns.hot_spots)
    assert [h.current for h in patterns.hot_spots] == sorted(
        (h.current for h in patterns.hot_spots), reverse=True
    )


def test_a_place_anonymised_by_retention_is_no_hot_spot(engine: Engine, database_url: str):
    filed = datetime(2024, 5, 20, 10, 0, tzinfo=STOCKHOLM)
    later = datetime(2026, 11, 20, 10, 0, tzinfo=STOCKHOLM)
    settings = Settings(
        database_url=database_url, retention=parse_retention_rules("alla alla 12 anonymisera")
    )
    services = build_runtime(settings, engine=engine, notifier=QuietNotifier(), clock=lambda: filed).services
    school = {"namn": "Holmaskolan", "typ": "skola", "stadsomrade": "Väster"}
    services.organisation.seed("T1", parse_seed({"enhet": [school]}), filed)
    [unit] = all_rows(engine, Unit)
    for day, text_ in ((date(2024, 5, 6), "Klotter på gaveln."), (date(2024, 5, 13), "Nya brandskador.")):
        report = ReportInput(
            "vandalism", unit.id, None, None, "Gaveln mot parken", day, time(21), text_, False
        )
        services.reports.file_report(
            team_id="T1", user_id="UHEAD1", view_id=None, draft_id=None, now=filed, report=report
        )

    def spots() -> list[tuple[str, int]]:
        picture = services.statistics.situation("T1", None, date(2024, 5, 1), date(2024, 5, 31), later)
        return [(h.place, h.current) for h in picture.statistics.patterns.hot_spots]

    assert spots() == [("Gaveln mot parken", 2)]
    services.privacy.run("T1", later)
    assert spots() == []
    # Still counted when they happened: only the place is gone.
    picture = services.statistics.situation("T1", None, date(2024, 5, 1), date(2024, 5, 31), later)
    assert picture.statistics.patterns.everything.at(0, 21) == 2
