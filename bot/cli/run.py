"""``serve``, ``scheduler``, ``migrate`` and ``tick``: running the bot and its scheduled work."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bot.cli.common import Commands, year_out_of_range
from bot.config import ConfigError, Settings

log = logging.getLogger("bot")


def register(commands: Commands) -> None:
    for add in (_add_serve, _add_scheduler, _add_migrate, _add_tick):
        add(commands)


def _add_serve(commands: Commands) -> None:
    serve = commands.add_parser("serve", help="kör boten (Socket Mode om SLACK_APP_TOKEN finns, annars HTTP)")
    serve.add_argument("--migrate", action="store_true", help="uppgradera databasen innan start")
    serve.set_defaults(run=_serve)


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    settings.require_slack()
    if args.migrate:
        _migrate(settings, args)
    from bot.server import listen_address, serve_http, serve_socket_mode, start_scheduler_process

    if settings.socket_mode:
        if settings.scheduler_enabled:
            start_scheduler_process()
        _say("orat: boten ansluter till Slack med Socket Mode (ingen port behövs).")
        _say("orat: avsluta med Ctrl+C.")
        log.info("serving in Socket Mode")
        with _quiet_interrupt():
            serve_socket_mode(settings)
        return 0
    # Over HTTP the scheduler runs in one of gunicorn's workers (bot.server.SchedulerSeat).
    _say(
        f"orat: boten startar och svarar på http://{listen_address(settings, '0.0.0.0')}/slack/events "  # noqa: S104
        "när den är laddad (hälsa: /healthz)."
    )
    if settings.oauth:
        _say(
            "orat: flera arbetsytor – en kommun lägger till Örat i sin Slack på "
            f"http://{listen_address(settings, '0.0.0.0')}/slack/install."  # noqa: S104
        )
    _say(
        "orat: schemaläggaren körs i en av arbetsprocesserna."
        if settings.scheduler_enabled
        else "orat: ingen schemaläggare här (ORAT_SCHEDULER=off)."
    )
    _say("orat: avsluta med Ctrl+C.")
    log.info("serving HTTP on port %s (POST /slack/events, GET /healthz)", settings.port)
    with _quiet_interrupt():
        serve_http(settings, scheduler=settings.scheduler_enabled)
    return 0


def _say(line: str) -> None:
    print(line, flush=True)


@contextmanager
def _quiet_interrupt() -> Iterator[None]:
    """Ctrl+C ends the bot without a traceback (gunicorn's master stops its workers first)."""
    try:
        yield
    except KeyboardInterrupt:
        pass


def _add_scheduler(commands: Commands) -> None:
    commands.add_parser("scheduler", help="kör bara schemaläggaren (Procfile: worker)").set_defaults(
        run=_scheduler
    )


def _scheduler(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.app import build_runtime
    from bot.scheduler import build_scheduler

    runtime = build_runtime(settings, with_app=False)
    log.info("scheduler running")
    try:
        build_scheduler(runtime.services, blocking=True).start()
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


def _add_migrate(commands: Commands) -> None:
    commands.add_parser("migrate", help="uppgradera databasen till senaste schemat (Alembic)").set_defaults(
        run=_migrate
    )


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    print("orat: databasen är uppgraderad till senaste schemat.")
    return 0


def _add_tick(commands: Commands) -> None:
    tick = commands.add_parser("tick", help="kör det schemalagda arbete som är dags vid en tidpunkt, en gång")
    tick.add_argument(
        "--at", required=True, help="ISO 8601, t.ex. 2026-12-01T08:00+01:00 (utan zon: ORAT_TIMEZONE)"
    )
    tick.set_defaults(run=_tick)


def _tick(settings: Settings, args: argparse.Namespace) -> int:
    from bot.domain.parsing import YearOutOfRange, parse_instant

    at = parse_instant(args.at, settings.tz)
    if at is None:
        raise ConfigError(
            f"--at ska vara en tidpunkt i ISO 8601, t.ex. 2026-12-01T08:00+01:00, inte {args.at!r}."
        )
    if isinstance(at, YearOutOfRange):
        raise ConfigError(year_out_of_range("--at", args.at, at.shown))
    from bot.app import build_runtime
    from bot.scheduler import tick

    result = tick(build_runtime(settings, with_app=False).services, at)
    print("orat: tick " + at.isoformat() + ": " + ", ".join(f"{k}={v}" for k, v in result.items()))
    return 0
