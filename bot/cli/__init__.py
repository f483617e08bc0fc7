"""Command line: ``python -m bot serve | scheduler | migrate | tick --at … | seed FILE | audit --since …
| retention [--dry-run] | privacy-report | export-user U… | lagesbild --from … --to … | demo-data
| sandbox | demo``.

One module per command group; in each, every command's parser sits beside the function that runs
it. The modules import what a command needs inside that function, so ``--help`` loads neither
Bolt nor the database."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable

from bot.cli import organisation, privacy, reports, run, sandbox
from bot.cli.terminal import own_foreground_under_make
from bot.config import ConfigError, Settings

# What ``make run`` starts: stopped with Ctrl+C (bot.cli.terminal).
LONG_RUNNING = ("serve", "sandbox", "scheduler")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Örat – Slack-bot för Örat mot marken."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    # In this order in --help.
    for group in (run, organisation, privacy, reports, sandbox):
        group.register(commands)

    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        configure_logging(settings.log_level)
        command: Callable[[Settings, argparse.Namespace], int] = args.run  # from its set_defaults
        if args.command in LONG_RUNNING:
            with own_foreground_under_make(settings.under_make):
                return command(settings, args)
        return command(settings, args)
    except ConfigError as exc:
        print(f"orat: {exc}", file=sys.stderr)
        return 2


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    root = logging.getLogger().level
    # Their INFO lines repeat every minute (the scheduler) or list plug-ins (Alembic): noise.
    for chatty in ("apscheduler", "alembic.runtime.plugins"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root))
    # At DEBUG these log request and response bodies (report texts, names): never below INFO,
    # whatever ORAT_LOG_LEVEL says. SQLAlchemy logs statements with their parameters from INFO.
    for talkative in ("slack_sdk", "slack_bolt", "urllib3", "werkzeug", "websocket"):
        logging.getLogger(talkative).setLevel(max(logging.INFO, root))
    logging.getLogger("sqlalchemy").setLevel(max(logging.WARNING, root))
    # slack_sdk's client formats each request's whole body for a debug line whenever its own
    # logger's level is unset (it tests ``level``, not the effective level): ~0.1 ms a modal.
    logging.getLogger("slack_sdk.web.base_client").setLevel(max(logging.INFO, root))
