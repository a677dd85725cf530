"""Shared fixtures: every test gets its own COACH_HOME so no test touches real user files."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bytecode is cached, whatever the environment says (PYTHONDONTWRITEBYTECODE=1 on some machines):
# the suite starts ~100 `python -m coach` processes and an xdist worker per core, and each of
# them would otherwise compile coach and re-rewrite every test module from source, about a
# tenth of the suite's CPU time. Set here, before the workers and the processes are started.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# Fewer garbage collections: a pilot test makes ~10^6 short-lived objects, and with Python's
# default thresholds (700, 10, 10) the collector ran ~150 times per test, a full collection of
# the worker's whole heap about once a second: 13% of the UI tests' CPU. At (10000, 10, 10) it
# is about 5% (a full collection every ~20 pilot tests, so cycles still go and memory stays
# bounded: +30 MB per worker). Test processes only; the app keeps Python's defaults.
gc.set_threshold(10_000, 10, 10)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "waits(seconds): the test spends about that long waiting on real time (a terminal, real"
        " processes, a reminder's wake-up); it is started first, so the others run meanwhile",
    )
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        rewrite_once()
    else:  # a worker, or a run without xdist: the process that runs the tests
        share_parsed_css()


def share_parsed_css() -> None:
    """Each pilot test starts an App, and each App parses every widget's DEFAULT_CSS and coach's
    stylesheets from scratch: Textual caches a parse per Stylesheet object only, and an App
    makes new ones (at start, for each screen's CSS, at each reparse). The same text with the
    same theme variables parses to the same rules, so a test process parses it once: ~8% of
    the pilot tests' CPU. Rules are only read after parsing (RuleSet hashes by identity), and
    CSS with errors still raises, from its cached rules, where it did before."""
    from textual.css.model import RuleSet
    from textual.css.stylesheet import CSSLocation, Stylesheet

    parse_rules = Stylesheet._parse_rules
    parsed: dict[tuple[object, ...], list[RuleSet]] = {}

    def _parse_rules(
        self: Stylesheet,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        theme = tuple(self._variables.items())
        key = (css, read_from, is_default_rules, tie_breaker, scope, theme)
        if key not in parsed:
            parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return parsed[key]

    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection built (modules, ~2,500 items, Textual's classes) lives to the end: the
    collector stops scanning it, and full collections (at the thresholds above) cost less."""
    gc.collect()
    gc.freeze()


def rewrite_once() -> None:
    """On a fresh clone, each xdist worker would rewrite every test module's asserts and compile
    the rest itself, all at once (~4 s of CPU each). The controller, before it starts them,
    imports the test modules whose rewritten bytecode is missing, so that it is written once."""
    import importlib

    from _pytest.assertion.rewrite import PYC_TAIL

    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if (path.parent / "__pycache__" / (path.stem + PYC_TAIL)).exists():
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - the worker that collects it reports the error
            continue


# Pilot tests run an app each (~1 s of CPU), fault tests real processes (~0.3 s); the rest take
# ~10 ms. The heavy ones are dealt out first, to the workers without long waits (below).
HEAVY_FIRST = ("ui", "faults")


def heaviness(item: pytest.Item) -> int:
    """0 for the heaviest kind (HEAVY_FIRST[0]), len(HEAVY_FIRST) for the light ones."""
    tests = ROOT / "tests"
    folder = item.path.relative_to(tests).parts[0] if item.path.is_relative_to(tests) else ""
    return HEAVY_FIRST.index(folder) if folder in HEAVY_FIRST else len(HEAVY_FIRST)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each worker's share of the tests begins with its long waits and ends with small tests.

    xdist's worksteal scheduler deals the collected list out in contiguous blocks, one per
    worker, and then moves tests from the END of a busy worker's queue to an idle one. So:

    - A test that waits 75 s on real time must begin the run, not end it: started last, it
      leaves one worker running alone while the cores idle. The `waits` tests go to the start
      of the blocks (the longest first, each to the block with the least waiting so far), but
      only of the first half of them: the other workers keep the cores busy meanwhile.
    - The other tests are dealt out one to each block in turn, the heavy ones (pilot tests,
      then fault tests) to the blocks without waits, the ~10 ms ones to every block. A queue
      then ends on small tests, and small tests are what is moved first to an idle worker; the
      heavy ones run early, so the run is less likely to end on one worker still busy with a
      10 s pilot test while the others wait.

    The order is the same in every worker, as xdist requires: it depends only on the
    collection and the worker count.
    """
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    waiting = [(item.get_closest_marker("waits"), n, item) for n, item in enumerate(items)]
    waits = sorted(
        ((float(mark.args[0]), n, item) for mark, n, item in waiting if mark is not None),
        key=lambda w: (-w[0], w[1]),
    )
    blocks: list[list[pytest.Item]] = [[] for _ in range(workers)]
    lanes = max(1, workers // 2)  # the first blocks, for the waits
    load = [0.0] * lanes
    for seconds, _n, item in waits:
        least = load.index(min(load))
        blocks[least].append(item)
        load[least] += seconds
    # The block sizes worksteal deals at the start: len // workers left, worker by worker.
    left, room = len(items), []
    for remaining in range(workers, 0, -1):
        size = left // remaining
        room.append(max(0, size - len(blocks[len(room)])))
        left -= size
    rest = [item for mark, _n, item in waiting if mark is None]
    heavy = sorted((item for item in rest if heaviness(item) < len(HEAVY_FIRST)), key=heaviness)
    light = [item for item in rest if heaviness(item) == len(HEAVY_FIRST)]
    for kind, targets in ((heavy, range(lanes, workers)), (light, range(workers))):
        for turn, item in enumerate(kind):
            open_ = [b for b in targets if room[b]] or [b for b in range(workers) if room[b]]
            block = open_[turn % len(open_)] if open_ else workers - 1  # past the sizes: the last
            blocks[block].append(item)
            room[block] = max(0, room[block] - 1)
    items[:] = [item for block in blocks for item in block]


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    return home
