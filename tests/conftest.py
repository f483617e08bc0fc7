"""Shared fixtures. Every test that uses ``database_url`` runs on SQLite and on PostgreSQL.

PostgreSQL: ``TEST_DATABASE_URL`` when set, else 127.0.0.1:5432 (user postgres, database test).
Each test run gets its own schema there, so parallel runs never see each other's rows.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from bot.app import Runtime, build_runtime
from bot.config import Settings
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base
from tests.support.db import postgres_schema
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SIGNING_SECRET, SlackSender
from tests.support.workspaces import slack_metadata

SLACK_TABLES = slack_metadata()

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# A Friday morning: the next meeting is Tuesday 24 November 2026, its cutoff still ahead.
FRIDAY_MORNING = datetime(2026, 11, 20, 10, 0, tzinfo=STOCKHOLM)


class Clock:
    """The time the app sees; tests move it explicitly."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now.astimezone(UTC)


def _postgres_url() -> tuple[str | None, str]:
    url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG_URL
    try:
        probe = create_engine(url, connect_args={"connect_timeout": 2})
        with probe.connect() as connection:
            connection.execute(text("SELECT 1"))
        probe.dispose()
    except Exception as exc:  # any failure: the backend is simply not available here
        reason = str(exc).splitlines()[0][:160]
        return None, f"PostgreSQL not reachable at {make_url(url).render_as_string()} ({reason})"
    return url, ""


@pytest.fixture(scope="session")
def postgres_base_url() -> str:
    url, reason = _postgres_url()
    if url is None:
        if os.environ.get("ORAT_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + "; ORAT_REQUIRE_POSTGRES=1 demands it")
        pytest.skip(reason + "; set TEST_DATABASE_URL to run these tests")
    return url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def migrated_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database migrated to head with Alembic, once per backend and test run."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'orat-test.db'}"
        upgrade(url)
        yield url
        return
    with postgres_schema(request.getfixturevalue("postgres_base_url")) as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def _engines() -> Iterator[dict[str, Engine]]:
    engines: dict[str, Engine] = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


@pytest.fixture
def database_url(migrated_database: str) -> str:
    return migrated_database


@pytest.fixture
def engine(database_url: str, _engines: dict[str, Engine]) -> Iterator[Engine]:
    """The backend's engine, with every table emptied before the test."""
    if database_url not in _engines:
        _engines[database_url] = make_engine(database_url)
    engine = _engines[database_url]
    with engine.begin() as connection:
        # The domain's tables and slack_sdk's installation and OAuth state tables (migration 0017).
        tables = list(reversed(Base.metadata.sorted_tables)) + list(SLACK_TABLES.sorted_tables)
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())
    yield engine


@pytest.fixture(scope="session")
def fake_slack_server() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_slack(fake_slack_server: FakeSlack) -> FakeSlack:
    fake_slack_server.reset()
    return fake_slack_server


@pytest.fixture
def clock() -> Clock:
    return Clock(FRIDAY_MORNING)


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack) -> Settings:
    return Settings(
        bot_token="xoxb-test-token",
        signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack.url,
        database_url=database_url,
        meeting_channel="C0MEETING",
        chairs=("UCHAIR1",),
        # The weekly round's DMs (ORAT_ROUND, on by default) only where a test is about them
        # (tests/e2e/test_weekly_round.py): elsewhere they would add DMs to the counted ones.
        weekly_round=None,
    )


@pytest.fixture
def runtime(settings: Settings, engine: Engine, clock: Clock) -> Runtime:
    return build_runtime(settings, clock=clock, engine=engine)


@dataclass
class RunningApp:
    url: str
    slack: SlackSender
    runtime: Runtime


@pytest.fixture
def app_server(runtime: Runtime, fake_slack: FakeSlack) -> Iterator[RunningApp]:
    """The real WSGI app (Flask + Bolt) on 127.0.0.1, as gunicorn serves it in production."""
    from bot.web import create_wsgi_app

    server = make_server("127.0.0.1", 0, create_wsgi_app(runtime), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield RunningApp(
            url=url, slack=SlackSender(url, response_url=fake_slack.response_url), runtime=runtime
        )
    finally:
        server.shutdown()
        thread.join(timeout=5)
