"""Reading the project's own source in tests."""

from __future__ import annotations

import ast
import time
from dataclasses import dataclass
from pathlib import Path


def parse(source: str) -> ast.Module:
    """``ast.parse``, tried again when CPython 3.11's shared AST recursion counter was disturbed
    by another thread building an AST at the same moment (a spurious SystemError, "AST
    constructor recursion depth mismatch": python/cpython#106905). Threads left by earlier tests
    (Bolt's listeners, the outbox's sending thread) may be importing, and so compiling, meanwhile."""
    for _ in range(5):
        try:
            return ast.parse(source)
        except SystemError as exc:
            if "recursion depth mismatch" not in str(exc):
                raise
            time.sleep(0.05)
    return ast.parse(source)


PACKAGES = ("bot", "handlers", "storage")


@dataclass(frozen=True)
class Module:
    name: str  # dotted, e.g. bot.services.agenda
    path: Path
    tree: ast.Module


def project_modules(root: Path) -> dict[str, Module]:
    """Every module of the project by dotted name (a package by its ``__init__``), migrations aside:
    Alembic loads those by path, never by import."""
    found: dict[str, Module] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if "migrations" in relative.parts:
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            name = ".".join(parts)
            found[name] = Module(name, path, parse(path.read_text(encoding="utf-8")))
    return found


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imported_names(tree: ast.Module) -> set[str]:
    """The dotted names a module imports, at its top or inside a function (an import there runs
    when the function does); what is imported for type checkers only does not run and is left out.
    ``from a.b import c`` gives both ``a.b`` and ``a.b.c``: ``c`` may be a module."""
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                for orelse in child.orelse:
                    visit(orelse)
                continue
            if isinstance(child, ast.Import):
                names.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                names.add(child.module)
                names.update(f"{child.module}.{alias.name}" for alias in child.names)
            visit(child)

    visit(tree)
    return names


def import_graph(modules: dict[str, Module]) -> dict[str, set[str]]:
    """Project module → the project modules it imports by name (``from a.b import c`` where ``c``
    is a function points at ``a.b``; where ``c`` is a module, at ``a.b.c``)."""
    graph: dict[str, set[str]] = {}
    for name, module in modules.items():
        targets: set[str] = set()
        imported = imported_names(module.tree)
        for dotted in imported:
            if dotted in modules:
                targets.add(dotted)
        # drop a package when only its submodules were imported from it
        for dotted in list(targets):
            if any(other.startswith(dotted + ".") for other in targets) and not _takes_names_from(
                module.tree, dotted, modules
            ):
                targets.discard(dotted)
        targets.discard(name)
        graph[name] = targets
    return graph


def _takes_names_from(tree: ast.Module, package: str, modules: dict[str, Module]) -> bool:
    """Whether a ``from package import x`` takes an x that is not a submodule."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == package:
            if any(f"{package}.{alias.name}" not in modules for alias in node.names):
                return True
        if isinstance(node, ast.Import) and any(alias.name == package for alias in node.names):
            return True
    return False


def external_imports(modules: dict[str, Module]) -> dict[str, set[str]]:
    """Project module → the top-level names of what it imports from outside the project."""
    return {
        name: {dotted.split(".")[0] for dotted in imported_names(module.tree)} - set(PACKAGES)
        for name, module in modules.items()
    }


def reached_from(start: str, modules: dict[str, Module]) -> set[str]:
    """Every project module importing ``start`` runs: what it imports, the packages (``__init__``)
    on the way to each, and so on."""
    graph = import_graph(modules)
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)) if ".".join(parts[:i]) in modules)
        todo.extend(graph.get(name, ()))
    return seen


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def own_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """A function's lines without those of the functions defined inside it (a Bolt listener inside
    ``register`` counts on its own)."""
    total = function.end_lineno - function.lineno + 1  # type: ignore[operator]
    for node in ast.walk(function):
        if node is not function and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if _directly_inside(function, node):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                total -= node.end_lineno - first + 1  # type: ignore[operator]
    return total


def _directly_inside(outer: ast.AST, inner: ast.AST) -> bool:
    for node in ast.iter_child_nodes(outer):
        if node is inner:
            return True
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and _directly_inside(
            node, inner
        ):
            return True
    return False


def functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
