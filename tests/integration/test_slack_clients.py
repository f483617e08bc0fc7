"""Each workspace's client from its installation (``bot.slack_clients.InstalledClients``), on both
databases: the token looked up by team, rotated before it expires, none for a team without one."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from bot.app import oauth_stores
from bot.config import Settings
from bot.files.privacy_record import privacy_report
from bot.slack_clients import InstalledClients
from tests.support.fake_slack import FakeSlack, Grant
from tests.support.workspaces import CLIENT_ID, T1, T2, TOKENS, install_workspace, oauth_settings


@pytest.fixture
def clients(settings: Settings, engine: Engine) -> InstalledClients:
    oauth = oauth_settings(settings)
    stores = oauth_stores(oauth, engine)
    assert oauth.client_id == CLIENT_ID and oauth.client_secret is not None
    return InstalledClients(
        stores.installations,
        client_id=oauth.client_id,
        client_secret=oauth.client_secret,
        base_url=oauth.slack_api_url,
        timeout=5.0,
    )


def test_each_team_gets_its_own_token_and_a_stranger_none(clients: InstalledClients, engine: Engine):
    install_workspace(engine, T1)
    install_workspace(engine, T2)

    assert clients.for_team(T1).client.token == TOKENS[T1]
    assert clients.for_team(T2).client.token == TOKENS[T2]
    assert clients.for_team("T0STRANGER") is None
    assert clients.installed() == sorted([T1, T2])
    assert clients.is_installed(T1) and not clients.is_installed("T0STRANGER")


def test_a_reinstall_with_a_new_token_is_used_once_forgotten(clients: InstalledClients, engine: Engine):
    install_workspace(engine, T1)
    assert clients.for_team(T1).client.token == TOKENS[T1]
    time.sleep(0.01)  # a later installed_at: the newest installation counts
    install_workspace(engine, T1, bot_token="xoxb-malmo-new")

    clients.forget(T1)

    assert clients.for_team(T1).client.token == "xoxb-malmo-new"


def test_a_token_about_to_expire_is_rotated_and_stored(
    clients: InstalledClients, engine: Engine, fake_slack: FakeSlack
):
    install_workspace(engine, T1, refresh_token="xoxe-1-old", expires_at=int(time.time()) + 60)
    fake_slack.refresh("xoxe-1-old", Grant(T1, "xoxb-rotated", refresh_token="xoxe-1-new", expires_in=43200))

    assert clients.for_team(T1).client.token == "xoxb-rotated"

    [refresh] = fake_slack.calls_to("oauth.v2.access")
    assert (refresh.args["grant_type"], refresh.args["refresh_token"]) == ("refresh_token", "xoxe-1-old")
    row = clients.installations.latest_bot(T1)
    assert (row["bot_token"], row["bot_refresh_token"]) == ("xoxb-rotated", "xoxe-1-new")
    clients.forget(T1)
    assert clients.for_team(T1).client.token == "xoxb-rotated"
    assert len(fake_slack.calls_to("oauth.v2.access")) == 1  # fresh now: not rotated again


def test_a_token_far_from_expiry_is_not_rotated(
    clients: InstalledClients, engine: Engine, fake_slack: FakeSlack
):
    install_workspace(engine, T1, refresh_token="xoxe-1", expires_at=int(time.time()) + 12 * 3600)

    assert clients.for_team(T1).client.token == TOKENS[T1]
    assert fake_slack.calls_to("oauth.v2.access") == []


def test_the_record_of_processing_names_the_installations_only_with_many_workspaces(
    settings: Settings, engine: Engine
):
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    many = privacy_report(oauth_settings(settings), engine, now)
    one = privacy_report(settings, engine, now)

    assert "| `slack_installations`, `slack_bots` | Installationerna" in many
    assert "botens token (en hemlighet: loggas aldrig och lämnas aldrig ut)" in many
    assert "slack_bots" not in one
