"""Several processes over a simulated week, on PostgreSQL: ``python -m bot serve`` with four gunicorn
workers takes the reports, the buttons and the modals, and two scheduler processes
(``tests/support/tick_worker.py``: the services ``python -m bot tick`` builds) are handed the same
instant at the same moment, so that they race on every tick. Every agenda, draft, minutes,
reminder, escalation and digest must reach the fake Slack exactly once, and what the schedulers
say they did must add up to what was queued and delivered.

The week, from the default settings (Europe/Stockholm): the meeting of Tuesday 10 March 2037 09:00
(draft to the chairs Monday 12:00, published 08:00, minutes 12:00), reminders at 08:00 through the
week, the digest Monday 16 March 08:00, the next meeting Tuesday 17 March, and Wednesday 18 March,
when the first action's second overdue reminder is escalated to the chairs. The year is far ahead
on purpose: the web workers run on the real clock (reports are filed, responsibility taken and an
action closed "now"), and the modal refuses a due date that has passed.
"""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import pytest
from sqlalchemy import Engine

from bot.config import Settings
from bot.domain.meetings import PlannedMeeting, planned_meetings
from handlers.ids import FOLLOW_UP_BLOCKS, RESPONSIBILITY_BLOCKS
from storage.db import make_engine
from storage.models import Action, AgendaItem, Meeting, OutboxMessage, Report, Unit
from tests.conftest import STOCKHOLM
from tests.e2e.test_cli import run_bot
from tests.support.db import all_rows, postgres_schema, wait_until_delivered
from tests.support.fake_slack import TEAM_ID, Call, FakeSlack
from tests.support.modal import report_values
from tests.support.slack_requests import SIGNING_SECRET, SlackSender

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
CHANNEL = "C0MEETING"
CHAIRS = ("UCHAIR1", "UCHAIR2")
COP, SOC, FGK = "UCOP1", "USOC1", "UFGK1"  # police, social services, streets and parks
HEADS = ("UHEAD1", "UHEAD2", "UHEAD3", "UHEAD4", "UHEAD5")  # one report each, filed at once
LATE_HEAD = "UHEAD6"  # files after the first agenda is out: new on the second
WEB_WORKERS = 4
SCHEDULERS = 2
# Tick results decided by a claim in the database (a meeting's column, the week's job row): one
# process wins, so the schedulers' sum is exact.
CLAIMED = ("agenda_drafts", "agendas_published", "minutes", "retention_runs")
# Tick results counting messages queued under a unique outbox key, and that key's kind.
QUEUED = {"reminders": "reminder", "escalations": "escalation", "digests": "digest"}


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


# ---------------------------------------------------------------------------------------- processes
def _environment(env: dict[str, str]) -> dict[str, str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL", "PORT"))
    }
    return {**base, **env}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TickProcess:
    """One ``python -m tests.support.tick_worker``: instants in on stdin, results out as JSON lines."""

    def __init__(self, name: str, env: dict[str, str], log: IO[str]) -> None:
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.tick_worker"],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send(self, at: datetime) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(at.isoformat() + "\n")
        self.process.stdin.flush()

    def receive(self, timeout: float = 60) -> dict[str, Any]:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"scheduler {self.name} gave no answer in {timeout} s") from None
        if line is None:
            raise AssertionError(f"scheduler {self.name} ended (exit {self.process.poll()}); see its log")
        return json.loads(line)

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            try:
                self.process.stdin.close()
                self.process.wait(timeout=15)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(timeout=10)


@dataclass
class Processes:
    fake: FakeSlack
    engine: Engine  # the test's own, for reading
    slack: SlackSender  # signed requests to the gunicorn workers
    settings: Settings  # what the processes read from the same environment
    schedulers: list[TickProcess]
    serve_log: Path


@pytest.fixture(scope="module")
def week_database(postgres_base_url: str) -> Iterator[str]:
    with postgres_schema(postgres_base_url) as url:
        yield url


