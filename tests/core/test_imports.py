"""The core's imports: no cycle among its modules, and neither Qt nor the database (DESIGN: app/core is pure).

Imports are read from the source (``ast``), those inside functions included: a lazy import still ties
two modules together, it only hides the tie until run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "app" / "core"
FORBIDDEN = ("PySide6", "shiboken6", "peewee", "playhouse")


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute, with ``from app.core import x`` read as ``app.core.x``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module if node.level == 0 else "app.core." + node.module
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def core_graph() -> dict[str, set[str]]:
    modules = {f"app.core.{p.stem}": p for p in CORE.glob("*.py") if p.stem != "__init__"}
    return {name: {m for m in imports_of(path) if m in modules} for name, path in modules.items()}


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_core_has_no_import_cycle() -> None:
    graph = core_graph()
    assert cycle(graph) is None
    assert "app.core.readers" in graph and "app.core.dates" in graph  # the graph is the real one


def test_the_cycle_finder_finds_one() -> None:
    """The check above cannot pass by accident: the metadata and readers modules would form one."""
    graph = core_graph()
    graph["app.core.metadata"] = graph["app.core.metadata"] | {"app.core.readers"}
    found = cycle(graph)
    assert found is not None and found[0] == found[-1] and "app.core.readers" in found


def test_the_core_imports_neither_qt_nor_the_database() -> None:
    offenders = [
        f"{path.name}: {module}"
        for path in sorted(CORE.glob("*.py"))
        for module in sorted(imports_of(path))
        if module.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []
