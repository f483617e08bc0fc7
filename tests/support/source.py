"""Reading the project's own source in tests."""

from __future__ import annotations

import ast
import time


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
