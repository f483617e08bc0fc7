"""``audit``, ``retention``, ``privacy-report`` and ``export-user``: the log, thinning out old data,
the record of processing (GDPR Art. 30) and one person's data."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.common import Commands, counted, instant_option, team_from_slack
from bot.config import ConfigError, Settings


def register(commands: Commands) -> None:
    for add in (_add_audit, _add_retention, _add_privacy_report, _add_export_user):
        add(commands)


def _add_audit(commands: Commands) -> None:
    audit = commands.add_parser("audit", help="loggen från en tidpunkt, för stadens loggkontroll")
    audit.add_argument("--since", required=True, help="datum eller tidpunkt i ISO 8601, t.ex. 2026-11-01")
    audit.add_argument("--team", help="bara den här arbetsytan (T…)")
    audit.add_argument("--format", choices=("tsv", "json"), default="tsv")
    audit.set_defaults(run=_audit)


def _audit(settings: Settings, args: argparse.Namespace) -> int:
    import json

    since = instant_option(args.since, settings, "--since")
    from bot.app import build_runtime

    services = build_runtime(settings, offline=True).services
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


def _add_retention(commands: Commands) -> None:
    retention = commands.add_parser("retention", help="gallra enligt ORAT_RETENTION (körs också varje vecka)")
    retention.add_argument("--dry-run", action="store_true", help="visa vad som skulle göras, ändra inget")
    retention.add_argument("--team", help="bara den här arbetsytan (T…)")
    retention.set_defaults(run=_retention)


def _retention(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import build_runtime

    services = build_runtime(settings, offline=True).services
    now = services.clock()
    teams = [args.team] if args.team else services.teams.all()
    for team in teams:
        result = services.privacy.run(team, now, dry_run=args.dry_run)
        summary = ", ".join(f"{k}={v}" for k, v in result.as_dict().items())
        print(f"orat: gallring {'(provkörning) ' if args.dry_run else ''}{team}: {summary}")
    if not settings.retention:
        print("orat: ingen gallringsregel är satt (ORAT_RETENTION); rapporter och åtgärder sparas.")
    return 0


def _add_privacy_report(commands: Commands) -> None:
    commands.add_parser(
        "privacy-report", help="registerförteckning (GDPR art. 30) ur modellen och inställningarna"
    ).set_defaults(run=_privacy_report)


def _privacy_report(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.app import build_runtime
    from bot.files.privacy_record import privacy_report

    runtime = build_runtime(settings, offline=True)
    print(privacy_report(settings, runtime.engine, runtime.services.clock()))
    return 0


def _add_export_user(commands: Commands) -> None:
    export = commands.add_parser(
        "export-user", help="registerutdrag: allt som sparats om en användare, som JSON"
    )
    export.add_argument("user", help="Slack-användar-id, U…")
    export.add_argument("--team", help="arbetsytan (annars SLACK_TEAM_ID eller auth.test)")
    export.add_argument("--output", type=Path, help="fil att skriva till (annars standard ut)")
    export.set_defaults(run=_export_user)


def _export_user(settings: Settings, args: argparse.Namespace) -> int:
    import json
    import re

    if not re.fullmatch(r"[UW][A-Z0-9]{2,}", args.user):
        raise ConfigError(f"ange ett Slack-användar-id som U0123ABCD, inte {args.user!r}.")
    team = args.team or settings.team_id or team_from_slack(settings)
    from bot.app import build_runtime

    services = build_runtime(settings, offline=True).services
    extract = services.privacy.export_user(team, args.user, services.clock())
    text = json.dumps(extract, ensure_ascii=False, indent=2, sort_keys=True)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
        rows = sum(len(v) for v in extract["tables"].values())
        rows_said = counted(rows, "rad", "rader")
        print(f"orat: registerutdrag för {args.user} skrivet till {args.output} ({rows_said}).")
    else:
        print(text)
    return 0