@pytest.fixture(scope="module")
def processes(week_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Processes]:
    """A PostgreSQL schema of its own, migrated and seeded with examples/malmo.toml; a fake Slack;
    ``serve`` with four gunicorn workers and no scheduler; two scheduler processes."""
    logs = tmp_path_factory.mktemp("multiprocess-week")
    url = week_database
    fake = FakeSlack().start()  # its own: the session's fake is reset by every other test
    # The meeting channel is private (the fake's default); its members are the participants.
    fake.channel_members[CHANNEL] = [*CHAIRS, COP, SOC, FGK]
    port = _free_port()
    env = {
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.url,
        "SLACK_TEAM_ID": TEAM_ID,
        "PORT": str(port),
        "ORAT_MEETING_CHANNEL": CHANNEL,
        "ORAT_CHAIRS": ",".join(CHAIRS),
        "ORAT_SCHEDULER": "off",
        "ORAT_WEB_WORKERS": str(WEB_WORKERS),
        "ORAT_ROUND": "av",  # the weekly round has its own tests (test_weekly_round.py)
    }
    engine = make_engine(url)
    serve: subprocess.Popen[str] | None = None
    schedulers: list[TickProcess] = []
    log_files: list[IO[str]] = []
    try:
        migrated = run_bot("migrate", env=env)
        assert migrated.returncode == 0, migrated.stderr
        seeded = run_bot("seed", "examples/malmo.toml", "--team", TEAM_ID, env=env)
        assert seeded.returncode == 0 and "22 nya enheter" in seeded.stdout, seeded.stdout + seeded.stderr

        serve_log = logs / "serve.log"
        log_files.append(serve_log.open("w"))  # a file, not a pipe: a full pipe would block gunicorn
        serve = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            env=_environment(env),
            cwd=ROOT,
            stdout=log_files[-1],
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n in range(1, SCHEDULERS + 1):
            log_files.append((logs / f"scheduler-{n}.log").open("w"))
            schedulers.append(TickProcess(f"#{n}", _environment(env), log_files[-1]))
        for scheduler in schedulers:
            assert scheduler.receive() == {"ready": True}
        _wait_for_workers(port, serve, serve_log)
        yield Processes(
            fake=fake,
            engine=engine,
            slack=SlackSender(f"http://127.0.0.1:{port}", response_url=fake.response_url),
            settings=Settings.from_env(env),
            schedulers=schedulers,
            serve_log=serve_log,
        )
    finally:
        for scheduler in schedulers:
            scheduler.stop()
        if serve is not None:
            serve.terminate()
            try:
                serve.wait(timeout=20)
            except subprocess.TimeoutExpired:
                serve.kill()
                serve.wait(timeout=10)
        for log_file in log_files:
            log_file.close()
        fake.stop()
        engine.dispose()


