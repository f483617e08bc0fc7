"""The command line as deployment scripts use it: ``python -m bot serve | migrate | tick | seed``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import inspect

from storage.db import make_engine
from tests.support.fake_slack import TEAM_ID, FakeSlack
from tests.support.modal import report_values
from tests.support.slack_requests import SIGNING_SECRET, SlackSender

ROOT = Path(__file__).resolve().parents[2]


def run_bot(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT, timeout: float = 60):
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL", "PORT"))
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**base, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_serve_without_slack_settings_says_exactly_what_is_missing(tmp_path: Path):
    result = run_bot("serve", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "orat: Saknas: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET (eller SLACK_APP_TOKEN för Socket Mode). "
        "Skapa appen från manifest.yml och sätt variablerna (se README, avsnittet Konfiguration)."
    ]
    assert not (tmp_path / "orat.db").exists()


@pytest.mark.parametrize(
    ("name", "value"), [("PORT", "tre tusen"), ("ORAT_CHAIRS", "Anna"), ("SLACK_BOT_TOKEN", "hemligt")]
)
def test_a_malformed_setting_stops_start_up_with_one_line(tmp_path: Path, name: str, value: str):
    result = run_bot("serve", env={name: value}, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"orat: {name}") and "Traceback" not in result.stderr


def test_migrate_then_seed_twice(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'orat.db'}"
    migrated = run_bot("migrate", env={"DATABASE_URL": url})
    assert migrated.returncode == 0, migrated.stderr
    assert {"reports", "units", "outbox", "audit_events", "alembic_version"} <= set(
        inspect(make_engine(url)).get_table_names()
    )

    first = run_bot("seed", "examples/malmo.toml", "--team", TEAM_ID, env={"DATABASE_URL": url})
    second = run_bot("seed", "examples/malmo.toml", "--team", TEAM_ID, env={"DATABASE_URL": url})
    assert first.returncode == 0 and "22 nya enheter" in first.stdout, first.stderr
    assert second.returncode == 0 and "0 nya enheter, 0 ändrade" in second.stdout


def test_seed_reports_a_bad_file_in_one_line(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[enhet]]\nnamn = "X"\ntyp = "skola"\n', encoding="utf-8")
    result = run_bot(
        "seed", str(bad), "--team", TEAM_ID, env={"DATABASE_URL": f"sqlite:///{tmp_path / 'o.db'}"}
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"orat: {bad}: [[enhet]] nr 1 (X): en skola behöver 'stadsomrade'"


def test_tick_publishes_the_agenda_once(tmp_path: Path, fake_slack: FakeSlack):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'orat.db'}",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "ORAT_MEETING_CHANNEL": "C0MEETING",
    }
    assert run_bot("migrate", env=env).returncode == 0
    outputs = []
    for _ in range(2):
        result = run_bot("tick", "--at", "2026-12-01T08:00", env=env)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout.strip())
    prefix = "orat: tick 2026-12-01T08:00:00+01:00: agenda_drafts=0, "
    rest = (
        "reminders=0, escalations=0, digests=0, minutes=0, retention_runs={retention}, "
        "sent={sent}, retried=0, failed=0, dropped=0, meetings_missed=0, undelivered_noticed=0, "
        "drafts_purged=0, round_units=0, round_reminded_units=0, lagesbilder=0"
    )
    assert outputs == [
        # The week's retention run (Tuesday: after Monday 02:00) comes with the first tick only.
        prefix + "agendas_published=1, " + rest.format(sent=1, retention=1),
        prefix + "agendas_published=0, " + rest.format(sent=0, retention=0),
    ]
    [posted] = fake_slack.calls_to("chat.postMessage")
    assert posted.args["channel"] == "C0MEETING"
    assert "Inga nya rapporter" in json.dumps(posted.args["blocks"], ensure_ascii=False)
    bad = run_bot("tick", "--at", "nästa tisdag", env=env)
    assert bad.returncode == 2 and "--at ska vara en tidpunkt i ISO 8601" in bad.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_gunicorn_and_answers_a_signed_command(tmp_path: Path, fake_slack: FakeSlack):
    port = _free_port()
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'orat.db'}",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "PORT": str(port),
        "ORAT_SCHEDULER": "off",
        "ORAT_WEB_WORKERS": "2",
        "ORAT_LOG_LEVEL": "DEBUG",  # even at DEBUG no report text may reach the log
    }
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL", "PORT"))
    }
    log_file = (tmp_path / "serve.log").open("w")  # a file, not a pipe: DEBUG output must not block
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--migrate"],
        env={**base, **env},
        cwd=tmp_path,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        health = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and health is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    health = json.loads(response.read())
            except OSError:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        assert health == {"status": "ok", "database": True}

        sender = SlackSender(f"http://127.0.0.1:{port}", response_url=fake_slack.response_url)
        result = sender.command("/rapportera", "Klotter på gaveln")
        assert result.status == 200
        view = fake_slack.wait_for("views.open")[0].args["view"]
        assert view["callback_id"] == "report_submit"
        values = report_values(
            new_unit_name="Sofielundsskolan",
            new_unit_area="Söder",
            place="Gaveln mot parken",
            description="Klotter på gaveln, hakkors och namn på elever",
        )
        submitted = sender.view_submission(view, values, view_id="VCLI1")
        assert submitted.status == 200 and "ÖMM-" in json.dumps(submitted.json(), ensure_ascii=False)
        receipt = fake_slack.wait_for("chat.postMessage")[0]
        assert "Gaveln mot parken" in json.dumps(receipt.args["blocks"], ensure_ascii=False)
        assert SlackSender(f"http://127.0.0.1:{port}", secret="wrong").command("/rapportera").status == 401
    finally:
        process.terminate()
        process.wait(timeout=20)
        log_file.close()
    output = (tmp_path / "serve.log").read_text()
    assert "gunicorn" in output.lower() or "Booting worker" in output
    assert " DEBUG " in output  # the log level took effect ...
    for secret in ("Klotter", "Gaveln", "hakkors", "Sofielundsskolan", "xoxb-test", SIGNING_SECRET):
        assert secret not in output  # ... and still no report text, names or tokens


def test_serve_in_socket_mode_answers_a_command(tmp_path: Path, fake_slack: FakeSlack):
    from tests.support.fake_socket_mode import FakeSocketMode

    socket_mode = FakeSocketMode().start()
    fake_slack.socket_mode_url = socket_mode.url
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'orat.db'}",
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_APP_TOKEN": "xapp-1-test",
        "SLACK_API_URL": fake_slack.url,
        "ORAT_SCHEDULER": "off",
    }
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL", "PORT"))
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--migrate"],
        env={**base, **env},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        socket_mode.send(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {
                    "team_id": TEAM_ID,
                    "user_id": "UHEAD1",
                    "command": "/rapportera",
                    "text": "Klotter på gaveln",
                    "trigger_id": "1.2.3",
                    "channel_id": "C0GENERAL",
                    "response_url": fake_slack.response_url,
                },
            }
        )
        ack = socket_mode.received.get(timeout=30)
        assert ack["envelope_id"] == "env-1"
        view = fake_slack.wait_for("views.open", timeout=10)[0].args["view"]
        assert view["callback_id"] == "report_submit"
        assert (
            fake_slack.calls_to("apps.connections.open")[0].headers["authorization"] == "Bearer xapp-1-test"
        )
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
        socket_mode.stop()
    assert "serving in Socket Mode" in output
    assert "Klotter" not in output


def test_a_tick_killed_mid_dispatch_loses_nothing(tmp_path: Path, fake_slack: FakeSlack):
    """Killed while Slack is answering (after Slack got the post, before our commit): the next tick
    after the claim's lease sends it again, so nothing is lost and at most one post is doubled."""
    from datetime import date, datetime

    from slack_sdk import WebClient

    from bot.app import build_runtime
    from bot.config import Settings
    from bot.domain.reports import ReportInput
    from bot.services.outbox import OutboxService
    from bot.slack_notifier import SlackNotifier
    from storage.models import OutboxMessage
    from tests.support.db import all_rows

    url = f"sqlite:///{tmp_path / 'orat.db'}"
    env = {
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
    }
    assert run_bot("migrate", env=env).returncode == 0
    runtime = build_runtime(
        Settings(database_url=url), notifier=SlackNotifier(WebClient(base_url=fake_slack.url))
    )
    services, engine = runtime.services, runtime.engine
    filed_at = datetime.fromisoformat("2026-11-27T10:00:00+01:00")
    services.reports.file_report(
        team_id=TEAM_ID,
        user_id="UHEAD1",
        view_id=None,
        draft_id=None,
        now=filed_at,
        report=ReportInput(
            "arson", None, "Rosengårdsskolan", "Öster", "Entrén", date(2026, 11, 26), None, "Brand", False
        ),
    )
    fake_slack.script("chat.postMessage", delay=30)  # Slack receives the post, then answers slowly

    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL", "PORT"))
    }
    victim = subprocess.Popen(
        [sys.executable, "-m", "bot", "tick", "--at", "2026-11-27T10:00+01:00"],
        env={**base, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    fake_slack.wait_for("chat.postMessage", timeout=20)
    victim.kill()
    victim.wait(timeout=10)
    [message] = all_rows(engine, OutboxMessage)
    assert message.status == "claimed"

    again = run_bot("tick", "--at", "2026-11-27T10:01+01:00", env=env)  # within the lease: not yet
    assert "sent=0" in again.stdout
    later = run_bot("tick", "--at", "2026-11-27T10:06+01:00", env=env)  # the lease (5 min) has run out
    assert "sent=1" in later.stdout, later.stdout + later.stderr
    assert "attempt 2" in later.stderr  # the possible duplicate is logged
    last = run_bot("tick", "--at", "2026-11-27T10:30+01:00", env=env)
    assert "sent=0" in last.stdout
    [message] = all_rows(engine, OutboxMessage)
    assert (message.status, message.attempts) == ("sent", 2)
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # the original and one duplicate, no more
    assert OutboxService.LEASE.total_seconds() == 300
