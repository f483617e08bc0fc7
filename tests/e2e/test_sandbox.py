"""The sandbox's server as the browser page uses it (JSON in, JSON out), over HTTP on 127.0.0.1:
a whole weekly cycle, inline errors, files, the Home tab — and ``python -m bot demo``. And what it
refuses: another page's requests (Origin, token, content type), a foreign Host (DNS rebinding), Web
API calls without the bot token; the security headers on every answer (issue 14, defect 12)."""

from __future__ import annotations

import io
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.sandbox.demo import fill, find_button, mrkdwn_as_text, person_named, run_demo, stamp
from bot.sandbox.server import (
    CHAIR,
    CHANNEL,
    CHIEF,
    HEAD,
    POLICE,
    TOKEN_HEADER,
    Sandbox,
    browser_host,
    sandbox_bind,
)
from storage.models import AgendaItem, OutboxMessage, Report
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
        headers={"Content-Type": "application/json", TOKEN_HEADER: sb.page_token},
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

    # The reminder jump goes to the morning the reminder is due (two working days before), not tomorrow.
    reminder = next(j for j in state(sb, POLICE)["jumps"] if "påminnelser" in j["label"])
    assert reminder["label"] == "Hoppa till fredag 4 dec. 08:00 – påminnelser"
    assert call(sb, "/sandbox/clock", {"to": reminder["to"]})["ran"]["reminders"] == 1
    assert "Påminnelse" in texts(state(sb, POLICE)["messages"][dm(POLICE)])
    back = call(sb, "/sandbox/clock", {"to": "2026-12-01T08:00"})
    assert back["ok"] is False and back["error"] == "Klockan går bara framåt i sandlådan."

    call(sb, "/sandbox/home", {"user": POLICE})
    home = state(sb, POLICE)["home"]
    assert home["type"] == "home" and "Mina åtgärder (1)" in json.dumps(home["blocks"], ensure_ascii=False)


def test_a_long_jump_of_the_clock_runs_every_meeting_in_between(sandbox: Sandbox):
    sb = sandbox
    answer = call(sb, "/sandbox/clock", {"to": "2026-12-09T10:00"})
    assert answer["ok"] and answer["clock"]["label"] == "onsdag 9 december 2026 kl. 10:00"
    assert answer["happened"] == [
        "utkast till dagordningen 1 dec",
        "dagordningen 1 dec publicerad",
        "protokollet 1 dec",
        "utkast till dagordningen 8 dec",
        "dagordningen 8 dec publicerad",
        "protokollet 8 dec",
        # The weekly round before each meeting (school, police, social services) and its reminder.
        "6 enheter tillfrågade i veckans runda",
        "6 enheter påminda i veckans runda",
    ]
    assert answer["summary"].startswith("Schemalagt arbete kört: Utkast till dagordningen 1 dec, ")
    assert answer["ran"]["agendas_published"] == 2 and answer["ran"]["minutes"] == 2
    posted = [
        (m["day"], m["time"], m["text"].split(" – ")[0]) for m in state(sb, POLICE)["messages"][CHANNEL]
    ]
    assert posted == [
        ("2026-12-01", "08:00", "Dagordning"),
        ("2026-12-01", "12:00", "Protokoll"),
        ("2026-12-08", "08:00", "Dagordning"),
        ("2026-12-08", "12:00", "Protokoll"),
    ]
    drafts = [
        m for m in state(sb, CHAIR)["messages"][sb.workspace.dm_of(CHAIR)] if "Utkast till" in texts([m])
    ]
    assert [m["day"] for m in drafts] == ["2026-11-30", "2026-12-07"]
    quiet = call(sb, "/sandbox/clock", {"to": "2026-12-09T11:00"})
    assert (
        quiet["happened"] == [] and quiet["summary"] == "Klockan flyttad. Inget schemalagt arbete var på tur."
    )


