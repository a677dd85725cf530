"""The app's reads and writes, in the app's own words: one thread, the screen never waits on it.

`write` hands a job to the app's StoreWriter (coach.writer: one thread, one connection, jobs
in order) and waits for it in the event loop, so a screen keeps answering keys meanwhile. What
is written is announced with `RecordChanged`, which home and History refresh on. `read` runs
on the same thread, so a read sees every write asked before it; screens call it from a worker
and draw when the answer comes.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from textual import work
from textual.css.query import NoMatches
from textual.worker import Worker, WorkerCancelled

from coach.ui.messages import RecordChanged
from coach.ui.text import notify

if TYPE_CHECKING:  # the store loads after home's first paint (CoachApp.open_record)
    from coach.store import Store
    from coach.ui.app import CoachApp

T = TypeVar("T")
S = TypeVar("S")
P = ParamSpec("P")
# A write that takes longer than this says so; the screen goes on meanwhile.
SLOW_WRITE_SECONDS = 1.0


async def write(app: CoachApp, job: Callable[[Store], T]) -> T | None:
    """Run `job` on the writer thread and wait for it without holding up the screen.

    A write that is slow (another program holds the data file) says so after a second; one
    that fails is told in one calm line, and the result is None. Other errors are the
    caller's (a rule that refused the change, say).
    """
    from coach.store import StoreError

    # Shielded: a cancelled caller must not cancel a write the user already asked for.
    future = asyncio.shield(asyncio.wrap_future(app.writer.submit(job)))
    done, _ = await asyncio.wait({future}, timeout=SLOW_WRITE_SECONDS)
    if not done:
        app.notify(
            "Saving… another program is using the data file; coach waits for it.",
            timeout=4,
        )
    try:
        return await future
    except StoreError as exc:
        notify(app, str(exc), title="Not saved", severity="warning", timeout=15)
        return None


async def until_read(loader: Callable[[], Worker[None] | None]) -> None:
    """Until the screen's read in progress (`loader()`, if any) has arrived; one replaced by a
    newer read meanwhile is waited for through the newer one."""
    while (worker := loader()) is not None and not worker.is_finished:
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()


async def read(app: CoachApp, job: Callable[[Store], T]) -> T | None:
    """Run `job` on the writer thread, after every write asked before it, without holding up
    the screen. A read that fails is told in one calm line, and the result is None.

    Not shielded: a worker cancelled because a newer read replaced it (the arrows over
    History's calendar) takes its read out of the queue if the thread has not begun it.
    """
    from coach.store import StoreError

    try:
        return await asyncio.wrap_future(app.writer.submit(job))
    except StoreError as exc:
        notify(app, str(exc), title="Could not read your record", severity="warning", timeout=15)
        return None


async def set_aside(app: CoachApp, session_id: int, said: bool) -> None:
    """Close an unfinished session for good (its rows stay in the history)."""
    await write(app, lambda store: store.abandon_session(session_id))
    if not said:
        app.notify("Set aside. What you did is kept in your history.")
    app.post_message(RecordChanged())


def drawing_work(
    *, group: str, exclusive: bool = False
) -> Callable[
    [Callable[Concatenate[S, P], Awaitable[None]]], Callable[Concatenate[S, P], Worker[None]]
]:
    """`@work` for what a screen reads and then draws (and the keys that wait for it).

    The screen can be taken down while the read is under way: left, or the app closing, which
    removes a screen's widgets before the screen, so that it still looks attached with nothing
    left to draw on. A query that finds no widget then ends the drawing quietly, not the app.
    """

    def decorate(
        method: Callable[Concatenate[S, P], Awaitable[None]],
    ) -> Callable[Concatenate[S, P], Worker[None]]:
        @functools.wraps(method)
        async def draw(self: S, *args: P.args, **kwargs: P.kwargs) -> None:
            with contextlib.suppress(NoMatches):
                await method(self, *args, **kwargs)

        made: Any = work(draw, exclusive=exclusive, group=group)
        return made  # Any: work's overloads do not carry the ParamSpec through

    return decorate
