"""Command line: ``python -m bot serve | scheduler | migrate | tick --at … | seed FILE | audit --since …
| retention [--dry-run] | privacy-report | export-user U… | lagesbild --from … --to … | demo-data``."""

from __future__ import annotations

import argparse
import logging
import sys
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Örat – Slack-bot för Örat mot marken."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    serve = commands.add_parser("serve", help="kör boten (Socket Mode om SLACK_APP_TOKEN finns, annars HTTP)")
    serve.add_argument("--migrate", action="store_true", help="uppgradera databasen innan start")
    commands.add_parser("scheduler", help="kör bara schemaläggaren (Procfile: worker)")
    commands.add_parser("migrate", help="uppgradera databasen till senaste schemat (Alembic)")
    tick = commands.add_parser("tick", help="kör det schemalagda arbete som är dags vid en tidpunkt, en gång")
    tick.add_argument(
        "--at", required=True, help="ISO 8601, t.ex. 2026-12-01T08:00+01:00 (utan zon: ORAT_TIMEZONE)"
    )
    seed = commands.add_parser("seed", help="läs in organisationsdata (enheter, medlemmar) från en TOML-fil")
    seed.add_argument("file", type=Path)
    seed.add_argument(
        "--team", help="Slack-team-id (annars filens slack_team, SLACK_TEAM_ID eller auth.test)"
    )

    audit = commands.add_parser("audit", help="loggen från en tidpunkt, för stadens loggkontroll")
    audit.add_argument("--since", required=True, help="datum eller tidpunkt i ISO 8601, t.ex. 2026-11-01")
    audit.add_argument("--team", help="bara den här arbetsytan (T…)")
    audit.add_argument("--format", choices=("tsv", "json"), default="tsv")
    retention = commands.add_parser("retention", help="gallra enligt ORAT_RETENTION (körs också varje vecka)")
    retention.add_argument("--dry-run", action="store_true", help="visa vad som skulle göras, ändra inget")
    retention.add_argument("--team", help="bara den här arbetsytan (T…)")
    commands.add_parser(
        "privacy-report", help="registerförteckning (GDPR art. 30) ur modellen och inställningarna"
    )
    export = commands.add_parser(
        "export-user", help="registerutdrag: allt som sparats om en användare, som JSON"
    )
    export.add_argument("user", help="Slack-användar-id, U…")
    export.add_argument("--team", help="arbetsytan (annars SLACK_TEAM_ID eller auth.test)")
    export.add_argument("--output", type=Path, help="fil att skriva till (annars standard ut)")

    picture = commands.add_parser(
        "lagesbild", help="lägesbild för styrgruppen: Markdown med diagram, skrivs till en katalog"
    )
    picture.add_argument("--from", dest="start", help="första dag, ISO 8601 (annars 12 veckor bakåt)")
    picture.add_argument("--to", dest="end", help="sista dag, ISO 8601 (annars i dag)")
    picture.add_argument("--team", help="arbetsytan (T…); behövs bara när databasen har flera")
    picture.add_argument("--out", type=Path, default=Path("."), help="katalog att skriva till (annars .)")
    demo = commands.add_parser(
        "demo-data", help="påhittad historik (rapporter, möten, åtgärder) för visning och test"
    )
    demo.add_argument("--weeks", type=int, default=16, help="antal veckor bakåt från i dag (16)")
    demo.add_argument("--team", help="arbetsytan (T…); annars den enda med enheter")
    demo.add_argument("--seed", type=int, default=2026, help="slumpfrö: samma frö ger samma historik")

    sandbox = commands.add_parser(
        "sandbox", help="prova Örat utan Slack: en sandlåda i webbläsaren på http://127.0.0.1:PORT/"
    )
    sandbox.add_argument("--port", type=int, help="port (annars PORT eller 3000)")
    sandbox.add_argument(
        "--db", type=Path, default=Path("orat-sandbox.db"), help="SQLite-fil (görs om vid start)"
    )
    sandbox.add_argument("--start", help="sandlådans klocka från början, t.ex. 2026-11-20T10:00 (annars nu)")

    commands.add_parser("demo", help="en skriptad vecka i terminalen, i en tillfällig sandlåda (under 30 s)")

    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        configure_logging(settings.log_level)
        return COMMANDS[args.command](settings, args)
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


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    settings.require_slack()
    if args.migrate:
        _migrate(settings, args)
    from bot.server import serve_http, serve_socket_mode, start_scheduler_process

    if settings.scheduler_enabled:
        start_scheduler_process()
    if settings.socket_mode:
        log.info("serving in Socket Mode")
        serve_socket_mode(settings)
    else:
        log.info("serving HTTP on port %s (POST /slack/events, GET /healthz)", settings.port)
        serve_http(settings)
    return 0


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


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    print("orat: databasen är uppgraderad till senaste schemat.")
    return 0