def test_the_clock_stops_at_the_weekly_round_and_its_reminder(sandbox: Sandbox):
    """Thursday 26 November: the next jump is Friday's round (one working day before Monday's
    cutoff); the school answers *Inget nytt* and only the others are reminded Monday morning."""
    sb, dm = sandbox, sandbox.workspace.dm_of
    jump = next(j for j in state(sb, HEAD)["jumps"] if "veckans runda" in j["label"])
    assert jump["label"] == "Hoppa till fredag 27 nov. 09:00 – veckans runda"
    asked = call(sb, "/sandbox/clock", {"to": jump["to"]})
    assert asked["ran"]["round_units"] == 3
    assert asked["summary"] == "Schemalagt arbete kört: 3 enheter tillfrågade i veckans runda."
    question = texts(state(sb, HEAD)["messages"][dm(HEAD)])
    assert "Inför mötet tisdag 1 december: har *Rosengårdsskolan* något att rapportera?" in question
    assert "round_nothing_new" in question and "round_report" in question

    click(sb, HEAD, dm(HEAD), "round_nothing_new")
    answered = texts(state(sb, HEAD)["messages"][dm(HEAD)])
    assert "✅ Rosengårdsskolan: *Inget nytt* – svar från <@USBREKTOR> fre 27 nov. 09:00." in answered
    assert "round_nothing_new" not in answered

    reminder = next(j for j in state(sb, HEAD)["jumps"] if "påminnelse i veckans runda" in j["label"])
    assert reminder["label"] == "Hoppa till måndag 30 nov. 08:00 – påminnelse i veckans runda"
    reminded = call(sb, "/sandbox/clock", {"to": reminder["to"]})
    assert reminded["ran"]["round_reminded_units"] == 2  # the police and social services, not the school
    assert "Påminnelse inför mötet" not in texts(state(sb, HEAD)["messages"][dm(HEAD)])
    assert "Påminnelse inför mötet" in texts(state(sb, POLICE)["messages"][dm(POLICE)])


