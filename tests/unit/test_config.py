from __future__ import annotations

from datetime import time

import pytest

from bot.config import ConfigError, Settings

SLACK = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}


def test_defaults():
    settings = Settings.from_env({})
    assert settings.database_url == "sqlite:///orat.db"
    assert (settings.port, settings.timezone, settings.language) == (3000, "Europe/Stockholm", "sv")
    assert settings.slack_api_url == "https://slack.com/api/"
    assert (settings.meeting.weekday, settings.meeting.at) == (1, time(9, 0))
    assert settings.socket_mode is False and settings.scheduler_enabled is True


def test_everything_set():
    settings = Settings.from_env(
        {
            **SLACK,
            "SLACK_APP_TOKEN": "xapp-1",
            "SLACK_API_URL": "http://127.0.0.1:8900/api",
            "DATABASE_URL": "postgres://u:p@db/orat",
            "PORT": "8080",
            "ORAT_MEETING_CHANNEL": "C0123ABC",
            "ORAT_CHAIRS": "U01, U02 ,",
            "ORAT_TIMEZONE": "Europe/Helsinki",
            "ORAT_LANGUAGE": "EN",
            "ORAT_MEETING": "onsdag 13:30",
            "ORAT_SCHEDULER": "off",
        }
    )
    assert settings.slack_api_url == "http://127.0.0.1:8900/api/"
    assert settings.database_url == "postgresql+psycopg://u:p@db/orat"
    assert settings.chairs == ("U01", "U02")
    assert settings.language == "en" and settings.socket_mode and not settings.scheduler_enabled
    assert (settings.meeting.weekday, settings.meeting.at) == (2, time(13, 30))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token"),
        ("SLACK_APP_TOKEN", "xoxb-wrong"),
        ("SLACK_API_URL", "slack.com/api"),
        ("SLACK_TEAM_ID", "acme"),
        ("DATABASE_URL", "orat.db"),
        ("PORT", "http"),
        ("PORT", "70000"),
        ("ORAT_MEETING_CHANNEL", "#orat-mot-marken"),
        ("ORAT_CHAIRS", "U01,anna"),
        ("ORAT_TIMEZONE", "Mars/Olympus"),
        ("ORAT_LANGUAGE", "de"),
        ("ORAT_MEETING", "blåsdag 09:00"),
        ("ORAT_MEETING", "tisdag 25:00"),
        ("ORAT_SCHEDULER", "maybe"),
        ("ORAT_WEB_WORKERS", "0"),
        ("ORAT_LOG_LEVEL", "LOUD"),
        ("ORAT_BIND", "0.0.0.0:8080"),
        ("ORAT_BIND", "http://localhost"),
        ("ORAT_DELIVERY_HORIZON_HOURS", "0"),
        ("ORAT_DELIVERY_HORIZON_HOURS", "1000"),
        ("ORAT_SLACK_TIMEOUT", "nu"),
        ("ORAT_LAGESBILD", "månad"),
        ("ORAT_LAGESBILD_CHANNEL", "#styrgruppen"),
    ],
)
def test_a_malformed_setting_is_named_in_one_line(name: str, value: str):
    with pytest.raises(ConfigError) as error:
        Settings.from_env({name: value})
    message = str(error.value)
    assert message.startswith(name) and "\n" not in message


def test_missing_slack_settings_are_listed_together():
    with pytest.raises(ConfigError) as error:
        Settings.from_env({}).require_slack()
    assert "SLACK_BOT_TOKEN" in str(error.value) and "SLACK_SIGNING_SECRET" in str(error.value)
    Settings.from_env(SLACK).require_slack()
    Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}).require_slack()


@pytest.mark.parametrize(
    ("bind", "serve", "sandbox"),
    [
        (None, "0.0.0.0:3000", "127.0.0.1:3000"),
        ("127.0.0.1", "127.0.0.1:3000", "127.0.0.1:3000"),
        ("::", "[::]:3000", "[::]:3000"),
        ("orat.internal", "orat.internal:3000", "orat.internal:3000"),
    ],
)
def test_orat_bind_sets_the_address_serve_and_the_sandbox_listen_on(
    bind: str | None, serve: str, sandbox: str
):
    from bot.server import gunicorn_options, listen_address

    settings = Settings.from_env({"ORAT_BIND": bind} if bind else {})
    assert settings.bind == bind
    assert gunicorn_options(settings)["bind"] == serve
    assert listen_address(settings, "127.0.0.1") == sandbox


def test_delivery_settings():
    settings = Settings.from_env({"ORAT_DELIVERY_HORIZON_HOURS": "48", "ORAT_SLACK_TIMEOUT": "5"})
    assert settings.delivery_horizon.total_seconds() == 48 * 3600 and settings.slack_timeout == 5.0
    assert Settings.from_env({}).delivery_horizon.total_seconds() == 24 * 3600


def test_the_scheduled_lagesbild_is_off_by_default_and_set_by_words():
    assert Settings.from_env({}).lagesbild_rhythm == ()
    settings = Settings.from_env({"ORAT_LAGESBILD": "vecka,tertial", "ORAT_LAGESBILD_CHANNEL": "C0STYR"})
    assert (settings.lagesbild_rhythm, settings.lagesbild_channel) == (("week", "tertial"), "C0STYR")
