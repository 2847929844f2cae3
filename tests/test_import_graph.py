"""SPEC §1 layout: Layering (issue 12): no import cycle in `server/`, between modules or between the
service packages, and the services never import the demo, the views or the CLI.

The graph is read from the source (ast), every import counted wherever it is written
(module level or inside a function: a late import only hides a cycle), except under
`if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "server"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in SERVER.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (n for child in node.orelse for n in _imports_in(child))
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    elif not (isinstance(node, ast.If) and _is_type_checking(node)):
        yield from _imports(node)


def _resolve(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The `server` modules one import statement loads (a submodule, else its package)."""
    if isinstance(node, ast.Import):
        targets = {alias.name for alias in node.names}
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".")
            is_package = MODULES[module].name == "__init__.py"
            anchor = package[: len(package) - node.level + (1 if is_package else 0)]
            base = ".".join([*anchor, base] if base else anchor)
        targets = {f"{base}.{alias.name}" for alias in node.names}
        targets = {t if t in MODULES else base for t in targets}
    return {t for t in targets if t in MODULES and t != module}


def import_graph() -> dict[str, set[str]]:
    """module -> the server modules it imports."""
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = {t for node in _imports(tree) for t in _resolve(module, node)}
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of nodes that reach each other (each with more than one node), sorted."""
    reach = {node: _reachable(graph, node) for node in graph}
    groups = {
        tuple(sorted({node} | {other for other in reach[node] if node in reach.get(other, ())}))
        for node in graph
        if node in reach[node]
    }
    return sorted(list(g) for g in groups)


def _package(module: str) -> str | None:
    """The service package (`server.services.forms`) or `server.demo` a module belongs to."""
    parts = module.split(".")
    if parts[:2] == ["server", "services"] and len(parts) > 2:
        return ".".join(parts[:3])
    if parts[:2] == ["server", "demo"]:
        return "server.demo"
    return None


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for module, targets in graph.items():
        source = _package(module)
        if source is None:
            continue
        out.setdefault(source, set()).update(
            p for t in targets if (p := _package(t)) is not None and p != source
        )
    return out


def test_the_checker_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c"], ["e"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_late_imports() -> None:
    graph = import_graph()
    # server.services.reviews.batch imports storage inside a function (worker start-up).
    assert "server.storage" in graph["server.services.reviews.batch"]


def test_no_import_cycle_between_modules() -> None:
    assert cycles(import_graph()) == []


def test_no_import_cycle_between_service_packages() -> None:
    assert cycles(package_graph(import_graph())) == []


def test_services_import_neither_demo_views_nor_cli() -> None:
    forbidden = ("server.demo", "server.api", "server.cli", "server.web")
    offending = {
        (module, target)
        for module, targets in import_graph().items()
        if module.startswith("server.services")
        for target in targets
        if target.startswith(forbidden)
    }
    assert offending == set()
