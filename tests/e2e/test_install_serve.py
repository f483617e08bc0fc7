"""``python -m bot serve`` with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET and no bot token: the real
process tree serves the install page (many workspaces) after migrating to 0017."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from tests.support.fake_slack import FakeSlack
from tests.support.serve_process import free_port, serve_env, start_serve, stop, wait_until_accepting
from tests.support.workspaces import CLIENT_ID, CLIENT_SECRET


def test_serve_with_the_app_credentials_serves_the_install_page(fake_slack: FakeSlack, tmp_path: Path):
    port = free_port()
    env = serve_env(
        fake_slack,
        f"sqlite:///{tmp_path / 'orat.db'}",
        port,
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
    )
    del env["SLACK_BOT_TOKEN"], env["SLACK_TEAM_ID"]
    with (tmp_path / "serve.log").open("w") as log:
        process = start_serve(env, log, "--migrate")
        try:
            wait_until_accepting(process, port)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/slack/install", timeout=10) as response:
                status, page = response.status, response.read().decode()
        finally:
            stop(process)
    output = (tmp_path / "serve.log").read_text()
    assert status == 200 and 'alt="Lägg till i Slack"' in page
    assert f"http://0.0.0.0:{port}/slack/install" in output
    assert "Traceback" not in output
    assert fake_slack.calls_to("auth.test") == []  # no token of its own to ask about
