"""The Procfile as a platform runs it (each line through ``sh -c``): ``release`` migrates a new
database, ``web`` serves HTTP without a scheduler of its own, ``worker`` is the one scheduler. On
SQLite (one box) and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from tests.e2e.test_cli import _free_port
from tests.support.db import postgres_schema
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.slack_requests import SIGNING_SECRET, SlackSender

ROOT = Path(__file__).resolve().parents[2]


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nothing has migrated yet: ``release`` must do it."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'orat.db'}"
        return
    with postgres_schema(request.getfixturevalue("postgres_base_url"), "orat_procfile") as url:
        yield url


def _start(line: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["sh", "-c", line],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _commands_in_group(pgid: int) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except (OSError, ProcessLookupError):
                continue
    return found


def test_release_web_and_worker_run_as_the_procfile_says(
    empty_database: str, fake_slack: FakeSlack, tmp_path: Path
):
    lines = procfile()
    assert set(lines) == {"web", "worker", "release"}
    port = _free_port()
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL", "PORT"))
    }
    env = {
        **base,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}",
        "DATABASE_URL": empty_database,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "SLACK_TEAM_ID": TEAM_ID,
        "PORT": str(port),
        "ORAT_LOG_LEVEL": "DEBUG",
    }

    release = subprocess.run(
        ["sh", "-c", lines["release"]], env=env, cwd=ROOT, capture_output=True, timeout=120
    )
    assert release.returncode == 0, release.stderr.decode()[-2000:]
    engine = create_engine(empty_database)
    try:
        assert {"reports", "actions", "outbox"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()

    web = _start(lines["web"], env, tmp_path / "web.log")
    worker = _start(lines["worker"], env, tmp_path / "worker.log")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                break
            except OSError:
                assert web.poll() is None and time.monotonic() < deadline, (tmp_path / "web.log").read_text()
                time.sleep(0.2)
        assert SlackSender(f"http://127.0.0.1:{port}").command("/rapportera").status == 200
        assert fake_slack.wait_for("views.open")[0].args["view"]["callback_id"] == "report_submit"
        # web has no scheduler of its own: the worker is the only one.
        assert not [c for c in _commands_in_group(web.pid) if "bot scheduler" in c]
        while "tick at" not in (tmp_path / "worker.log").read_text():
            assert worker.poll() is None and time.monotonic() < deadline, (
                tmp_path / "worker.log"
            ).read_text()
            time.sleep(0.2)
    finally:
        _stop(web)
        _stop(worker)
