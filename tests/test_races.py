"""Races between coach processes: a rule that reads then writes is one BEGIN IMMEDIATE
transaction, and an export reads one snapshot. Real threads with their own connections (as two
processes have), and real processes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.config import Config
from coach.history import HistoryError, mark_rest
from coach.routines import load_catalog
from coach.store import Store
from coach.transfer import export_csv, export_document
from tests.conftest import ROOT

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_two_rest_days_marked_at_the_same_moment_cannot_both_pass_the_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both threads read the week, then meet at a barrier, then write: without one transaction
    both see no rest day and both store one. With it, the second waits for the first's lock,
    so the barrier times out for the first and the second reads the first's rest day."""
    db = tmp_path / "coach.sqlite3"
    Store.open(db).close()
    catalog, config = load_catalog(tmp_path / "routines"), Config()
    met = threading.Barrier(2, timeout=1.0)
    real_rest_days = Store.rest_days

    def rest_days_then_meet(self, *args, **kwargs):
        found = real_rest_days(self, *args, **kwargs)
        try:
            met.wait()
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(Store, "rest_days", rest_days_then_meet)
    results: dict[date, str] = {}

    def rest(day: date) -> None:
        with Store.open(db) as store:
            try:
                results[day] = mark_rest(store, catalog, config, day, NOW)
            except HistoryError as exc:
                results[day] = f"refused: {exc}"

    days = [date(2026, 11, 20), date(2026, 11, 22)]
    threads = [threading.Thread(target=rest, args=(d,)) for d in days]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    monkeypatch.undo()
    with Store.open(db) as store:
        stored = [r.day for r in store.rest_days()]
    assert len(stored) == 1, results
    assert sum(text.startswith("refused") for text in results.values()) == 1


def test_rest_commands_started_together_store_one_rest_day(tmp_path: Path) -> None:
    """Six real `coach rest` processes for six days of one week, started at once."""
    home = tmp_path / "home"
    env = {"COACH_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "TZ": "UTC"}
    subprocess.run(
        [sys.executable, "-m", "coach", "paths"], env=env, check=True, capture_output=True
    )
    monday = date.today() - timedelta(days=date.today().weekday() + 7)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "coach", "rest", (monday + timedelta(days=i)).isoformat()],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(6)
    ]
    codes = [p.wait(timeout=60) for p in procs]
    errors = [p.stderr.read() for p in procs]
    assert all("Traceback" not in e for e in errors), errors
    assert sorted(codes) == [0, 2, 2, 2, 2, 2], errors
    out = subprocess.run(
        [sys.executable, "-m", "coach", "export", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(json.loads(out.stdout)["rest_days"]) == 1


# -- an export during a session ----------------------------------------------------------------


def session_with_reps(store: Store, reps: int) -> int:
    sid = store.start_session(
        routine_id="r",
        routine_title="R",
        day=NOW.date(),
        started_at=NOW,
        planned_seconds=60,
        targets=[200],
    )
    for rep in range(1, reps + 1):
        store.record_rep(sid, 0, rep, NOW)
    save_exercise(store, sid, reps)
    return sid


def save_exercise(store: Store, sid: int, reps_done: int) -> None:
    store.record_exercise(
        sid,
        idx=0,
        name="Calf raise",
        reps_done=reps_done,
        target=200,
        skipped=False,
        started_at=NOW,
        ended_at=NOW,
    )


def save_rep(store: Store, sid: int, rep: int) -> None:
    """What the session screen does when a rep completes: the rep row, then the exercise."""
    store.record_rep(sid, 0, rep, NOW)
    save_exercise(store, sid, rep)


def consistent(doc: dict) -> bool:
    for s in doc["sessions"]:
        for e in s["exercises"]:
            rows = [r for r in s["reps"] if r["exercise_idx"] == e["idx"]]
            if len(rows) < e["reps_done"]:
                return False
    return True


def test_an_export_between_two_saves_reads_one_moment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session saves rep 100 just after the export has read the reps and before it reads
    the exercises: the export must not show reps_done 100 beside 99 rep rows."""
    db = tmp_path / "coach.sqlite3"
    session = Store.open(db)
    sid = session_with_reps(session, 99)
    exporter = Store.open(db)
    real_all_reps = Store.all_reps

    def all_reps_then_a_save(self):
        found = real_all_reps(self)
        save_rep(session, sid, 100)  # another connection: the session, in another process
        return found

    monkeypatch.setattr(Store, "all_reps", all_reps_then_a_save)
    doc = export_document(exporter)
    monkeypatch.undo()
    exercise = doc["sessions"][0]["exercises"][0]
    assert (exercise["reps_done"], len(doc["sessions"][0]["reps"])) == (99, 99)
    assert len(export_document(exporter)["sessions"][0]["reps"]) == 100  # the next one sees it
    exporter.close()
    session.close()


def test_exports_taken_while_a_session_saves_are_all_consistent(tmp_path: Path) -> None:
    db = tmp_path / "coach.sqlite3"
    with Store.open(db) as setup:
        sid = session_with_reps(setup, 1)
    stop = threading.Event()

    def session() -> None:
        with Store.open(db) as store:
            rep = 2
            while not stop.is_set() and rep < 150:
                save_rep(store, sid, rep)
                rep += 1

    writer = threading.Thread(target=session)
    writer.start()
    try:
        with Store.open(db) as exporter:
            for _ in range(15):
                assert consistent(export_document(exporter))
                assert "Calf raise" in export_csv(exporter)
    finally:
        stop.set()
        writer.join(timeout=20)
