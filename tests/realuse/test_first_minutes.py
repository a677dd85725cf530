"""A new user's first minutes with the installed app, reminders on, in a real terminal.

Issue 10: confirming the first-run note (or saving Settings) left a timer behind that crashed
the app about 30 s later, with exit status 0. These tests leave the app open past that point
after each save, and check what a user sees (the screen, the exit status, the terminal
afterwards) and what is stored.
"""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest

from coach.config import load_config
from tests.realuse.harness import Record, Terminal, missing

pytestmark = [pytest.mark.realuse, pytest.mark.skipif(bool(missing()), reason=f"{missing()}")]

# The in-app reminders wake every 30 s; a timer left behind by a save fires within 31 s of it.
LEFT_OPEN = 35
FAULT = Path(__file__).parent / "fault"


@pytest.mark.waits(75)  # two stays of LEFT_OPEN s, and the app's start-ups
def test_a_new_user_leaves_the_app_open_after_each_save(
    term: Terminal, record: Record, coach_home: Path
) -> None:
    term.start()
    term.wait_for("Before you start")
    term.press("C-s")  # "I understand, start"
    term.wait_for("Next reminder")
    assert load_config(coach_home / "config" / "config.yaml").profile_chosen

    term.press("Enter")  # the daily routine, highlighted on home
    term.wait_for("GET INTO POSITION")
    term.stay(LEFT_OPEN, showing="Exercise 1 of 4")
    (session,) = record.sessions()
    saved = len(record.reps(session["id"]))
    assert session["status"] == "in_progress" and saved >= 1  # each rep on disk as it ends

    term.press("q")
    term.wait_for("End the session now?")
    term.press("y")
    end = term.wait_for("Repetitions done")
    shown = int(re.search(r"Repetitions done: (\d+)", end).group(1))
    (session,) = record.sessions()
    assert shown == len(record.reps(session["id"])) >= saved
    assert session["status"] != "in_progress" and session["ended_at"]

    term.press("Enter")  # home
    term.wait_for("Next reminder")
    term.press("s")
    term.wait_for("Save (ctrl+s)")
    term.press("C-s")
    term.wait_for("Saved to")
    term.stay(LEFT_OPEN, showing="Next reminder")

    term.press("q")
    assert term.exit_status() == 0
    assert term.modes_left_on() == []
    assert record.crash_log() is None
    assert record.integrity() == "ok"


def test_sigterm_mid_session_ends_calmly_and_gives_the_terminal_back(
    term: Terminal, record: Record, returning_user: Path
) -> None:
    term.start("start")
    term.wait_for("GET INTO POSITION")
    term.signal(signal.SIGTERM)  # a logout, `kill`, a system shutting down
    assert term.exit_status() == 128 + signal.SIGTERM
    assert term.modes_left_on() == []  # main screen back, no mouse reports into the shell
    assert "Traceback" not in term.screen()
    (session,) = record.sessions()
    assert session["status"] == "in_progress"
    assert record.integrity() == "ok"
    assert record.crash_log() is None
    term.start()  # reopened: home offers to resume it
    term.wait_for("unfinished Daily prevention")
    term.press("q")
    assert term.exit_status() == 0


def test_an_unexpected_error_exits_non_zero_and_logs_its_traceback(
    term: Terminal, record: Record, returning_user: Path
) -> None:
    term.start(pythonpath=FAULT)  # `c` raises: any bug coach does not handle
    term.wait_for("Next reminder")
    term.press("c")
    assert term.exit_status() == 70
    assert term.modes_left_on() == []
    log = record.crash_log()
    assert log is not None and "RuntimeError: a bug injected by tests/realuse/fault" in log
    assert "Traceback (most recent call last)" in log
    left = [line for line in term.transcript().splitlines() if line.strip()]
    line = (
        "coach stopped after an unexpected error (RuntimeError). "
        f"The details are in {record.state / 'coach.log'}"
    )
    assert left[0] == line, left  # one line, and no traceback around it
    assert [x for x in left[1:] if not x.startswith("Pane is dead")] == [], left
