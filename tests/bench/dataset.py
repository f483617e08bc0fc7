"""A synthetic installation for the benchmarks: Malmö's units, years of reports on weekly agendas,
open actions. Written with bulk inserts so that 10,000 reports take seconds, not minutes."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert, select, text

from bot.domain.organisation import parse_seed
from bot.domain.reports import Category
from bot.services.organisation import OrganisationService
from storage.models import Action, AgendaItem, Meeting, Report, Unit
from storage.uow import session_factory

TEAM = "TBENCH0001"
TZ = ZoneInfo("Europe/Stockholm")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "malmo.toml"
# The day before a Tuesday meeting, after the cutoff and the chairs' draft: compile time.
NOW = datetime(2027, 3, 1, 13, 0, tzinfo=TZ).astimezone(UTC)
MEETING = datetime(2027, 3, 2, 9, 0, tzinfo=TZ).astimezone(UTC)
PER_WEEK = 25  # reports per past meeting
CHUNK = 2000


@dataclass(frozen=True)
class Dataset:
    reports: int
    new: int
    carried: int
    open_actions: int
    meeting_starts_at: datetime
    now: datetime


def _units(engine: Engine) -> tuple[list[tuple[int, str | None]], list[int]]:
    sessions = session_factory(engine)
    seed = parse_seed(tomllib.loads(EXAMPLE.read_text(encoding="utf-8")))
    OrganisationService(sessions).seed(TEAM, seed, NOW - timedelta(days=3000))
    with engine.connect() as connection:
        rows = connection.execute(select(Unit.id, Unit.kind, Unit.area).where(Unit.team_id == TEAM)).all()
    schools = [(uid, area) for uid, kind, area in rows if kind == "school"]
    actors = [uid for uid, kind, _ in rows if kind != "school"]
    return schools, actors


def _bulk(engine: Engine, model: type, rows: list[dict]) -> None:
    with engine.begin() as connection:
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(model), rows[start : start + CHUNK])


def build(engine: Engine, *, reports: int, open_actions: int, seed: int = 20270301) -> Dataset:
    """``reports`` reports: a tenth new for the coming meeting, a tenth still open on last week's
    agenda (carried over), the rest decided on earlier agendas, ``PER_WEEK`` a week; and
    ``open_actions`` open actions owned by actors, due from four weeks ago to four weeks ahead."""
    rng = random.Random(seed)
    schools, actors = _units(engine)
    new, carried = reports // 10, reports // 10
    decided = reports - new - carried
    past_weeks = max(1, -(-decided // PER_WEEK)) + 1  # +1: last week's meeting holds the carried ones
    meetings = [
        {
            "id": week + 1,
            "team_id": TEAM,
            "starts_at": MEETING - timedelta(weeks=past_weeks - week),
            "regular_starts_at": MEETING - timedelta(weeks=past_weeks - week),
            "cutoff_at": MEETING - timedelta(weeks=past_weeks - week, hours=24),
            "status": "planned",
            "draft_sent_at": MEETING - timedelta(weeks=past_weeks - week, hours=21),
            "agenda_published_at": MEETING - timedelta(weeks=past_weeks - week, hours=1),
            "created_at": MEETING - timedelta(weeks=past_weeks - week + 1),
        }
        for week in range(past_weeks)
    ]
    target_id = past_weeks + 1
    meetings.append(
        {
            "id": target_id,
            "team_id": TEAM,
            "starts_at": MEETING,
            "regular_starts_at": MEETING,
            "cutoff_at": MEETING - timedelta(hours=24),
            "status": "planned",
            "draft_sent_at": None,
            "agenda_published_at": None,
            "created_at": MEETING - timedelta(weeks=1),
        }
    )
    places = [
        f"{street} {n}"
        for street in ("Amiralsgatan", "Lönngatan", "Ystadvägen", "Törnrosen")
        for n in range(1, 80)
    ]
    categories = [c.value for c in Category]
    report_rows, item_rows = [], []
    numbers_by_meeting: dict[int, int] = {}

    def report(rid: int, created: datetime, status: str, meeting_id: int | None) -> dict:
        unit_id, _area = schools[rid % len(schools)]
        return {
            "id": rid,
            "team_id": TEAM,
            "year": created.year,
            "number": rid,
            "reference": f"ÖMM-{created.year}-{rid:05d}",
            "reporter_user_id": f"UREP{rid % 200:04d}",
            "unit_id": unit_id,
            "category": rng.choice(categories),
            "place": rng.choice(places),
            "occurred_on": created.astimezone(TZ).date(),
            "description": "Syntetisk rapport för prestandamätning.",
            "recurring": False,
            "status": status,
            "meeting_id": meeting_id,
            "revision": 1,
            "created_at": created,
            "updated_at": created,
        }

    def item(rid: int, meeting_id: int, outcome: str, created: datetime) -> dict:
        number = numbers_by_meeting[meeting_id] = numbers_by_meeting.get(meeting_id, 0) + 1
        return {
            "id": len(item_rows) + 1,
            "team_id": TEAM,
            "meeting_id": meeting_id,
            "report_id": rid,
            "number": number,
            "kind": "new",
            "unreviewed": False,
            "outcome": outcome,
            "created_at": created,
        }

    rid = 0
    for n in range(decided):
        rid += 1
        meeting = meetings[min(n // PER_WEEK, past_weeks - 2)] if past_weeks > 1 else meetings[0]
        created = meeting["cutoff_at"] - timedelta(days=6) + timedelta(minutes=rng.randrange(6 * 24 * 60))
        report_rows.append(report(rid, created, "closed", meeting["id"]))
        item_rows.append(item(rid, meeting["id"], rng.choice(("responsibility_taken", "no_action")), created))
    last_week = meetings[past_weeks - 1]
    for _ in range(carried):
        rid += 1
        created = last_week["cutoff_at"] - timedelta(minutes=rng.randrange(6 * 24 * 60))
        report_rows.append(report(rid, created, "on_agenda", last_week["id"]))
        item_rows.append(item(rid, last_week["id"], rng.choice(("pending", "tabled")), created))
    for _ in range(new):
        rid += 1
        created = MEETING - timedelta(hours=24) - timedelta(minutes=rng.randrange(6 * 24 * 60))
        report_rows.append(report(rid, created, rng.choice(("new", "new", "new", "in_review")), target_id))

    today = NOW.astimezone(TZ).date()
    action_rows = []
    decided_items = [i for i in item_rows if i["outcome"] == "responsibility_taken"] or item_rows
    for aid in range(1, open_actions + 1):
        source = decided_items[aid % len(decided_items)]
        created = NOW - timedelta(days=rng.randrange(1, 60))
        action_rows.append(
            {
                "id": aid,
                "team_id": TEAM,
                "report_id": source["report_id"],
                "agenda_item_id": source["id"],
                "owner_unit_id": actors[aid % len(actors)],
                "owner_user_id": f"UOWN{aid % 50:04d}",
                "description": "Syntetisk åtgärd för prestandamätning.",
                "due_on": today + timedelta(days=rng.randrange(-28, 29)),
                "status": "open",
                "flagged": False,
                "created_by_user_id": "UCHAIR0001",
                "created_at": created,
                "updated_at": created,
            }
        )
    _bulk(engine, Meeting, meetings)
    _bulk(engine, Report, report_rows)
    _bulk(engine, AgendaItem, item_rows)
    _bulk(engine, Action, action_rows)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in ("meetings", "reports", "agenda_items", "actions"):
                # Rows were written with their ids: move each id sequence past them.
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                connection.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))  # noqa: S608
            connection.execute(text("ANALYZE"))
    return Dataset(reports, new, carried, open_actions, MEETING, NOW)