def _wait_for_workers(port: int, serve: subprocess.Popen[str], log: Path, timeout: float = 30) -> None:
    """Until /healthz answers and gunicorn has booted all its workers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert serve.poll() is None, log.read_text()
        booted = log.read_text().count("Booting worker")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                healthy = json.loads(response.read()) == {"status": "ok", "database": True}
        except OSError:
            healthy = False
        if healthy and booted >= WEB_WORKERS:
            return
        time.sleep(0.1)
    raise AssertionError(f"serve did not come up with {WEB_WORKERS} workers:\n{log.read_text()}")


# ---------------------------------------------------------------------------------------- helpers
def wait_for(what: str, find: Callable[[], Any], timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def opened_view(fake: FakeSlack, matches: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
    def find() -> dict[str, Any] | None:
        views = [c.args["view"] for c in fake.calls_to("views.open") if matches(c.args["view"])]
        assert len(views) <= 1, f"{len(views)} modals opened for {what}"
        return views[0] if views else None

    return wait_for(f"the modal for {what}", find)


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    return json.loads(view.get("private_metadata") or "{}")


def web_work_done(p: Processes) -> None:
    """Posts made after an ack run in the worker's listener thread: wait until the outbox holds
    nothing pending or claimed by the real clock. (The schedulers' instants are years ahead: a
    message a web worker still held would look abandoned to them, and be claimed again.)"""
    wait_until_delivered(p.engine, timeout=15, now=datetime.now(UTC))


def posts(fake: FakeSlack) -> list[Call]:
    return fake.calls_to("chat.postMessage")


def shown(call: Call) -> str:
    return json.dumps(call.args.get("blocks"), ensure_ascii=False)


def button_value(call: Call, action_id: str, endswith: str = "") -> str:
    return next(
        e["value"]
        for b in call.args.get("blocks") or []
        if b.get("type") == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id and e.get("value", "").endswith(endswith)
    )


def click(p: Processes, action_id: str, value: str, user: str, channel: str) -> None:
    result = p.slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "orat-test"},
            "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "A0ORAT",
            "trigger_id": f"{uuid.uuid4().int % 10**9}.1.1",
            "response_url": p.fake.response_url,
            "container": {"type": "message", "channel_id": channel, "message_ts": "1"},
            "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button"}],
        }
    )
    assert result.status == 200, (action_id, user, result.status, result.body)


def file_report(p: Processes, user: str, marker: str, unit_id: int, category: str) -> str:
    """``/rapportera marker`` → the modal (found by the prefilled marker) → submit; the view id."""
    assert p.slack.command("/rapportera", marker, user=user).status == 200
    view = opened_view(p.fake, lambda v: marker in json.dumps(v, ensure_ascii=False), marker)
    view_id = f"VREPORT{user}"
    values = report_values(
        unit_id=unit_id, category=category, place=f"Plats för {marker}", description=f"{marker} beskrivning"
    )
    answer = p.slack.view_submission(view, values, user=user, view_id=view_id).json()
    assert answer["response_action"] == "update", answer
    return view_id


@dataclass(frozen=True)
class Decision:
    name: str
    user: str
    button: str  # item_take | item_assign
    number: int  # the agenda item
    unit: str
    owner: str
    description: str
    due_on: date


def decide(p: Processes, decision: Decision, agenda: Call, item_id: int, unit_id: int) -> None:
    """The item's button on the published agenda → the modal → submitted."""
    value = button_value(agenda, decision.button, f":{decision.number}")
    click(p, decision.button, value, decision.user, CHANNEL)
    assign = decision.button == "item_assign"
    view = opened_view(
        p.fake,
        lambda v: metadata(v) == {"item": item_id, "assign": assign},
        f"{decision.button} on item {decision.number}",
    )

    def entry(element: dict[str, Any]) -> dict[str, Any]:
        return {"value": element}

    values = {
        RESPONSIBILITY_BLOCKS["unit"]: entry(
            {"type": "static_select", "selected_option": {"value": str(unit_id)}}
        ),
        RESPONSIBILITY_BLOCKS["owner"]: entry({"type": "users_select", "selected_user": decision.owner}),
        RESPONSIBILITY_BLOCKS["description"]: entry(
            {"type": "plain_text_input", "value": decision.description}
        ),
        RESPONSIBILITY_BLOCKS["due_on"]: entry(
            {"type": "datepicker", "selected_date": decision.due_on.isoformat()}
        ),
        RESPONSIBILITY_BLOCKS["note"]: entry({"type": "plain_text_input", "value": ""}),
    }
    result = p.slack.view_submission(view, values, user=decision.user, view_id=f"VDECIDE{decision.name}")
    assert (result.status, result.body) == (200, ""), (decision, result.status, result.body)


