"""Waiting for the app's reads: they run on its writer thread and are drawn when they arrive.

`pilot.pause()` waits for the screen's messages and for the process to go idle, which a busy
machine can mistake for the end of a read still under way on the writer thread. These wait for
the workers that read (and what they start: a session once today's targets are read) instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from textual.pilot import Pilot
from textual.worker import Worker, WorkerCancelled

# The workers that read the record (coach.ui: screens' loads, keys waiting on them, a session
# starting or ending, the next reminder, a write that announces a change to read); not the
# cramp flow, which waits for the user.
READING = {"load", "day", "keys", "session", "reminders", "writes"}


async def _finished(worker: Worker[object]) -> None:
    with contextlib.suppress(WorkerCancelled):  # replaced by a newer read: waited for next
        await worker.wait()


async def loaded(pilot: Pilot[object]) -> None:
    """Until every read asked so far has arrived and been drawn."""
    app = pilot.app
    while busy := [w for w in app.workers if w.group in READING and not w.is_finished]:
        for worker in busy:
            await _finished(worker)
    await pilot.pause()


def wait_for_first_reads(app) -> None:
    """`app.run_test()` hands over the pilot once what the app reads at start has arrived
    (home's record, or the targets of `coach start`'s session), as a person would see it."""
    run_test = app.run_test

    @contextlib.asynccontextmanager
    async def run_test_loaded(*args, **kwargs) -> AsyncIterator[Pilot[object]]:
        async with run_test(*args, **kwargs) as pilot:
            await loaded(pilot)
            yield pilot

    app.run_test = run_test_loaded