def test_each_person_sees_where_unread_work_waits(sandbox: Sandbox):
    sb, dm = sandbox, sandbox.workspace.dm_of
    call(sb, "/sandbox/clock", {"to": "2026-12-01T08:00"})  # the agenda in the channel
    unread = {c["id"]: c["unread"] for c in state(sb, POLICE)["conversations"]}
    assert unread == {CHANNEL: 1, dm(POLICE): 2}  # the weekly round's question and its reminder
    assert {c["id"]: c["unread"] for c in state(sb, CHAIR)["conversations"]} == {CHANNEL: 1, dm(CHAIR): 1}
    # Having the conversation open reads it, for that person only.
    opened = call(sb, f"/sandbox/state?user={CHAIR}&viewing={dm(CHAIR)}")
    assert {c["id"]: c["unread"] for c in opened["conversations"]} == {CHANNEL: 1, dm(CHAIR): 0}
    assert {c["id"]: c["unread"] for c in state(sb, POLICE)["conversations"]}[CHANNEL] == 1
    # What a person writes themselves is not unread to them.
    call(sb, "/sandbox/command", {"user": HEAD, "channel": dm(HEAD), "text": "/orat hjälp"})
    # The answer and the round's question and reminder, not the command.
    assert state(sb, HEAD)["conversations"][0]["unread"] == 3


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
    # A fixed Thursday: the dates below (and the Christmas week's working days) are that week's.
    result = run_bot("demo", "--start", "2026-12-03T10:00", cwd=tmp_path, timeout=120)
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
        "Demon klar på",
    ):
        assert step in out, step
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())  # its database was temporary
    # Swedish time stamps, readable text, whole messages (the review request's buttons come after
    # its 14th line) and each clock jump says what ran.
    stamps = re.findall(r"^  \[([^\]]+)\] ", out, flags=re.MULTILINE)
    assert stamps and all(
        re.fullmatch(r"(mån|tis|ons|tors|fre|lör|sön) \d{1,2} [a-zä]{3} \d\d:\d\d", s) for s in stamps
    )
    assert not re.search(r"<@U|<https?:|`|\*\w|^\s*>", out, flags=re.MULTILINE)
    review = out.split("RAPPORT ATT GRANSKA", 1)[1].split("\n  [", 1)[0]
    assert "[Lyft till mötet]" in review
    assert "⏩ Schemalagt arbete kört: 1 påminnelse." in out

    # Each message again after its button was pressed, marked and stamped when it changed.
    changed = [m for m in shown_messages(out) if m[0].startswith("↻ ändrat: ")]
    marked = r"↻ ändrat: \[(mån|tis|ons|tors|fre|lör|sön) \d{1,2} [a-zä]{3} \d\d:\d\d\] "
    assert changed and all(re.match(marked, head) for head, _ in changed)
    lifted = [body for head, body in changed if "DM Bo Utbildningschef" in head]
    assert lifted and "[Lyft till mötet]" not in lifted[-1] and "Bo Utbildningschef" in lifted[-1]
    draft = [body for head, body in changed if "DM Cecilia Ordförande" in head]
    assert draft and "Sommarlovsaktiviteter" in draft[0]  # her own item, on her draft
    taken = [body for head, body in changed if "#örat-mot-marken" in head]
    assert taken and "Polisen – Polisområde Malmö" in taken[0] and "David Polis" in taken[0]
    # The reminder after Klar: no buttons left, says it is done, by whom and when.
    reminder = [body for head, body in changed if "DM David Polis" in head][-1]
    assert "[Klar]" not in reminder and "inga knappar kvar" in reminder
    assert "Klar" in reminder and "@David Polis" in reminder and "11 december" in reminder
    # The minutes list who was there first; two weeks after Klar the school is asked, and answers.
    minutes = next(body for head, body in shown_messages(out) if "PROTOKOLL" in body)
    assert minutes.index("Närvarande") < minutes.index("@David Polis") < minutes.index("Beslut")
    assert "frågan till skolan om problemet är löst" in out
    asked = [body for head, body in shown_messages(out) if "DM Anna Rektor" in head and "löst?" in body]
    assert asked and "[Ja]" in asked[0]
    answered = [body for head, body in changed if "DM Anna Rektor" in head]
    assert answered and "[Ja]" not in answered[-1]
    # The weekly round: the school head reports with Rapportera, the police answers Inget nytt, both
    # DMs change in place; the coverage is on the chairs' draft and on the agenda; a long jump's
    # rounds are counted, not shown one by one.
    assert "Schemalagt arbete kört: 3 enheter tillfrågade i veckans runda." in out
    asked = [body for head, body in shown_messages(out) if "något att rapportera?" in body]
    assert asked and "[Rapportera]  [Inget nytt]" in asked[0]
    rounds = [body for head, body in changed if "något att rapportera?" in body]
    assert "✅ Rosengårdsskolan har rapporterat (ÖMM-2026-0001) – @Anna Rektor" in rounds[0]
    assert "Inget nytt – svar från @David Polis" in rounds[1] and "[Inget nytt]" not in rounds[1]
    agenda = next(body for head, body in shown_messages(out) if "#örat-mot-marken" in head)
    assert "2 av 22 enheter har svarat, 1 utan nya händelser" in agenda
    assert re.search(r"✉ \d+ frågor och påminnelser i veckans runda i DM däremellan", out)
    # Last, each of the three opens the Home tab.
    homes = [head for head, _ in shown_messages(out) if "Hem-fliken" in head]
    whose = [h.split(" · ")[1].rstrip(":") for h in homes]
    assert whose == ["Anna Rektor", "David Polis", "Cecilia Ordförande"]


def shown_messages(out: str) -> list[tuple[str, str]]:
    """The demo's messages: (head line, the text under it)."""
    found: list[tuple[str, str]] = []
    for line in out.splitlines():
        if re.match(r"  (↻ ändrat: )?\[", line):
            found.append((line.strip(), ""))
        elif line.startswith("      ") and found:
            found[-1] = (found[-1][0], found[-1][1] + line.strip() + "\n")
    return found