def reminder_kind(call: Call) -> str:
    """before | due | overdue:N, read from a reminder's Swedish text."""
    blocks = shown(call)
    if "om 2 arbetsdagar" in blocks:
        return "before"
    if "klar *i dag*" in blocks:
        return "due"
    found = re.search(r"Påminnelse (\d+)\.", blocks)
    assert found, blocks
    return f"overdue:{found.group(1)}"


# ---------------------------------------------------------------------------------------- the week
@dataclass
class Tick:
    at: datetime
    expected: dict[str, int]  # summed over the schedulers; fields not named: 0
    answers: list[dict[str, Any]]  # each scheduler's result

    def total(self, key: str) -> int:
        return sum(a[key] for a in self.answers)

    def __str__(self) -> str:
        counts = {
            k: [a[k] for a in self.answers]
            for k in (*CLAIMED, *QUEUED, "sent")
            if any(a[k] for a in self.answers)
        }
        return f"tick at {self.at.astimezone(STOCKHOLM):%a %d %b %H:%M}: {counts}"


@dataclass
class Played:
    p: Processes
    ticks: list[Tick] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)  # the five reports on the first agenda
    late_ref: str = ""
    meetings: tuple[Meeting, ...] = ()
    actions: dict[str, Action] = field(default_factory=dict)
    agenda_1: Call | None = None
    digest_week: str = ""
    decisions: int = 0  # agenda updates expected (chat.update): responsibility taken, Klar

    def tick(self, at: datetime, **expected: int) -> Tick:
        """The same instant to every scheduler at once, then their answers."""
        for scheduler in self.p.schedulers:
            scheduler.send(at)
        tick = Tick(at, expected, [scheduler.receive() for scheduler in self.p.schedulers])
        self.ticks.append(tick)
        errors = [a for a in tick.answers if "error" in a]
        assert not errors, f"tick at {at.isoformat()} raised in a scheduler: {errors}"
        return tick


