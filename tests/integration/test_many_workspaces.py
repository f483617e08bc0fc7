"""Many workspaces in one installation (issue 20, 2): the scheduler's tick looks only at the
workspaces with something due, and one slow or failing workspace never delays another. On SQLite
and PostgreSQL, the real services with stand-ins for Slack."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import Engine, select

from bot.app import build_runtime
from bot.config import Settings
from bot.domain.organisation import parse_seed
from bot.domain.reports import ReportInput
from bot.domain.rounds import RoundRule
from bot.notifier import ChannelFacts, Posted, UserFacts
from bot.services import TEAM_COUNTS, Services
from storage.models import JobRun, Meeting, OutboxMessage, Unit
from storage.uow import session_factory, unit_of_work
from tests.conftest import STOCKHOLM
from tests.support.db import all_rows

SLOW, FAST = "TAAA00001", "TBBB00002"  # sorted: the slow one's messages are claimed first
WAIT = 10.0  # seconds the slow workspace's call waits for the other's messages at most
UNITS = [
    {"namn": "Rosengårdsskolan", "typ": "skola", "stadsomrade": "Öster"},
    {"namn": "Polisen", "typ": "aktör"},
]


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


class SlowForOne:
    """Slack as the outbox sees it: posts to the slow workspace's people hang until the other
    workspace's messages are all posted (or ``WAIT`` passes): what the slow call saw is kept."""

    def __init__(self, slow_channels: set[str], fast_expected: int) -> None:
        self.slow_channels = slow_channels
        self.fast_expected = fast_expected
        self.fast_posted: list[str] = []
        self.fast_done = threading.Event()
        self.others_done_while_hanging: list[bool] = []
        self.lock = threading.Lock()

    def post(self, channel: str, text: str, blocks=None, *, thread_ts=None, idempotency_key=None) -> Posted:
        if channel in self.slow_channels:
            self.others_done_while_hanging.append(self.fast_done.wait(WAIT))
        else:
            with self.lock:
                self.fast_posted.append(channel)
                if len(self.fast_posted) >= self.fast_expected:
                    self.fast_done.set()
        return Posted(channel=channel, ts=f"1700000000.{len(self.fast_posted):06d}")

    def update(self, channel: str, ts: str, text: str, blocks=None) -> Posted:
        return Posted(channel=channel, ts=ts)

    def find_posted(self, channel: str, idempotency_key: str, since: datetime) -> Posted | None:
        return None


class FailingDirectory:
    """Slack's directory, broken for one workspace's people (a bug or an outage of ours)."""

    def __init__(self, broken_users: set[str]) -> None:
        self.broken_users = broken_users
        self.asked: list[str] = []

    def user_deleted(self, user_id: str) -> bool | None:
        self.asked.append(user_id)
        if user_id in self.broken_users:
            raise RuntimeError("directory broke")
        return False

    def channel_members(self, channel: str) -> frozenset[str]:
        return frozenset()

    def channel_facts(self, channel: str) -> ChannelFacts:
        return ChannelFacts(private=True, shared=False)

    def user_facts(self, user_id: str) -> UserFacts | None:
        return None


def services_for(engine: Engine, notifier, directory=None) -> Services:
    settings = Settings(database_url=str(engine.url), weekly_round=None)
    services = build_runtime(settings, engine=engine, notifier=notifier, directory=directory).services
    services.teams.installed = lambda: [SLOW, FAST]  # the OAuth mode: two installed workspaces
    return services


def queue(engine: Engine, team: str, channel: str, n: int, now: datetime) -> None:
    with unit_of_work(session_factory(engine)) as uow:
        uow.outbox.add(
            team_id=team,
            key=f"test:{channel}:{n}",
            kind="test",
            channel=channel,
            payload={"text": f"meddelande {n}"},
            not_before=now,
            now=now,
        )


def test_a_workspace_whose_slack_calls_hang_does_not_hold_up_another_in_the_same_tick(engine: Engine):
    at = local(2026, 11, 25, 14, 7)
    notifier = SlowForOne({"UAAA1"}, fast_expected=3)
    services = services_for(engine, notifier)
    queue(engine, SLOW, "UAAA1", 1, at - timedelta(minutes=1))  # due first
    for n in range(3):
        queue(engine, FAST, f"UBBB{n}", n, at)

    done = services.tick(at)

    assert done["sent"] == 4
    # The slow workspace's call was still hanging when the other's three messages were posted.
    assert notifier.others_done_while_hanging == [True]
    statuses = {(m.team_id, m.channel): m.status for m in all_rows(engine, OutboxMessage)}
    assert set(statuses.values()) == {"sent"}


def test_a_workspace_whose_scheduled_work_fails_does_not_stop_another_s(engine: Engine):
    monday = local(2026, 11, 23, 8, 0)  # after Monday 02:00: each workspace's weekly retention run
    directory = FailingDirectory({"UAAA1"})
    services = services_for(engine, SlowForOne(set(), fast_expected=0), directory)
    # Each workspace knows one person, so its retention run asks Slack whether they left.
    with unit_of_work(session_factory(engine)) as uow:
        uow.members.get_or_create(SLOW, "UAAA1", monday - timedelta(days=7))
        uow.members.get_or_create(FAST, "UBBB1", monday - timedelta(days=7))

    done = services.tick(monday)  # does not raise

    assert "UAAA1" in directory.asked and "UBBB1" in directory.asked
    assert done["retention_runs"] == 1  # the other workspace's run finished
    with engine.connect() as connection:
        runs = set(connection.execute(select(JobRun.team_id, JobRun.job)).all())
    assert runs == {(SLOW, "retention"), (FAST, "retention")}  # both claimed; one failed inside


