"""What several commands share: reading dates and instants from options, and which workspace a
command is about."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeAlias

from bot.config import ConfigError, Settings

if TYPE_CHECKING:
    from bot.services import Services

# What each group's ``register`` adds its commands to (argparse names no public type for it).
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def counted(n: int, one: str, many: str) -> str:
    """A count in Swedish, as the bot says it: "1 rapport", "2 rapporter"."""
    return f"{n} {one if n == 1 else many}"


def instant_option(text: str, settings: Settings, option: str) -> datetime:
    """A date or an instant in ISO 8601; without a zone, in ORAT_TIMEZONE."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            f"{option} ska vara ett datum eller en tidpunkt i ISO 8601, inte {text!r}."
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=settings.tz)


def day_option(text: str | None, option: str) -> date | None:
    from bot.domain.parsing import YearOutOfRange, parse_iso_day

    if text is None:
        return None
    day = parse_iso_day(text)
    if day is None:
        raise ConfigError(f"{option} ska vara ett datum i ISO 8601, t.ex. 2026-09-01, inte {text!r}.")
    if isinstance(day, YearOutOfRange):
        raise ConfigError(year_out_of_range(option, text, day.shown))
    return day


def year_out_of_range(option: str, text: str, year: str) -> str:
    from bot.domain.parsing import FIRST_YEAR, LAST_YEAR

    return f"{option} {text!r}: året {year} ligger utanför de år Örat räknar med ({FIRST_YEAR}–{LAST_YEAR})."


def one_team(services: Services, given: str | None) -> str:
    """``--team``, else the one workspace the database has."""
    if given:
        return given
    teams = services.teams.all()
    if len(teams) != 1:
        found = ", ".join(teams) or "inga"
        raise ConfigError(f"ange arbetsytan med --team (databasen har {found}).")
    return teams[0]


def team_from_slack(settings: Settings) -> str:
    """The bot token's workspace (auth.test), for a command not told which."""
    if settings.bot_token is None:
        raise ConfigError(
            "vilket Slack-team gäller datan? Ange --team T…, slack_team i filen, "
            "SLACK_TEAM_ID eller SLACK_BOT_TOKEN."
        )
    from bot.app import slack_client

    return str(slack_client(settings).auth_test()["team_id"])
