"""One writer for the running app: one thread, one connection, every write in the order asked.

The screen must never wait on the disk: another coach process importing a large file, or any
program holding the database, can keep SQLite's write lock for seconds (the store waits up to
RETRY_SECONDS for it). So the app hands each write to this writer as a job and carries on; the
caller looks at the job's Future when it next draws. Jobs run one at a time, in order, on a
thread that owns its own Store (an SQLite connection belongs to the thread that opened it).

`InlineWriter` runs each job at once on the caller's store: the same interface for the plain
runner and the CLI, which have no screen to keep alive.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Protocol, TypeVar

from coach.store import Store, StoreError

T = TypeVar("T")
Job = Callable[[Store], T]


class Writer(Protocol):
    def submit(self, job: Job[T]) -> Future[T]: ...


class InlineWriter:
    """Runs each job straight away on `store`; the Future is already done when returned."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def submit(self, job: Job[T]) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(job(self.store))
        except Exception as exc:  # delivered to whoever reads the Future, as the thread would
            future.set_exception(exc)
        return future


class StoreWriter:
    """The app's single writer thread; started on the first job, stopped by its owner."""

    def __init__(self, path: Path, open_store: Callable[[Path], Store] = Store.open) -> None:
        self._path = path
        self._open_store = open_store
        # Each job with its own result type: Any, since one queue carries them all.
        self._jobs: queue.SimpleQueue[tuple[Job[Any], Future[Any]] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def submit(self, job: Job[T]) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            if self._stopped:
                future.set_exception(StoreError("coach is closing: nothing more can be saved."))
                return future
            if self._thread is None:
                # Not a daemon: writes still queued when the app closes are finished first.
                self._thread = threading.Thread(target=self._run, name="coach-writer")
                self._thread.start()
            self._jobs.put((job, future))
        return future

    def stop(self, wait: float | None = 0.0) -> None:
        """No new jobs; those queued still run. Waits up to `wait` seconds (None: until done)."""
        with self._lock:
            self._stopped = True
            thread = self._thread
            if thread is not None:
                self._jobs.put(None)
        if thread is not None and wait != 0.0:
            thread.join(wait)

    def _run(self) -> None:
        store: Store | None = None
        try:
            while (item := self._jobs.get()) is not None:
                job, future = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    if store is None:
                        store = self._open_store(self._path)
                    future.set_result(job(store))
                except BaseException as exc:  # the caller decides; the thread goes on
                    future.set_exception(exc)
        finally:
            if store is not None:
                store.close()
