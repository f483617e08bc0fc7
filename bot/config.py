"""Settings read from the environment: the only module that looks at ``os.environ``."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.meetings import MeetingSchedule, parse_breaks, parse_schedule_rule
from bot.domain.reminders import DigestSettings, ReminderRules
from bot.domain.retention import RetentionRule, parse_retention_rules
from bot.domain.rounds import RoundRule, parse_round_rule
from bot.domain.snapshots import parse_rhythm
from bot.domain.workspace_settings import WorkspaceSettings

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///orat.db"

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,}$")
_TEAM_ID = re.compile(r"^[TE][A-Z0-9]{2,}$")
# An IPv4 or IPv6 address or a host name, without a port (PORT sets that).
_BIND = re.compile(r"^(?:[0-9.]{7,15}|[0-9A-Fa-f:]{2,39}|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it and fits on one line."""


@dataclass(frozen=True)
class Settings:
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    team_id: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    # ORAT_BIND: the address the HTTP server listens on; None: 0.0.0.0 for serve, 127.0.0.1 for sandbox.
    bind: str | None = None
    meeting_channel: str | None = None
    chairs: tuple[str, ...] = ()
    # The scheduled lägesbild (ORAT_LAGESBILD): bot.domain.snapshots.WEEKLY, TERTIAL; () is off.
    lagesbild_rhythm: tuple[str, ...] = ()
    lagesbild_channel: str | None = None  # the tertial's channel; None: the meeting channel
    timezone: str = "Europe/Stockholm"
    language: str = "sv"
    meeting: MeetingSchedule = field(default_factory=MeetingSchedule)
    reminders: ReminderRules = field(default_factory=ReminderRules)
    digest: DigestSettings = field(default_factory=DigestSettings)
    # ORAT_ROUND: when each unit is asked before a meeting's cutoff; None: no weekly round ("av").
    weekly_round: RoundRule | None = field(default_factory=RoundRule)
    scheduler_enabled: bool = True
    web_workers: int = 2
    web_threads: int = 8
    log_level: str = "INFO"
    # Started by make (MAKELEVEL): Ctrl+C must end the bot, not make (bot.cli.terminal).
    under_make: bool = False
    admins: tuple[str, ...] = ()
    reporters: str = "alla"  # alla | enheter
    allow_open_channel: bool = False
    retention: tuple[RetentionRule, ...] = ()
    # How long the outbox keeps trying a message while Slack cannot be reached (ORAT_DELIVERY_HORIZON_HOURS).
    delivery_horizon: timedelta = timedelta(hours=24)
    slack_timeout: float = 10.0  # seconds a Web API call may take (ORAT_SLACK_TIMEOUT)
    # "Lägg till i Slack" (the OAuth install flow, many workspaces): SLACK_CLIENT_ID and
    # SLACK_CLIENT_SECRET without SLACK_BOT_TOKEN. SLACK_REDIRECT_URI: None, Bolt's default.
    client_id: str | None = None
    client_secret: str | None = None
    redirect_uri: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @property
    def oauth(self) -> bool:
        """Many workspaces, each with its own installation (``GET /slack/install``): the app's
        client id and secret are set and no single bot token is."""
        return self.client_id is not None and self.client_secret is not None and self.bot_token is None

    def workspace_defaults(self) -> WorkspaceSettings:
        """What every workspace has until its admins store their own (the settings modal). With
        many workspaces (``oauth``), the channel, chairs and admins are each workspace's own: one
        municipality's ORAT_CHAIRS are not another's chairs."""
        own = not self.oauth
        return WorkspaceSettings(
            meeting_channel=self.meeting_channel if own else None,
            chairs=self.chairs if own else (),
            admins=self.admins if own else (),
            meeting=self.meeting,
            reminders=self.reminders,
            digest=self.digest,
            retention=self.retention,
            language=self.language,
            reporters=self.reporters,
            allow_open_channel=self.allow_open_channel,
            lagesbild_channel=self.lagesbild_channel if own else None,
        )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Parse every setting; raise ConfigError naming the first malformed one."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        bot_token = get("SLACK_BOT_TOKEN")
        if bot_token is not None and not bot_token.startswith("xoxb-"):
            raise ConfigError("SLACK_BOT_TOKEN ska vara en bot-token som börjar med 'xoxb-'.")
        app_token = get("SLACK_APP_TOKEN")
        if app_token is not None and not app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN ska vara en app-token som börjar med 'xapp-' (Socket Mode).")

        api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", api_url):
            raise ConfigError(f"SLACK_API_URL ska vara en http(s)-adress, t.ex. {DEFAULT_SLACK_API_URL}")
        if not api_url.endswith("/"):
            api_url += "/"

        client_id, client_secret = get("SLACK_CLIENT_ID"), get("SLACK_CLIENT_SECRET")
        if (client_id is None) != (client_secret is None):
            missing = "SLACK_CLIENT_SECRET" if client_secret is None else "SLACK_CLIENT_ID"
            raise ConfigError(
                f"{missing} saknas: SLACK_CLIENT_ID och SLACK_CLIENT_SECRET sätts tillsammans "
                "(appens Basic Information i Slack)."
            )
        if client_id is not None and not re.fullmatch(r"[0-9]+\.[0-9]+", client_id):
            raise ConfigError("SLACK_CLIENT_ID ska vara appens Client ID, t.ex. 1234567890.1234567890.")
        redirect_uri = get("SLACK_REDIRECT_URI")
        if redirect_uri is not None and not re.match(r"^https?://[^/\s]+/\S*$", redirect_uri):
            raise ConfigError(
                "SLACK_REDIRECT_URI ska vara en http(s)-adress, t.ex. https://orat.example.se/slack/oauth_redirect."
            )

        team_id = get("SLACK_TEAM_ID")
        if team_id is not None and not _TEAM_ID.match(team_id):
            raise ConfigError("SLACK_TEAM_ID ska vara ett Slack-team-id som börjar med T, t.ex. T0123ABCD.")

        port_text = get("PORT") or "3000"
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise ConfigError(f"PORT ska vara ett portnummer 1–65535, inte {port_text!r}.")

        bind = get("ORAT_BIND")
        if bind is not None and not _BIND.match(bind):
            raise ConfigError(
                "ORAT_BIND ska vara en adress att lyssna på, t.ex. 127.0.0.1, 0.0.0.0 eller ::, "
                f"inte {bind!r}."
            )

        channel = get("ORAT_MEETING_CHANNEL")
        if channel is not None and not _CHANNEL_ID.match(channel):
            raise ConfigError(
                "ORAT_MEETING_CHANNEL ska vara ett kanal-id (börjar med C eller G), inte kanalens namn."
            )

        chairs = _user_ids(get("ORAT_CHAIRS"), "ORAT_CHAIRS")
        admins = _user_ids(get("ORAT_ADMINS"), "ORAT_ADMINS")
        reporters = (get("ORAT_REPORTERS") or "alla").lower()
        if reporters not in ("alla", "enheter"):
            raise ConfigError(f"ORAT_REPORTERS ska vara 'alla' eller 'enheter', inte {reporters!r}.")
        allow_open_channel = _on_off(get("ORAT_ALLOW_OPEN_CHANNEL"), "ORAT_ALLOW_OPEN_CHANNEL", False)
        try:
            retention = parse_retention_rules(get("ORAT_RETENTION") or "")
        except ValueError as exc:
            raise ConfigError(f"ORAT_RETENTION: {exc}") from None

        try:
            lagesbild_rhythm = parse_rhythm(get("ORAT_LAGESBILD") or "")
        except ValueError as exc:
            raise ConfigError(f"ORAT_LAGESBILD: {exc}") from None
        lagesbild_channel = get("ORAT_LAGESBILD_CHANNEL")
        if lagesbild_channel is not None and not _CHANNEL_ID.match(lagesbild_channel):
            raise ConfigError(
                "ORAT_LAGESBILD_CHANNEL ska vara ett kanal-id (börjar med C eller G), inte kanalens namn."
            )

        timezone = get("ORAT_TIMEZONE") or "Europe/Stockholm"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"ORAT_TIMEZONE är inte en känd tidszon: {timezone!r}.") from None

        language = (get("ORAT_LANGUAGE") or "sv").lower()
        if language not in ("sv", "en"):
            raise ConfigError(f"ORAT_LANGUAGE ska vara 'sv' eller 'en', inte {language!r}.")

        meeting = _meeting_schedule(get)
        reminders, digest = _follow_up(get)
        try:
            weekly_round = parse_round_rule(get("ORAT_ROUND") or "1 09:00")
        except ValueError as exc:
            raise ConfigError(f"ORAT_ROUND: {exc}") from None
        scheduler = (get("ORAT_SCHEDULER") or "on").lower()
        if scheduler not in ("on", "off"):
            raise ConfigError(f"ORAT_SCHEDULER ska vara 'on' eller 'off', inte {scheduler!r}.")

        workers = _positive_int(get("ORAT_WEB_WORKERS"), "ORAT_WEB_WORKERS", 2)
        threads = _positive_int(get("ORAT_WEB_THREADS"), "ORAT_WEB_THREADS", 8)

        log_level = (get("ORAT_LOG_LEVEL") or "INFO").upper()
        if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ConfigError(
                f"ORAT_LOG_LEVEL ska vara DEBUG, INFO, WARNING eller ERROR, inte {log_level!r}."
            )

        horizon = _positive_int(get("ORAT_DELIVERY_HORIZON_HOURS"), "ORAT_DELIVERY_HORIZON_HOURS", 24)
        if horizon > 24 * 14:
            raise ConfigError(
                f"ORAT_DELIVERY_HORIZON_HOURS ska vara högst {24 * 14} (två veckor), inte {horizon}."
            )
        timeout = _positive_int(get("ORAT_SLACK_TIMEOUT"), "ORAT_SLACK_TIMEOUT", 10)
        if timeout > 120:
            raise ConfigError(f"ORAT_SLACK_TIMEOUT ska vara högst 120 sekunder, inte {timeout}.")

        return cls(
            bot_token=bot_token,
            signing_secret=get("SLACK_SIGNING_SECRET"),
            app_token=app_token,
            slack_api_url=api_url,
            team_id=team_id,
            database_url=normalise_database_url(get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            port=int(port_text),
            bind=bind,
            meeting_channel=channel,
            chairs=chairs,
            timezone=timezone,
            language=language,
            meeting=meeting,
            reminders=reminders,
            digest=digest,
            weekly_round=weekly_round,
            scheduler_enabled=scheduler == "on",
            web_workers=workers,
            web_threads=threads,
            log_level=log_level,
            under_make=bool(get("MAKELEVEL")),
            admins=admins,
            reporters=reporters,
            allow_open_channel=allow_open_channel,
            retention=retention,
            delivery_horizon=timedelta(hours=horizon),
            slack_timeout=float(timeout),
            lagesbild_rhythm=lagesbild_rhythm,
            lagesbild_channel=lagesbild_channel,
            client_id=client_id,
            client_secret=client_secret,
            redirect_uri=redirect_uri,
        )

    def require_slack(self) -> None:
        """Raise one ConfigError listing every Slack variable that talking to Slack still needs."""
        if self.oauth:
            if self.app_token is not None:
                raise ConfigError(
                    "SLACK_APP_TOKEN (Socket Mode) går inte ihop med SLACK_CLIENT_ID: flera arbetsytor "
                    "(Lägg till i Slack) tar emot Slack över HTTP. Ta bort en av dem."
                )
            if self.signing_secret is None:
                raise ConfigError(
                    "Saknas: SLACK_SIGNING_SECRET. Flera arbetsytor (Lägg till i Slack) behöver den "
                    "(se README, avsnittet Flera arbetsytor)."
                )
            return
        missing = []
        if self.bot_token is None:
            missing.append("SLACK_BOT_TOKEN")
        if self.app_token is None and self.signing_secret is None:
            missing.append("SLACK_SIGNING_SECRET (eller SLACK_APP_TOKEN för Socket Mode)")
        if missing:
            raise ConfigError(
                "Saknas: " + ", ".join(missing) + ". Skapa appen från manifest.yml och sätt variablerna "
                "(se README, avsnittet Konfiguration)."
            )


def _meeting_schedule(get: Callable[[str], str | None]) -> MeetingSchedule:
    try:
        weekday, at, rule = parse_schedule_rule(get("ORAT_MEETING") or "tisdag 09:00")
    except ValueError as exc:
        raise ConfigError(f"ORAT_MEETING: {exc}") from None
    try:
        breaks = parse_breaks(get("ORAT_MEETING_BREAKS") or "")
    except ValueError as exc:
        raise ConfigError(f"ORAT_MEETING_BREAKS: {exc}") from None
    holidays = (get("ORAT_SKIP_HOLIDAYS") or "on").lower()
    if holidays not in ("on", "off"):
        raise ConfigError(f"ORAT_SKIP_HOLIDAYS ska vara 'on' eller 'off', inte {holidays!r}.")
    draft_time = get("ORAT_DRAFT_TIME") or "12:00"
    if not re.fullmatch(r"([01]?\d|2[0-3])[:.][0-5]\d", draft_time):
        raise ConfigError(f"ORAT_DRAFT_TIME ska vara en tid som 12:00, inte {draft_time!r}.")
    hour, minute = (int(x) for x in re.split(r"[:.]", draft_time))

    def number(name: str, default: int) -> int:
        return _positive_int(get(name), name, default, zero=True)

    return MeetingSchedule(
        weekday=weekday,
        at=at,
        rule=rule,
        cutoff=timedelta(hours=number("ORAT_CUTOFF_HOURS", 24)),
        breaks=breaks,
        skip_holidays=holidays == "on",
        draft_days_before=_positive_int(
            get("ORAT_DRAFT_DAYS_BEFORE"), "ORAT_DRAFT_DAYS_BEFORE", 1, zero=True
        ),
        draft_at=time(hour, minute),
        publish_before=timedelta(
            minutes=_positive_int(
                get("ORAT_PUBLISH_MINUTES_BEFORE"), "ORAT_PUBLISH_MINUTES_BEFORE", 60, zero=True
            )
        ),
        minutes_after=timedelta(
            minutes=_positive_int(
                get("ORAT_MINUTES_AFTER_MINUTES"), "ORAT_MINUTES_AFTER_MINUTES", 180, zero=True
            )
        ),
    )


def _clock(get: Callable[[str], str | None], name: str, default: str) -> time:
    text = get(name) or default
    if not re.fullmatch(r"([01]?\d|2[0-3])[:.][0-5]\d", text):
        raise ConfigError(f"{name} ska vara en tid som {default}, inte {text!r}.")
    hour, minute = (int(x) for x in re.split(r"[:.]", text))
    return time(hour, minute)


def _follow_up(get: Callable[[str], str | None]) -> tuple[ReminderRules, DigestSettings]:
    rules = ReminderRules(
        days_before=_positive_int(get("ORAT_REMIND_DAYS_BEFORE"), "ORAT_REMIND_DAYS_BEFORE", 2, zero=True),
        overdue_every=_positive_int(get("ORAT_OVERDUE_EVERY_DAYS"), "ORAT_OVERDUE_EVERY_DAYS", 3),
        escalate_after=_positive_int(get("ORAT_ESCALATE_AFTER"), "ORAT_ESCALATE_AFTER", 2),
        at=_clock(get, "ORAT_REMINDER_TIME", "08:00"),
    )
    try:
        weekday, at, rule = parse_schedule_rule(get("ORAT_DIGEST") or "måndag 08:00")
    except ValueError as exc:
        raise ConfigError(f"ORAT_DIGEST: {exc}") from None
    if rule is not None:
        raise ConfigError("ORAT_DIGEST ska vara en veckodag och en tid, t.ex. måndag 08:00.")
    return rules, DigestSettings(weekday=weekday, at=at)


def _user_ids(text: str | None, name: str) -> tuple[str, ...]:
    ids = tuple(c.strip() for c in (text or "").split(",") if c.strip())
    for user_id in ids:
        if not _USER_ID.match(user_id):
            raise ConfigError(
                f"{name} ska vara kommaseparerade användar-id (U…), {user_id!r} är inte ett sådant."
            )
    return ids


def _on_off(text: str | None, name: str, default: bool) -> bool:
    if text is None:
        return default
    if text.lower() not in ("on", "off"):
        raise ConfigError(f"{name} ska vara 'on' eller 'off', inte {text!r}.")
    return text.lower() == "on"


def _positive_int(text: str | None, name: str, default: int, *, zero: bool = False) -> int:
    if text is None:
        return default
    if not text.isdigit() or int(text) < (0 if zero else 1):
        kind = "ett heltal ≥ 0" if zero else "ett positivt heltal"
        raise ConfigError(f"{name} ska vara {kind}, inte {text!r}.")
    return int(text)


def normalise_database_url(url: str) -> str:
    """Accept the ``postgres://`` form hosting platforms hand out and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if not re.match(r"^[a-z][a-z0-9+]*://", url):
        raise ConfigError(
            "DATABASE_URL ska vara en databasadress, t.ex. sqlite:///orat.db eller "
            "postgresql+psycopg://user@host/db."
        )
    return url


__all__ = ["ConfigError", "Settings", "normalise_database_url"]
