"""Many workspaces ("Lägg till i Slack"): which settings turn the install flow on, and what it needs."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, Settings

OAUTH = {
    "SLACK_CLIENT_ID": "1234567890.987654321",
    "SLACK_CLIENT_SECRET": "hemlig",
    "SLACK_SIGNING_SECRET": "s",
}


def test_client_id_and_secret_without_a_bot_token_is_the_install_flow():
    settings = Settings.from_env(OAUTH)
    assert settings.oauth is True
    assert (settings.client_id, settings.client_secret, settings.redirect_uri) == (
        "1234567890.987654321",
        "hemlig",
        None,
    )
    settings.require_slack()  # no SLACK_BOT_TOKEN needed


def test_a_bot_token_keeps_the_single_workspace_install():
    settings = Settings.from_env({**OAUTH, "SLACK_BOT_TOKEN": "xoxb-1"})
    assert settings.oauth is False
    settings.require_slack()


def test_the_redirect_uri_is_read():
    settings = Settings.from_env(
        {**OAUTH, "SLACK_REDIRECT_URI": "https://orat.example.se/slack/oauth_redirect"}
    )
    assert settings.redirect_uri == "https://orat.example.se/slack/oauth_redirect"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SLACK_CLIENT_ID": "1234567890.987654321"}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_SECRET": "hemlig"}, "SLACK_CLIENT_ID"),
        ({**OAUTH, "SLACK_CLIENT_ID": "my-app"}, "SLACK_CLIENT_ID"),
        ({**OAUTH, "SLACK_REDIRECT_URI": "orat.example.se/slack/oauth_redirect"}, "SLACK_REDIRECT_URI"),
    ],
)
def test_a_half_or_malformed_install_flow_setting_is_named(env: dict[str, str], named: str):
    with pytest.raises(ConfigError, match=named):
        Settings.from_env(env)


def test_the_install_flow_needs_the_signing_secret():
    settings = Settings.from_env({k: v for k, v in OAUTH.items() if k != "SLACK_SIGNING_SECRET"})
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        settings.require_slack()


def test_socket_mode_and_the_install_flow_do_not_go_together():
    settings = Settings.from_env({**OAUTH, "SLACK_APP_TOKEN": "xapp-1"})
    with pytest.raises(ConfigError, match="Socket Mode"):
        settings.require_slack()
