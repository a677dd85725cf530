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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each worker's share of the tests begins with its long waits.

    xdist's worksteal scheduler deals the collected list out in contiguous blocks, one per
    worker (then moves tests from the end of a busy worker's queue to an idle one). A test that
    waits 75 s on real time must begin the run, not end it: started last, it leaves one worker
    running alone while the cores idle. So the `waits` tests are put at the start of the
    blocks (the longest first, each to the block with the least waiting so far), but only of
    the first half of them: the other workers run the rest meanwhile and keep the cores busy.
    Every other test keeps its place in the order. The order is the same in every worker, as
    xdist requires: it depends only on the collection and the worker count.
    """
    waiting = [(item.get_closest_marker("waits"), n, item) for n, item in enumerate(items)]
    waits = sorted(
        ((float(mark.args[0]), n, item) for mark, n, item in waiting if mark is not None),
        key=lambda w: (-w[0], w[1]),
    )
    if not waits:
        return
    workers = int(getattr(config, "workerinput", {}).get("workercount", 1))
    blocks: list[list[pytest.Item]] = [[] for _ in range(workers)]
    load = [0.0] * max(1, workers // 2)
    for seconds, _n, item in waits:
        least = load.index(min(load))
        blocks[least].append(item)
        load[least] += seconds
    rest = [item for mark, _n, item in waiting if mark is None]
    # The block sizes worksteal deals at the start: len // workers left, worker by worker.
    left, sizes = len(items), []
    for remaining in range(workers, 0, -1):
        sizes.append(left // remaining)
        left -= sizes[-1]
    ordered: list[pytest.Item] = []
    taken = 0
    for block, size in zip(blocks, sizes, strict=True):
        more = max(0, size - len(block))
        ordered += block + rest[taken : taken + more]
        taken += more
    ordered += rest[taken:]
    items[:] = ordered


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    return home
