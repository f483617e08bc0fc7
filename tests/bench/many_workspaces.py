"""290 workspaces (one per Swedish municipality) in one installation, on PostgreSQL (issue 20, 6).

Each workspace has a realistic week: 15–40 units (schools in five areas, departments, actors),
their members, two chairs, last week's meeting (published, minutes out) with 10–30 actions with
owners and due dates, 5–20 reports for the coming meeting and a few items carried over. The
scheduler then lives through the week, each tick as ``python -m bot scheduler`` runs it (the
outbox sent in the tick, by a stand-in Slack that answers after ``LATENCY`` seconds):

- Wednesday 18 Nov 08:00: the first tick (reminders looked at, the weekly retention run);
- (a) Wednesday 14:07 … : the minute tick when nothing is due, median and p95 over 20 ticks —
  target < 1 s; and (c) the same tick with only one workspace, in the same run (the ratio);
- Friday 09:00 the weekly round, Monday 08:00 digests and reminders, Monday 12:00 the chairs'
  drafts and (b) Tuesday 24 Nov 08:00 the publication of all 290 agendas: wall time of each tick,
  and per workspace per Slack method the calls and the highest rate in any window, against
  Slack's per-workspace limits.

Run: ``.venv/bin/python -m tests.bench.many_workspaces`` (``--teams 40`` for a quick look).
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert, text

from bot.app import build_runtime
from bot.config import Settings
from bot.domain.reports import Area, Category
from bot.notifier import ChannelFacts, CopiedFile, Posted, UserFacts
from bot.services import Services
from storage.db import make_engine
from storage.models import (
    Action,
    AgendaItem,
    JobRun,
    Meeting,
    Member,
    MemberRole,
    Report,
    ReportCounter,
    Unit,
)
from tests.bench.common import QueryCounter, fresh_database, percentile, postgres_url, write_results

TZ = ZoneInfo("Europe/Stockholm")
TEAMS = 290
LATENCY = 0.05  # seconds Slack takes to answer one call (stand-in); real calls take 0.1–0.3 s
IDLE_TICKS = 20
MEETING_CHANNEL = "CMEETING01"  # ORAT_MEETING_CHANNEL: one id, but in each workspace its own channel
CHUNK = 2000


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ).astimezone(UTC)


LAST_MEETING = local(date(2026, 11, 17), 9)
MEETING = local(date(2026, 11, 24), 9)
FIRST_TICK = local(date(2026, 11, 18), 8)
IDLE_AT = local(date(2026, 11, 18), 14, 7)
WEEK = (
    ("fredag 09:00, veckorundan", local(date(2026, 11, 20), 9)),
    ("måndag 08:00, sammanställningar och påminnelser", local(date(2026, 11, 23), 8)),
    ("måndag 12:00, ordförandenas utkast", local(date(2026, 11, 23), 12)),
    ("tisdag 08:00, alla dagordningar publiceras", local(date(2026, 11, 24), 8)),
)
PUBLISH = WEEK[-1][0]

# Slack's published limits for what the outbox calls (per workspace, per app): the Web API tiers
# (Tier 2 20/min, Tier 3 50/min, Tier 4 100/min) and chat.postMessage's own rule, about one
# message per second per channel with short bursts allowed (and a workspace-wide ceiling of
# several hundred a minute).
LIMITS: dict[str, tuple[str, int]] = {
    "chat.postMessage": ("1 per sekund och kanal (korta skurar tillåtna)", 60),
    "chat.update": ("Tier 3: 50 per minut", 50),
    "conversations.history": ("Tier 3: 50 per minut", 50),
    "files.getUploadURLExternal": ("Tier 4: 100 per minut", 100),
    "files.completeUploadExternal": ("Tier 4: 100 per minut", 100),
    "files.delete": ("Tier 3: 50 per minut", 50),
}
WORKSPACE_POST_CEILING = 300  # chat.postMessage per minute in one workspace ("several hundred")


# ------------------------------------------------------------------------------------ Slack stand-in
class RecordingSlack:
    """Notifier and file store: answers after ``latency`` s and records (team, method, channel,
    when). The team is the channel's (every channel and user id here carries its team's number);
    the meeting channel's id is shared, so its calls are attributed by the thread posting them."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.calls: list[tuple[str, str, str, float]] = []
        self.lock = threading.Lock()
        self.current = threading.local()
        self.n = 0

    def _record(self, method: str, channel: str) -> str:
        time.sleep(self.latency)
        team = getattr(self.current, "team", None) or team_of(channel)
        with self.lock:
            self.n += 1
            self.calls.append((team, method, channel, time.monotonic()))
            return f"{int(time.time())}.{self.n:06d}"

    def post(
        self,
        channel: str,
        text: str,
        blocks: Any = None,
        *,
        thread_ts: Any = None,
        idempotency_key: Any = None,
    ) -> Posted:
        return Posted(channel=channel, ts=self._record("chat.postMessage", channel))

    def update(self, channel: str, ts: str, text: str, blocks: Any = None) -> Posted:
        self._record("chat.update", channel)
        return Posted(channel=channel, ts=ts)

    def find_posted(self, channel: str, idempotency_key: str, since: datetime) -> Posted | None:
        self._record("conversations.history", channel)
        return None

    def copy_file(self, url: str, *, filename: str, channel: str, thread_ts: str) -> CopiedFile:
        self._record("files.getUploadURLExternal", channel)
        return CopiedFile(file_id=f"F{self._record('files.completeUploadExternal', channel)}", permalink="")

    def upload_files(self, channel: str, files: list[tuple[str, bytes]], comment: str) -> None:
        self._record("files.getUploadURLExternal", channel)
        self._record("files.completeUploadExternal", channel)

    def delete_file(self, file_id: str) -> None:
        self._record("files.delete", "")

    # The directory: the meeting channel is private (report contents may go there).
    def channel_facts(self, channel: str) -> ChannelFacts:
        return ChannelFacts(private=True, shared=False)

    def channel_members(self, channel: str) -> frozenset[str]:
        return frozenset()

    def user_deleted(self, user_id: str) -> bool | None:
        return None

    def user_facts(self, user_id: str) -> UserFacts | None:
        return None