def test_an_idle_minute_looks_at_no_workspace_and_a_due_one_only_at_its_own(engine: Engine):
    """A Wednesday afternoon with nothing due: neither workspace's services run (no claim is made,
    no row written); a message queued for one is sent and the other stays untouched."""
    wednesday = local(2026, 11, 25, 14, 7)
    directory = FailingDirectory(set())
    services = services_for(engine, SlowForOne(set(), fast_expected=0), directory)
    services.tick(wednesday - timedelta(minutes=1))  # this week's retention runs (Monday passed)
    asked = len(directory.asked)
    with engine.connect() as connection:
        runs = connection.execute(select(JobRun.team_id)).scalars().all()
    assert sorted(runs) == [SLOW, FAST]
    assert services.due is not None
    assert services.due.teams([SLOW, FAST], wednesday) == []

    queue(engine, FAST, "UBBB1", 1, wednesday)
    done = services.tick(wednesday)

    assert done["sent"] == 1 and not done["retention_runs"]
    assert len(directory.asked) == asked  # no retention looked at again


def _state(engine: Engine, team: str) -> tuple:
    """What scheduled work leaves behind in one workspace: meetings and their claims, queued
    messages, periodic job claims."""
    meetings = [m for m in all_rows(engine, Meeting) if m.team_id == team]
    claims = sorted(
        (
            m.regular_starts_at,
            m.draft_sent_at,
            m.agenda_published_at,
            m.minutes_posted_at,
            m.missed_noticed_at,
            m.round_sent_at,
            m.round_reminded_at,
        )
        for m in meetings
    )
    outbox = sorted(m.key for m in all_rows(engine, OutboxMessage) if m.team_id == team)
    jobs = sorted((j.job, j.period) for j in all_rows(engine, JobRun) if j.team_id == team)
    return claims, outbox, jobs


def test_over_a_week_a_workspace_left_out_of_a_tick_had_nothing_to_do(engine: Engine):
    """Every half hour from Wednesday to the next Wednesday (a round, drafts, an agenda, minutes, a
    retention run, a missed meeting): each workspace's services are run as the tick ran them before,
    one by one, and whatever changed anything was among the workspaces ``DueWork`` named."""
    services = services_for(engine, SlowForOne(set(), fast_expected=0), FailingDirectory(set()))
    services.rounds.rule = RoundRule()  # the weekly round on (ORAT_ROUND's default)
    start = local(2026, 11, 18, 0, 0)
    for team in (SLOW, FAST):
        services.organisation.seed(team, parse_seed({"enhet": UNITS}), start)
    school = {u.team_id: u.id for u in all_rows(engine, Unit) if u.kind == "school"}
    for team in (SLOW, FAST):
        with unit_of_work(session_factory(engine)) as uow:
            member = uow.members.get_or_create(team, f"U{team[1:4]}HEAD", start)
            member.unit_id = school[team]
        services.reports.file_report(
            team_id=team,
            user_id=f"U{team[1:4]}HEAD",
            view_id=None,
            draft_id=None,
            now=start,
            report=ReportInput(
                "arson", school[team], None, None, "Torget", start.date(), None, "Brand", False
            ),
        )
    # The slow workspace's meeting of 24 November is moved to Wednesday 25th at 13:00.
    with unit_of_work(session_factory(engine)) as uow:
        planned = services.meetings.around(uow, SLOW, local(2026, 11, 23, 12, 0))
        [tuesday] = [p for p in planned if p.starts_at == local(2026, 11, 24, 9, 0)]
        row = uow.meetings.get_or_create(
            SLOW, tuesday.starts_at, tuesday.cutoff_at, start, tuesday.regular_starts_at
        )
        row.starts_at, row.status = local(2026, 11, 25, 13, 0), "moved"
        row.cutoff_at = row.starts_at - timedelta(hours=24)
        # A meeting left from an earlier rule (Friday 10:00): its agenda never goes out, so the
        # chairs are told once its catch-up window has passed (Friday 13:00).
        uow.meetings.get_or_create(
            SLOW, local(2026, 11, 20, 10, 0), local(2026, 11, 19, 10, 0), start, local(2026, 11, 20, 10, 0)
        )
    assert services.due is not None
    worked: set[str] = set()
    at = start
    while at < start + timedelta(days=8):
        named = set(services.due.teams([SLOW, FAST], at))
        for team in (SLOW, FAST):
            before = _state(engine, team)
            counts = dict.fromkeys(TEAM_COUNTS, 0)
            services._tick_team(team, at, counts)
            if any(counts.values()) or _state(engine, team) != before:
                assert team in named, (team, at)
                worked.add(team)
        at += timedelta(minutes=30)
    assert worked == {SLOW, FAST}
    # The week had work in it: rounds, drafts, agendas, minutes, retention.
    for team in (SLOW, FAST):
        claims, _, jobs = _state(engine, team)
        assert any(c[2] is not None for c in claims) and any(c[3] is not None for c in claims)
        assert any(c[5] is not None for c in claims) and ("retention", "2026-W48") in jobs
    assert any(c[4] is not None for c in _state(engine, SLOW)[0])  # the missed meeting was told