def test_the_demo_for_one_person_shows_only_their_screen(tmp_path: Path):
    out = io.StringIO()
    run_demo(out, start=THURSDAY + timedelta(days=7), db_dir=tmp_path, person=POLICE)
    heads = [head for head, _ in shown_messages(out.getvalue())]
    assert any("DM David Polis" in h for h in heads) and any("#örat-mot-marken" in h for h in heads)
    assert not any("DM Anna Rektor" in h or "DM Cecilia" in h or "DM Bo" in h for h in heads)
    assert not any("bara Anna Rektor ser" in h for h in heads)
    assert "Inget nytt – svar från @David Polis" in out.getvalue()  # his round DM, answered
    assert any(h.startswith("↻ ändrat: ") and "DM David Polis" in h for h in heads)
    assert [h for h in heads if "Hem-fliken" in h] == [heads[-1]] and "David Polis" in heads[-1]
    assert person_named("david") == POLICE and person_named("Cecilia Ordförande") == CHAIR
    assert person_named("Nobody") is None
    refused = run_bot("demo", "--person", "Nobody", cwd=tmp_path)
    assert refused.returncode == 2 and "Nobody" in refused.stderr and "Traceback" not in refused.stderr


def test_the_demo_reads_mrkdwn_as_a_person_would():
    assert mrkdwn_as_text("*Ansvar:* <@USBPOLIS> – _senast_ `ÖMM-2026-0001` <https://x.se/a|Läs mer>") == (
        "Ansvar: @David Polis – senast ÖMM-2026-0001 Läs mer"
    )
    assert mrkdwn_as_text("Åtgärd:\n>Patrullera &amp; prata") == "Åtgärd:\n│ Patrullera & prata"
    assert stamp(datetime(2026, 12, 3, 9, 0, tzinfo=UTC), STOCKHOLM) == "tors 3 dec 10:00"


@pytest.mark.parametrize(
    ("bind", "printed"),
    [(None, r"http://127\.0\.0\.1:\d+"), ("localhost", r"http://localhost:\d+")],
    ids=["default-127.0.0.1", "ORAT_BIND"],
)
def test_python_m_bot_sandbox_serves_the_page(tmp_path: Path, bind: str | None, printed: str):
    """What ``make run`` starts without Slack tokens: the page, the bot behind it, its own file; on
    127.0.0.1 unless ORAT_BIND says otherwise."""
    import os
    import subprocess
    import sys

    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ORAT_", "DATABASE_URL", "PORT"))
    }
    if bind is not None:
        env["ORAT_BIND"] = bind
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
        url = re.search(printed, line)
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


# ---------------------------------------------------------------------------------------- refusals
def raw(
    sb: Sandbox, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, Message, bytes]:
    """One request as given (no token added), its status, headers and body, errors included."""
    req = urllib.request.Request(  # noqa: S310
        sb.url + path, data=body, headers=headers or {}, method="POST" if body is not None else "GET"
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def rows(sb: Sandbox, model: Any) -> int:
    assert sb.runtime is not None
    with sb.runtime.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model)).scalar_one()


def untouched(sb: Sandbox) -> None:
    """Nothing the refused requests asked for happened: same clock, nothing said, nothing stored."""
    sb.settle()
    assert sb.clock_json()["label"] == "torsdag 26 november 2026 kl. 10:00"
    assert sb.workspace.conversations[CHANNEL] == []
    assert not [m for m, _ in sb.workspace.calls if m.startswith(("chat.", "views.", "files."))]
    assert (rows(sb, Report), rows(sb, AgendaItem), rows(sb, OutboxMessage)) == (0, 0, 0)


