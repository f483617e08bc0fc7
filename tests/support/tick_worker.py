"""A long-lived scheduler process for tests: ``python -m tests.support.tick_worker``.

It builds the services exactly as ``python -m bot tick --at …`` does (settings from the
environment, the real runtime without the Bolt app, ``bot.scheduler.tick``), then reads ISO 8601
instants from standard in, one a line, runs one tick at each and writes the tick's result as one
JSON line to standard out. An instant without a zone is read in ``ORAT_TIMEZONE``. A tick that
raises answers ``{"error": …}`` instead, so the test sees it rather than waiting. An empty line or
the end of standard in stops the process.

Several of these fed the same instant at the same time race on every tick, as several
``python -m bot scheduler`` processes would."""

from __future__ import annotations

import json
import logging
import sys

from bot.app import build_runtime
from bot.cli import configure_logging
from bot.cli.common import instant_option
from bot.config import ConfigError, Settings
from bot.scheduler import tick

log = logging.getLogger("tests.tick_worker")


def main() -> int:
    try:
        settings = Settings.from_env()
        configure_logging(settings.log_level)
        services = build_runtime(settings, with_app=False).services
        services.health.database_ok()  # connect now, so that the first tick races from the start
    except ConfigError as exc:
        print(json.dumps({"error": "config", "message": str(exc)}), flush=True)
        return 2
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        text = line.strip()
        if not text:
            break
        try:
            at = instant_option(text, settings, "--at")
            answer: dict[str, object] = {"at": at.isoformat(), **tick(services, at)}
        except Exception as exc:  # reported to the test, which fails with it
            log.exception("tick at %s failed", text)
            answer = {"at": text, "error": type(exc).__name__, "message": str(exc)[:500]}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
