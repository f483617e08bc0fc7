"""Query plans of the hot queries on PostgreSQL (``EXPLAIN``), on the benchmark dataset of
10,000 reports and 10,000 open actions: compiling the agenda, the reminder sweep, the weekly
digest, dispatching the outbox, a report's idempotency check and ``/orat mina``. Prints each
statement's plan and which index it uses; a sequential scan of a large table is marked.

Run: ``.venv/bin/python -m tests.bench.explain``.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

from sqlalchemy import event, select

from bot.app import build_runtime
from bot.config import Settings
from storage.db import make_engine
from storage.models import Meeting
from storage.uow import unit_of_work
from tests.bench import dataset
from tests.bench.common import fresh_database, postgres_url, write_results
from tests.support.quiet import QuietNotifier

LARGE_TABLES = ("reports", "agenda_items", "actions", "outbox")


def capture(engine: Any, run: Any) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def record(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, executemany: bool
    ) -> None:
        if statement.lstrip().upper().startswith("SELECT") and not executemany:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def main() -> int:
    pg = postgres_url()
    if pg is None:
        print("EXPLAIN needs PostgreSQL; skipped")
        return 0
    results = []
    with fresh_database("postgresql", pg) as database:
        engine = make_engine(database.url)
        built = dataset.build(engine, reports=10_000, open_actions=10_000)
        services = build_runtime(
            Settings(database_url=database.url), engine=engine, notifier=QuietNotifier()
        ).services

        def compile_agenda() -> None:
            with unit_of_work(services.agenda.sessions) as uow:
                meeting = uow.session.scalar(
                    select(Meeting).where(Meeting.starts_at == built.meeting_starts_at)
                )
                services.agenda.compile(uow, meeting, built.now)

        morning = built.now + timedelta(days=1, hours=-6)  # Tuesday 08:00
        services.actions.remind(dataset.TEAM, morning)
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")  # statistics as a running installation has them
        workloads = {
            "agenda compile": compile_agenda,
            "reminder sweep (idle minute)": lambda: services.actions.remind(
                dataset.TEAM, morning + timedelta(minutes=1)
            ),
            "weekly digest (Monday 08:00)": lambda: services.actions.send_digests(
                dataset.TEAM, built.now - timedelta(hours=4)
            ),
            "outbox dispatch": lambda: services.outbox.dispatch(morning),
            "/orat mina": lambda: services.actions.mine(dataset.TEAM, "UOWN0001"),
        }
        with engine.connect() as connection:
            for name, run in workloads.items():
                seen: set[str] = set()
                for statement, parameters in capture(engine, run):
                    if statement in seen:
                        continue
                    seen.add(statement)
                    plan = [
                        row[0]
                        for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters or {}).all()
                    ]
                    indexes = sorted(
                        {
                            word
                            for line in plan
                            for word in line.replace("(", " ").split()
                            if word.startswith(("ix_", "uq_", "pk_"))
                        }
                    )
                    seq = sorted(
                        {
                            t
                            for line in plan
                            if "Seq Scan on" in line
                            for t in LARGE_TABLES
                            if f"Seq Scan on {t} " in line + " "
                        }
                    )
                    results.append(
                        {
                            "workload": name,
                            "statement": " ".join(statement.split())[:160],
                            "indexes": indexes,
                            "seq_scans_of_large_tables": seq,
                            "plan": plan,
                        }
                    )
                    flag = f"  SEQ SCAN of {', '.join(seq)}" if seq else ""
                    print(f"[{name}] {' '.join(statement.split())[:100]}…")
                    print(f"    indexes: {', '.join(indexes) or '-'}{flag}")
                    for line in plan:
                        print("      " + line)
        engine.dispose()
    write_results("explain", {"statements": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
