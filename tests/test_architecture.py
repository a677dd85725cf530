"""Guardrails for the shape of `coach/` (issue #13 point 9): no import cycles, small modules.

Both read the source (tests/architecture.py), so they are fast and see every module, the ones
nothing imports yet included.
"""

from __future__ import annotations

from pathlib import Path

from tests.architecture import PACKAGE, cycles, describe, edges, module_files, shortest_cycle

# Cycles that exist today, each as the modules of its strongly connected group. Every entry is
# a debt with a branch paying it: the test fails on any other cycle, and on an entry that is gone
# (so the list only shrinks). The lead empties it when the branches land.
KNOWN_CYCLES: dict[frozenset[str], str] = {}

MAX_LINES = 300

# Modules allowed over MAX_LINES, each with the reason. Short on purpose: a module that grows past
# the limit is split along its seams, not added here. An entry under the limit fails too.
LONG_MODULES: dict[str, str] = {}


def long_modules(root: Path = PACKAGE) -> dict[str, int]:
    """Each module over MAX_LINES, by path relative to the repository, with its line count."""
    counts = {}
    for path in module_files(root).values():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            counts[path.relative_to(root.parent).as_posix()] = lines
    return counts


def test_no_import_cycles() -> None:
    found = edges()
    groups = cycles(found)
    new = [
        f"  {', '.join(sorted(g))}\n    e.g. {describe(shortest_cycle(g, found))}"
        for g in groups
        if g not in KNOWN_CYCLES
    ]
    gone = [", ".join(sorted(g)) for g in KNOWN_CYCLES if g not in groups]
    assert not new, "import cycles (break them; a function-level import is still an import):\n" + (
        "\n".join(new)
    )
    assert not gone, f"no longer a cycle, remove from KNOWN_CYCLES: {gone}"


def test_modules_are_small() -> None:
    counts = long_modules()
    over = [f"  {p}: {n} lines" for p, n in sorted(counts.items()) if p not in LONG_MODULES]
    assert not over, f"modules over {MAX_LINES} lines (split them along their seams):\n" + (
        "\n".join(over)
    )
    stale = sorted(set(LONG_MODULES) - set(counts))
    assert not stale, f"under {MAX_LINES} lines or gone now, remove from LONG_MODULES: {stale}"


# -- the checks themselves can fail ------------------------------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "coach"
    for name, text in {"__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_function_level_import_makes_a_cycle_and_type_checking_does_not(tmp_path) -> None:
    root = _package(
        tmp_path,
        {
            "a.py": "from coach.b import f\n",
            "b.py": "def f():\n    from coach import c\n",
            "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import coach.b\n"
            "from .sub import thing\n",
            "sub/__init__.py": "thing = 1\n",
            "sub/x.py": "from .. import a\n",
            "d.py": "import coach.a\n",
        },
    )
    found = edges(module_files(root))
    assert cycles(found) == []  # c -> b only under TYPE_CHECKING
    (root / "sub" / "__init__.py").write_text("from . import x\nthing = 1\n", encoding="utf-8")
    found = edges(module_files(root))
    group = frozenset({"coach.a", "coach.b", "coach.c", "coach.sub", "coach.sub.x"})
    assert cycles(found) == [group]
    assert describe(shortest_cycle(group, found)) == (
        "coach.a:1 -> coach.b:2 -> coach.c:4 -> coach.sub:1 -> coach.sub.x:1 -> coach.a"
    )


def test_a_long_module_is_found(tmp_path) -> None:
    root = _package(tmp_path, {"short.py": "x = 1\n" * MAX_LINES, "long.py": "x = 1\n" * 301})
    assert long_modules(root) == {"coach/long.py": 301}
