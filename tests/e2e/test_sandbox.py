"""The sandbox's server as the browser page uses it (JSON in, JSON out), over HTTP on 127.0.0.1:
a whole weekly cycle, inline errors, files, the Home tab — and ``python -m bot demo``."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.demo import fill, find_button
from bot.sandbox.server import CHAIR, CHANNEL, CHIEF, HEAD, POLICE, Sandbox
from tests.conftest import STOCKHOLM
from tests.e2e.test_cli import run_bot

THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    running = Sandbox(db_path=tmp_path / "sandbox.db", start=THURSDAY).start()
    yield running
    running.stop()


def call(sb: Sandbox, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(  # noqa: S310
        sb.url + path,
        data=data,
        headers={"Content-Type": "application/json"},
        method="POST" if data else "GET",
    )
    with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310
        answer = json.loads(response.read())
    sb.settle()
    return answer


def state(sb: Sandbox, user: str) -> dict[str, Any]:
    return call(sb, f"/sandbox/state?user={user}")


def texts(messages: list[dict[str, Any]]) -> str:
    return json.dumps([[m["text"], m["blocks"]] for m in messages], ensure_ascii=False)


def click(sb: Sandbox, user: str, channel: str, action_id: str) -> None:
    for message in reversed(state(sb, user)["messages"][channel]):
        button = find_button(message["blocks"], action_id)
        if button:
            action = {
                "action_id": action_id,
                "block_id": button["block_id"],
                "type": "button",
                "value": button["value"],
            }
            call(
                sb,
                "/sandbox/action",
                {
                    "user": user,
                    "source": {"kind": "message", "channel": channel, "ts": message["ts"]},
                    "action": action,
                },
            )
            return
    raise AssertionError(f"no {action_id} for {user} in {channel}")


def test_a_week_through_the_pages_json_endpoints(sandbox: Sandbox):
    sb, dm = sandbox, sandbox.workspace.dm_of
    first = state(sb, HEAD)
    assert first["sandbox"] is True and first["clock"]["label"] == "torsdag 26 november 2026 kl. 10:00"
    assert [c["id"] for c in first["conversations"]] == [dm(HEAD)]  # the head is not in the meeting channel
    assert [c["id"] for c in state(sb, POLICE)["conversations"]] == [CHANNEL, dm(POLICE)]

    call(sb, "/sandbox/command", {"user": HEAD, "channel": dm(HEAD), "text": "/rapportera Brand i soptunnan"})
    [modal] = state(sb, HEAD)["modals"]
    assert modal["callback_id"] == "report_submit" and modal["title"]["text"] == "Rapportera"

    # Bad input: inline Swedish errors, the modal stays, nothing stored.
    empty = fill(modal, {"report_place": "", "report_occurred_on": date(2026, 11, 30)})
    answer = call(sb, "/sandbox/submit", {"user": HEAD, "view_id": modal["id"], "values": empty})
    assert answer["response_action"] == "errors"
    assert answer["errors"]["report_occurred_on"] == "Datumet kan inte ligga i framtiden."
    assert state(sb, HEAD)["modals"][0]["errors"] == answer["errors"]

    unit = next(
        o["value"]
        for b in modal["blocks"]
        if b.get("block_id") == "report_unit"
        for g in b["element"]["option_groups"]
        for o in g["options"]
        if o["text"]["text"] == "Rosengårdsskolan"
    )
    good = fill(
        modal,
        {
            "report_category": "arson",
            "report_unit": unit,
            "report_place": "Entrén",
            "report_occurred_on": date(2026, 11, 25),
        },
    )
    assert (
        call(sb, "/sandbox/submit", {"user": HEAD, "view_id": modal["id"], "values": good})["response_action"]
        == "update"
    )
    assert "Rapport ÖMM-2026-0001 mottagen" in texts(state(sb, HEAD)["messages"][dm(HEAD)])

    click(sb, CHIEF, dm(CHIEF), "review_raise")
    assert "är granskad av <@USBCHEF>" in texts(state(sb, HEAD)["messages"][dm(HEAD)])

    jumps = state(sb, CHAIR)["jumps"]
    publish = next(j for j in jumps if "dagordningen publiceras" in j["label"])
    assert publish["label"] == "Hoppa till tisdag 1 dec. 08:00 – dagordningen publiceras"
    ran = call(sb, "/sandbox/clock", {"to": publish["to"][:16]})
    assert ran["ok"] and ran["ran"]["agendas_published"] == 1
    agenda = state(sb, POLICE)["messages"][CHANNEL]
    assert "Dagordning" in texts(agenda) and "ÖMM-2026-0001" in texts(agenda)

    click(sb, POLICE, CHANNEL, "item_take")
    [modal] = state(sb, POLICE)["modals"]
    values = fill(modal, {"action_description": "Patrullera kvällstid", "action_due_on": date(2026, 12, 8)})
    call(sb, "/sandbox/submit", {"user": POLICE, "view_id": modal["id"], "values": values})
    assert "har tagit ansvar för din rapport ÖMM-2026-0001" in texts(state(sb, HEAD)["messages"][dm(HEAD)])
    # The agenda, updated in place:
    assert "Ansvar: *Polisen – Polisområde Malmö*" in texts(state(sb, CHAIR)["messages"][CHANNEL])

    assert call(sb, "/sandbox/clock", {"to": "2026-12-04T08:00"})["ran"]["reminders"] == 1
    assert "Påminnelse" in texts(state(sb, POLICE)["messages"][dm(POLICE)])
    back = call(sb, "/sandbox/clock", {"to": "2026-12-01T08:00"})
    assert back["ok"] is False and back["error"] == "Klockan går bara framåt i sandlådan."

    call(sb, "/sandbox/home", {"user": POLICE})
    home = state(sb, POLICE)["home"]
    assert home["type"] == "home" and "Mina åtgärder (1)" in json.dumps(home["blocks"], ensure_ascii=False)


def test_files_ephemeral_answers_and_what_the_bot_refuses(sandbox: Sandbox):
    sb, dm = sandbox, sandbox.workspace.dm_of
    call(sb, "/sandbox/command", {"user": HEAD, "channel": dm(HEAD), "text": "/orat statistik"})
    said = state(sb, HEAD)["messages"][dm(HEAD)]
    assert said[-1]["ephemeral"] and "Det här kan bara mötets deltagare göra" in said[-1]["text"]

    call(sb, "/sandbox/command", {"user": CHAIR, "channel": dm(CHAIR), "text": "/orat kalender"})
    [upload] = [m for m in state(sb, CHAIR)["messages"][dm(CHAIR)] if m["files"]]
    [file] = upload["files"]
    assert file["name"] == "orat-mot-marken.ics" and file["kind"] == "ics"
    with urllib.request.urlopen(sb.url + file["url"], timeout=10) as response:  # noqa: S310
        assert response.read().startswith(b"BEGIN:VCALENDAR")
    # Nothing else in state shows in someone else's view.
    assert all(not m["ephemeral"] for m in state(sb, HEAD)["messages"][dm(HEAD)] if "kalender" in m["text"])

    # The page is only the front; /slack/events is the bot's and still refuses unsigned requests.
    req = urllib.request.Request(sb.url + "/slack/events", data=b"command=/orat", method="POST")  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(req, timeout=10)  # noqa: S310
    assert refused.value.code == 401
    with pytest.raises(urllib.error.HTTPError) as unknown:
        call(sb, "/sandbox/state?user=UNOBODY")
    assert unknown.value.code == 400


def test_the_scripted_demo_week(tmp_path: Path):
    result = run_bot("demo", cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    for step in (
        "TACK – DIN RAPPORT ÄR MOTTAGEN",
        "RAPPORT ATT GRANSKA",
        "är granskad av @Bo Utbildningschef",
        "#örat-mot-marken · Örat:",
        "har tagit ansvar för din rapport",
        "PROTOKOLL – ÖRAT MOT MARKEN",
        "Påminnelse: åtgärden ska vara klar",
        "har gjort klart åtgärden för din rapport",
        "NÄSTA MÖTE",
        "Demoveckan klar på",
    ):
        assert step in out, step
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())  # its database was temporary


def test_python_m_bot_sandbox_serves_the_page(tmp_path: Path):
    """What ``make run`` starts without Slack tokens: the page, the bot behind it, its own file."""
    import os
    import subprocess
    import sys

    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL", "PORT"))
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--port", "0", "--db", str(tmp_path / "sb.db")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert url is not None, line
        with urllib.request.urlopen(url.group(0) + "/", timeout=10) as response:  # noqa: S310
            page = response.read().decode()
        assert "Sandlåda" in page and "/sandbox/static/app.js" in page
        with urllib.request.urlopen(url.group(0) + "/healthz", timeout=10) as response:  # noqa: S310
            assert json.loads(response.read()) == {"database": True, "status": "ok"}
        assert (tmp_path / "sb.db").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
