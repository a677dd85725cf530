"""An exercise the user ended the session in (q in the app, Ctrl+C in plain mode) is "stopped",
not "skipped", wherever the record is read afterwards: History's day panel and `coach history`
(both through coach.present.exercise_end), its JSON, and an export carried to another machine.
One passed over with `n` still reads "skipped" (#12 point 10)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach.commands.history import history_text
from coach.config import Config
from coach.history import build_history
from coach.present.exercise_end import exercise_line
from coach.present.record_json import history_json
from coach.routines import load_catalog
from coach.store import Store
from coach.transfer import ImportFileError, export_csv, export_document, import_export
from tests.clocks import FakeClock
from tests.conftest import ROOT
from tests.test_recorder import begin

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CATALOG = load_catalog(None)


def tick_for(engine, recorder, clock: FakeClock, seconds: int) -> None:
    """Tick once a second for `seconds` from now."""
    for _ in range(seconds):
        clock.advance(1.0)
        recorder.handle(engine.tick())


def ended_with_q(store: Store, clock: FakeClock) -> int:
    """Feet (see test_recorder): q during A's second rep, one rep done."""
    engine, recorder = begin(store, clock)
    tick_for(engine, recorder, clock, 11)  # A: setup 4 s, rep 1 done at 9 s
    recorder.handle(engine.end())
    assert recorder.settled and recorder.session_id is not None
    return recorder.session_id


def skipped_with_n(store: Store, clock: FakeClock) -> int:
    """Feet: A done, then n on B, the last exercise: the session ends by itself."""
    engine, recorder = begin(store, clock)
    tick_for(engine, recorder, clock, 21)  # A done at 14 s, its rest to 20 s, B from 20 s
    recorder.handle(engine.skip_exercise())
    assert engine.state == "finished" and recorder.settled and recorder.session_id is not None
    return recorder.session_id


def lines_of(store: Store, sid: int) -> list[str]:
    session = store.session(sid)
    assert session is not None
    return [exercise_line(e, session.stopped_idx) for e in session.exercises]


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "coach.sqlite3") as s:
        yield s


def test_an_exercise_ended_with_q_reads_stopped(store: Store) -> None:
    sid = ended_with_q(store, FakeClock())
    session = store.session(sid)
    assert session is not None and session.stopped_idx == 0
    assert [e.skipped for e in session.exercises] == [True]  # the row says what it always did
    assert lines_of(store, sid) == ["A: 1 of 2 reps, stopped"]


def test_the_last_exercise_skipped_with_n_still_reads_skipped(store: Store) -> None:
    sid = skipped_with_n(store, FakeClock())
    session = store.session(sid)
    assert session is not None and session.stopped_idx is None
    assert lines_of(store, sid) == ["A: 2 of 2 reps", "B: 0 of 1 rep, skipped"]


def test_history_text_and_json_say_stopped_or_skipped(store: Store) -> None:
    clock = FakeClock()
    stopped = ended_with_q(store, clock)
    config = Config()
    text = history_text(build_history(store, CATALOG, config, clock.wall_now()))
    assert text[-4:] == [
        "",
        "Last session: Wednesday 25 November 2026",
        "  Feet (10:00, partial)",
        "    A: 1 of 2 reps, stopped",
    ]

    clock.advance(3600)
    skipped = skipped_with_n(store, clock)
    view = build_history(store, CATALOG, config, clock.wall_now())
    text = history_text(view)
    assert text[-4:] == [
        "Last session: Wednesday 25 November 2026",
        "  Feet (11:00, partial)",
        "    A: 2 of 2 reps",
        "    B: 0 of 1 rep, skipped",
    ]
    sessions = {s["id"]: s for d in history_json(view)["days"] for s in d["sessions"]}
    flags = [(e["name"], e["skipped"], e["stopped"]) for e in sessions[stopped]["exercises"]]
    assert flags == [("A", True, True)]  # "skipped" kept as it was, for scripts
    flags = [(e["name"], e["skipped"], e["stopped"]) for e in sessions[skipped]["exercises"]]
    assert flags == [("A", False, False), ("B", True, False)]


