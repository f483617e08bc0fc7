"""``sandbox`` and ``demo``: Örat without Slack, in the browser or as a scripted week in the terminal."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bot.cli.common import Commands, instant_option
from bot.config import Settings


def register(commands: Commands) -> None:
    for add in (_add_sandbox, _add_demo):
        add(commands)


def _add_sandbox(commands: Commands) -> None:
    sandbox = commands.add_parser(
        "sandbox", help="prova Örat utan Slack: en sandlåda i webbläsaren på http://127.0.0.1:PORT/"
    )
    sandbox.add_argument("--port", type=int, help="port (annars PORT eller 3000)")
    sandbox.add_argument(
        "--db", type=Path, default=Path("orat-sandbox.db"), help="SQLite-fil (görs om vid start)"
    )
    sandbox.add_argument("--start", help="sandlådans klocka från början, t.ex. 2026-11-20T10:00 (annars nu)")
    sandbox.set_defaults(run=_sandbox)


def _sandbox(settings: Settings, args: argparse.Namespace) -> int:
    from bot.sandbox.server import Sandbox, sandbox_bind

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request: noise here
    start = instant_option(args.start, settings, "--start") if args.start else None
    port = args.port if args.port is not None else settings.port
    sandbox = Sandbox(
        db_path=args.db, port=port, host=sandbox_bind(settings), start=start, timezone=settings.timezone
    ).start()
    print(
        f"orat: sandlådan körs på {sandbox.url}/ – öppna adressen i en webbläsare. Inget skickas till "
        f"Slack; allt sparas i {args.db} och görs om nästa gång. Avsluta med Ctrl+C.",
        flush=True,
    )
    sandbox.serve_forever()
    return 0


def _add_demo(commands: Commands) -> None:
    commands.add_parser(
        "demo", help="en skriptad vecka i terminalen, i en tillfällig sandlåda (under 30 s)"
    ).set_defaults(run=_demo)


def _demo(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.sandbox.demo import run_demo

    for noisy in ("werkzeug", "bot", "alembic"):  # the conversation is the output here
        logging.getLogger(noisy).setLevel(logging.WARNING)
    run_demo()
    return 0
