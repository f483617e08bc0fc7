"""Ack latency of ``/rapportera`` and of the modal submit, through ``python -m bot serve`` (gunicorn).

Not part of the test suite (no timing assertions there). Run: ``make bench`` or
``.venv/bin/python -m tests.bench.ack_times [--requests N] [--database-url URL]``.
Prints percentiles and writes them to ``bench-results/ack_times.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.support.fake_slack import FakeSlack
from tests.support.modal import report_values
from tests.support.slack_requests import SIGNING_SECRET, SlackSender


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(max(ms), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    database_url, cleanup = isolated_database(args.database_url)
    try:
        figures = measure(args.requests, database_url)
    finally:
        cleanup()
    print(json.dumps(figures, indent=2))
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    name = (
        "ack_times_postgresql.json"
        if figures["database"].startswith("postgresql")
        else "ack_times_sqlite.json"
    )
    (out / name).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


def isolated_database(url: str | None) -> tuple[str | None, Callable[[], None]]:
    """PostgreSQL: a schema of its own for this run, dropped afterwards (the database is shared)."""
    if url is None or not url.startswith("postgresql"):
        return url, lambda: None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"orat_bench_{os.getpid()}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def cleanup() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False), cleanup


def measure(requests: int, database_url: str | None) -> dict:
    fake = FakeSlack().start()
    workdir = Path(tempfile.mkdtemp(prefix="orat-bench-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL"))}
    env.update(
        SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.url,
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'orat.db'}",
        PORT=str(port),
        ORAT_SCHEDULER="off",
        ORAT_LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--migrate"], env=env, cwd=workdir)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        slack = SlackSender(f"http://127.0.0.1:{port}")
        commands, submits = [], []
        for i in range(requests):
            result = slack.command("/rapportera", f"bench {i}", user=f"UBENCH{i % 10}")
            assert result.status == 200, result.body
            commands.append(result.seconds)
            view = fake.wait_for("views.open", i + 1)[-1].args["view"]
            values = report_values(new_unit_name=f"Bänkskola {i % 10}", new_unit_area="Norr")
            result = slack.view_submission(view, values, user=f"UBENCH{i % 10}", view_id=f"VBENCH{i}")
            assert result.status == 200 and '"update"' in result.body, result.body
            submits.append(result.seconds)
        figures = {
            "database": env["DATABASE_URL"].split(":")[0],
            "server": "gunicorn gthread, 2 workers x 8 threads",
            "sequential_requests": requests,
            "command_ack": summary(commands),
            "submit_ack": summary(submits),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)
        fake.stop()
    return figures


if __name__ == "__main__":
    sys.exit(main())
