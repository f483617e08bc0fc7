"""(c) Agenda compilation: time and SQL statements with 100, 1,000 and 10,000 reports and 1,000
open actions, on SQLite and PostgreSQL. Target: ≤ 150 ms and ≤ 10 statements at 10,000, the
statement count the same whatever the number of reports.

Of the reports a tenth are new for the coming meeting and a tenth are carried over from last
week's agenda, so the agenda itself grows with the database (a stress case: a real week has
some 25 new reports); the rest lie decided on years of earlier agendas.

Run: ``.venv/bin/python -m tests.bench.agenda_compile``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from sqlalchemy import select

from bot.app import build_runtime
from bot.config import Settings
from storage.db import make_engine
from storage.models import Meeting
from storage.uow import unit_of_work
from tests.bench import dataset
from tests.bench.common import QueryCounter, backends, fresh_database, summary, timed, write_results
from tests.support.quiet import QuietNotifier

SIZES = (100, 1_000, 10_000)
OPEN_ACTIONS = 1_000
REPEAT = 15


def measure(backend: str, pg_url: str | None, reports: int) -> dict[str, Any]:
    with fresh_database(backend, pg_url) as database:
        engine = make_engine(database.url)
        try:
            built = dataset.build(engine, reports=reports, open_actions=OPEN_ACTIONS)
            # Nothing is posted while compiling; a notifier is only needed to build the services.
            services = build_runtime(
                Settings(database_url=database.url), engine=engine, notifier=QuietNotifier()
            ).services
            counter = QueryCounter(engine)
            sessions = services.agenda.sessions

            def compile_once() -> Any:
                with unit_of_work(sessions) as uow:
                    meeting = uow.session.scalar(
                        select(Meeting).where(
                            Meeting.team_id == dataset.TEAM, Meeting.starts_at == built.meeting_starts_at
                        )
                    )
                    return services.agenda.compile(uow, meeting, built.now)

            with counter.counting():
                agenda = compile_once()
            statements = counter.count - 1  # the meeting lookup above is the caller's, not compile's
            times, agenda = timed(compile_once, REPEAT)

            def render() -> Any:
                return services.agenda.messages.agenda(agenda, mode="channel", meeting_id=1)

            render_times, messages = timed(render, 3)
        finally:
            engine.dispose()
    return {
        "backend": backend,
        "reports": reports,
        "new": built.new,
        "carried": built.carried,
        "open_actions": OPEN_ACTIONS,
        "agenda_items": len(agenda.items),
        "statements": statements,
        "compile": summary(times),
        "block_kit_messages": len(messages),
        "block_kit_render": summary(render_times),
    }


def main() -> int:
    rows = []
    for backend, pg_url in backends():
        for size in SIZES:
            row = measure(backend, pg_url, size)
            rows.append(row)
            print(
                f"agenda compile  {backend:10} {size:>6} reports: {row['agenda_items']:>5} items, "
                f"{row['statements']} statements, p50 {row['compile']['p50_ms']} ms, "
                f"max {row['compile']['max_ms']} ms (Block Kit: {row['block_kit_messages']} messages, "
                f"p50 {row['block_kit_render']['p50_ms']} ms)",
                flush=True,
            )
    write_results("agenda_compile", {"runs": rows})
    print(json.dumps(rows, indent=2) if "-v" in sys.argv else "", end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
