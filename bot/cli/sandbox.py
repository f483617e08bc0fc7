"""``sandbox`` and ``demo``: Örat without Slack, in the browser or as a scripted week in the terminal."""

from __future__ import annotations

import argparse
import logging
import signal
from pathlib import Path

from bot.cli.common import Commands, instant_option
from bot.config import ConfigError, Settings


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
    if settings.log_level == "INFO":  # the page is the conversation: only what went wrong (DEBUG: all)
        logging.getLogger().setLevel(logging.WARNING)
    start = instant_option(args.start, settings, "--start") if args.start else None
    port = args.port if args.port is not None else settings.port
    signal.signal(signal.SIGTERM, _interrupt)  # stopped like Ctrl+C: quietly, exit 0
    sandbox = None
    try:
        sandbox = Sandbox(
            db_path=args.db, port=port, host=sandbox_bind(settings), start=start, timezone=settings.timezone
        ).start()
        print(
            f"orat: sandlådan körs på {sandbox.url}/ – öppna adressen i en webbläsare.\n"
            f"orat: inget skickas till Slack; allt sparas i {args.db} och görs om nästa gång.\n"
            "orat: avsluta med Ctrl+C.",
            flush=True,
        )
        sandbox.serve_forever()  # returns on Ctrl+C, after stopping the sandbox
    except KeyboardInterrupt:  # during start-up, or between serve_forever's checks
        if sandbox is not None:
            sandbox.stop()
    print("orat: sandlådan är stoppad.", flush=True)
    return 0


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _add_demo(commands: Commands) -> None:
    demo = commands.add_parser(
        "demo",
        help="ett skriptat mötesvarv i terminalen, i en tillfällig sandlåda (under 30 s)",
    )
    demo.add_argument(
        "--person",
        metavar="NAMN",
        help="visa bara det som syns på en persons skärm: Anna, Bo, Cecilia, David eller Eva",
    )
    demo.add_argument(
        "--start", help="demons första stund, t.ex. 2026-12-03T10:00 (annars nästa torsdag kl. 10)"
    )
    demo.set_defaults(run=_demo)


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from bot.sandbox.demo import person_named, run_demo

    person = person_named(args.person) if args.person else None
    if args.person and person is None:
        raise ConfigError(f"Ingen {args.person!r} i sandlådan – välj Anna, Bo, Cecilia, David eller Eva.")
    for noisy in ("werkzeug", "bot", "alembic"):  # the conversation is the output here
        logging.getLogger(noisy).setLevel(logging.WARNING)
    start = instant_option(args.start, settings, "--start") if args.start else None
    run_demo(person=person, start=start)
    return 0