@pytest.fixture(scope="module")
def played(processes: Processes) -> Played:
    """The week, played once: reports and decisions over HTTP, ticks at the week's instants."""
    p = processes
    week = Played(p)
    fake, engine, settings = p.fake, p.engine, p.settings
    tz = settings.tz
    first, second = planned_meetings(local(2037, 3, 9), local(2037, 3, 18), settings.meeting, tz)
    assert [m.starts_at.astimezone(tz) for m in (first, second)] == [
        local(2037, 3, 10, 9),
        local(2037, 3, 17, 9),
    ], "the default meeting is Tuesday 09:00"

    def minutes_at(meeting: PlannedMeeting) -> datetime:
        return meeting.starts_at + settings.meeting.minutes_after

    tuesday = first.starts_at.astimezone(tz).date()
    names = ["tue", "wed", "thu", "fri", "sat", "sun", "mon2", "tue2", "wed2"]
    day = {name: tuesday + timedelta(days=n) for n, name in enumerate(names)}
    monday = tuesday - timedelta(days=1)
    assert monday.weekday() == day["mon2"].weekday() == settings.digest.weekday

    def reminder_time(when: date) -> datetime:
        return datetime.combine(when, settings.reminders.at, tzinfo=tz)

    def digest_time(when: date) -> datetime:
        return datetime.combine(when, settings.digest.at, tzinfo=tz)

    minute = timedelta(minutes=1)
    units = {u.name: u for u in all_rows(engine, Unit)}
    schools = sorted((u for u in units.values() if u.kind == "school"), key=lambda u: u.name)

    # ------------------------------------------------------------ five reports at once, over HTTP
    categories = ["arson", "gangs", "vandalism", "drug_sales", "threats"]
    with ThreadPoolExecutor(len(HEADS)) as pool:
        view_ids = list(
            pool.map(
                lambda i: file_report(p, HEADS[i], f"Rapport nummer {i + 1}:", schools[i].id, categories[i]),
                range(len(HEADS)),
            )
        )
    web_work_done(p)
    reports = {r.slack_view_id: r for r in all_rows(engine, Report)}
    week.refs = [reports[v].reference for v in view_ids]

    # ------------------------------------------------------------ Monday: no digest yet; the draft
    week.tick(digest_time(monday) - minute, retention_runs=1)  # the week's retention run (after 02:00)
    week.tick(digest_time(monday))  # no actions: no digests
    week.tick(first.draft_at - minute)
    week.tick(first.draft_at, agenda_drafts=1)
    week.tick(first.draft_at)  # the same instant again: nothing new
    # ------------------------------------------------------------ Tuesday: published
    week.tick(first.publish_at - minute)
    week.tick(first.publish_at, agendas_published=1)
    week.tick(first.publish_at)
    [week.agenda_1] = [
        c for c in posts(fake) if c.args["channel"] == CHANNEL and c.args["text"].startswith("Dagordning")
    ]

    # ------------------------------------------------------------ the meeting decides, all at once
    meeting_1 = next(m for m in all_rows(engine, Meeting) if m.starts_at == first.starts_at)
    items = {i.number: i for i in all_rows(engine, AgendaItem) if i.meeting_id == meeting_1.id}
    assert sorted(items) == [1, 2, 3, 4, 5]
    police = next(name for name in units if name.startswith("Polisen"))
    social, streets = "Arbetsmarknads- och socialförvaltningen", "Fastighets- och gatukontoret"
    decisions = [
        # A: due the meeting day → due that day, overdue Friday, overdue next Wednesday (escalated)
        Decision("A", COP, "item_take", 1, police, COP, "Ökad närvaro vid entrén", day["tue"]),
        # B: due Friday → before on Wednesday, due on Friday; then closed with Klar
        Decision("B", SOC, "item_take", 2, social, SOC, "Samtal med familjerna", day["fri"]),
        # C: due next Monday → before on Thursday, due on Monday
        Decision("C", COP, "item_take", 3, police, COP, "Kameraövervakning utreds", day["mon2"]),
        # D: a chair assigns a second action on item 1 → before on Friday, due next Tuesday
        Decision("D", CHAIRS[1], "item_assign", 1, streets, FGK, "Ny belysning", day["tue2"]),
    ]
    with ThreadPoolExecutor(len(decisions)) as pool:
        list(pool.map(lambda d: decide(p, d, week.agenda_1, items[d.number].id, units[d.unit].id), decisions))
    week.decisions = len(decisions)
    wait_for("the agenda updated in place", lambda: len(fake.calls_to("chat.update")) >= week.decisions)
    web_work_done(p)
    by_view = {a.slack_view_id: a for a in all_rows(engine, Action)}
    week.actions = {d.name: by_view[f"VDECIDE{d.name}"] for d in decisions}
    # A report filed now misses the first agenda (published) and is new on the second.
    late_view = file_report(p, LATE_HEAD, "Rapport nummer 6:", schools[5].id, "unsafe_environment")
    web_work_done(p)
    week.late_ref = next(r.reference for r in all_rows(engine, Report) if r.slack_view_id == late_view)

    # ------------------------------------------------------------ reminders through the week
    week.tick(minutes_at(first), minutes=1, reminders=1)  # A: due today
    week.tick(minutes_at(first))
    week.tick(reminder_time(day["wed"]) - minute)
    week.tick(reminder_time(day["wed"]), reminders=1)  # B: before
    week.tick(reminder_time(day["thu"]), reminders=1)  # C: before
    week.tick(reminder_time(day["fri"]), reminders=3)  # A: overdue 1; B: due; D: before
    week.tick(reminder_time(day["fri"]))

    # B's owner closes it with Klar on the reminder of the day.
    b = week.actions["B"]
    [b_due] = [
        c
        for c in posts(fake)
        if c.args["channel"] == SOC and c.args["text"].startswith("Påminnelse") and reminder_kind(c) == "due"
    ]
    click(p, "action_done", button_value(b_due, "action_done"), SOC, "D" + SOC[1:])
    done_modal = opened_view(fake, lambda v: metadata(v) == {"action": b.id}, "Klar")
    note = {FOLLOW_UP_BLOCKS["note"]: {"value": {"value": "Samtal hållna med tre familjer."}}}
    assert p.slack.view_submission(done_modal, note, user=SOC, view_id="VDONEB").status == 200
    week.decisions += 1
    wait_for("the agenda updated for Klar", lambda: len(fake.calls_to("chat.update")) >= week.decisions)
    web_work_done(p)
    # "Är problemet löst?" waits 14 days from the (real) moment of Klar, years before the week's
    # instants: the next tick sends it.
    week.tick(reminder_time(day["fri"]) + timedelta(hours=2))
    week.tick(reminder_time(day["sat"]))

    # ------------------------------------------------------------ next Monday and Tuesday
    week.tick(digest_time(day["mon2"]) - minute, retention_runs=1)  # a new ISO week
    week.tick(digest_time(day["mon2"]), digests=2, reminders=1)  # COP (A, C) and FGK (D); C: due
    week.tick(digest_time(day["mon2"]))
    week.tick(second.draft_at, agenda_drafts=1)
    week.tick(second.publish_at, agendas_published=1, reminders=1)  # D: due
    week.tick(second.publish_at)
    week.tick(minutes_at(second), minutes=1)
    # ------------------------------------------------------------ Wednesday: A escalated
    week.tick(reminder_time(day["wed2"]), reminders=1, escalations=len(CHAIRS))  # A: overdue 2
    week.tick(reminder_time(day["wed2"]))
    week.tick(reminder_time(day["wed2"]) + timedelta(hours=1))

    meetings = {m.starts_at: m for m in all_rows(engine, Meeting)}
    week.meetings = (meetings[first.starts_at], meetings[second.starts_at])
    year, number, _ = day["mon2"].isocalendar()
    week.digest_week = f"{year}-W{number:02d}"
    return week


