"""A real browser for the sandbox tests: Debian's Chromium driven by Playwright (no downloaded
browser). The setup installs Chromium with apt-get when it can; otherwise these tests skip and say why.
A screenshot of the page is saved for every failing test, under ``test-artifacts/screenshots/``."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _install_chromium() -> str | None:
    """None when Chromium is there (or could be installed), else why not."""
    if Path(CHROMIUM).exists():
        return None
    if shutil.which("apt-get") is None:
        return "Chromium is not installed and there is no apt-get to install Debian's chromium package"
    if os.geteuid() != 0:
        return "Chromium is not installed; installing Debian's chromium package needs root (apt-get)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
    ):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"installing Chromium failed: {' '.join(command)}: {exc}"
        if done.returncode != 0:
            return f"installing Chromium failed: {' '.join(command)}: {done.stderr.strip()[-300:]}"
    return None if Path(CHROMIUM).exists() else "apt-get installed chromium but /usr/bin/chromium is missing"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[dev]')")
    reason = _install_chromium()
    if reason is not None:
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.failed_call = report.failed  # type: ignore[attr-defined]
    return report


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="sv-SE")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.errors = errors
    # Console errors include what the Content-Security-Policy refused ("Refused to apply inline style …").
    console: list[str] = []
    opened.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    opened.console_errors = console
    yield opened
    if getattr(request.node, "failed_call", False):
        target = ARTIFACTS / "screenshots" / f"{request.node.name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        opened.screenshot(path=str(target), full_page=True)
        print(f"\nscreenshot of the failure: {target}")
    context.close()
