"""`coach remind` for real: a subprocess on a private D-Bus with a fake notification server,
without any bus (the bell), signals, and config reloads while it runs."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.paths import AppPaths
from tests.reminders.conftest import record_done, remind_argv

SERVER = Path(__file__).with_name("fake_notify_server.py")


def far_time(hours: int = 6) -> str:
    """A time of day that is neither due now nor within the grace window behind us."""
    return f"{datetime.now() + timedelta(hours=hours):%H:%M}"


def write_config(paths: AppPaths, *routines: str, extra: str = "") -> None:
    paths.config.mkdir(parents=True, exist_ok=True)
    lines = ["reminders:"]
    for i, routine in enumerate(routines):
        lines += [f"  - routine: {routine}", f'    at: "{far_time(6 + i)}"']
    paths.config_file.write_text("\n".join(lines) + "\n" + extra)


def wait_for(check: Callable[[], bool], seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def log_text(paths: AppPaths) -> str:
    try:
        return (paths.state / "remind.log").read_text()
    except FileNotFoundError:
        return ""


def service_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.update(COACH_HOME=str(home), PYTHONUNBUFFERED="1", XDG_RUNTIME_DIR=str(home / "run"))
    env.update(extra)
    return env


def stop(proc: subprocess.Popen[str], sig: int = signal.SIGTERM) -> tuple[int, str]:
    proc.send_signal(sig)
    out, _ = proc.communicate(timeout=20)
    return proc.returncode, out


needs_dbus = pytest.mark.skipif(
    shutil.which("dbus-run-session") is None, reason="needs dbus-run-session (apt install dbus)"
)


@contextlib.contextmanager
def session_bus(*server_args: str) -> Iterator[str]:
    """A private session bus (dbus-run-session) with the fake server on it; yields its address."""
    server = subprocess.Popen(
        ["dbus-run-session", "--", sys.executable, str(SERVER), *server_args],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the bus and the server end with it
    )
    try:
        assert server.stdout is not None
        ready = server.stdout.readline().split()
        assert ready and ready[0] == "ready", ready
        yield ready[1]
    finally:
        # dbus-run-session does not pass SIGTERM on: end the whole group it started.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


@needs_dbus
def test_delivers_over_dbus_and_skips_a_routine_already_done(
    paths: AppPaths, coach_home: Path, tmp_path: Path
) -> None:
    write_config(paths, "daily-prevention", "calf-relief")
    record_done(paths, "calf-relief", datetime.now().astimezone())
    record = tmp_path / "notify.jsonl"
    with session_bus("--record", str(record), "--press", "snooze") as address:
        env = service_env(coach_home, DBUS_SESSION_BUS_ADDRESS=address, COACH_REMIND_TEST_AT="1")
        proc = subprocess.Popen(
            remind_argv(), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            snoozed = wait_for(lambda: "snoozed   daily-prevention" in log_text(paths))
            assert snoozed, log_text(paths)
            assert "skipped   calf-relief" in log_text(paths)
        finally:
            code, out = stop(proc)

    calls = [json.loads(line) for line in record.read_text().splitlines()]
    assert [c["summary"] for c in calls] == ["Daily prevention"]  # calf-relief was done today
    assert calls[0]["app_name"] == "coach"
    assert calls[0]["actions"][-4:] == ["start", "Start now", "snooze", "Snooze 10 min"]
    log = log_text(paths)
    assert "fired     daily-prevention" in log and "via desktop notification with buttons" in log
    assert "routine already done today" in log
    # The server pressed "Snooze 10 min": the snooze is on disk, so it survives a restart.
    snoozes = json.loads((paths.state / "snooze.json").read_text())["snoozes"]
    assert [s["routine"] for s in snoozes] == ["daily-prevention"]
    assert code == 0, out
    assert "stopped" in out


@needs_dbus
def test_the_start_now_button_without_a_terminal_logs_how_to_start(
    paths: AppPaths, coach_home: Path, tmp_path: Path
) -> None:
    write_config(paths, "calf-relief")
    with session_bus("--record", str(tmp_path / "rec.jsonl"), "--press", "start") as address:
        env = service_env(coach_home, DBUS_SESSION_BUS_ADDRESS=address, COACH_REMIND_TEST_AT="0.5")
        proc = subprocess.Popen(
            remind_argv(), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            assert wait_for(lambda: "start     calf-relief" in log_text(paths)), log_text(paths)
        finally:
            code, out = stop(proc)
    assert code == 0, out
    assert "no terminal to open; start it with: coach start calf-relief" in log_text(paths)


@needs_dbus
def test_a_bus_without_a_notification_server_falls_back_to_the_bell(
    paths: AppPaths, coach_home: Path, tmp_path: Path
) -> None:
    write_config(paths, "daily-prevention")
    with session_bus("--record", str(tmp_path / "unused"), "--no-name") as address:
        env = service_env(coach_home, DBUS_SESSION_BUS_ADDRESS=address, COACH_REMIND_TEST_AT="0.5")
        proc = subprocess.Popen(
            remind_argv(), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            assert wait_for(lambda: "fired     daily-prevention" in log_text(paths))
        finally:
            code, out = stop(proc)
    assert code == 0, out
    assert "via bell (no notification service" in log_text(paths)
    assert "Reminder: Daily prevention. Time for" in out


def test_without_any_bus_it_rings_the_bell_and_stops_cleanly_on_sigint(
    paths: AppPaths, coach_home: Path
) -> None:
    write_config(paths, "daily-prevention")
    env = service_env(coach_home, COACH_REMIND_TEST_AT="0.5")
    proc = subprocess.Popen(
        remind_argv(), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert wait_for(lambda: "fired     daily-prevention" in log_text(paths)), log_text(paths)
    finally:
        code, out = stop(proc, signal.SIGINT)
    assert code == 0, out
    assert (
        "Reminder: Daily prevention. Time for" in out
    )  # the stdout line (with a bell on a terminal)
    assert "via bell (no notification service" in out
    first = out.splitlines()[0]
    assert "started" in first and "1 reminder in" in first  # not "reminder(s)"
    assert datetime.strptime(first[:19], "%Y-%m-%d %H:%M:%S")  # each line starts with local time


def test_sighup_reloads_and_a_bad_config_at_start_exits_2(
    paths: AppPaths, coach_home: Path
) -> None:
    write_config(paths, "daily-prevention")
    proc = subprocess.Popen(
        remind_argv(),
        env=service_env(coach_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(lambda: "started" in log_text(paths))
        write_config(paths, "daily-prevention", "calf-relief")
        proc.send_signal(signal.SIGHUP)
        assert wait_for(lambda: "reloaded: 2 reminders" in log_text(paths)), log_text(paths)
    finally:
        code, out = stop(proc)
    assert code == 0, out

    paths.config_file.write_text("reminders:\n  - routine: x\n    at: 25:00\n")
    bad = subprocess.run(
        remind_argv(), env=service_env(coach_home), capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2
    assert f"{paths.config_file}:3:" in bad.stderr


async def test_config_edits_are_noticed_on_the_periodic_wakeup(paths: AppPaths) -> None:
    from coach.reminders.service import serve

    write_config(paths, "daily-prevention")
    out = io.StringIO()
    stop_now = asyncio.Event()
    task = asyncio.create_task(serve(paths, out=out, tick=0.05, stop=stop_now))

    async def until(text: str) -> bool:
        for _ in range(200):
            if text in out.getvalue():
                return True
            await asyncio.sleep(0.02)
        return False

    assert await until("started")
    write_config(paths, "daily-prevention", "calf-relief", "evening-relaxation")
    assert await until("reloaded: 3 reminders"), out.getvalue()
    paths.config_file.write_text("reminders: [oops\n")
    assert await until("error, keeping the previous reminders"), out.getvalue()
    stop_now.set()
    assert await asyncio.wait_for(task, 10) == 0
    assert out.getvalue().rstrip().endswith("stopped")


def test_the_service_runs_and_fires_under_a_posix_tz(paths: AppPaths, coach_home: Path) -> None:
    """Issue 11 point 9: `TZ=UTC+3` ended `coach remind` with a tzlocal traceback, and once
    past start-up, again when the follow-up was put on the scheduler."""
    write_config(paths, "daily-prevention")
    env = service_env(coach_home, TZ="UTC+3", COACH_REMIND_TEST_AT="1")
    proc = subprocess.Popen(
        remind_argv(), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert wait_for(lambda: "planned   daily-prevention" in log_text(paths)), log_text(paths)
        assert proc.poll() is None  # still running after the follow-up was scheduled
    finally:
        code, out = stop(proc)
    assert code == 0 and "Traceback" not in out, out
    assert "in TZ=UTC+3" in out and "fired     daily-prevention" in out