def _tick(settings: Settings, args: argparse.Namespace) -> int:
    from bot.domain.parsing import YearOutOfRange, parse_instant

    at = parse_instant(args.at, settings.tz)
    if at is None:
        raise ConfigError(
            f"--at ska vara en tidpunkt i ISO 8601, t.ex. 2026-12-01T08:00+01:00, inte {args.at!r}."
        )
    if isinstance(at, YearOutOfRange):
        raise ConfigError(_out_of_range("--at", args.at, at.shown))
    from bot.app import build_runtime
    from bot.scheduler import tick

    result = tick(build_runtime(settings, with_app=False).services, at)
    print("orat: tick " + at.isoformat() + ": " + ", ".join(f"{k}={v}" for k, v in result.items()))
    return 0


def _seed(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import build_services
    from bot.domain.organisation import SeedError, parse_seed
    from bot.notifier import SlackNotifier

    try:
        seed = parse_seed(tomllib.loads(args.file.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ConfigError(f"filen {args.file} finns inte.") from None
    except (tomllib.TOMLDecodeError, SeedError) as exc:
        raise ConfigError(f"{args.file}: {exc}") from None
    team_id = args.team or seed.team_id or settings.team_id or _team_from_slack(settings)
    from bot.app import slack_client

    services, _engine = build_services(settings, notifier=SlackNotifier(slack_client(settings)))
    result = services.organisation.seed(team_id, seed, services.clock())
    print(
        f"orat: {args.file} inläst för {team_id}: {result.units_added} nya enheter, "
        f"{result.units_updated} ändrade, {result.members} medlemmar."
    )
    return 0


def _team_from_slack(settings: Settings) -> str:
    if settings.bot_token is None:
        raise ConfigError(
            "vilket Slack-team gäller datan? Ange --team T…, slack_team i filen, "
            "SLACK_TEAM_ID eller SLACK_BOT_TOKEN."
        )
    from bot.app import slack_client

    return str(slack_client(settings).auth_test()["team_id"])


def _offline_services(settings: Settings):
    """The services without the Bolt app; Slack is asked only for what a command needs."""
    from bot.app import build_services, slack_client
    from bot.notifier import SlackNotifier

    notifier = SlackNotifier(slack_client(settings)) if settings.bot_token else None
    services, engine = build_services(
        settings,
        notifier=notifier or _NoSlack(),
        directory=notifier,  # type: ignore[arg-type]
    )
    return services, engine


class _NoSlack:
    def post(self, *_args: object, **_kwargs: object):
        raise ConfigError("SLACK_BOT_TOKEN behövs för att skicka meddelanden.")


def _instant(text: str, settings: Settings, option: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            f"{option} ska vara ett datum eller en tidpunkt i ISO 8601, inte {text!r}."
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=settings.tz)


def _audit(settings: Settings, args: argparse.Namespace) -> int:
    import json

    since = _instant(args.since, settings, "--since")
    services, _engine = _offline_services(settings)
    lines = services.privacy.audit_since(since, args.team)
    if args.format == "json":
        for line in lines:
            row = {**line.__dict__, "at": line.at.isoformat()}
            print(json.dumps(row, ensure_ascii=False, sort_keys=True))
        return 0
    print("tid\tarbetsyta\tanvändare\thändelse\tobjekt\treferens\tvarifrån\tdetaljer")
    for line in lines:
        details = json.dumps(line.details, ensure_ascii=False, sort_keys=True) if line.details else ""
        print(
            "\t".join(
                [
                    line.at.astimezone(settings.tz).isoformat(timespec="seconds"),
                    line.team_id,
                    line.actor_user_id or "-",
                    line.event,
                    f"{line.subject_type}:{line.subject_id}",
                    line.reference or "",
                    line.surface,
                    details,
                ]
            )
        )
    return 0


def _retention(settings: Settings, args: argparse.Namespace) -> int:
    services, _engine = _offline_services(settings)
    now = services.clock()
    teams = [args.team] if args.team else services.teams.all()
    for team in teams:
        result = services.privacy.run(team, now, dry_run=args.dry_run)
        summary = ", ".join(f"{k}={v}" for k, v in result.as_dict().items())
        print(f"orat: gallring {'(provkörning) ' if args.dry_run else ''}{team}: {summary}")
    if not settings.retention:
        print("orat: ingen gallringsregel är satt (ORAT_RETENTION); rapporter och åtgärder sparas.")
    return 0


def _privacy_report(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.privacy_report import privacy_report

    services, engine = _offline_services(settings)
    print(privacy_report(settings, engine, services.clock()))
    return 0


def _export_user(settings: Settings, args: argparse.Namespace) -> int:
    import json
    import re

    if not re.fullmatch(r"[UW][A-Z0-9]{2,}", args.user):
        raise ConfigError(f"ange ett Slack-användar-id som U0123ABCD, inte {args.user!r}.")
    team = args.team or settings.team_id or _team_from_slack(settings)
    services, _engine = _offline_services(settings)
    extract = services.privacy.export_user(team, args.user, services.clock())
    text = json.dumps(extract, ensure_ascii=False, indent=2, sort_keys=True)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
        rows = sum(len(v) for v in extract["tables"].values())
        print(f"orat: registerutdrag för {args.user} skrivet till {args.output} ({rows} rader).")
    else:
        print(text)
    return 0


def _one_team(services: Services, given: str | None) -> str:
    if given:
        return given
    teams = services.teams.all()
    if len(teams) != 1:
        found = ", ".join(teams) or "inga"
        raise ConfigError(f"ange arbetsytan med --team (databasen har {found}).")
    return teams[0]


def _day(text: str | None, option: str) -> date | None:
    from bot.domain.parsing import YearOutOfRange, parse_iso_day

    if text is None:
        return None
    day = parse_iso_day(text)
    if day is None:
        raise ConfigError(f"{option} ska vara ett datum i ISO 8601, t.ex. 2026-09-01, inte {text!r}.")
    if isinstance(day, YearOutOfRange):
        raise ConfigError(_out_of_range(option, text, day.shown))
    return day


def _out_of_range(option: str, text: str, year: str) -> str:
    from bot.domain.parsing import FIRST_YEAR, LAST_YEAR

    return f"{option} {text!r}: året {year} ligger utanför de år Örat räknar med ({FIRST_YEAR}–{LAST_YEAR})."


def _lagesbild(settings: Settings, args: argparse.Namespace) -> int:
    from bot.domain.dates import period_label
    from bot.domain.statistics import parse_period
    from bot.exports import lagesbild_files
    from bot.texts import Texts

    first, last = _day(args.start, "--from"), _day(args.end, "--to")  # refused before the database
    services, _engine = _offline_services(settings)
    now = services.clock()
    today = now.astimezone(settings.tz).date()
    default = parse_period("", today)
    assert default is not None
    start, end = first or default.start, last or today
    if start > end:
        raise ConfigError("--from måste vara före --to.")
    if start > today:
        raise ConfigError("--from ligger i framtiden: det finns inget att rapportera än.")
    team = _one_team(services, args.team)
    situation = services.statistics.situation(team, None, start, end, now)
    texts = Texts(settings.language)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in lagesbild_files(situation, texts, generated_at=now, tz=settings.tz):
        (args.out / name).write_bytes(data)
        print(f"orat: skrev {args.out / name}")
    period = situation.statistics.period
    print(
        f"orat: lägesbild {period_label(period.start, period.end, settings.language)}: "
        f"{situation.statistics.total} rapporter, {situation.taken} åtgärder, "
        f"{situation.open} öppna varav {situation.overdue} försenade."
    )
    return 0


def _demo_data(settings: Settings, args: argparse.Namespace) -> int:
    from bot.demo_data import DemoDataRefused, add_demo_history
    from storage.uow import session_factory

    services, engine = _offline_services(settings)
    team = _one_team(services, args.team)
    if not 1 <= args.weeks <= 520:
        raise ConfigError("--weeks ska vara mellan 1 och 520.")
    schedule = settings.meeting
    try:
        history = add_demo_history(
            session_factory(engine),
            team,
            weeks=args.weeks,
            today=services.clock().astimezone(settings.tz).date(),
            tz=settings.tz,
            seed=args.seed,
            meeting_weekday=schedule.weekday,
            meeting_at=schedule.at,
        )
    except DemoDataRefused as exc:
        raise ConfigError(f"ingen påhittad historik skrevs: {exc}.") from None
    print(
        f"orat: påhittad historik för {team}: {history.weeks} veckor, {history.reports} rapporter, "
        f"{history.actions} åtgärder ({history.open_actions} öppna). Allt är exempeldata."
    )
    return 0


def _sandbox(settings: Settings, args: argparse.Namespace) -> int:
    from bot.sandbox.server import Sandbox, sandbox_bind

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request: noise here
    start = _instant(args.start, settings, "--start") if args.start else None
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


def _demo(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.sandbox.demo import run_demo

    for noisy in ("werkzeug", "bot", "alembic"):  # the conversation is the output here
        logging.getLogger(noisy).setLevel(logging.WARNING)
    run_demo()
    return 0


COMMANDS = {
    "serve": _serve,
    "scheduler": _scheduler,
    "migrate": _migrate,
    "tick": _tick,
    "seed": _seed,
    "audit": _audit,
    "retention": _retention,
    "privacy-report": _privacy_report,
    "export-user": _export_user,
    "lagesbild": _lagesbild,
    "demo-data": _demo_data,
    "sandbox": _sandbox,
    "demo": _demo,
}

if __name__ == "__main__":
    sys.exit(main())
