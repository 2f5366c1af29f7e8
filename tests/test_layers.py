"""The layers as the import graph has them (issue 28): only the store package touches the
database, and no module of the app is part of an import cycle, lazy imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

APP = sorted(
    [
        *ROOT.glob("excursions/**/*.py"),
        *ROOT.glob("app_pages/*.py"),
        ROOT / "navigation.py",
        ROOT / "dashboard.py",
    ]
)
DATABASE = ("sqlalchemy", "psycopg", "sqlite3", "alembic")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in APP}


def imported(path: Path) -> set[str]:
    """Every module path imports, at the top or inside a function; `from a import b` counts
    as a.b where that is a module."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in MODULES}
    return names


def in_store(path: Path) -> bool:
    return path.is_relative_to(ROOT / "excursions" / "store")


@pytest.mark.parametrize("path", [p for p in APP if not in_store(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_store_package_touches_the_database(path):
    bad = {n for n in imported(path) if n.split(".")[0] in DATABASE}
    assert bad == set(), "SQL belongs in excursions/store/"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = set()
        for n in imported(path):
            # a module, or the package whose attribute it is (`from excursions.store import Store`)
            while n and n not in MODULES:
                n = n.rpartition(".")[0]
            if n and n != name and not name.startswith(n + "."):  # a package's own modules
                targets.add(n)
        graph[name] = targets
    return graph


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_is_part_of_an_import_cycle():
    assert _cycles(import_graph()) == []


@pytest.mark.parametrize("path", sorted((ROOT / "excursions" / "store").glob("*.py")), ids=lambda p: p.name)
def test_each_module_of_the_store_holds_one_concern_of_readable_size(path):
    """Issue 28, item 2: the store split by concern (engine, books, sign-ups, links, attempts,
    routes, reads, outbox, personal data, …), no module over about 300 lines."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 300, f"{path.name} has {lines} lines: split it by concern"
