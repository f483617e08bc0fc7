"""The weekly cycle in a real browser (headless Chromium), as a person would click through the
sandbox: report through the modal, the review, the agenda, responsibility, the clock moved, the
reminder, Klar, and the Home tab. Each step's screenshot is kept in ``test-artifacts/sandbox/``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.server import CHANNEL, CHIEF, HEAD, POLICE, Sandbox
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
