"""``lagesbild``: the steering group's picture of a period, and ``demo-data``: the invented history it
can be shown with."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.common import Commands, counted, day_option, one_team
from bot.config import ConfigError, Settings


def register(commands: Commands) -> None:
    for add in (_add_lagesbild, _add_demo_data):
        add(commands)


def _add_lagesbild(commands: Commands) -> None:
    picture = commands.add_parser(
        "lagesbild", help="lägesbild för styrgruppen: Word och PDF (eller Markdown), skrivs till en katalog"
    )
    picture.add_argument("--from", dest="start", help="första dag, ISO 8601 (annars 12 veckor bakåt)")
    picture.add_argument("--to", dest="end", help="sista dag, ISO 8601 (annars i dag)")
    picture.add_argument("--team", help="arbetsytan (T…); behövs bara när databasen har flera")
    picture.add_argument("--out", type=Path, default=Path("."), help="katalog att skriva till (annars .)")
    picture.add_argument(
        "--format",
        dest="formats",
        action="append",
        default=[],
        metavar="FORMAT",
        help="docx (word), pdf, md (markdown) eller alla; kan upprepas eller skrivas med komma: "
        "--format docx,pdf (annars docx och pdf, det styrgruppen arkiverar och redigerar)",
    )
    picture.set_defaults(run=_lagesbild)


def _lagesbild(settings: Settings, args: argparse.Namespace) -> int:
    from bot.domain.dates import period_label
    from bot.domain.documents import UnknownFormat, parse_formats
    from bot.domain.parsing import parse_period
    from bot.texts import Texts
    from handlers.blocks.snapshots import changes_line

    first, last = day_option(args.start, "--from"), day_option(args.end, "--to")  # before the database
    try:
        formats = parse_formats(args.formats)
    except UnknownFormat as exc:
        raise ConfigError(
            f"--format: okänt format ”{exc.word}”. Skriv docx, pdf, md eller alla, "
            "gärna flera med komma: --format docx,pdf."
        ) from None
    from bot.app import build_runtime

    services = build_runtime(settings, offline=True).services
    now = services.clock()
    today = now.astimezone(settings.tz).date()
    default = parse_period("", today)
    assert default is not None
    start, end = first or default.start, last or today
    if start > end:
        raise ConfigError("--from måste vara före --to.")
    if start > today:
        raise ConfigError("--from ligger i framtiden: det finns inget att rapportera än.")
    team = one_team(services, args.team)
    # Stored: the archive can open it again, byte for byte.
    made = services.snapshots.make(team, None, start, end, now, formats=formats)
    assert made is not None
    situation, files = made.situation, made.files
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (args.out / name).write_bytes(data)
        print(f"orat: skrev {args.out / name}")
    period = situation.statistics.period
    print(
        f"orat: lägesbild {period_label(period.start, period.end, settings.language)}: "
        f"{counted(situation.statistics.total, 'rapport', 'rapporter')}, "
        f"{counted(situation.taken, 'åtgärd', 'åtgärder')}, {counted(situation.open, 'öppen', 'öppna')} "
        f"varav {counted(situation.overdue, 'försenad', 'försenade')}."
    )
    texts = Texts(settings.language)
    print(f"orat: {texts('snapshot.stored', number=made.line.number)}")
    since = made.since
    if since is not None:
        print(f"orat: {changes_line(made.changes, since.number, since.made_at, texts, settings.tz)}")
    return 0


def _add_demo_data(commands: Commands) -> None:
    demo = commands.add_parser(
        "demo-data", help="påhittad historik (rapporter, möten, åtgärder) för visning och test"
    )
    demo.add_argument("--weeks", type=int, default=16, help="antal veckor bakåt från i dag (16)")
    demo.add_argument("--team", help="arbetsytan (T…); annars den enda med enheter")
    demo.add_argument("--seed", type=int, default=2026, help="slumpfrö: samma frö ger samma historik")
    demo.set_defaults(run=_demo_data)


def _demo_data(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import build_runtime
    from bot.demo_data import DemoDataRefused, add_demo_history
    from storage.uow import session_factory

    runtime = build_runtime(settings, offline=True)
    services = runtime.services
    team = one_team(services, args.team)
    if not 1 <= args.weeks <= 520:
        raise ConfigError("--weeks ska vara mellan 1 och 520.")
    schedule = services.workspaces.for_team(team).meeting  # the workspace's rule
    try:
        history = add_demo_history(
            session_factory(runtime.engine),
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
        f"orat: påhittad historik för {team}: {counted(history.weeks, 'vecka', 'veckor')}, "
        f"{counted(history.reports, 'rapport', 'rapporter')}, "
        f"{counted(history.actions, 'åtgärd', 'åtgärder')} "
        f"({counted(history.open_actions, 'öppen', 'öppna')}), "
        f"{counted(history.round_answers, 'svar', 'svar')} ”Inget nytt” i veckans runda, "
        f"{counted(history.occurrences, 'tillfälle', 'tillfällen')} då samma händelse rapporterades igen. "
        "Allt är exempeldata."
    )
    return 0