def report_filed(sb: Sandbox) -> None:
    """A report the meeting would get: the agenda published on Tuesday has something to show."""
    sb.command(HEAD, sb.workspace.dm_of(HEAD), "/rapportera Brand i soptunnan")
    sb.settle()


def test_a_page_on_another_local_port_cannot_make_the_chair_publish_the_agenda(sandbox: Sandbox):
    """The issue's attack: a page on another local port posts with a no-cors ``fetch`` (text/plain, no
    token) — and, more than a browser could, with the token and JSON but its own Origin."""
    sb = sandbox
    foreign = f"http://127.0.0.1:{sb.port + 1}"
    publish = json.dumps({"to": "2026-12-01T08:00"}).encode()
    take = json.dumps({"user": CHAIR, "channel": CHANNEL, "text": "/orat agenda"}).encode()
    for origin in (foreign, f"http://localhost:{sb.port + 1}", "http://evil.example", "null"):
        no_cors = raw(
            sb, "/sandbox/clock", body=publish, headers={"Content-Type": "text/plain", "Origin": origin}
        )
        assert no_cors[0] == 403, origin
        assert json.loads(no_cors[2]) == {
            "ok": False,
            "error": "Sandlådan tar bara emot förfrågningar från sin egen sida.",
        }
        for path, body in (("/sandbox/clock", publish), ("/sandbox/command", take)):
            headers = {"Content-Type": "application/json", TOKEN_HEADER: sb.page_token, "Origin": origin}
            assert raw(sb, path, body=body, headers=headers)[0] == 403, (origin, path)
        # Reading is refused too: the state holds the reports' text.
        assert (
            raw(sb, f"/sandbox/state?user={CHAIR}", headers={TOKEN_HEADER: sb.page_token, "Origin": origin})[
                0
            ]
            == 403
        )
    untouched(sb)

    # The sandbox's own page, under any of its names, is let through.
    for own in (sb.url, f"http://localhost:{sb.port}", f"http://[::1]:{sb.port}"):
        headers = {TOKEN_HEADER: sb.page_token, "Origin": own}
        assert raw(sb, f"/sandbox/state?user={CHAIR}", headers=headers)[0] == 200, own
    report_filed(sb)
    headers = {"Content-Type": "application/json", TOKEN_HEADER: sb.page_token, "Origin": sb.url}
    status, _, body = raw(sb, "/sandbox/clock", body=publish, headers=headers)
    assert status == 200 and json.loads(body)["ran"]["agendas_published"] == 1


def test_only_json_is_taken_from_the_page(sandbox: Sandbox):
    sb = sandbox
    body = json.dumps({"to": "2026-12-01T08:00"}).encode()
    for kind in (
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ):
        headers = {"Content-Type": kind, TOKEN_HEADER: sb.page_token, "Origin": sb.url}
        status, _, answer = raw(sb, "/sandbox/clock", body=body, headers=headers)
        assert status == 415, kind
        assert json.loads(answer)["error"] == "Sandlådan tar bara emot JSON (Content-Type: application/json)."
    untouched(sb)


def test_the_pages_requests_need_the_key_served_in_the_page(sandbox: Sandbox):
    sb = sandbox
    status, _, page = raw(sb, "/")
    assert status == 200
    key = re.search(r'<meta name="orat-sandbox-token" content="([^"]+)">', page.decode())
    assert key is not None and key.group(1) == sb.page_token and len(sb.page_token) >= 40

    publish = json.dumps({"to": "2026-12-01T08:00"}).encode()
    command = json.dumps({"user": CHAIR, "channel": CHANNEL, "text": "/orat agenda"}).encode()
    for token in (None, "", "fel", sb.page_token[:-1], sb.api_token):
        headers = {"Content-Type": "application/json"} | ({TOKEN_HEADER: token} if token is not None else {})
        for path, body in (("/sandbox/clock", publish), ("/sandbox/command", command)):
            status, _, answer = raw(sb, path, body=body, headers=headers)
            assert status == 403, (token, path)
            assert json.loads(answer)["error"] == "Förfrågan saknar sandlådans nyckel – ladda om sidan."
        assert raw(sb, f"/sandbox/state?user={CHAIR}", headers=headers)[0] == 403
    untouched(sb)
    assert raw(sb, f"/sandbox/state?user={CHAIR}", headers={TOKEN_HEADER: key.group(1)})[0] == 200


