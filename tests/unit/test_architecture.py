"""The house rules that keep layers apart, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.source import parse

ROOT = Path(__file__).resolve().parents[2]


def imports_of(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        (
            "bot/domain",
            {"slack_sdk", "slack_bolt", "sqlalchemy", "apscheduler", "storage", "handlers", "flask"},
        ),
        ("handlers", {"sqlalchemy", "storage", "alembic"}),
        ("storage", {"slack_sdk", "slack_bolt", "handlers", "bot"}),
    ],
)
def test_layers_do_not_import_what_they_must_not(package: str, forbidden: set[str]):
    modules = imports_of(package)
    assert modules, f"no modules found under {package}"
    offenders = {path: sorted(names & forbidden) for path, names in modules.items() if names & forbidden}
    assert offenders == {}


def test_only_config_reads_the_environment():
    readers = [
        str(path.relative_to(ROOT))
        for package in ("bot", "handlers", "storage")
        for path in (ROOT / package).rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") or "getenv(" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["bot/config.py"]
