"""`coach remind`: the foreground reminder service, and the pieces the app reuses.

`ReminderCore` is the policy with its side effects: on every wakeup it collects what came due
since the last look (reminder runs, ended snoozes, the follow-up), asks `schedule.decide`, claims
each shown reminder in the state folder, notifies, and logs one line per decision. It takes
"now" and "is it done" as parameters, so tests drive it without a scheduler or a clock.

`ReminderJobs` puts the same CronTriggers on any AsyncIOScheduler (this service's or the app's,
inside Textual's loop); each job just wakes the core, which keeps the timing rules in one place.

`serve` is the loop: it sleeps in APScheduler between reminders and wakes every 30 s to
`scheduler.wakeup()` (the scheduler waits on a monotonic clock, which stops during suspend, so
without it a reminder slept through would come up to hours late) and to notice config edits.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from coach.config import Config, ConfigError, load_config
from coach.paths import AppPaths, ensure_private_dir
from coach.reminders.notify import DefaultNotifier, Note, start_in_terminal
from coach.reminders.schedule import (
    JOB_DEFAULTS,
    Decision,
    Due,
    Outcome,
    instant,
    latest_fire_time,
    local_zone,
    next_fire_times,
    reminder_triggers,
    zone_name,
)
from coach.reminders.state import ReminderState
from coach.wording import plural

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler

    from coach.routines import Catalog

TICK_SECONDS = 30.0
TEST_AT_ENV = "COACH_REMIND_TEST_AT"  # tests only: see docs/reminders.md


class Notifier(Protocol):
    async def notify(self, note: Note) -> list[str]: ...


class RemindLog:
    """One line per decision, with the local time, to stdout and `state/remind.log` (0600)."""

    def __init__(self, path: Path | None, out: TextIO | None, tz: tzinfo) -> None:
        self.path = path
        self.out = out
        self.tz = tz

    def __call__(self, event: str, routine: str = "", detail: str = "") -> str:
        stamp = datetime.now(self.tz).strftime("%Y-%m-%d %H:%M:%S %Z")
        line = f"{stamp}  {event:<9} {routine}".rstrip()
        if detail:
            line += f": {detail}" if routine else f" {detail}"
        if self.out is not None:
            try:
                print(line, file=self.out, flush=True)
            except (OSError, ValueError):
                self.out = None  # stdout went away (a closed pipe): keep the file log going
        if self.path is not None:
            self._append(line)
        return line

    def _append(self, line: str) -> None:
        from coach.files import append_log  # remind.log is rotated to remind.log.1

        try:
            append_log(self.path, line + "\n")
        except OSError as exc:
            if self.out is not None:
                print(f"(could not write {self.path}: {exc})", file=self.out, flush=True)


def store_done(paths: AppPaths, catalog: Catalog | None, routine_id: str, day: date) -> bool:
    """Whether `routine_id` is done for `day`, by the same rule as the home screen."""
    from coach.daily import routine_done
    from coach.store import Store

    if not paths.database.exists():
        return False
    with Store.open(paths.database) as store:
        sessions = [s for s in store.sessions_between(day, day) if s.routine_id == routine_id]
    routine = catalog.get(routine_id) if catalog is not None else None
    return bool(sessions) and routine_done(sessions, routine)


class ReminderCore:
    def __init__(
        self,
        *,
        paths: AppPaths,
        config: Config,
        tz: tzinfo,
        notifier: Notifier,
        log: Callable[..., object],
        now: Callable[[], datetime] | None = None,
        is_done: Callable[[str, date], bool] | None = None,
        start_routine: Callable[[str], Awaitable[str]] = start_in_terminal,
    ) -> None:
        self.paths = paths
        self.tz = tz
        self.notifier = notifier
        self.log = log
        self.state = ReminderState(paths.state)
        self._now = now or (lambda: datetime.now(tz))
        self._is_done = is_done
        self._start_routine = start_routine
        self.swept_at: datetime | None = None
        self.extra: list[Due] = []  # one-off runs (the test hook)
        self.on_wakeups_changed: Callable[[], None] = lambda: None
        self._lock = asyncio.Lock()
        self._catalog: Catalog | None = None
        self.set_config(config)

    def now(self) -> datetime:
        return self._now().astimezone(self.tz)

    def set_config(self, config: Config) -> None:
        self.config = config
        self.triggers = reminder_triggers(config, self.tz)

    async def reload(self, config: Config) -> None:
        """Switch to `config` in place: what came due under the old one is handled first."""
        await self.sweep()
        self.set_config(config)
        self.swept_at = instant(self.now())  # a reminder added for a past time is not "late"

    @property
    def grace(self) -> timedelta:
        return timedelta(minutes=self.config.grace_minutes)

    # -- what came due --------------------------------------------------------------------------

    def due(self, now: datetime) -> list[Due]:
        starting = self.swept_at is None
        since = self.swept_at or instant(now) - self.grace
        items = []
        for rt in self.triggers:
            t = latest_fire_time(rt.trigger, since, now)
            if t is None:
                continue
            due = Due("reminder", rt.key, rt.reminder.routine, t.astimezone(self.tz))
            if starting and self.state.was_shown(due.key, due.day):
                continue  # handled by the process before this one (a restart): nothing to say
            items.append(due)
        for s in self.state.snoozes():
            if instant(s.until) <= instant(now):
                items.append(Due("snooze", s.key, s.routine, s.until))
        for f in self.state.follow_ups():
            if not f.done and instant(f.due) <= instant(now):
                items.append(Due("follow-up", f.key, f.routine, f.due, for_day=f.day))
        ripe = [e for e in self.extra if instant(e.scheduled) <= instant(now)]
        self.extra = [e for e in self.extra if instant(e.scheduled) > instant(now)]
        return sorted(items + ripe, key=lambda d: instant(d.scheduled))

    def wakeups(self) -> list[datetime]:
        """Future one-off times (snoozes, follow-ups, test runs) the scheduler must wake for."""
        times = [s.until for s in self.state.snoozes()]
        times += [f.due for f in self.state.follow_ups() if not f.done]
        times += [e.scheduled for e in self.extra]
        return sorted({instant(t) for t in times})

    def add_test_runs(self, at: datetime) -> None:
        """Tests only: every configured reminder also comes due once at `at`."""
        for rt in self.triggers:
            self.extra.append(Due("reminder", rt.key, rt.reminder.routine, at.astimezone(self.tz)))

    # -- deciding and acting --------------------------------------------------------------------

    async def sweep(self, now: datetime | None = None) -> list[Decision]:
        """Handle everything that came due since the last sweep (at start: within the grace)."""
        async with self._lock:
            now = (now or self.now()).astimezone(self.tz)
            items = self.due(now)
            self.swept_at = instant(now)
            if not items:
                return []
            from coach.adherence import day_of
            from coach.reminders.schedule import decide

            self._catalog = self._load_catalog()
            cache: dict[tuple[str, date], bool] = {}

            def done(d: Due) -> bool:
                ident = (d.routine, day_of(d.scheduled, self.config.day_starts_at))
                if ident not in cache:
                    cache[ident] = self._done(*ident)
                return cache[ident]

            decisions = decide(
                items,
                now,
                self.grace,
                shown=lambda d: self.state.was_shown(d.key, d.day),
                done=done,
            )
            for decision in decisions:
                try:
                    await self._apply(decision, now)
                except Exception as exc:  # e.g. a full disk: say so, keep the service alive
                    self.log("error", decision.due.routine, f"{type(exc).__name__}: {exc}")
            self.on_wakeups_changed()
            return decisions

    def _done(self, routine_id: str, day: date) -> bool:
        try:
            if self._is_done is not None:
                return self._is_done(routine_id, day)
            return store_done(self.paths, self._catalog, routine_id, day)
        except Exception as exc:  # a reminder too many beats no reminder at all
            self.log("error", routine_id, f"could not read today's sessions ({exc}); reminding")
            return False

    def _load_catalog(self) -> Catalog | None:
        from coach.routines import load_catalog

        try:
            return load_catalog(self.paths.routines)
        except Exception:
            return None

    def _claim(self, d: Due, now: datetime) -> bool:
        if d.kind == "reminder":
            return self.state.claim(d.key, d.day, now)
        if d.kind == "snooze":
            return self.state.take_snooze(d.key, d.scheduled)
        return self.state.close_follow_up(d.key, d.day)

    async def _apply(self, decision: Decision, now: datetime) -> None:
        d = decision.due
        what = f"{d.kind} {d.scheduled.astimezone(self.tz):%H:%M}"
        if not decision.shows:
            if d.kind != "reminder" or decision.outcome is Outcome.MISSED:
                self._claim(d, now)  # given up for good: a restart must not show it late
            self.log(decision.outcome.value, d.routine, f"{what}, {decision.reason}".rstrip(", "))
            return
        if not self._claim(d, now):
            self.log(Outcome.DUPLICATE.value, d.routine, f"{what}, already handled elsewhere")
            return
        note = self.note(d, decision.outcome)
        try:
            channels = await self.notifier.notify(note)
        except Exception as exc:
            channels = [f"delivery failed: {type(exc).__name__}: {exc}"]
        detail = f"{what}" + (f", {decision.reason}" if decision.reason else "")
        self.log(decision.outcome.value, d.routine, f"{detail}; via {', '.join(channels)}")
        minutes = self.config.follow_up_minutes
        if d.kind == "reminder" and minutes > 0:
            due = (instant(now) + timedelta(minutes=minutes)).astimezone(self.tz)
            if self.state.plan_follow_up(d.key, d.routine, d.day, due):
                self.log("planned", d.routine, f"one follow-up at {due:%H:%M} if still not done")

    def note(self, d: Due, outcome: Outcome) -> Note:
        routine = self._catalog.get(d.routine) if self._catalog else None
        title = routine.title if routine else d.routine
        size = f"about {max(1, round(routine.estimated_seconds / 60))} min" if routine else ""
        at = f"{d.scheduled.astimezone(self.tz):%H:%M}"
        if d.kind == "follow-up":
            body = f"Still not done today. A short session still counts ({size})."
            kind = "follow-up"
        elif d.kind == "snooze":
            body = f"Snoozed reminder: time for your leg exercises ({size})."
            kind = "snooze"
        elif outcome is Outcome.LATE:
            body = f"You missed the {at} reminder while away. Still worth doing today ({size})."
            kind = "late"
        else:
            body = f"Time for your leg exercises ({size})."
            kind = "reminder"
        return Note(kind, d.key, d.routine, title, body.replace(" ()", ""))

    # -- the notification's buttons -------------------------------------------------------------

    async def snooze(self, note: Note) -> None:
        item = self.state.snooze(note.key, note.routine, self.now())
        self.log("snoozed", note.routine, f"until {item.until.astimezone(self.tz):%H:%M}")
        self.on_wakeups_changed()

    async def start(self, note: Note) -> None:
        self.log("start", note.routine, await self._start_routine(note.routine))


class ReminderJobs:
    """The reminder jobs on an AsyncIOScheduler: one CronTrigger job per reminder, plus one-off
    DateTrigger jobs for snoozes and follow-ups. Every job just calls `wake` (e.g. core.sweep)."""

    CRON = "remind:"
    ONCE = "once:"

    def __init__(self, scheduler: BaseScheduler, wake: Callable[[], Awaitable[Any]]) -> None:
        self.scheduler = scheduler
        self.wake = wake

    def sync(self, triggers: list[Any]) -> None:
        wanted = {self.CRON + rt.key: rt.trigger for rt in triggers}
        for job in self.scheduler.get_jobs():
            if job.id.startswith(self.CRON) and job.id not in wanted:
                job.remove()
        for job_id, trigger in wanted.items():
            self.scheduler.add_job(
                self.wake, trigger, id=job_id, replace_existing=True, **JOB_DEFAULTS
            )

    def sync_once(self, times: list[datetime]) -> None:
        from apscheduler.triggers.date import DateTrigger

        wanted = {self.ONCE + t.isoformat(): t for t in times}
        for job in self.scheduler.get_jobs():
            if job.id.startswith(self.ONCE) and job.id not in wanted:
                job.remove()
        existing = {job.id for job in self.scheduler.get_jobs()}
        for job_id, t in wanted.items():
            if job_id not in existing:
                self.scheduler.add_job(
                    # The zone given: without it APScheduler asks tzlocal, which fails on TZ=UTC+3.
                    self.wake,
                    DateTrigger(run_date=t, timezone=t.tzinfo),
                    id=job_id,
                    **JOB_DEFAULTS,
                )


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