def team_id(n: int) -> str:
    return f"TKOMMUN{n:03d}"


def team_of(channel: str) -> str:
    """U042C1 → TKOMMUN042 (chairs, members and their DMs carry the team's number)."""
    return team_id(int(channel[1:4])) if channel[1:4].isdigit() else "?"


@contextmanager
def attributed(services: Services, slack: RecordingSlack) -> Iterator[None]:
    """Calls to the shared meeting channel id are counted for the team whose message it is."""
    outbox = services.outbox
    deliver = outbox._deliver

    def tagged(message: Any, now: datetime, batch: Any, *rest: Any) -> Any:
        slack.current.team = message.team_id
        try:
            return deliver(message, now, batch, *rest)
        finally:
            slack.current.team = None

    outbox._deliver = tagged  # type: ignore[method-assign]
    try:
        yield
    finally:
        outbox._deliver = deliver  # type: ignore[method-assign]


# ------------------------------------------------------------------------------------ the dataset
class Ids:
    def __init__(self) -> None:
        self.next: dict[str, int] = defaultdict(int)

    def __call__(self, table: str) -> int:
        self.next[table] += 1
        return self.next[table]


def build(engine: Engine, teams: list[str], seed: int = 20261124) -> dict[str, int]:
    """The week described above for every team in ``teams``, written with bulk inserts."""
    rng = random.Random(seed)
    ids = Ids()
    rows: dict[type, list[dict[str, Any]]] = defaultdict(list)
    areas = [a.value for a in Area]
    categories = [c.value for c in Category]
    long_ago = LAST_MEETING - timedelta(days=400)
    for n, team in enumerate(teams, start=1):
        prefix = f"{n:03d}"
        schools, actors = [], []
        for u in range(rng.randint(15, 40)):
            uid = ids("units")
            kind = "school" if u % 3 != 2 else rng.choice(("department", "actor"))
            rows[Unit].append(
                {
                    "id": uid,
                    "team_id": team,
                    "name": f"Enhet {u + 1}",
                    "kind": kind,
                    "area": rng.choice(areas) if kind == "school" else None,
                    "active": True,
                    "created_at": long_ago,
                }
            )
            (schools if kind == "school" else actors).append(uid)
        members: list[tuple[str, int]] = []
        for uid in [*schools, *actors]:
            for k in range(rng.randint(1, 2)):
                user = f"U{prefix}{uid:05d}{k}"
                mid = ids("members")
                rows[Member].append(
                    {
                        "id": mid,
                        "team_id": team,
                        "user_id": user,
                        "unit_id": uid,
                        "created_at": long_ago,
                        "updated_at": long_ago,
                    }
                )
                members.append((user, mid))
        for c in range(2):  # the chairs
            mid = ids("members")
            rows[Member].append(
                {
                    "id": mid,
                    "team_id": team,
                    "user_id": f"U{prefix}CHAIR{c}",
                    "unit_id": None,
                    "created_at": long_ago,
                    "updated_at": long_ago,
                }
            )
            rows[MemberRole].append(
                {"id": ids("member_roles"), "team_id": team, "member_id": mid, "role": "chair"}
            )
        reporters = [user for user, _ in members]
        owners = [f"U{prefix}{uid:05d}0" for uid in actors]
        last = ids("meetings")
        rows[Meeting].append(
            {
                "id": last,
                "team_id": team,
                "starts_at": LAST_MEETING,
                "regular_starts_at": LAST_MEETING,
                "cutoff_at": LAST_MEETING - timedelta(hours=24),
                "status": "planned",
                "draft_sent_at": LAST_MEETING - timedelta(hours=21),
                "agenda_published_at": LAST_MEETING - timedelta(hours=1),
                "minutes_posted_at": LAST_MEETING + timedelta(hours=3),
                "round_sent_at": LAST_MEETING - timedelta(days=4),
                "created_at": LAST_MEETING - timedelta(days=10),
            }
        )
        coming = ids("meetings")
        rows[Meeting].append(
            {
                "id": coming,
                "team_id": team,
                "starts_at": MEETING,
                "regular_starts_at": MEETING,
                "cutoff_at": MEETING - timedelta(hours=24),
                "status": "planned",
                "created_at": LAST_MEETING,
            }
        )
        number = 0

        def report(
            created: datetime,
            status: str,
            meeting: int,
            team: str = team,
            reporters: list[str] = reporters,
            schools: list[int] = schools,
        ) -> int:
            nonlocal number
            number += 1
            rid = ids("reports")
            rows[Report].append(
                {
                    "id": rid,
                    "team_id": team,
                    "year": 2026,
                    "number": number,
                    "reference": f"ÖMM-2026-{number:05d}",
                    "reporter_user_id": rng.choice(reporters),
                    "unit_id": rng.choice(schools),
                    "category": rng.choice(categories),
                    "place": f"Storgatan {rng.randint(1, 90)}",
                    "occurred_on": created.astimezone(TZ).date(),
                    "description": "Syntetisk rapport för prestandamätning.",
                    "recurring": False,
                    "status": status,
                    "meeting_id": meeting,
                    "revision": 1,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            return rid

        item_number = 0
        for _ in range(rng.randint(10, 30)):  # last week's items, most with an action
            created = LAST_MEETING - timedelta(hours=rng.randint(25, 24 * 7))
            outcome = rng.choice(("responsibility_taken",) * 6 + ("no_action", "pending", "tabled"))
            rid = report(created, "closed" if outcome != "pending" else "on_agenda", last)
            item_number += 1
            item = ids("agenda_items")
            rows[AgendaItem].append(
                {
                    "id": item,
                    "team_id": team,
                    "meeting_id": last,
                    "report_id": rid,
                    "number": item_number,
                    "kind": "new",
                    "unreviewed": False,
                    "outcome": outcome,
                    "created_at": created,
                }
            )
            if outcome == "responsibility_taken":
                rows[Action].append(
                    {
                        "id": ids("actions"),
                        "team_id": team,
                        "report_id": rid,
                        "agenda_item_id": item,
                        "owner_unit_id": rng.choice(actors),
                        "owner_user_id": rng.choice(owners),
                        "description": "Syntetisk åtgärd för prestandamätning.",
                        "due_on": (LAST_MEETING + timedelta(days=rng.randint(-10, 28))).astimezone(TZ).date(),
                        "status": "open",
                        "flagged": False,
                        "created_by_user_id": f"U{prefix}CHAIR0",
                        "created_at": LAST_MEETING,
                        "updated_at": LAST_MEETING,
                    }
                )
        for _ in range(rng.randint(5, 20)):  # the coming meeting's reports
            report(MEETING - timedelta(hours=rng.randint(25, 24 * 7)), "new", coming)
        rows[ReportCounter].append({"team_id": team, "year": 2026, "last_number": number})
        # Last week's retention ran (Monday 16 Nov): this week's is the first tick's.
        rows[JobRun].append(
            {
                "id": ids("job_runs"),
                "team_id": team,
                "job": "retention",
                "period": "2026-W47",
                "started_at": LAST_MEETING,
                "finished_at": LAST_MEETING,
            }
        )
    order = (Unit, Member, MemberRole, Meeting, Report, AgendaItem, Action, ReportCounter, JobRun)
    with engine.begin() as connection:
        for model in order:
            keys = {k for row in rows[model] for k in row}
            table_rows = [{k: row.get(k) for k in keys} for row in rows[model]]
            for start in range(0, len(table_rows), CHUNK):
                connection.execute(insert(model), table_rows[start : start + CHUNK])
        if engine.dialect.name == "postgresql":
            for table in (
                "units",
                "members",
                "member_roles",
                "meetings",
                "reports",
                "agenda_items",
                "actions",
                "job_runs",
            ):
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                connection.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))  # noqa: S608
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    return {model.__tablename__: len(rows[model]) for model in order}