def test_a_foreign_host_name_is_refused_on_every_route(sandbox: Sandbox):
    """DNS rebinding: evil.example resolving to 127.0.0.1 makes the browser send ``Host: evil.example``
    to the sandbox as a same-origin request. Every route answers 421 Misdirected Request."""
    sb = sandbox
    json_headers = {"Content-Type": "application/json", TOKEN_HEADER: sb.page_token}
    bearer = {"Authorization": f"Bearer {sb.api_token}", "Content-Type": "application/json"}
    post = json.dumps({"channel": CHANNEL, "text": "Hej från evil.example"}).encode()
    requests: list[tuple[str, bytes | None, dict[str, str]]] = [
        ("/", None, {}),
        ("/sandbox/static/app.js", None, {}),
        (f"/sandbox/state?user={CHAIR}", None, {TOKEN_HEADER: sb.page_token}),
        ("/sandbox/clock", json.dumps({"to": "2026-12-01T08:00"}).encode(), json_headers),
        ("/sandbox/api/chat.postMessage", post, bearer),
        ("/slack/events", b"command=/orat", {}),
        ("/healthz", None, {}),
    ]
    for host in (
        "evil.example",
        f"evil.example:{sb.port}",
        f"127.0.0.1:{sb.port + 1}",
        f"localhost.evil.example:{sb.port}",
    ):
        for path, body, headers in requests:
            status, _, answer = raw(sb, path, body=body, headers={**headers, "Host": host})
            assert status == 421, (host, path)
            assert json.loads(answer)["error"].startswith("Sandlådan svarar bara på sin egen adress")
    untouched(sb)
    for host in (f"127.0.0.1:{sb.port}", f"localhost:{sb.port}", f"LOCALHOST:{sb.port}", f"[::1]:{sb.port}"):
        assert raw(sb, "/", headers={"Host": host})[0] == 200, host


def test_the_stand_in_web_api_wants_the_bot_token_like_slack(sandbox: Sandbox):
    sb = sandbox
    message = {"channel": CHANNEL, "text": "<!channel> Mötet är inställt"}
    form = "channel=CSBMOTE&text=Inst%C3%A4llt"
    cases = [
        ({"Content-Type": "application/json"}, json.dumps(message), "not_authed"),
        ({"Content-Type": "application/json", "Authorization": "Bearer"}, json.dumps(message), "not_authed"),
        (
            {"Content-Type": "application/json", "Authorization": sb.api_token},
            json.dumps(message),
            "not_authed",
        ),
        ({"Content-Type": "application/x-www-form-urlencoded"}, f"{form}&token={sb.api_token}", "not_authed"),
        (
            {"Content-Type": "application/json", "Authorization": "Bearer xoxb-fel"},
            json.dumps(message),
            "invalid_auth",
        ),
        (
            {"Content-Type": "application/json", "Authorization": f"Bearer {sb.page_token}"},
            json.dumps(message),
            "invalid_auth",
        ),
        (
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Authorization": "Bearer xoxb-sandbox-not-a-real-token",
            },
            form,
            "invalid_auth",
        ),
    ]
    for headers, body, error in cases:
        for method in ("chat.postMessage", "auth.test", "views.publish", "files.getUploadURLExternal"):
            status, _, answer = raw(sb, f"/sandbox/api/{method}", body=body.encode(), headers=headers)
            assert (status, json.loads(answer)) == (200, {"ok": False, "error": error}), (headers, method)
    untouched(sb)
    assert sb.workspace.calls == [] or all(m == "auth.test" for m, _ in sb.workspace.calls)  # Bolt's own

    # With the bot's token it posts, as Örat.
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {sb.api_token}"}
    status, _, answer = raw(
        sb, "/sandbox/api/chat.postMessage", body=json.dumps(message).encode(), headers=headers
    )
    assert status == 200 and json.loads(answer)["ok"] is True
    assert [m.text for m in sb.workspace.conversations[CHANNEL]] == [message["text"]]


