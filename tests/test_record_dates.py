"""Dates outside any real life: one rule for every way a day enters the record, and a history
that never crashes on a row stored before the rule existed (coach.record_dates)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.cli import main
from coach.context import open_context
from coach.cramps import CrampInputError, new_cramp
from coach.history import HistoryError, build_history, log_by_hand, mark_rest
from coach.paths import AppPaths
from coach.store import DateRefused, NewSession
from coach.transfer import export_json
from tests.clocks import FakeClock

CLOCK_1970 = datetime(1970, 1, 1, 9, 0, tzinfo=UTC)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def record(capsys) -> dict:
    code, out, _ = run(capsys, "export", "--format", "json")
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("log", "0001-01-01"), "before 1900"),
        (("log", "1000-01-01"), "before 1900"),
        (("log", "1899-12-31"), "before 1900"),
        (("rest", "9999-12-31"), "more than two years ahead"),
        (("rest", "0001-01-01"), "before 1900"),
        (("cramp", "log", "--muscle", "calf", "--at", "1000-01-01 12:00"), "before 1900"),
    ],
)
def test_a_day_outside_any_real_life_is_refused_and_nothing_stored(capsys, args, words) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("coach: ") and words in err
    doc = record(capsys)
    assert doc["sessions"] == [] and doc["rest_days"] == [] and "cramps" not in doc


def test_the_oldest_allowed_day_is_kept_and_history_still_reads(capsys) -> None:
    assert run(capsys, "log", "1900-01-01")[0] == 0
    code, out, _ = run(capsys, "history", "--json")
    assert code == 0 and json.loads(out)["days"][0]["date"] == "1900-01-01"


def import_file(tmp_path: Path, **session_changes) -> Path:
    started = "2026-11-20T09:00:00+01:00"
    session = {
        "routine_id": "daily-prevention",
        "routine_title": "Daily prevention",
        "day": "2026-11-20",
        "started_at": started,
        "ended_at": "2026-11-20T09:10:00+01:00",
        "status": "completed",
        "planned_seconds": 600.0,
        "active_seconds": 600.0,
        "paused_seconds": 0.0,
        "targets": [5],
        "entered_by_hand": False,
        "exercises": [
            {
                "idx": 0,
                "name": "Calf raise",
                "reps_done": 1,
                "target": 1,
                "skipped": False,
                "started_at": started,
                "ended_at": started,
            }
        ],
        "reps": [{"exercise_idx": 0, "rep": 1, "completed_at": started}],
    } | session_changes
    doc = {"format": "coach-export", "version": 1, "sessions": [session], "rest_days": []}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"day": "0001-01-01"}, "sessions[0].day", "before 1900"),
        ({"day": "2020-01-01"}, "sessions[0].started_at", "does not fall on the day 2020-01-01"),
        ({"ended_at": "2030-01-01T00:00:00+00:00"}, "sessions[0].ended_at", "does not fall"),
        (
            {"day": "9999-12-30", "started_at": "9999-12-30T12:00:00+00:00", "ended_at": None},
            "sessions[0].day",
            "in the future",
        ),
    ],
)
def test_an_import_whose_day_disagrees_with_its_times_is_refused_whole(
    capsys, tmp_path: Path, changes, field, words
) -> None:
    path = import_file(tmp_path, **changes)
    code, _, err = run(capsys, "import", str(path))
    assert code == 2
    assert f"{field}: " in err and words in err
    assert err.count("does not fall") <= 1  # one problem per session, not one per time in it
    assert record(capsys)["sessions"] == []


def test_a_good_import_still_goes_in(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "import", str(import_file(tmp_path)))
    assert code == 0, out
    assert len(record(capsys)["sessions"]) == 1


# -- a clock that says 1970 --------------------------------------------------------------------


@pytest.fixture
def context_1970(coach_home: Path):
    paths = AppPaths(config=coach_home / "c", data=coach_home / "d", state=coach_home / "s")
    context = open_context(paths, wall_now=lambda: CLOCK_1970)
    yield context
    context.close()


def test_a_clock_that_says_1970_records_nothing(context_1970) -> None:
    ctx = context_1970
    with pytest.raises(HistoryError, match="clock says 1970-01-01"):
        log_by_hand(ctx.store, ctx.catalog, ctx.config, date(1969, 12, 31), None, CLOCK_1970)
    with pytest.raises(HistoryError, match="clock says 1970-01-01"):
        mark_rest(ctx.store, ctx.catalog, ctx.config, date(1970, 1, 1), CLOCK_1970)
    with pytest.raises(CrampInputError, match="clock says 1970-01-01"):
        new_cramp(muscle="calf", now=CLOCK_1970, day_starts_at=4)
    # A session started by that clock: the store refuses the row (the recorder keeps the
    # refusal: the session screen words it under the countdown; the plain runner exits 2).
    routine = ctx.catalog.get("daily-prevention")
    _, recorder = ctx.new_session(routine, [e.reps_min for e in routine.exercises])
    recorder.anchor(ctx.clock())
    assert isinstance(recorder.error, DateRefused)
    assert "clock says 1970-01-01" in recorder.problem
    assert ctx.store.all_sessions() == [] and ctx.store.rest_days() == []


# -- the store as the last line of defence ------------------------------------------------------


def test_the_store_refuses_a_session_whose_day_is_not_its_start(context_1970) -> None:
    started = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    session = NewSession("r", "R", date(1, 1, 1), started, "completed", (1,))
    with pytest.raises(DateRefused):
        context_1970.store.add_session(session)
    with pytest.raises(DateRefused):
        context_1970.store.mark_rest_day(date(9999, 12, 31), started)
    assert context_1970.store.all_sessions() == []


# -- reading what an older coach let in --------------------------------------------------------


def plant_old_rows(db: Path) -> None:
    """Rows an older coach stored without the rule: year 1 and year 9999."""
    con = sqlite3.connect(db)
    with con:
        for day in ("0001-01-01", "1000-01-01", "9999-12-31"):
            con.execute(
                "INSERT INTO sessions (routine_id, routine_title, day, started_at,"
                " utc_offset_minutes, status, planned_seconds, targets, entered_by_hand)"
                " VALUES ('daily-prevention', 'Daily prevention', ?, ?, 0, 'completed', 0,"
                " '[1]', 1)",
                (day, f"{day}T12:00:00+00:00"),
            )
            con.execute(
                "INSERT INTO rest_days (day, marked_at) VALUES (?, ?)",
                (day, "2026-11-01T10:00:00+00:00"),
            )
            con.execute(
                "INSERT INTO cramps (at, utc_offset_minutes, day, muscle, when_kind, logged_at)"
                " VALUES (?, 0, ?, 'calf', 'night', ?)",
                (f"{day}T03:00:00+00:00", day, "2026-11-01T10:00:00+00:00"),
            )
    con.close()


def test_rows_stored_before_the_rule_never_crash_history(capsys, coach_home: Path) -> None:
    assert run(capsys, "log", "yesterday")[0] == 0
    plant_old_rows(coach_home / "data" / "coach.sqlite3")
    code, out, _ = run(capsys, "history", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["days"][0]["date"] >= "1900-01-01" and len(doc["days"]) <= 3
    assert run(capsys, "history")[0] == 0
    code, out, _ = run(capsys, "cramp", "list")
    assert code == 0 and "1000-01-01 03:00" in out and "0001-01-01 03:00" in out  # deletable
    assert run(capsys, "cramp", "list", "--json")[0] == 0
    assert len(record(capsys)["sessions"]) == 4  # the export keeps every row


async def test_the_app_and_its_history_screen_open_over_old_rows(coach_home: Path) -> None:
    from coach.ui.make_app import make_app
    from coach.ui.screens.history import HistoryScreen

    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    ctx = app.context
    log_by_hand(ctx.store, ctx.catalog, ctx.config, ctx.today(), None, ctx.wall_now())
    plant_old_rows(ctx.store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert min(app.screen.days) == ctx.today()
        await pilot.press("up", "left")
        await pilot.pause()
    assert app.return_code in (None, 0)
    view = build_history(ctx.store, ctx.catalog, ctx.config, ctx.wall_now() + timedelta(days=1))
    assert view.days[0].date == ctx.today()
    assert json.loads(export_json(ctx.store))["sessions"]


async def test_the_app_on_a_1970_clock_opens_and_a_session_saves_nothing(coach_home: Path) -> None:
    from coach.ui.make_app import make_app
    from coach.ui.screens.session import SessionScreen

    clock = FakeClock(wall=CLOCK_1970)
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        why = str(app.screen.query_one("#status").render())  # the status line, under the timer
        assert "clock says 1970-01-01" in why
    assert app.context.store.all_sessions() == []
