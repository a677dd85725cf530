"""Export to CSV and JSON, and import back: lossless, idempotent, all or nothing."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach.files import write_private
from coach.history import hand_entry
from coach.store import MergeResult, Store
from coach.transfer import (
    CSV_COLUMNS,
    ImportFileError,
    export_csv,
    export_document,
    export_json,
    import_export,
    read_export,
)
from tests.clocks import BERLIN
from tests.test_history import CALF, DAILY, at, timed


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "coach.db")
    yield s
    s.close()


@pytest.fixture
def fresh(tmp_path: Path):
    s = Store.open(tmp_path / "other" / "coach.db")
    yield s
    s.close()


def fill(store: Store) -> None:
    """A little of everything: done, partial, another routine, by hand, rest, one left open."""
    store.merge(
        [
            timed(DAILY, at(2026, 10, 25, 2, 30, fold=1)),  # the DST night, second 02:30
            timed(DAILY, at(2026, 10, 25)),
            timed(DAILY, at(2026, 10, 26), [5, 3]),
            timed(CALF, at(2026, 10, 26, 22)),
        ]
    )
    store.add_session(hand_entry(DAILY, date(2026, 10, 27), at(2026, 10, 30, 10)))
    store.mark_rest_day(date(2026, 10, 28), at(2026, 10, 28, 8))
    opened = store.start_session(
        routine_id=DAILY.id,
        routine_title=DAILY.title,
        day=date(2026, 10, 29),
        started_at=at(2026, 10, 29),
        planned_seconds=600,
        targets=[5, 5, 5, 5],
    )
    store.record_rep(opened, 0, 1, at(2026, 10, 29) + timedelta(seconds=9))


def without_ids(doc: dict) -> list[dict]:
    return [{k: v for k, v in s.items() if k != "id"} for s in doc["sessions"]]


# -- CSV ----------------------------------------------------------------------------------------


def rows(store: Store) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export_csv(store), newline="")))


def test_csv_has_one_row_per_exercise_done_plus_sessions_without_any_and_rest_days(
    store: Store,
) -> None:
    fill(store)
    got = rows(store)
    exercises = sum(len(s.exercises) for s in store.all_sessions())
    assert sum(r["kind"] == "exercise" for r in got) == exercises == 4 + 4 + 2 + 2 + 4
    assert [r["day"] for r in got if r["kind"] == "rest"] == ["2026-10-28"]
    (opened,) = [r for r in got if r["kind"] == "session"]
    assert opened["session_status"] == "in_progress" and opened["exercise_name"] == ""
    assert list(got[0]) == list(CSV_COLUMNS)


def test_csv_repeats_the_session_on_every_row_and_marks_hand_entries(store: Store) -> None:
    fill(store)
    by_hand = [r for r in rows(store) if r["entered_by_hand"] == "1"]
    assert {r["day"] for r in by_hand} == {"2026-10-27"}
    assert len(by_hand) == len(DAILY.exercises)
    assert {(r["session_id"], r["routine_id"], r["session_status"]) for r in by_hand} == {
        (by_hand[0]["session_id"], "daily-prevention", "completed")
    }


def test_csv_rows_come_in_day_order_and_keep_commas_in_names(store: Store) -> None:
    fill(store)
    got = rows(store)
    assert [r["day"] for r in got] == sorted(r["day"] for r in got)
    assert "Knee lifts, toe moves and marching" in {r["exercise_name"] for r in got}


def test_csv_cells_a_spreadsheet_would_run_are_quoted(store: Store) -> None:
    evil = DAILY.__class__(**{**DAILY.__dict__, "title": "=HYPERLINK(1)"})
    store.merge([timed(evil, at(2026, 10, 25))])
    (title,) = {r["routine_title"] for r in rows(store)}
    assert title == "'=HYPERLINK(1)"


def test_csv_of_an_empty_record_is_just_the_header(store: Store) -> None:
    assert export_csv(store) == ",".join(CSV_COLUMNS) + "\r\n"


# -- JSON -----------------------------------------------------------------------------------------


def test_json_document_shape(store: Store) -> None:
    fill(store)
    doc = json.loads(export_json(store))
    assert set(doc) == {"format", "version", "sessions", "rest_days"}
    assert (doc["format"], doc["version"]) == ("coach-export", 1)
    assert doc["rest_days"] == [{"day": "2026-10-28", "marked_at": "2026-10-28T08:00:00+01:00"}]
    first = doc["sessions"][0]
    assert first["started_at"] == "2026-10-25T02:30:00+01:00" and first["day"] == "2026-10-24"
    assert len(first["reps"]) == 20 and {"exercise_idx", "rep", "completed_at"} == set(
        first["reps"][0]
    )


def test_json_round_trip_rebuilds_the_same_history(store: Store, fresh: Store, tmp_path) -> None:
    fill(store)
    path = tmp_path / "export.json"
    write_private(path, export_json(store))
    assert import_export(fresh, path) == MergeResult(6, 0, 1, 0)
    again = export_document(fresh)
    original = export_document(store)
    # The one session still open here becomes abandoned there: it cannot be resumed elsewhere.
    opened = [s for s in original["sessions"] if s["status"] == "in_progress"]
    assert len(opened) == 1
    opened[0]["status"] = "abandoned"
    assert without_ids(again) == without_ids(original)
    assert again["rest_days"] == original["rest_days"]


def test_importing_twice_changes_nothing(store: Store, fresh: Store, tmp_path: Path) -> None:
    fill(store)
    path = tmp_path / "export.json"
    path.write_text(export_json(store))
    import_export(fresh, path)
    before = export_document(fresh)
    assert import_export(fresh, path) == MergeResult(0, 6, 0, 1)
    assert export_document(fresh) == before


def test_import_keeps_what_was_already_here(store: Store, fresh: Store, tmp_path: Path) -> None:
    fill(store)
    fresh.merge([timed(DAILY, at(2026, 11, 2))])
    fresh.mark_rest_day(date(2026, 10, 28), at(2026, 10, 27, 9))  # same day, marked earlier
    mine = export_document(fresh)
    path = tmp_path / "export.json"
    path.write_text(export_json(store))
    assert import_export(fresh, path) == MergeResult(6, 0, 0, 1)
    merged = export_document(fresh)
    assert mine["sessions"][0] in merged["sessions"]
    assert merged["rest_days"] == mine["rest_days"]


def test_json_export_is_deterministic(store: Store) -> None:
    fill(store)
    assert export_json(store) == export_json(store)


# -- checking an import -----------------------------------------------------------------------


def good_doc(store: Store) -> dict:
    fill(store)
    return export_document(store)


def problems_of(tmp_path: Path, doc: object, raw: str | None = None) -> list[str]:
    path = tmp_path / "in.json"
    path.write_text(raw if raw is not None else json.dumps(doc))
    with pytest.raises(ImportFileError) as caught:
        read_export(path)
    return [p.removeprefix(f"{path}: ") for p in caught.value.problems]


BREAKAGES = [
    (lambda d: d.update(format="other"), 'format: expected "coach-export", found "other"'),
    (lambda d: d.update(version=2), "version: 2 is newer than this coach reads (1)"),
    (lambda d: d.update(version=True), "version: expected 1, found true"),
    (lambda d: d.pop("rest_days"), "rest_days: missing"),
    (lambda d: d.update(extra=1), "extra: unknown field"),
    (lambda d: d.update(sessions={}), "sessions: expected a list, found an object"),
    (
        lambda d: d["sessions"][1].update(started_at="2026-10-25T21:00:00"),
        "sessions[1].started_at: expected an ISO 8601 time with a UTC offset, "
        'found "2026-10-25T21:00:00"',
    ),
    (
        lambda d: d["sessions"][0].update(day="2026-02-30"),
        'sessions[0].day: expected a date YYYY-MM-DD, found "2026-02-30"',
    ),
    (
        lambda d: d["sessions"][0].update(status="done"),
        "sessions[0].status: expected one of in_progress, completed, partial, abandoned, "
        'found "done"',
    ),
    (
        lambda d: d["sessions"][0]["exercises"][1].update(reps_done=-1),
        "sessions[0].exercises[1].reps_done: expected a whole number 0..100000, found -1",
    ),
    (
        lambda d: d["sessions"][0]["exercises"][1].update(skipped="no"),
        'sessions[0].exercises[1].skipped: expected true or false, found "no"',
    ),
    (
        lambda d: d["sessions"][0]["exercises"][1].update(idx=0),
        "sessions[0].exercises[1].idx: exercise 0 appears twice in this session",
    ),
    (
        lambda d: d["sessions"][0]["reps"].append(d["sessions"][0]["reps"][0]),
        "sessions[0].reps[20].rep: rep 1 of exercise 0 appears twice",
    ),
    (
        lambda d: d["sessions"][0].update(active_seconds="12"),
        'sessions[0].active_seconds: expected seconds (0..604800), found "12"',
    ),
    (
        lambda d: d["sessions"][0].update(routine_id=""),
        'sessions[0].routine_id: expected text, found ""',
    ),
    (lambda d: d["sessions"][0].pop("reps"), "sessions[0].reps: missing"),
    (
        lambda d: d["rest_days"][0].update(marked_at=5),
        "rest_days[0].marked_at: expected an ISO 8601 time with a UTC offset, found 5",
    ),
]


@pytest.mark.parametrize(("breakage", "problem"), BREAKAGES)
def test_bad_field_is_named_with_what_is_wrong(store: Store, tmp_path, breakage, problem) -> None:
    doc = good_doc(store)
    breakage(doc)
    assert problems_of(tmp_path, doc) == [problem]


def test_every_problem_is_reported_up_to_a_limit(store: Store, tmp_path: Path) -> None:
    doc = good_doc(store)
    wrong = 0
    for s in doc["sessions"]:
        for e in s["exercises"]:
            e["reps_done"] = "many"
            wrong += 1
    found = problems_of(tmp_path, doc)
    assert wrong == 16 and len(found) == 16
    for r in doc["sessions"][0]["reps"]:
        r["completed_at"] = "soon"
        wrong += 1
    found = problems_of(tmp_path, doc)
    assert len(found) == 21 and found[-1] == f"...: and {wrong - 20} more problems"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (
            "{",
            "file: not valid JSON at line 1, column 2: "
            "Expecting property name enclosed in double quotes",
        ),
        ("[]", "file: expected an object, found a list"),
        ('{"format": NaN}', "file: NaN is not a number JSON allows"),
    ],
)
def test_files_that_are_not_exports_are_refused(tmp_path: Path, raw: str, problem: str) -> None:
    assert problems_of(tmp_path, None, raw) == [problem]


def test_unreadable_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="cannot read it"):
        read_export(tmp_path / "missing.json")
    binary = tmp_path / "latin1.json"
    binary.write_bytes(b'{"format": "\xe9"}')
    with pytest.raises(ImportFileError, match="not UTF-8"):
        read_export(binary)


def test_a_bad_file_stores_nothing(store: Store, fresh: Store, tmp_path: Path) -> None:
    doc = good_doc(store)
    doc["sessions"][-1]["exercises"] = [{"idx": 0}]  # only the last session is broken
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ImportFileError):
        import_export(fresh, path)
    assert fresh.all_sessions() == [] and fresh.rest_days() == []


# -- files ----------------------------------------------------------------------------------------


def test_written_files_are_private_and_replace_whole(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("old")
    os.chmod(path, 0o644)
    old_umask = os.umask(0)
    try:
        write_private(path, "new\n")
    finally:
        os.umask(old_umask)
    assert path.read_text() == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "target.csv"
    folder.mkdir()  # os.replace onto a folder fails
    with pytest.raises(OSError):
        write_private(folder, "data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target.csv"]


def test_marked_at_keeps_its_offset(store: Store) -> None:
    store.mark_rest_day(date(2026, 7, 1), datetime(2026, 7, 1, 9, tzinfo=BERLIN))
    assert export_document(store)["rest_days"][0]["marked_at"].endswith("+02:00")