# ------------------------------------------------------------------------------------ measuring
def rates(calls: list[tuple[str, str, str, float]]) -> dict[str, Any]:
    """Per Slack method: calls per workspace (max, mean), and the highest count in any 1-s and
    60-s window in one workspace (and, for chat.postMessage, in one channel of one workspace)."""
    by_method: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for team, method, channel, at in calls:
        by_method[method].append((team, channel, at))
    out = {}
    for method, seen in sorted(by_method.items()):
        per_team: dict[str, list[float]] = defaultdict(list)
        per_channel: dict[tuple[str, str], list[float]] = defaultdict(list)
        for team, channel, at in seen:
            per_team[team].append(at)
            per_channel[(team, channel)].append(at)
        counts = [len(v) for v in per_team.values()]
        figures: dict[str, Any] = {
            "teams": len(per_team),
            "calls": len(seen),
            "per_team_max": max(counts),
            "per_team_mean": round(statistics.fmean(counts), 1),
            "team_max_in_1s": max(_window(v, 1.0) for v in per_team.values()),
            "team_max_in_60s": max(_window(v, 60.0) for v in per_team.values()),
        }
        if method == "chat.postMessage":
            figures["channel_max_in_1s"] = max(_window(v, 1.0) for v in per_channel.values())
            figures["channel_max_in_60s"] = max(_window(v, 60.0) for v in per_channel.values())
        limit = LIMITS.get(method)
        if limit is not None:
            label, per_minute = limit
            figures["limit"] = label
            judged = (
                figures["channel_max_in_60s"] if method == "chat.postMessage" else figures["team_max_in_60s"]
            )
            figures["met"] = judged <= per_minute and (
                method != "chat.postMessage" or figures["team_max_in_60s"] <= WORKSPACE_POST_CEILING
            )
        out[method] = figures
    return out


