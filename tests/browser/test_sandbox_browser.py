"""The weekly cycle in a real browser (headless Chromium), as a person would click through the
sandbox: report through the modal, the review, the agenda, responsibility, the clock moved, the
reminder, Klar, and the Home tab. Each step's screenshot is kept in ``test-artifacts/sandbox/``.
And a page on another local port trying to drive it, as in issue 14 (defect 12)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.server import CHAIR, CHANNEL, CHIEF, HEAD, POLICE, Sandbox
from tests.browser.conftest import ARTIFACTS
from tests.conftest import STOCKHOLM

THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=STOCKHOLM)
TIMEOUT = 15_000  # ms; a shared 2-core machine


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    running = Sandbox(db_path=tmp_path / "sandbox.db", start=THURSDAY).start()
    yield running
    running.stop()


@pytest.fixture
def shot(page: Any) -> Callable[[str], None]:
    folder = ARTIFACTS / "sandbox"
    folder.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"))

    return take


def be(page: Any, sandbox: Sandbox, person: str, conversation: str | None = None) -> None:
    """Switch to ``person`` and open a conversation (the DM with Örat unless told otherwise)."""
    page.select_option("[data-testid=person-select]", person)
    target = conversation or sandbox.workspace.dm_of(person)
    page.click(f"[data-testid=conversation-{target}]")


def messages(page: Any) -> Any:
    return page.locator("[data-testid=messages]")


def test_the_weekly_cycle_in_the_browser(page: Any, sandbox: Sandbox, shot: Callable[[str], None]):
    page.set_default_timeout(TIMEOUT)
    page.goto(sandbox.url + "/")
    assert "Sandlåda" in page.locator("[data-testid=sandbox-banner]").inner_text()
    page.locator("[data-testid=clock-label]", has_text="torsdag 26 november 2026 kl. 10:00").wait_for()

    # 1. The school head reports through the modal.
    be(page, sandbox, HEAD)
    page.fill("[data-testid=message-input]", "/rapportera Ungdomar eldar i soptunnan efter skoltid")
    page.press("[data-testid=message-input]", "Enter")
    modal = page.locator("[data-testid=modal]")
    modal.locator("[data-block-id=report_category] select").select_option("arson")
    modal.locator("[data-block-id=report_unit] select").select_option(label="Rosengårdsskolan")
    modal.locator("[data-block-id=report_place] input").fill("Soptunnorna vid entrén")
    modal.locator("[data-block-id=report_occurred_on] input[type=date]").fill("2026-11-25")
    shot("01-rapport-formular")
    page.click("[data-testid=modal-submit]")
    page.wait_for_selector("[data-testid=modal] >> text=ÖMM-2026-0001")
    shot("02-rapport-mottagen")
    page.click("[data-testid=modal-close]")
    messages(page).get_by_text("Tack – din rapport är mottagen", exact=False).first.wait_for()
    assert "ÖMM-2026-0001" in messages(page).inner_text()

    # 2. The education chief raises it to the meeting.
    be(page, sandbox, CHIEF)
    page.click("[data-testid=messages] [data-action-id=review_raise]")
    be(page, sandbox, HEAD)
    messages(page).get_by_text("är granskad av", exact=False).first.wait_for()

    # 3. The clock moves to Tuesday 08:00: the agenda is published in the meeting channel.
    be(page, sandbox, POLICE, CHANNEL)
    page.get_by_role("button", name=re.compile("dagordningen publiceras")).click()
    page.locator("[data-testid=toast]").get_by_text("dagordning", exact=False).wait_for()
    messages(page).locator("[data-action-id=item_take]").first.wait_for()
    assert "ÖMM-2026-0001" in messages(page).inner_text()
    shot("03-dagordning")

    # 4. The police contact takes responsibility.
    messages(page).locator("[data-action-id=item_take]").first.click()
    modal = page.locator("[data-testid=modal]")
    modal.locator("[data-block-id=action_description] textarea").fill("Patrullera vid skolan kvällstid")
    modal.locator("[data-block-id=action_due_on] input[type=date]").fill("2026-12-08")
    page.click("[data-testid=modal-submit]")
    messages(page).get_by_text("Ansvar:", exact=False).first.wait_for()
    shot("04-ansvar-taget")

    # 5. The clock moves to the reminder morning: the reminder reaches the owner's DM.
    page.fill("[data-testid=clock-input]", "2026-12-04T08:00")
    page.click("[data-testid=clock-go]")
    page.locator("[data-testid=clock-label]").get_by_text("fredag 4 december 2026 kl. 08:00").wait_for()
    be(page, sandbox, POLICE)
    messages(page).get_by_text("Påminnelse", exact=False).first.wait_for()
    shot("05-paminnelse")

    # 6. Klar from the reminder; the school is told.
    messages(page).locator("[data-action-id=action_done]").last.click()
    page.locator("[data-testid=modal] textarea").fill("Patrull varje kväll; inga fler bränder.")
    page.click("[data-testid=modal-submit]")
    be(page, sandbox, HEAD)
    messages(page).get_by_text("har gjort klart åtgärden", exact=False).first.wait_for()
    shot("06-skolan-far-besked")

    # 7. The Home tab of the school head shows the report and what came of it.
    page.click("[data-testid=home-tab]")
    page.locator("[data-testid=home]").get_by_text("Mina rapporter (1)").wait_for()
    shot("07-hem")
    assert page.errors == []
    assert page.console_errors == []  # among them: anything the Content-Security-Policy refused


def test_a_long_jump_of_the_clock_in_the_browser(page: Any, sandbox: Sandbox, shot: Callable[[str], None]):
    """26 November → 9 December: both meetings' agendas and minutes, in order, and the toast says so;
    switching to the chair opens the DM where the drafts wait, with unread markers."""
    page.set_default_timeout(TIMEOUT)
    page.goto(sandbox.url + "/")
    be(page, sandbox, POLICE)
    page.fill("[data-testid=clock-input]", "2026-12-09T10:00")
    page.click("[data-testid=clock-go]")
    toast = page.locator("[data-testid=toast]")
    toast.get_by_text("protokollet 8 dec", exact=False).wait_for()
    assert re.search(
        "Utkast till dagordningen 1 dec, dagordningen 1 dec publicerad, protokollet 1 dec, "
        "utkast till dagordningen 8 dec, dagordningen 8 dec publicerad, protokollet 8 dec",
        toast.inner_text(),
    )
    channel = page.locator(f"[data-testid=conversation-{CHANNEL}]")
    channel.locator(".badge", has_text="4").wait_for()
    channel.click()
    posted = messages(page).locator("[data-testid=message]")
    posted.nth(3).wait_for()
    heads = [posted.nth(i).inner_text() for i in range(posted.count())]
    # (The agenda, closed once the minutes are out, says "Protokollet är publicerat …" too.)
    assert [("Dagordning –" in h, "Protokoll –" in h, "1 december" in h) for h in heads] == [
        (True, False, True),
        (False, True, True),
        (True, False, False),
        (False, True, False),
    ]
    assert all("8 december" in h for h in heads[2:])
    shot("08-langt-hopp")

    page.select_option("[data-testid=person-select]", CHAIR)
    dm = page.locator(f"[data-testid=conversation-{sandbox.workspace.dm_of(CHAIR)}]")
    dm.and_(page.locator("[aria-current=page]")).wait_for()  # landed where the drafts wait
    messages(page).get_by_text("Utkast till", exact=False).nth(1).wait_for()
    page.locator(f"[data-testid=conversation-{CHANNEL}] .badge", has_text="4").wait_for()
    assert page.errors == []


class _OtherPage(BaseHTTPRequestHandler):
    """Some other local web page (another developer server on this machine, say)."""

    def do_GET(self) -> None:
        body = b"<!doctype html><html><head><title>Annan sida</title></head><body>annan</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def other_page() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OtherPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


ATTACKS = """async (sandbox) => {
  const body = JSON.stringify({ to: "2026-12-01T08:00" });
  const said = JSON.stringify({ user: "USBORDF", channel: "CSBMOTE", text: "/orat agenda" });
  const tried = [];
  const attempt = async (what, url, init) => {
    try {
      const res = await fetch(url, init);
      tried.push([what, res.type, res.status, res.type === "opaque" ? "" : await res.text()]);
    } catch (err) {
      tried.push([what, "refused", 0, String(err)]);
    }
  };
  // The issue's request: no-cors, text/plain (a "simple" request, sent without a preflight).
  await attempt("no-cors clock", `${sandbox}/sandbox/clock`, { method: "POST", mode: "no-cors", body,
    headers: { "Content-Type": "text/plain" } });
  await attempt("no-cors command", `${sandbox}/sandbox/command`, { method: "POST", mode: "no-cors",
    body: said, headers: { "Content-Type": "text/plain" } });
  // A form-encoded one, and a CORS one with JSON and a made-up key (preflighted, never allowed).
  await attempt("no-cors form", `${sandbox}/sandbox/clock`, { method: "POST", mode: "no-cors",
    body: new URLSearchParams({ to: "2026-12-01T08:00" }) });
  await attempt("cors json", `${sandbox}/sandbox/clock`, { method: "POST", body,
    headers: { "Content-Type": "application/json", "X-Orat-Sandbox-Token": "gissad" } });
  // Reading the state (the reports' text) or the page (its key) is not possible either.
  await attempt("cors state", `${sandbox}/sandbox/state?user=USBORDF`, {});
  await attempt("cors page", `${sandbox}/`, {});
  // And the stand-in Web API: posting as Örat.
  await attempt("web api", `${sandbox}/sandbox/api/chat.postMessage`, { method: "POST", mode: "no-cors",
    body: new URLSearchParams({ channel: "CSBMOTE", text: "Inställt" }) });
  return tried;
}"""


def test_a_page_on_another_local_port_cannot_drive_the_sandbox(page: Any, sandbox: Sandbox, other_page: str):
    page.set_default_timeout(TIMEOUT)
    page.goto(other_page)
    tried = page.evaluate(ATTACKS, sandbox.url)
    sandbox.settle()
    # The no-cors requests go out (and are answered 403), but with Cross-Origin-Resource-Policy:
    # same-origin the browser hands the other page not even an opaque answer; the CORS ones fail.
    assert {what: kind for what, kind, _status, _text in tried} == {
        what: "refused"
        for what in (
            "no-cors clock",
            "no-cors command",
            "no-cors form",
            "cors json",
            "cors state",
            "cors page",
            "web api",
        )
    }
    assert not any(sandbox.page_token in text for *_, text in tried)
    # Nothing happened in the sandbox.
    assert sandbox.clock_json()["label"] == "torsdag 26 november 2026 kl. 10:00"
    assert sandbox.workspace.conversations[CHANNEL] == []
    assert not [m for m, _ in sandbox.workspace.calls if m.startswith(("chat.", "views.", "files."))]
