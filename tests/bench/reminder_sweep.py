"""(d) Reminder sweep: find the open actions whose reminder is due and claim them (queue each
reminder once in the outbox), over 1,000 and 10,000 open actions, on SQLite and PostgreSQL.
Target: ≤ 300 ms at 10,000.

Due dates are spread from four weeks ago to four weeks ahead. The first morning primes the
outbox (every overdue action gets its current reminder once); then each working morning at
08:00 is one sweep with that day's reminders, and each minute after it a sweep that finds
nothing new (what the scheduler does 1,439 times a day).

Run: ``.venv/bin/python -m tests.bench.reminder_sweep``.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.app import build_runtime
from bot.config import Settings
from bot.domain.holidays import is_working_day
from storage.db import make_engine
from storage.models import OutboxMessage
from tests.bench import dataset
from tests.bench.common import QueryCounter, backends, fresh_database, summary, write_results
from tests.support.quiet import QuietNotifier

SIZES = (1_000, 10_000)
MORNINGS = 5
IDLE_MINUTES = 10


def working_mornings(start: datetime, n: int) -> list[datetime]:
    local = start.astimezone(dataset.TZ)
    day = local.date()
    out = []
    while len(out) < n:
        day += timedelta(days=1)
        if is_working_day(day):
            out.append(datetime.combine(day, datetime.min.time().replace(hour=8), tzinfo=dataset.TZ))
    return out


def measure(backend: str, pg_url: str | None, actions: int) -> dict[str, Any]:
    with fresh_database(backend, pg_url) as database:
        engine = make_engine(database.url)
        try:
            dataset.build(engine, reports=1_000, open_actions=actions)
            services = build_runtime(
                Settings(database_url=database.url), engine=engine, notifier=QuietNotifier()
            ).services
            counter = QueryCounter(engine)
            mornings = working_mornings(dataset.NOW - timedelta(days=1), MORNINGS + 1)
            start = time.perf_counter()
            primed = services.actions.remind(dataset.TEAM, mornings[0])
            prime_seconds = time.perf_counter() - start
            morning_times, idle_times, queued, statements = [], [], [], []
            for morning in mornings[1:]:
                with counter.counting():
                    start = time.perf_counter()
                    done = services.actions.remind(dataset.TEAM, morning)
                    morning_times.append(time.perf_counter() - start)
                statements.append(counter.count)
                queued.append(done["reminders"] + done["escalations"])
            last = mornings[-1]
            for minute in range(1, IDLE_MINUTES + 1):
                with counter.counting():
                    start = time.perf_counter()
                    done = services.actions.remind(dataset.TEAM, last + timedelta(minutes=minute))
                    idle_times.append(time.perf_counter() - start)
                assert not any(done.values()), done  # nothing new a minute later
            idle_statements = counter.count
            with engine.connect() as connection:
                outbox = connection.scalar(select(func.count()).select_from(OutboxMessage))
        finally:
            engine.dispose()
    return {
        "backend": backend,
        "open_actions": actions,
        "first_morning": {"seconds": round(prime_seconds, 3), **primed},
        "morning_sweep": summary(morning_times),
        "queued_per_morning": queued,
        "statements_per_morning": statements,
        "idle_sweep": summary(idle_times),
        "statements_per_idle_sweep": idle_statements,
        "outbox_rows": outbox,
    }


def main() -> int:
    rows = []
    for backend, pg_url in backends():
        for size in SIZES:
            row = measure(backend, pg_url, size)
            rows.append(row)
            morning, idle, first = row["morning_sweep"], row["idle_sweep"], row["first_morning"]
            print(
                f"reminder sweep  {backend:10} {size:>6} actions: "
                f"morning p50 {morning['p50_ms']} ms max {morning['max_ms']} ms "
                f"(queued {row['queued_per_morning']}), "
                f"idle minute p50 {idle['p50_ms']} ms max {idle['max_ms']} ms, "
                f"first morning {first['seconds']} s ({first['reminders']} reminders)",
                flush=True,
            )
    write_results("reminder_sweep", {"runs": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