def test_response_urls_and_file_addresses_cannot_be_guessed(sandbox: Sandbox):
    sb, dm = sandbox, sandbox.workspace.dm_of
    call(sb, "/sandbox/command", {"user": CHAIR, "channel": dm(CHAIR), "text": "/orat kalender"})
    [upload] = [m for m in state(sb, CHAIR)["messages"][dm(CHAIR)] if m["files"]]
    [file] = upload["files"]
    assert re.fullmatch(r"F[0-9A-F]{20}", file["id"])  # not F00000001, F00000002, …
    assert raw(sb, file["url"])[0] == 200
    assert raw(sb, "/sandbox/files/F00000001")[0] == 404

    # The upload URL: only with its random key, and once.
    stored = sb.workspace.files[file["id"]]
    for target in (f"upload/{file['id']}", f"upload/{file['id']}/fel", "upload/F00000001"):
        status, _, answer = raw(sb, f"/sandbox/api/{target}", body=b"BEGIN:VCALENDAR hijacked")
        assert (status, json.loads(answer)) == (200, {"ok": False, "error": "file_not_found"}), target
    status, _, answer = raw(sb, f"/sandbox/api/upload/{file['id']}/{stored['upload_key']}", body=b"again")
    assert json.loads(answer) == {"ok": False, "error": "already_uploaded"}
    assert stored["bytes"].startswith(b"BEGIN:VCALENDAR")
    assert "upload_key" not in json.dumps(state(sb, CHAIR))

    # response_url: a random secret per request; a guessed one is 404, a form post 415.
    first = sb.workspace.new_response_target(CHAIR, dm(CHAIR), None)
    second = sb.workspace.new_response_target(CHAIR, dm(CHAIR), None)
    assert first != second and len(first) >= 32 and not first.startswith("R0")
    said = len(sb.workspace.conversations[dm(CHAIR)])
    answer_json = {"Content-Type": "application/json"}
    assert raw(sb, "/sandbox/respond/R00000001", body=b'{"text": "Hej"}', headers=answer_json)[0] == 404
    form = {"Content-Type": "text/plain"}
    assert raw(sb, f"/sandbox/respond/{first}", body=b'{"text": "Hej"}', headers=form)[0] == 415
    assert len(sb.workspace.conversations[dm(CHAIR)]) == said
    assert raw(sb, f"/sandbox/respond/{first}", body=b'{"text": "Hej"}', headers=answer_json)[0] == 200
    assert sb.workspace.conversations[dm(CHAIR)][-1].text == "Hej"


