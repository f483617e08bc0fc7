"""What the benchmarks share: fresh databases, percentiles, query counting, writing results.

Benchmarks are not tests: they print figures and write them to ``bench-results/``; nothing here
asserts a time (machines are shared and noisy). ``make bench`` runs them all.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

from tests.support.db import postgres_schema

RESULTS = Path("bench-results")
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p99 of 1,000 samples is the 10th slowest)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


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


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def postgres_url() -> str | None:
    """The PostgreSQL to measure on (TEST_DATABASE_URL or this machine's), or None if it is down."""
    url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG_URL
    try:
        probe = create_engine(url, connect_args={"connect_timeout": 2})
        with probe.connect() as connection:
            connection.execute(text("SELECT 1"))
        probe.dispose()
    except Exception as exc:  # not available here: PostgreSQL figures are skipped, and said so
        print(f"PostgreSQL not reachable ({type(exc).__name__}); its figures are skipped")
        return None
    return url


@dataclass
class Database:
    url: str
    backend: str


@contextmanager
def fresh_database(backend: str, pg_url: str | None = None) -> Iterator[Database]:
    """A migrated, empty database: a temporary SQLite file, or a PostgreSQL schema of its own."""
    from storage.migrate import upgrade

    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="orat-bench-") as directory:
            url = f"sqlite:///{Path(directory) / 'orat.db'}"
            upgrade(url)
            yield Database(url, "sqlite")
        return
    assert pg_url is not None
    with postgres_schema(pg_url, "orat_bench") as url:
        upgrade(url)
        yield Database(url, "postgresql")


def backends() -> list[tuple[str, str | None]]:
    pg = postgres_url()
    return [("sqlite", None), *([("postgresql", pg)] if pg else [])]


class QueryCounter:
    """Counts the SQL statements an engine executes while ``counting`` is on."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        self.statements: list[str] = []
        self.on = False
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.on:
            self.count += 1
            self.statements.append(statement)

    @contextmanager
    def counting(self) -> Iterator[QueryCounter]:
        self.count, self.statements, self.on = 0, [], True
        try:
            yield self
        finally:
            self.on = False


def timed(run: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    """Wall times of ``repeat`` runs (after one warm-up run) and the last result."""
    result = run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return times, result


def write_results(name: str, figures: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False, default=str) + "\n")
    return path
