"""APScheduler decides *when to look*; our tables decide *what is due*.

Every minute the scheduler runs ``tick(now)``. A tick that is missed (process down, machine
busy) loses nothing: the next one finds the same due rows, because nothing is kept in
APScheduler's memory job store except the heartbeat itself.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.services import Services

log = logging.getLogger(__name__)

TICK_SECONDS = 60


def tick(services: Services, at: datetime) -> dict[str, int]:
    """Run, once, all scheduled work due at ``at``. Safe to repeat and to run in several processes."""
    if at.tzinfo is None:
        raise ValueError("tick needs an aware instant")
    result = services.tick(at.astimezone(UTC))
    log.log(logging.INFO if any(result.values()) else logging.DEBUG, "tick at %s: %s", at.isoformat(), result)
    return result


def build_scheduler(services: Services, *, blocking: bool, seconds: int = TICK_SECONDS) -> BaseScheduler:
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(
        timezone=UTC,
        # A late heartbeat still runs (once): the work it finds is what counts, not when it ran.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )

    def heartbeat() -> None:
        try:
            tick(services, services.clock())
        except Exception:  # the next heartbeat tries again; a crash here must not stop the scheduler
            log.exception("tick failed")

    scheduler.add_job(
        heartbeat,
        IntervalTrigger(seconds=seconds, timezone=UTC),
        id="tick",
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )
    return scheduler