def test_every_answer_carries_the_security_headers(sandbox: Sandbox):
    sb = sandbox
    token = {TOKEN_HEADER: sb.page_token}
    json_token = {"Content-Type": "application/json", **token}
    answers = {
        "page": raw(sb, "/"),
        "script": raw(sb, "/sandbox/static/app.js"),
        "style": raw(sb, "/sandbox/static/style.css"),
        "state": raw(sb, f"/sandbox/state?user={HEAD}", headers=token),
        "post": raw(sb, "/sandbox/home", body=json.dumps({"user": HEAD}).encode(), headers=json_token),
        "bad request": raw(sb, "/sandbox/home", body=b"{}", headers=json_token),
        "no token": raw(sb, f"/sandbox/state?user={HEAD}"),
        "text/plain": raw(sb, "/sandbox/home", body=b"{}", headers={"Content-Type": "text/plain", **token}),
        "foreign origin": raw(
            sb, "/sandbox/home", body=b"{}", headers={**json_token, "Origin": "http://127.0.0.1:1"}
        ),
        "foreign host": raw(sb, "/", headers={"Host": "evil.example"}),
        "web api": raw(
            sb, "/sandbox/api/auth.test", body=b"", headers={"Authorization": f"Bearer {sb.api_token}"}
        ),
        "not found": raw(sb, "/sandbox/files/F0"),
        "slack events": raw(sb, "/slack/events", body=b"command=/orat"),
        "health": raw(sb, "/healthz"),
    }
    for name, (_status, headers, _) in answers.items():
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "no-referrer", name
        assert headers["Cache-Control"] == "no-store", name
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, name
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, name
    assert [answers[n][0] for n in ("page", "state", "post", "bad request", "no token", "text/plain")] == [
        200,
        200,
        200,
        400,
        403,
        415,
    ]
    assert (answers["foreign origin"][0], answers["foreign host"][0], answers["slack events"][0]) == (
        403,
        421,
        401,
    )
    # No inline script or style in the page the CSP would have to allow.
    page = answers["page"][2].decode()
    assert (
        "<script>" not in page
        and "<style" not in page
        and " style=" not in page
        and " on" + "click=" not in page
    )


def test_the_sandbox_listens_on_127_0_0_1_unless_orat_bind_says_otherwise(sandbox: Sandbox, tmp_path: Path):
    assert sandbox_bind(Settings()) == "127.0.0.1"
    assert sandbox_bind(Settings.from_env({})) == "127.0.0.1"
    assert sandbox_bind(Settings.from_env({"ORAT_BIND": "0.0.0.0"})) == "0.0.0.0"
    assert sandbox_bind(Settings.from_env({"ORAT_BIND": "192.168.1.20"})) == "192.168.1.20"
    # The address printed for the browser: a wildcard means this machine's loopback.
    assert [browser_host(h) for h in ("0.0.0.0", "::", "127.0.0.1", "::1", "localhost")] == [
        "127.0.0.1",
        "[::1]",
        "127.0.0.1",
        "[::1]",
        "localhost",
    ]
    assert sandbox._server.server_address[0] == "127.0.0.1" and sandbox.url.startswith("http://127.0.0.1:")

    wide = Sandbox(db_path=tmp_path / "wide.db", start=THURSDAY, host="0.0.0.0").start()
    try:
        assert wide._server.server_address[0] == "0.0.0.0"
        assert wide.url == f"http://127.0.0.1:{wide.port}"
        assert raw(wide, "/")[0] == 200
        assert raw(wide, "/", headers={"Host": f"0.0.0.0:{wide.port}"})[0] == 421  # not a name to trust
        call(wide, "/sandbox/home", {"user": HEAD})  # the bot behind it reaches its stand-in
        assert state(wide, HEAD)["home"]["type"] == "home"
    finally:
        wide.stop()


def test_the_lagesbild_comes_as_word_and_pdf_files_to_open(sandbox: Sandbox):
    sb, dm = sandbox, sandbox.workspace.dm_of
    call(sb, "/sandbox/command", {"user": CHAIR, "channel": dm(CHAIR), "text": "/orat lagesbild"})
    deadline = time.monotonic() + 120  # Word and PDF take seconds on a busy machine
    while not (uploads := [m for m in state(sb, CHAIR)["messages"][dm(CHAIR)] if m["files"]]):
        assert time.monotonic() < deadline, "no lägesbild files"
        time.sleep(0.2)
    files = {f["kind"]: f for f in uploads[0]["files"]}
    assert sorted(files) == ["docx", "pdf"]
    status, headers, body = raw(sb, files["pdf"]["url"])
    assert status == 200 and headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert f'filename="{files["pdf"]["name"]}"' in headers["Content-Disposition"]
    status, headers, body = raw(sb, files["docx"]["url"])
    assert status == 200 and body.startswith(b"PK")
    assert headers["Content-Type"].endswith("officedocument.wordprocessingml.document")
