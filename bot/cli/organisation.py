"""``seed``: the organisation's units and members, read from a TOML file."""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

from bot.cli.common import Commands, counted, team_from_slack
from bot.config import ConfigError, Settings


def register(commands: Commands) -> None:
    seed = commands.add_parser("seed", help="läs in organisationsdata (enheter, medlemmar) från en TOML-fil")
    seed.add_argument("file", type=Path)
    seed.add_argument(
        "--team", help="Slack-team-id (annars filens slack_team, SLACK_TEAM_ID eller auth.test)"
    )
    seed.set_defaults(run=_seed)


def _seed(settings: Settings, args: argparse.Namespace) -> int:
    from bot.domain.organisation import SeedError, parse_seed

    try:
        data = tomllib.loads(args.file.read_text(encoding="utf-8"))
        seed = parse_seed(data)
    except FileNotFoundError:
        raise ConfigError(f"filen {args.file} finns inte.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{args.file}: {exc}") from None
    except SeedError as exc:
        seed, first = None, exc  # perhaps a unit in an area of the workspace's own: checked below
    named = (data.get("organisation") or {}).get("slack_team")
    team_id = args.team or (seed.team_id if seed else named if isinstance(named, str) else None)
    team_id = team_id or settings.team_id
    if seed is None and team_id is None:
        raise ConfigError(f"{args.file}: {first}") from None
    team_id = team_id or team_from_slack(settings)
    from bot.app import build_runtime

    services = build_runtime(settings, offline=True).services
    if seed is None:
        # The file brings no areas of its own: its units' areas are checked against the workspace's.
        try:
            seed = parse_seed(data, services.vocabulary.load(team_id))
        except SeedError as exc:
            raise ConfigError(f"{args.file}: {exc}") from None
        except Exception:  # no database to ask (not migrated yet): the file's own error is the answer
            raise ConfigError(f"{args.file}: {first}") from None
    result = services.organisation.seed(team_id, seed, services.clock())
    print(
        f"orat: {args.file} inläst för {team_id}: {counted(result.units_added, 'ny enhet', 'nya enheter')}, "
        f"{counted(result.units_updated, 'ändrad', 'ändrade')}, "
        f"{counted(result.members, 'medlem', 'medlemmar')}."
    )
    return 0