def test_stopped_survives_export_and_import(store: Store, tmp_path: Path) -> None:
    clock = FakeClock()
    stopped = ended_with_q(store, clock)
    clock.advance(3600)
    skipped = skipped_with_n(store, clock)
    doc = export_document(store)
    by_id = {s["id"]: s for s in doc["sessions"]}
    assert by_id[stopped]["stopped_idx"] == 0
    assert "stopped_idx" not in by_id[skipped]  # as older coach versions write and read it
    rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    assert [(r["session_id"], r["exercise_name"], r["skipped"], r["stopped"]) for r in rows] == [
        (str(stopped), "A", "1", "1"),
        (str(skipped), "A", "0", "0"),
        (str(skipped), "B", "1", "0"),
    ]

    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc))
    with Store.open(tmp_path / "other" / "coach.sqlite3") as other:
        assert import_export(other, path).sessions_added == 2
        lines = {s.started_at.hour: lines_of(other, s.id) for s in other.all_sessions()}
    assert lines == {
        10: ["A: 1 of 2 reps, stopped"],
        11: ["A: 2 of 2 reps", "B: 0 of 1 rep, skipped"],
    }


def test_an_export_from_before_stopped_imports_as_skipped(store: Store, tmp_path: Path) -> None:
    ended_with_q(store, FakeClock())
    doc = export_document(store)
    del doc["sessions"][0]["stopped_idx"]  # what an older coach wrote for the same session
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc))
    with Store.open(tmp_path / "other" / "coach.sqlite3") as other:
        import_export(other, path)
        [session] = other.all_sessions()
        assert session.stopped_idx is None
        assert lines_of(other, session.id) == ["A: 1 of 2 reps, skipped"]


@pytest.mark.parametrize("value", [7, -1, "0", True])
def test_import_refuses_a_stopped_idx_that_is_not_an_exercise(
    store: Store, tmp_path: Path, value: object
) -> None:
    ended_with_q(store, FakeClock())
    doc = export_document(store)
    doc["sessions"][0]["stopped_idx"] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with Store.open(tmp_path / "other" / "coach.sqlite3") as other:
        with pytest.raises(ImportFileError) as caught:
            import_export(other, path)
        assert other.all_sessions() == []
    [problem] = caught.value.problems
    assert problem.startswith(f"{path}: sessions[0].stopped_idx: expected ")


def test_a_v5_file_reads_as_before_and_a_v6_file_says_stopped(tmp_path: Path) -> None:
    db = tmp_path / "v5.sqlite3"
    shutil.copyfile(FIXTURES / "schema_v5.sqlite", db)
    with Store.open(db) as s:
        sessions = s.all_sessions()
        assert sessions and all(x.stopped_idx is None for x in sessions)
        [skipped] = [x for x in sessions if any(e.skipped for e in x.exercises)]
        assert lines_of(s, skipped.id) == [
            "Calf raise: 4 of 10 reps",
            "Wall stretch: 0 of 8 reps, skipped",
        ]
    db = tmp_path / "v6.sqlite3"
    shutil.copyfile(FIXTURES / "schema_v6.sqlite", db)
    with Store.open(db) as s:
        assert lines_of(s, 101)[1] == "Heel drop: 1 of 3 reps, stopped"
        assert lines_of(s, 102)[1] == "Heel drop: 0 of 3 reps, skipped"


def test_coach_history_says_stopped_as_a_user_runs_it(tmp_path: Path) -> None:
    """The real command, on a record holding a session ended with q a few minutes ago."""
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    clock = FakeClock(wall=datetime.now(UTC) - timedelta(minutes=10))
    with Store.open(home / "data" / "coach.sqlite3") as s:
        ended_with_q(s, clock)
    env = {"COACH_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "TZ": "UTC"}

    def coach(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "coach", *args], capture_output=True, text=True, env=env,
            timeout=60,
        )  # fmt: skip
        assert done.returncode == 0 and done.stderr == "", done.stderr
        return done.stdout

    assert coach("history").splitlines()[-1] == "    A: 1 of 2 reps, stopped"
    doc = json.loads(coach("history", "--json"))
    [session] = [s for d in doc["days"] for s in d["sessions"]]
    assert session["exercises"] == [
        {"name": "A", "reps_done": 1, "target": 2, "skipped": True, "stopped": True}
    ]
