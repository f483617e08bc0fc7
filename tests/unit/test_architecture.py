"""The house rules that keep layers apart, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.source import (
    cycles,
    external_imports,
    functions,
    import_graph,
    own_lines,
    parse,
    project_modules,
    reached_from,
)

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


# The one exception, by path: the migration that creates slack_sdk's installation and OAuth state
# tables from the stores' own definitions (Alembic loads it by path; nothing imports it).
ALLOWED = {"storage/migrations/versions/0017_slack_installations.py": {"slack_sdk"}}


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        (
            "bot/domain",
            {"slack_sdk", "slack_bolt", "sqlalchemy", "apscheduler", "storage", "handlers", "flask"},
        ),
        ("handlers", {"sqlalchemy", "storage", "alembic"}),
        ("storage", {"slack_sdk", "slack_bolt", "handlers"}),
    ],
)
def test_layers_do_not_import_what_they_must_not(package: str, forbidden: set[str]):
    modules = imports_of(package)
    assert modules, f"no modules found under {package}"
    offenders = {
        path: sorted((names & forbidden) - ALLOWED.get(path, set()))
        for path, names in modules.items()
        if (names & forbidden) - ALLOWED.get(path, set())
    }
    assert offenders == {}


def test_only_config_reads_the_environment():
    readers = [
        str(path.relative_to(ROOT))
        for package in ("bot", "handlers", "storage")
        for path in (ROOT / package).rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") or "getenv(" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["bot/config.py"]


MODULES = project_modules(ROOT)
GRAPH = import_graph(MODULES)
SQL_CALLS = {"select", "update", "delete", "insert", "text", "union", "union_all"}


def test_the_import_graph_has_no_cycle():
    assert GRAPH.get("bot.services.agenda"), "the graph was not read"
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        # Services reach Slack only through the ports in bot/notifier.py.
        ("bot.services", {"slack_sdk", "slack_bolt", "flask", "gunicorn", "handlers"}),
        # Result values and builders load neither the database nor the services.
        ("bot.results", {"sqlalchemy", "storage", "bot.services", "slack_sdk", "slack_bolt"}),
        ("handlers.blocks", {"sqlalchemy", "storage", "bot.services", "alembic"}),
        ("bot.domain", {"sqlalchemy", "storage", "handlers", "slack_sdk", "slack_bolt", "flask"}),
    ],
)
def test_what_a_layer_reaches_through_its_imports(package: str, forbidden: set[str]):
    external = external_imports(MODULES)
    starts = [name for name in MODULES if name == package or name.startswith(package + ".")]
    assert starts, f"no modules in {package}"
    offenders: dict[str, list[str]] = {}
    for start in starts:
        reached = reached_from(start, MODULES)
        names = {n for module in reached for n in external[module]} | reached
        bad = sorted(name for name in names if any(name == f or name.startswith(f + ".") for f in forbidden))
        if bad:
            offenders[start] = bad
    assert offenders == {}


def test_the_domain_imports_nothing_of_the_project_outside_it():
    offenders = {
        name: sorted(t for t in targets if not t.startswith("bot.domain"))
        for name, targets in GRAPH.items()
        if name.startswith("bot.domain")
        and any(not t.startswith("bot.domain") and t != "bot" for t in targets)
    }
    assert offenders == {}


def test_storage_uses_nothing_of_bot_but_the_pure_domain():
    """Repositories may name the domain's statuses; they know nothing of services, Slack or files."""
    offenders = {
        start: sorted(
            name
            for name in reached_from(start, MODULES)
            if not name.startswith(("storage", "bot.domain")) and name != "bot"
        )
        for start in MODULES
        if start.startswith("storage")
    }
    assert {start: names for start, names in offenders.items() if names} == {}


def test_sql_is_built_and_run_only_in_storage():
    found = []
    for name, module in MODULES.items():
        if name.startswith("storage"):
            continue
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Call):
                continue
            callee = node.func
            if isinstance(callee, ast.Name) and callee.id in SQL_CALLS:
                found.append(f"{name}:{node.lineno} {callee.id}()")
            elif isinstance(callee, ast.Attribute) and callee.attr == "execute":
                found.append(f"{name}:{node.lineno} .execute()")
    assert found == []


def test_no_handler_function_is_longer_than_fifty_lines_of_its_own():
    long = {
        f"{name}.{function.name}": own_lines(function)
        for name, module in MODULES.items()
        if name.startswith("handlers")
        for function in functions(module.tree)
        if own_lines(function) > 50
    }
    assert long == {}


def test_own_lines_leave_out_a_listener_inside_register():
    tree = parse(
        "def register(app):\n    x = 1\n\n    @app.command('/x')\n    def listener():\n        pass\n"
    )
    register, listener = functions(tree)
    assert (own_lines(register), own_lines(listener)) == (3, 2)


def test_one_reader_of_modal_state():
    """Only the forms toolkit looks into ``view["state"]["values"]``."""
    readers = sorted(
        name
        for name, module in MODULES.items()
        if name.startswith("handlers")
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Constant) and node.value in ("state", "values")
    )
    assert set(readers) == {"handlers.views.forms"}