def _window(times: list[float], width: float) -> int:
    ordered, best, start = sorted(times), 0, 0
    for end, at in enumerate(ordered):
        while at - ordered[start] >= width:
            start += 1
        best = max(best, end - start + 1)
    return best


def idle_ticks(services: Services, counter: QueryCounter, n: int) -> dict[str, Any]:
    times, statements = [], []
    for minute in range(n + 1):
        at = IDLE_AT + timedelta(minutes=minute)
        with counter.counting():
            start = time.perf_counter()
            done = services.tick(at)
            seconds = time.perf_counter() - start
        if minute == 0:
            continue  # a warm-up
        busy = {k: v for k, v in done.items() if v}
        assert not busy, busy  # nothing is due at 14:07 on a Wednesday
        times.append(seconds)
        statements.append(counter.count)
    ms = [s * 1000 for s in times]
    return {
        "n": n,
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1),
        "statements": max(statements),
    }


def measure(pg_url: str, n_teams: int, latency: float, *, only_idle: bool = False) -> dict[str, Any]:
    teams = [team_id(n) for n in range(1, n_teams + 1)]
    figures: dict[str, Any] = {"teams": n_teams, "latency_s": latency}
    with fresh_database("postgresql", pg_url) as database:
        engine = make_engine(database.url)
        try:
            start = time.perf_counter()
            figures["rows"] = build(engine, teams)
            figures["load_seconds"] = round(time.perf_counter() - start, 1)
            print(
                f"many workspaces: {n_teams} workspaces loaded in {figures['load_seconds']} s: "
                f"{figures['rows']}",
                flush=True,
            )
            slack = RecordingSlack(latency)
            settings = Settings(database_url=database.url, meeting_channel=MEETING_CHANNEL)
            runtime = build_runtime(settings, engine=engine, notifier=slack, directory=slack)
            services = runtime.services
            services.outbox.files = slack
            counter = QueryCounter(engine)
            with attributed(services, slack):
                # (c) first, one workspace alone (the others are not scheduled): the baseline.
                services.teams.installed = lambda: teams[:1]
                services.tick(FIRST_TICK)
                figures["one_workspace_idle"] = idle_ticks(services, counter, IDLE_TICKS)
                services.teams.installed = lambda: teams
                start = time.perf_counter()
                first = services.tick(FIRST_TICK)
                figures["first_tick"] = {"seconds": round(time.perf_counter() - start, 2), **first}
                figures["idle"] = idle_ticks(services, counter, IDLE_TICKS)
                base = figures["one_workspace_idle"]["p50_ms"]
                figures["idle_ratio"] = round(figures["idle"]["p50_ms"] / base, 1) if base else None
                print(
                    f"many workspaces: idle minute tick, {n_teams} workspaces: "
                    f"p50 {figures['idle']['p50_ms']} ms "
                    f"p95 {figures['idle']['p95_ms']} ms ({figures['idle']['statements']} statements); "
                    f"one workspace p50 {base} ms; ratio {figures['idle_ratio']}",
                    flush=True,
                )
                figures["week"] = []
                for label, at in [] if only_idle else WEEK:
                    slack.calls.clear()
                    with counter.counting():
                        start = time.perf_counter()
                        done = services.tick(at)
                        seconds = time.perf_counter() - start
                    row = {
                        "what": label,
                        "at": at.isoformat(),
                        "seconds": round(seconds, 1),
                        "statements": counter.count,
                        "done": {k: v for k, v in done.items() if v},
                        "slack": rates(slack.calls),
                    }
                    figures["week"].append(row)
                    print(f"many workspaces: {label}: {row['seconds']} s, {row['done']}", flush=True)
                    for method, f in row["slack"].items():
                        print(f"    {method}: {f}", flush=True)
            figures["database_mb"] = database_mb(engine)
            print(
                f"many workspaces: the schema's tables and indexes: {figures['database_mb']} MB", flush=True
            )
        finally:
            engine.dispose()
    return figures


