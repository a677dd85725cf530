"""`coach remind`: the foreground reminder service.

`serve` is the loop: it sleeps in APScheduler between reminders and wakes every 30 s to
`scheduler.wakeup()` (the scheduler waits on a monotonic clock, which stops during suspend, so
without it a reminder slept through would come up to hours late) and to notice config edits.
The policy is `core.ReminderCore`, the jobs `jobs.ReminderJobs`, the log `log.RemindLog`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TextIO

from coach.config import Config, ConfigError, load_config
from coach.paths import AppPaths, ensure_private_dir
from coach.reminders.core import ReminderCore
from coach.reminders.jobs import ReminderJobs
from coach.reminders.log import RemindLog
from coach.reminders.notify import DefaultNotifier
from coach.reminders.schedule import JOB_DEFAULTS, instant, next_fire_times
from coach.reminders.zones import local_zone, zone_name
from coach.wording import plural

TICK_SECONDS = 30.0
TEST_AT_ENV = "COACH_REMIND_TEST_AT"  # tests only: see docs/reminders.md


class _Watch:
    """A file's (mtime, size, inode): changes are noticed by a stat per wakeup, nothing more."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen = self.stamp()

    def stamp(self) -> tuple[int, int, int]:
        try:
            st = self.path.stat()
        except OSError:
            return (0, 0, 0)
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def changed(self) -> bool:
        now = self.stamp()
        changed, self.seen = now != self.seen, now
        return changed


def describe_next(config: Config, now: datetime, tz: tzinfo) -> str:
    upcoming = next_fire_times(config, now, 1, tz)
    if not upcoming:
        return "no reminders configured"
    t, r = upcoming[0]
    return f"next: {r.routine} at {t:%a %Y-%m-%d %H:%M}"


async def serve(
    paths: AppPaths,
    *,
    out: TextIO | None = None,
    test_at: float | None = None,
    tick: float = TICK_SECONDS,
    stop: asyncio.Event | None = None,
) -> int:
    """Run until SIGTERM/SIGINT or `stop` is set (exit 0); exit 2 if config.yaml is wrong."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    out = out if out is not None else sys.stdout
    tz = local_zone()
    log = RemindLog(paths.state / "remind.log", out, tz)
    try:
        config = load_config(paths.config_file)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("coach: fix config.yaml as shown above, then try again", file=sys.stderr)
        return 2
    notifier = DefaultNotifier(command=config.notify_command, out=out)
    core = ReminderCore(paths=paths, config=config, tz=tz, notifier=notifier, log=log)
    notifier.set_actions(core.start, core.snooze)

    scheduler = AsyncIOScheduler(timezone=tz, job_defaults=JOB_DEFAULTS)
    scheduler.start()
    jobs = ReminderJobs(scheduler, core.sweep)
    jobs.sync(core.triggers)
    core.on_wakeups_changed = lambda: jobs.sync_once(core.wakeups())
    if test_at is not None:
        core.add_test_runs(instant(core.now()) + timedelta(seconds=test_at))
    jobs.sync_once(core.wakeups())

    loop = asyncio.get_running_loop()
    wake = asyncio.Event()
    flags = {"stop": False, "reload": False}

    def on_signal(name: str) -> None:
        flags[name] = True
        wake.set()

    handled = []
    for sig, name in ((signal.SIGTERM, "stop"), (signal.SIGINT, "stop"), (signal.SIGHUP, "reload")):
        with contextlib.suppress(NotImplementedError, AttributeError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, on_signal, name)
            handled.append(sig)

    log(
        "started",
        detail=f"pid {os.getpid()}, {plural(len(core.triggers), 'reminder')} in {zone_name(tz)}, "
        f"{describe_next(config, core.now(), tz)}; waking every {tick:g} s",
    )
    await core.sweep()  # a reminder slept through before start, within the grace, shows late
    config_watch = _Watch(paths.config_file)
    state_seen = core.state.mtimes()
    try:
        while not flags["stop"]:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), tick)
            wake.clear()
            if flags["stop"] or (stop is not None and stop.is_set()):
                break
            scheduler.wakeup()
            if config_watch.changed() or flags["reload"]:
                flags["reload"] = False
                await _reload(core, jobs, notifier, log, paths)
            if (now_seen := core.state.mtimes()) != state_seen:
                state_seen = now_seen
                jobs.sync_once(core.wakeups())  # e.g. the app snoozed a reminder
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)
        scheduler.shutdown(wait=False)
        log("stopped")
    return 0


async def _reload(
    core: ReminderCore,
    jobs: ReminderJobs,
    notifier: DefaultNotifier,
    log: RemindLog,
    paths: AppPaths,
) -> None:
    try:
        config = load_config(paths.config_file)
    except ConfigError as exc:
        for problem in exc.problems:
            log("config", detail=f"error, keeping the previous reminders: {problem}")
        return
    await core.reload(config)
    notifier.command = config.notify_command
    jobs.sync(core.triggers)
    log(
        "config",
        detail=f"reloaded: {plural(len(core.triggers), 'reminder')}, "
        f"{describe_next(config, core.now(), core.tz)}",
    )


def run(paths: AppPaths, *, test_at: float | None = None) -> int:
    """The blocking entry point behind `coach remind`."""
    ensure_private_dir(paths.state)
    if sys.platform == "darwin":  # desktop-notifier's callbacks need a CFRunLoop there
        with contextlib.suppress(ImportError):
            from rubicon.objc.eventloop import EventLoopPolicy

            asyncio.set_event_loop_policy(EventLoopPolicy())
    return asyncio.run(serve(paths, test_at=test_at))
