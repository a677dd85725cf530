"""history, log, rest, export and import as a user meets them: exit codes, output, and never a
traceback. The commands run in-process (tests/cli.py) on the real clock in UTC, so days are
computed the same way here (a test started in the last instant before 04:00 UTC could see the day
turn; nothing else)."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.commands.history import history_text
from coach.history import HistoryView
from tests.cli import Ran, run_coach

COMMANDS = ("history", "log", "rest", "export", "import")


def coach(*args: str, home: Path) -> Ran:
    done = run_coach(*args, home=home, tz="UTC")
    assert "Traceback" not in done.stderr, done.stderr
    return done


def today() -> date:
    return (datetime.now(UTC) - timedelta(hours=4)).date()


def history(home: Path) -> dict:
    out = coach("history", "--json", home=home)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def day(doc: dict, d: date) -> dict:
    return next(x for x in doc["days"] if x["date"] == d.isoformat())


def refused(out: Ran, *words: str) -> None:
    assert out.returncode == 2, (out.stdout, out.stderr)
    line = out.stderr.strip().splitlines()[-1]
    assert line.startswith("coach: ")
    for word in words:
        assert word in line, line


# -- history ----------------------------------------------------------------------------------


def test_help_lists_the_history_commands(coach_home: Path) -> None:
    text = coach("--help", home=coach_home).stdout
    for command in COMMANDS:
        assert command in text


def test_history_of_an_empty_record(coach_home: Path) -> None:
    out = coach("history", home=coach_home)
    assert out.returncode == 0, out.stderr
    assert "Current streak   0 days" in out.stdout
    assert "Done in last     7 days –   30 days –   365 days –" in out.stdout
    assert "Week of      Mon Tue Wed Thu Fri Sat Sun" in out.stdout
    assert "Key: ● done  ◐ partial  – rest  · missed  ○ today, open" in out.stdout
    assert "\x1b[" not in out.stdout  # no colour codes: a script can read it


def test_history_json_keys_and_empty_rates(coach_home: Path) -> None:
    doc = history(coach_home)
    assert set(doc) == {"current_streak", "longest_streak", "strength", "rates", "days", "totals"}
    assert doc["rates"] == {"7": None, "30": None, "365": None}
    assert doc["days"] == [{"date": today().isoformat(), "status": "open", "sessions": []}]


# -- log --------------------------------------------------------------------------------------


def test_log_yesterday_counts_for_the_streak_and_is_marked(coach_home: Path) -> None:
    out = coach("log", "yesterday", home=coach_home)
    assert out.returncode == 0, out.stderr
    assert "Logged Daily prevention" in out.stdout
    doc = history(coach_home)
    yesterday = day(doc, today() - timedelta(days=1))
    assert yesterday["status"] == "done"
    (session,) = yesterday["sessions"]
    assert session["entered_by_hand"] is True and session["routine_id"] == "daily-prevention"
    assert [e["reps_done"] for e in session["exercises"]] == [5, 5, 5, 5]
    assert doc["current_streak"] == 1
    text = coach("history", home=coach_home).stdout
    assert "●*" in text and "* entered by hand" in text
    assert "today keeps your 1-day streak going" in text


def test_log_a_date_and_a_routine(coach_home: Path) -> None:
    d = today() - timedelta(days=3)
    assert coach("log", d.isoformat(), "calf-relief", home=coach_home).returncode == 0
    (session,) = day(history(coach_home), d)["sessions"]
    assert session["routine_id"] == "calf-relief"


def test_log_refuses_the_future_and_stores_nothing(coach_home: Path) -> None:
    tomorrow = (today() + timedelta(days=1)).isoformat()
    refused(coach("log", tomorrow, home=coach_home), tomorrow, "future")
    assert history(coach_home)["days"][0]["sessions"] == []


@pytest.mark.parametrize("text", ["2026-02-30", "tomorrow", "26-1-1", ""])
def test_log_refuses_what_is_not_a_date(coach_home: Path, text: str) -> None:
    refused(coach("log", text, home=coach_home), "is not a date", "YYYY-MM-DD")


def test_log_refuses_an_unknown_routine(coach_home: Path) -> None:
    refused(coach("log", "today", "no-such", home=coach_home), "no routine with id `no-such`")
    assert history(coach_home)["days"][0]["sessions"] == []


def test_log_twice_stores_one_entry(coach_home: Path) -> None:
    coach("log", "today", home=coach_home)
    again = coach("log", "today", home=coach_home)
    assert again.returncode == 0 and "already logged" in again.stdout
    assert len(day(history(coach_home), today())["sessions"]) == 1


# -- rest -------------------------------------------------------------------------------------


def test_rest_today_then_undo(coach_home: Path) -> None:
    out = coach("rest", home=coach_home)
    assert out.returncode == 0 and "is a rest day" in out.stdout
    assert day(history(coach_home), today())["status"] == "rest"
    undo = coach("rest", "--undo", home=coach_home)
    assert undo.returncode == 0 and "no longer a rest day" in undo.stdout
    assert day(history(coach_home), today())["status"] == "open"
    again = coach("rest", "--undo", home=coach_home)
    assert again.returncode == 0 and "was not a rest day" in again.stdout


def test_rest_refuses_a_second_rest_within_seven_days(coach_home: Path) -> None:
    first = today() - timedelta(days=3)
    assert coach("rest", first.isoformat(), home=coach_home).returncode == 0
    refused(coach("rest", home=coach_home), "You already have a rest day on", "any 7 days")
    assert day(history(coach_home), today())["status"] == "open"


def test_rest_refuses_a_day_already_done(coach_home: Path) -> None:
    coach("log", "yesterday", home=coach_home)
    refused(coach("rest", "yesterday", home=coach_home), "already done")


def test_rest_refuses_when_rest_days_are_off(coach_home: Path) -> None:
    (coach_home / "config").mkdir(parents=True)
    (coach_home / "config" / "config.yaml").write_text("rest_days_per_week: 0\n")
    refused(coach("rest", home=coach_home), "switched off")


# -- export and import ------------------------------------------------------------------------


def test_export_csv_to_stdout_reads_back(coach_home: Path) -> None:
    coach("log", "yesterday", home=coach_home)
    coach("rest", home=coach_home)
    out = coach("export", "--format", "csv", home=coach_home)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout, newline="")))
    assert [r["kind"] for r in rows] == ["exercise"] * 4 + ["rest"]
    assert {r["entered_by_hand"] for r in rows[:4]} == {"1"}


def test_export_json_file_is_private_and_imports_once(coach_home: Path, tmp_path: Path) -> None:
    coach("log", "yesterday", home=coach_home)
    coach("log", "today", "calf-relief", home=coach_home)
    coach("rest", (today() - timedelta(days=2)).isoformat(), home=coach_home)
    path = tmp_path / "coach.json"
    out = coach("export", "--format", "json", "--output", str(path), home=coach_home)
    assert out.returncode == 0 and out.stdout.strip() == f"Wrote {path}."
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    other = tmp_path / "other-home"
    first = coach("import", str(path), home=other)
    assert first.returncode == 0, first.stderr
    assert "2 sessions added, 0 already here; 1 rest day added, 0 already here" in first.stdout
    second = coach("import", str(path), home=other)
    assert "0 sessions added, 2 already here; 0 rest days added, 1 already here" in second.stdout
    mine, theirs = history(coach_home), history(other)
    assert [(d["date"], d["status"]) for d in mine["days"]] == [
        (d["date"], d["status"]) for d in theirs["days"]
    ]


def test_import_of_a_bad_file_names_each_problem_and_changes_nothing(
    coach_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "coach-export", "version": 1, "sessions": [{}]}))
    out = coach("import", str(path), home=coach_home)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert f"{path}: rest_days: missing" in lines
    assert lines[-1] == f"coach: {path} was not imported; nothing was changed"
    missing = coach("import", str(tmp_path / "nope.json"), home=coach_home)
    assert missing.returncode == 2 and "cannot read it" in missing.stderr
    assert history(coach_home)["days"][0]["sessions"] == []


def test_export_to_a_folder_that_does_not_exist_is_a_usage_error(
    coach_home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "file.csv"
    refused(
        coach("export", "--format", "csv", "--output", str(target), home=coach_home), str(target)
    )


def test_export_needs_a_format(coach_home: Path) -> None:
    out = coach("export", home=coach_home)
    assert out.returncode == 2 and "--format" in out.stderr


# -- the text, without a process ----------------------------------------------------------------


def test_text_glyph_rows_line_up_under_the_weekday_names() -> None:
    from coach.adherence import DayStatus, StreakSummary
    from coach.history import DayView, Totals

    monday = date(2026, 11, 23)
    days = tuple(
        DayView(monday + timedelta(days=i), s, (), i == 1)
        for i, s in enumerate([DayStatus.DONE, DayStatus.DONE, DayStatus.OPEN])
    )
    summary = StreakSummary(2, 2, 0.1, {7: 1.0, 30: 1.0, 365: None}, DayStatus.OPEN, True)
    lines = history_text(HistoryView(days[-1].date, "d", summary, days, Totals((), ())))
    header = next(line for line in lines if line.startswith("Week of"))
    row = next(line for line in lines if line.startswith("2026-11-23"))
    assert row[header.index("Mon") + 1] == "●" and row[header.index("Tue") + 1] == "●"
    assert row[header.index("Tue") + 2] == "*" and row[header.index("Wed") + 1] == "○"
    assert "Today: not done yet; today keeps your 2-day streak going." in lines
    assert "Done in last     7 days 100%   30 days 100%   365 days –" in lines