def database_mb(engine: Engine) -> float:
    """The size of this schema's tables with their indexes and TOAST, after the week."""
    with engine.connect() as connection:
        size = connection.scalar(
            text(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
            )
        )
    return round(float(size or 0) / 1e6, 1)


# ------------------------------------------------------------------------------------ the summary
def summary_rows(f: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    idle, one = f["idle"], f["one_workspace_idle"]
    rows: list[tuple[str, str, str, bool | None]] = [
        (
            f"(g) minutens tick utan något att göra, {f['teams']} arbetsytor, postgresql",
            f"p50 {idle['p50_ms']} / p95 {idle['p95_ms']} ms, {idle['statements']} SQL-satser; "
            f"en arbetsyta p50 {one['p50_ms']} ms ({one['statements']} satser): kvot {f['idle_ratio']}",
            "p95 < 1 s",
            idle["p95_ms"] < 1000,
        )
    ]
    for week in f["week"]:
        slack = week["slack"]
        parts = []
        met = True
        for method, m in slack.items():
            peak = (
                f"högst {m['channel_max_in_60s']}/min per kanal, {m['team_max_in_60s']}/min per arbetsyta"
                if method == "chat.postMessage"
                else f"högst {m['team_max_in_60s']}/min per arbetsyta"
            )
            parts.append(f"{method} {m['calls']} ({peak}; gräns {m.get('limit', '–')})")
            met = met and m.get("met", True)
        judged = week["what"] == PUBLISH
        rows.append(
            (
                f"(h) {week['what']}, {f['teams']} arbetsytor "
                f"(Slack svarar på {int(f['latency_s'] * 1000)} ms)",
                f"{week['seconds']} s, {week['statements']} SQL-satser; " + "; ".join(parts),
                "inom Slacks gränser per arbetsyta" if judged else "–",
                met if judged else None,
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.many_workspaces")
    parser.add_argument("--teams", type=int, default=TEAMS)
    parser.add_argument("--latency", type=float, default=LATENCY, help="seconds per Slack call")
    parser.add_argument("--only-idle", action="store_true", help="(a) and (c) only, nothing written")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    pg_url = postgres_url()
    if pg_url is None:
        print(
            "many workspaces: skipped – the benchmark needs PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432)"
        )
        return 0
    figures = measure(pg_url, args.teams, args.latency, only_idle=args.only_idle)
    if not args.only_idle:
        write_results("many_workspaces", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
