"""``make run`` installs what the bot needs to run and nothing more; ``make test`` adds the
development tools (issue 17, item 5). Read from ``make -n`` (prints the recipes, runs nothing) for a
fresh virtual environment."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _dry_run(target: str, venv: Path) -> str:
    done = subprocess.run(
        ["make", "-n", target, f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_make_run_installs_the_runtime_only_and_execs_the_bot(tmp_path: Path):
    recipe = _dry_run("run", tmp_path / "venv")
    installs = [line for line in recipe.splitlines() if "pip install" in line and "--upgrade pip" not in line]
    assert installs and all(line.rstrip().endswith("-e .") for line in installs), installs
    assert "[dev]" not in recipe
    # The bot replaces the shell: Ctrl+C reaches it, not a shell make would report as interrupted.
    assert "exec " in recipe and "-m bot serve --migrate" in recipe and "-m bot sandbox" in recipe


@pytest.mark.parametrize("target", ["test", "lint", "bench"])
def test_the_development_targets_add_the_dev_tools(tmp_path: Path, target: str):
    recipe = _dry_run(target, tmp_path / "venv")
    assert "-e ." in recipe and "-e '.[dev]'" in recipe