def test_every_agenda_and_reminder_reaches_slack_exactly_once(played: Played):
    p, fake = played.p, played.p.fake
    rows = all_rows(p.engine, OutboxMessage)
    keys: dict[str, set[str]] = {}
    for row in rows:
        keys.setdefault(row.kind, set()).add(row.key)
    meeting_1 = played.meetings[0]
    a, b, c, d = (played.actions[name] for name in "ABCD")

    # "Är problemet löst?" was queued on the real clock (Klar), 14 days on; the schedulers' instants
    # are years later, far past the delivery horizon: it is given up, and the chairs are told.
    [solved] = [r for r in rows if r.kind == "solved_check"]
    assert (solved.status, solved.attempts, solved.last_error) == ("failed", 1, "horizon:unknown")
    assert keys["undelivered"] == {f"undelivered:{solved.id}:{chair}" for chair in CHAIRS}
    # Every other message in the outbox was claimed once and sent once, and Slack got exactly those.
    not_once = [
        (r.key, r.status, r.attempts)
        for r in rows
        if (r.status, r.attempts) != ("sent", 1) and r is not solved
    ]
    assert not_once == [], f"{len(not_once)} outbox messages not sent exactly once: {not_once}"
    # Changes to messages already posted (drafts retired at publication, agendas closed by the
    # minutes) go as chat.update, each once; everything else as one chat.postMessage.
    changes = [r for r in rows if r.kind == "agenda_update"]
    assert len(posts(fake)) == len(rows) - len(changes) - 1, (
        f"{len(posts(fake))} chat.postMessage calls for {len(rows)} outbox messages "
        f"({dict(Counter(r.kind for r in rows))})"
    )
    retired = [
        c
        for c in fake.calls_to("chat.update")
        if any(word in str(c.args.get("blocks")) for word in ("dagordningen är stängd", "publicerades"))
    ]
    # (A click after the minutes redraws a closed agenda again: the same message, not a new change.)
    assert len({(c.args["channel"], c.args["ts"]) for c in retired}) == len(changes) > 0

    # Agendas: the chairs' drafts once per chair and meeting, the agenda in the channel once per
    # meeting, each of its parts once.
    parts = {m.id: sum(r.key.startswith(f"agenda:{m.id}:") for r in rows) for m in played.meetings}
    assert {k for k in keys["agenda"] if k.startswith("agenda:")} == {
        f"agenda:{m}:{n}" for m, count in parts.items() for n in range(count)
    }
    assert {k for k in keys["agenda"] if k.startswith("agenda-draft:")} == {
        f"agenda-draft:{m}:{chair}:{n}"
        for m, count in parts.items()
        for chair in CHAIRS
        for n in range(count)
    }
    agenda_posts = [c for c in posts(fake) if c.args["text"].startswith("Dagordning")]
    for chair in CHAIRS:
        drafts = [c for c in agenda_posts if c.args["channel"] == chair]
        assert len(drafts) == sum(parts.values()), f"{len(drafts)} agenda drafts to {chair} for 2 meetings"
    in_channel = [c for c in agenda_posts if c.args["channel"] == CHANNEL]
    assert len(in_channel) == sum(parts.values()), f"{len(in_channel)} agenda messages in the channel"
    assert len({shown(c) for c in in_channel}) == len(in_channel), "an agenda part was posted twice"
    starts = [c for c in in_channel if not c.args.get("thread_ts")]
    assert len(starts) == 2, f"{len(starts)} agendas started in the channel, expected one per meeting"
    assert played.agenda_1 is not None
    first_agenda = shown(played.agenda_1)
    second_agenda = "".join(shown(c) for c in in_channel[parts[meeting_1.id] :])
    assert all(ref in first_agenda for ref in played.refs)
    assert played.late_ref in second_agenda and played.late_ref not in first_agenda
    assert played.refs[3] in second_agenda and played.refs[4] in second_agenda  # undecided: back

    # Minutes: once per meeting.
    assert keys["minutes"] == {f"minutes:{m.id}:{CHANNEL}:0" for m in played.meetings}
    minutes = Counter(c.args["channel"] for c in posts(fake) if c.args["text"].startswith("Protokoll"))
    assert minutes == {CHANNEL: 2}, f"minutes posted {dict(minutes)}, expected one per meeting"

    # Receipts: once per report (filed concurrently through the four web workers).
    reports = all_rows(p.engine, Report)
    assert keys["report_receipt"] == {f"report_receipt:{r.id}:1" for r in reports}
    for report in reports:
        receipts = [
            c
            for c in posts(fake)
            if c.args["channel"] == report.reporter_user_id
            and c.args["text"].startswith(f"Rapport {report.reference} mottagen")
        ]
        assert len(receipts) == 1, f"{len(receipts)} receipts for {report.reference}"

    # Reminders: exactly the expected ones, each once.
    expected = Counter(
        {
            (a.id, "due"): 1,
            (a.id, "overdue:1"): 1,
            (a.id, "overdue:2"): 1,
            (b.id, "before"): 1,
            (b.id, "due"): 1,  # then Klar: no overdue reminder, no digest
            (c.id, "before"): 1,
            (c.id, "due"): 1,
            (d.id, "before"): 1,
            (d.id, "due"): 1,
        }
    )
    due_on = {x.id: x.due_on.isoformat() for x in (a, b, c, d)}
    assert keys["reminder"] == {
        f"reminder:{i}:{due_on[i]}:" + (kind if ":" in kind else f"{kind}:0") for i, kind in expected
    }
    delivered = Counter(
        (int(button_value(c, "action_done")), reminder_kind(c))
        for c in posts(fake)
        if c.args["text"].startswith("Påminnelse")
    )
    assert delivered == expected, (
        f"reminders delivered {dict(delivered)}, expected each of {sorted(expected)} once"
    )
    owners = Counter(c.args["channel"] for c in posts(fake) if c.args["text"].startswith("Påminnelse"))
    assert owners == {COP: 5, SOC: 2, FGK: 2}, dict(owners)

    # The escalation of A, to each chair once; the digest, once per owner with open actions.
    assert keys["escalation"] == {f"escalation:{a.id}:{a.due_on.isoformat()}:{chair}" for chair in CHAIRS}
    escalated = Counter(c.args["channel"] for c in posts(fake) if "påmints flera gånger" in shown(c))
    assert escalated == dict.fromkeys(CHAIRS, 1), dict(escalated)
    assert keys["digest"] == {f"digest:{owner}:{played.digest_week}" for owner in (COP, FGK)}
    digests = Counter(c.args["channel"] for c in posts(fake) if "Dina öppna åtgärder" in shown(c))
    assert digests == {COP: 1, FGK: 1}, dict(digests)

    # What the web workers queued: the reporters told, the assigned owner told, Klar.
    assert keys["responsibility_taken"] == {f"taken:{x.id}" for x in (a, b, c, d)}
    assert keys["action_assigned"] == {f"assigned:{d.id}"}
    assert keys["action_done"] == {f"done:{b.id}"}
    assert keys["solved_check"] == {f"solved-check:{b.id}"}
    # One chat.update per decision, from the web workers; the rest are the outbox's changes
    # (drafts retired at publication, agendas closed by the minutes), one per changed message.
    changes = [r for r in rows if r.kind == "agenda_update"]
    assert len(fake.calls_to("chat.update")) == played.decisions + len(changes)
    stored = next(r for r in rows if r.key == f"agenda:{meeting_1.id}:0")
    decided = json.dumps(stored.payload["blocks"], ensure_ascii=False)
    assert all(x.description in decided for x in (a, b, c, d)), "a decision is missing on the agenda"

    # Each scheduler's results: claims won by exactly one of them; nothing retried, and nothing
    # failed but the solved check.
    for tick in played.ticks:
        for key in CLAIMED:
            assert tick.total(key) == tick.expected.get(key, 0), f"{tick}: {key} expected {tick.expected}"
        for key in QUEUED:  # no scheduler says it queued more than was due
            assert max(a[key] for a in tick.answers) <= tick.expected.get(key, 0), str(tick)
        assert tick.total("retried") == 0, str(tick)
    assert sum(tick.total("failed") for tick in played.ticks) == 1
    # At each instant: what was queued and what the schedulers say they sent, from the outbox.
    for at in sorted({t.at for t in played.ticks}):
        ticks = [t for t in played.ticks if t.at == at]
        for counter, kind in QUEUED.items():
            queued = sum(r.kind == kind and r.created_at == at for r in rows)
            want = sum(t.expected.get(counter, 0) for t in ticks)
            assert queued == want, f"{queued} {kind} messages queued at {at}, expected {want}"
        sent = sum(r.sent_at == at for r in rows)
        said = sum(t.total("sent") for t in ticks)
        assert said == sent, f"schedulers say {said} sent at {at}; the outbox has {sent} sent then"
    assert p.serve_log.read_text().count("Booting worker") >= WEB_WORKERS


@pytest.mark.parametrize(
    "counter",
    [
        "reminders",
        "escalations",
        "digests",
    ],
)
def test_the_schedulers_report_each_queued_message_once(played: Played, counter: str):
    """Summed over the two racing schedulers, a tick's count is what it queued: one of them won."""
    wrong = [
        f"{tick}: {counter} {[a[counter] for a in tick.answers]}, expected {tick.expected.get(counter, 0)}"
        for tick in played.ticks
        if tick.total(counter) != tick.expected.get(counter, 0)
    ]
    assert wrong == [], "\n".join(wrong)
