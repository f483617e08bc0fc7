"""``python -m bot serve`` and ``python -m bot sandbox`` as processes (issue 17, items 1 and 5):

- ready when it listens: the first signed ``/rapportera`` sent the moment the port accepts is
  answered and opens the form, like the ones after it (the ratio of their times is printed, never
  asserted: the machine is shared);
- a graceful restart (``SIGHUP`` to the gunicorn master) with requests in flight loses none, and the
  one scheduler moves to a new worker;
- the sandbox starts with a few Swedish lines and ends on Ctrl+C with exit 0 and nothing on stderr;
  so does ``serve``.

On SQLite and PostgreSQL (the workers are forks of a master that has looked at the database: each
must use connections of its own)."""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.db import postgres_schema
from tests.support.fake_slack import FakeSlack
from tests.support.serve_process import (
    ROOT,
    children,
    free_port,
    serve_env,
    start_serve,
    stop,
    wait_until_accepting,
)
from tests.support.slack_requests import SlackSender


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: ``serve --migrate`` brings it up to date."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'orat.db'}"
        return
    with postgres_schema(request.getfixturevalue("postgres_base_url"), "orat_serve") as url:
        yield url


def _wait_for_log(log: Path, pattern: str, count: int = 1, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = log.read_text()
        if len(re.findall(pattern, text)) >= count:
            return text
        assert time.monotonic() < deadline, f"{pattern!r} × {count} not in the log:\n{text[-3000:]}"
        time.sleep(0.1)


def test_the_first_request_after_a_start_is_answered_like_the_later_ones(
    database: str, fake_slack: FakeSlack, tmp_path: Path
):
    port = free_port()
    log = tmp_path / "serve.log"
    process = start_serve(serve_env(fake_slack, database, port), log.open("w"), "--migrate")
    try:
        wait_until_accepting(process, port)
        slack = SlackSender(f"http://127.0.0.1:{port}")
        first = slack.command("/rapportera", "", user="UFIRST1")  # the moment the port accepts
        assert first.status == 200
        assert fake_slack.wait_for("views.open")[0].args["view"]["callback_id"] == "report_submit"
        later = [slack.command("/rapportera", f"sedan {i}", user=f"UFIRST{i + 2}") for i in range(10)]
        assert [r.status for r in later] == [200] * 10
        assert len(fake_slack.wait_for("views.open", 11)) == 11
        steady = statistics.median(r.seconds for r in later)
        print(
            f"\nfirst /rapportera {first.seconds * 1000:.0f} ms, later p50 {steady * 1000:.0f} ms, "
            f"ratio {first.seconds / steady:.1f}"
        )
        # One scheduler, in one of the two workers: no process of its own.
        text = _wait_for_log(log, r"scheduler running")
        assert text.count("scheduler running") == 1
        assert len(children(process.pid)) == 2
    finally:
        stop(process)
    assert "Traceback" not in log.read_text()


def test_a_graceful_restart_with_requests_in_flight_loses_none(
    database: str, fake_slack: FakeSlack, tmp_path: Path
):
    port = free_port()
    log = tmp_path / "serve.log"
    process = start_serve(serve_env(fake_slack, database, port), log.open("w"), "--migrate")
    statuses: Counter[int | str] = Counter()
    stop_sending = threading.Event()

    def client(n: int) -> None:
        slack = SlackSender(f"http://127.0.0.1:{port}")
        i = 0
        while not stop_sending.is_set():
            try:
                statuses[slack.command("/rapportera", f"omstart {n}-{i}", user=f"UHUP{n}").status] += 1
            except OSError as error:  # a refused or reset connection: a lost request
                statuses[type(error).__name__] += 1
            i += 1

    try:
        wait_until_accepting(process, port)
        _wait_for_log(log, r"scheduler running")
        workers_before = set(children(process.pid))
        clients = [threading.Thread(target=client, args=(n,)) for n in range(4)]
        for t in clients:
            t.start()
        time.sleep(1)
        for _ in range(2):
            process.send_signal(signal.SIGHUP)
            _wait_for_log(log, r"Handling signal: hup", _ + 1)
            time.sleep(2)
        stop_sending.set()
        for t in clients:
            t.join()
        workers_after = set(children(process.pid))
        # The seat moved: a new worker runs the scheduler now (the old ones have stopped).
        _wait_for_log(log, r"scheduler running", 2)
    finally:
        stop_sending.set()
        stop(process)
    assert workers_after and not workers_after & workers_before, (workers_before, workers_after)
    assert set(statuses) == {200}, statuses
    assert statuses[200] >= 20
    print(f"\n{statuses[200]} requests across two restarts, all 200")


def _without_our_settings() -> dict[str, str]:
    return {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL", "PORT"))
    }


def _read_lines(process: subprocess.Popen[str], n: int) -> list[str]:
    assert process.stdout is not None
    return [process.stdout.readline().rstrip("\n") for _ in range(n)]


def test_the_sandbox_starts_in_swedish_and_ends_quietly_on_ctrl_c(tmp_path: Path):
    """What ``make run`` starts without Slack tokens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--port", "0", "--db", str(tmp_path / "sb.db")],
        cwd=tmp_path,
        env=_without_our_settings(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = _read_lines(process, 3)
        assert re.match(r"orat: sandlådan körs på http://127\.0\.0\.1:\d+/ – öppna adressen", lines[0])
        assert "inget skickas till Slack" in lines[1]
        assert lines[2] == "orat: avsluta med Ctrl+C."
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert err == ""  # no Alembic INFO, no traceback
    assert out.strip() == "orat: sandlådan är stoppad."
    assert not any("INFO" in line for line in lines)


def test_serve_starts_in_swedish_and_ends_quietly_on_ctrl_c(fake_slack: FakeSlack, tmp_path: Path):
    port = free_port()
    env = serve_env(fake_slack, f"sqlite:///{tmp_path / 'orat.db'}", port)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--migrate"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        lines = _read_lines(process, 4)
        assert lines[0] == "orat: databasen är uppgraderad till senaste schemat."
        assert lines[1].startswith(f"orat: boten startar och svarar på http://0.0.0.0:{port}/slack/events")
        assert lines[-1] == "orat: avsluta med Ctrl+C."
        wait_until_accepting(process, port)  # type: ignore[arg-type]
        os.killpg(process.pid, signal.SIGINT)  # Ctrl+C in a terminal reaches the whole group
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            stop(process)  # type: ignore[arg-type]
    assert process.returncode == 0
    assert "Traceback" not in err and "alembic" not in err
