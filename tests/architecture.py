"""The import graph of `coach/`, read from the source (no module is imported).

Used by the guardrail tests (tests/test_architecture.py, tests/test_import_hygiene.py), and
runnable on its own to see the graph: `python -m tests.architecture`.

Every import counts, the ones inside functions too (they run, later), except those under
`if TYPE_CHECKING:`, which never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "coach"


@dataclass(frozen=True)
class Edge:
    source: str  # the importing module, e.g. "coach.cli"
    target: str  # the imported coach module, e.g. "coach.routines"
    line: int


def module_files(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package: dotted name -> file."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "__pycache__" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: all of them but the `if TYPE_CHECKING:` bodies."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def edges(modules: dict[str, Path] | None = None) -> list[Edge]:
    """Each import of a coach module by a coach module, resolved to the most specific module:
    `from coach.store import schema` is an edge to coach.store.schema if that is a module, to
    coach.store if `schema` is a name defined there."""
    modules = module_files() if modules is None else modules
    found = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _imports(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    package = _package_of(module, path).split(".")
                    package = package[: len(package) - (node.level - 1)]
                    base = ".".join([*package, base] if base else package)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            for target in targets:
                while target and target not in modules:  # `import coach.x.y` of a name in coach.x
                    target = target.rpartition(".")[0]
                if target and target != module:
                    found.append(Edge(module, target, node.lineno))
    return found


def graph(found: list[Edge]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for edge in found:
        out.setdefault(edge.source, set()).add(edge.target)
    return out


def cycles(found: list[Edge]) -> list[frozenset[str]]:
    """The strongly connected groups of two or more modules (each holds at least one cycle)."""
    g = graph(found)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[frozenset[str]] = []

    def visit(v: str) -> None:  # Tarjan; the graph is small, recursion is fine
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(frozenset(group))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return sorted(groups, key=lambda s: sorted(s))


def shortest_cycle(group: frozenset[str], found: list[Edge]) -> list[Edge]:
    """One shortest cycle inside a group, as the imports that make it (file lines included)."""
    by_source: dict[str, list[Edge]] = {}
    for e in sorted(found, key=lambda e: (e.source, e.target, e.line)):
        if e.source in group and e.target in group:
            by_source.setdefault(e.source, []).append(e)
    best: list[Edge] = []
    for start in sorted(group):
        paths: dict[str, list[Edge]] = {start: []}
        frontier = [start]
        cycle: list[Edge] = []
        while frontier and not cycle:  # breadth first: the first way back is a shortest one
            nxt = []
            for v in frontier:
                for e in by_source.get(v, []):
                    if e.target == start and not cycle:
                        cycle = [*paths[v], e]
                    elif e.target not in paths:
                        paths[e.target] = [*paths[v], e]
                        nxt.append(e.target)
            frontier = nxt
        if cycle and (not best or len(cycle) < len(best)):
            best = cycle
    return best


def describe(cycle: list[Edge]) -> str:
    """coach.a:12 -> coach.b:40 -> coach.a (each module with the line of its import)."""
    return " -> ".join(f"{e.source}:{e.line}" for e in cycle) + f" -> {cycle[0].source}"


if __name__ == "__main__":
    all_edges = edges()
    for group in cycles(all_edges):
        print(f"{len(group)} modules: {', '.join(sorted(group))}")
        print(f"  e.g. {describe(shortest_cycle(group, all_edges))}")
