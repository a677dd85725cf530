"""Everything with a lifetime in `coach/ui` has an owner that keeps its handle (STYLE rule 16).

Issue 10: a wakeup timer whose handle was dropped kept calling a scheduler that had been replaced,
and crashed the app half a minute after every save. A timer, worker or scheduler started without
keeping its handle cannot be stopped by anyone, so this test refuses the pattern itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import coach.ui

STARTERS = {"set_interval", "set_timer", "run_worker", "AsyncIOScheduler", "Thread"}
UI = Path(coach.ui.__file__).parent


def dropped_handles(source: str) -> list[int]:
    """Lines where a timer, worker, thread or scheduler is started and its handle thrown away."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in STARTERS:
            continue
        parent = parents[node]
        kept = isinstance(parent, ast.Assign | ast.AnnAssign | ast.Return) or (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Attribute)
            and parent.func.attr in {"append", "add"}
        )
        if not kept:
            lines.append(node.lineno)
    return lines


def test_the_check_sees_a_dropped_timer() -> None:
    assert dropped_handles("self.app.set_interval(30, wake)\n") == [1]
    assert dropped_handles("self.timers.append(self.app.set_interval(30, wake))\n") == []
    assert dropped_handles("self.ticker = self.set_interval(0.1, tick)\n") == []


def test_every_timer_worker_and_scheduler_in_the_ui_has_a_kept_handle() -> None:
    found = {
        str(path.relative_to(UI)): lines
        for path in sorted(UI.rglob("*.py"))
        if (lines := dropped_handles(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"started without keeping the handle (file: lines): {found}"
