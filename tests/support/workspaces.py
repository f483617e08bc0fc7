"""Installed workspaces for tests of the install flow (many workspaces, ``Settings.oauth``).

``install_workspace`` puts an installation into slack_sdk's installation store (our database) as
the OAuth dance would, without the browser; ``oauth_settings`` is an OAuth-mode configuration
pointed at the fake Slack. The integrator's isolation suite uses these."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, func, select

from bot.config import Settings
from tests.support.slack_requests import SIGNING_SECRET

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "test-client-secret"
T1, T2 = "T0MALMO", "T0LUND"
TOKENS = {T1: "xoxb-malmo-token", T2: "xoxb-lund-token"}


def slack_metadata() -> MetaData:
    """slack_sdk's own tables (migration 0017 creates them from the same definitions)."""
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


def oauth_settings(base: Settings, **changes: Any) -> Settings:
    """``base`` (the ``settings`` fixture) as a many-workspace install: no bot token, the app's
    client id and secret set."""
    return replace(
        base,
        bot_token=None,
        team_id=None,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        signing_secret=SIGNING_SECRET,
        **changes,
    )


def install_workspace(
    engine: Engine,
    team_id: str,
    *,
    bot_token: str | None = None,
    bot_user_id: str = "UBOT",
    installer: str = "UINSTALLER",
    team_name: str = "Örat test",
    refresh_token: str | None = None,
    expires_at: int | None = None,
    client_id: str = CLIENT_ID,
) -> Installation:
    """Store ``team_id``'s installation as the install flow would (installations and bots rows)."""
    installation = Installation(
        app_id="A0ORAT",
        enterprise_id=None,
        team_id=team_id,
        team_name=team_name,
        bot_token=bot_token or TOKENS.get(team_id, f"xoxb-{team_id.lower()}-token"),
        bot_id="B" + team_id[1:],
        bot_user_id=bot_user_id,
        bot_scopes="commands,chat:write,im:write,files:write,files:read,channels:read,groups:read,users:read",
        bot_refresh_token=refresh_token,
        bot_token_expires_at=expires_at,
        user_id=installer,
        token_type="bot",
        installed_at=time.time(),
    )
    SQLAlchemyInstallationStore(client_id=client_id, engine=engine).save(installation)
    return installation


def installation_rows(engine: Engine, team_id: str | None = None) -> dict[str, int]:
    """How many rows each slack table holds (for ``team_id`` where it has the column)."""
    counts = {}
    with engine.connect() as connection:
        for table in slack_metadata().sorted_tables:
            query = select(func.count()).select_from(table)
            if team_id is not None and "team_id" in table.c:
                query = query.where(table.c.team_id == team_id)
            counts[table.name] = int(connection.execute(query).scalar_one())
    return counts


@contextmanager
def serving(runtime: Any, fake_slack: Any) -> Iterator[Any]:
    """The real WSGI app of ``runtime`` on 127.0.0.1, as the ``app_server`` fixture serves it."""
    from werkzeug.serving import make_server

    from bot.web import create_wsgi_app
    from tests.conftest import RunningApp
    from tests.support.slack_requests import SlackSender

    server = make_server("127.0.0.1", 0, create_wsgi_app(runtime), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield RunningApp(
            url=url, slack=SlackSender(url, response_url=fake_slack.response_url), runtime=runtime
        )
    finally:
        server.shutdown()
        thread.join(timeout=5)
