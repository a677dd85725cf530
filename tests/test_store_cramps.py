"""The cramp diary in the store (schema step 4), and cramps in export and import."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    CrampExists,
    MergeResult,
    NewCramp,
    Store,
    StoreError,
)
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
from tests.test_export import fill, without_ids
from tests.test_store import table_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LOGGED = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)


def cramp(
    y: int, m: int, d: int, hh: int = 3, mm: int = 10, *, fold: int = 0, **fields
) -> NewCramp:
    at = datetime(y, m, d, hh, mm, tzinfo=BERLIN, fold=fold)
    day = (at.replace(tzinfo=None) - timedelta(hours=4)).date()
    values = dict(at=at, day=day, muscle="calf", when_kind="night", logged_at=LOGGED)
    values.update(fields)
    return NewCramp(**values)


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


# -- schema -------------------------------------------------------------------------------------


def test_step_four_adds_the_cramps_table(store: Store) -> None:
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS) >= 4
    con = store._db
    columns = [r[1] for r in con.execute("PRAGMA table_info(cramps)")]
    assert columns == [
        "id",
        "at",
        "utc_offset_minutes",
        "day",
        "muscle",
        "side",
        "severity",
        "when_kind",
        "minutes",
        "note",
        "logged_at",
    ]
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "cramps_day" in indexes


def test_the_v1_fixture_upgrades_to_the_newest_keeping_every_row(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", db)
    before = table_rows(db)
    assert set(before) == {"sessions", "exercises", "reps"}
    assert sum(len(rows) for rows in before.values()) == 4 + 5 + 24
    with Store.open(db) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.integrity_ok()
        assert s.cramps() == []
        cid = s.add_cramp(cramp(2026, 11, 20))
        assert [c.id for c in s.cramps()] == [cid]
    after = table_rows(db)
    assert len(after.pop("cramps")) == 1
    assert after.pop("rest_days") == []
    # Step 6 added sessions.stopped_idx (the exercise ended with q): NULL for these sessions.
    assert all(row[-1] is None for row in after["sessions"])
    after["sessions"] = [row[:-1] for row in after["sessions"]]
    assert after == before


def test_a_v3_file_gains_the_cramps_table_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    raw = sqlite3.connect(path)
    for version, step in enumerate(MIGRATIONS[:3], start=1):
        raw.executescript(f"BEGIN; {step}; PRAGMA user_version={version}; COMMIT;")
    raw.execute("INSERT INTO rest_days VALUES ('2026-03-01', '2026-03-01T08:00:00+01:00')")
    raw.commit()
    raw.close()
    before = table_rows(path)
    with Store.open(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert [r.day for r in s.rest_days()] == [date(2026, 3, 1)]
    after = table_rows(path)
    assert after.pop("cramps") == [] and after == before


# -- writing and reading ------------------------------------------------------------------------


def test_a_cramp_round_trips_with_every_field(store: Store) -> None:
    full = cramp(
        2026, 7, 1, side="left", severity=6, minutes=2.5, note="woke up", when_kind="night"
    )
    bare = cramp(2026, 11, 20, 15, 0, when_kind="day")
    first, second = store.add_cramp(full), store.add_cramp(bare)
    newest, oldest = store.cramps()
    assert (newest.id, oldest.id) == (second, first)
    assert oldest.at == datetime(2026, 7, 1, 3, 10, tzinfo=BERLIN)
    assert oldest.at.utcoffset() == timedelta(hours=2) and oldest.utc_offset_minutes == 120
    assert (oldest.day, oldest.muscle, oldest.side, oldest.severity) == (
        date(2026, 6, 30),
        "calf",
        "left",
        6,
    )
    assert (oldest.when_kind, oldest.minutes, oldest.note, oldest.logged_at) == (
        "night",
        2.5,
        "woke up",
        LOGGED,
    )
    assert (newest.side, newest.severity, newest.minutes, newest.note) == (None, None, None, None)
    assert newest.utc_offset_minutes == 60


def test_newest_first_by_the_moment_not_by_the_text(store: Store) -> None:
    # 25 Oct 2026 in Berlin: 02:30 happens twice. As text, the second (+01:00) sorts first.
    first = store.add_cramp(cramp(2026, 10, 25, 2, 30, fold=0))
    second = store.add_cramp(cramp(2026, 10, 25, 2, 30, fold=1))
    third = store.add_cramp(cramp(2026, 10, 25, 2, 45, fold=0))  # before the clocks went back
    assert [c.id for c in store.cramps()] == [second, third, first]


def test_cramps_between_days_inclusive(store: Store) -> None:
    ids = {d: store.add_cramp(cramp(2026, 11, d, 21)) for d in (18, 19, 20, 21)}
    got = store.cramps(date(2026, 11, 19), date(2026, 11, 20))
    assert [c.id for c in got] == [ids[20], ids[19]]
    assert [c.id for c in store.cramps(first=date(2026, 11, 21))] == [ids[21]]
    assert [c.id for c in store.cramps(last=date(2026, 11, 18))] == [ids[18]]


def test_reading_the_diary_is_one_query(store: Store) -> None:
    for n in range(30):
        store.add_cramp(cramp(2026, 10, 1 + n, 21))
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    try:
        everything = store.cramps()
    finally:
        store._db.set_trace_callback(None)
    assert len(everything) == 30 and len(statements) == 1


def test_the_same_muscle_at_the_same_moment_is_stored_once(store: Store) -> None:
    cid = store.add_cramp(cramp(2026, 11, 20))
    with pytest.raises(CrampExists) as caught:
        store.add_cramp(cramp(2026, 11, 20, severity=9))
    assert caught.value.existing_id == cid
    other = store.add_cramp(cramp(2026, 11, 20, muscle="foot"))
    assert {c.id for c in store.cramps()} == {cid, other}
    assert store.cramps()[-1].severity is None  # the first entry was not changed


@pytest.mark.parametrize(
    "fields",
    [
        {"severity": 11},
        {"severity": 0},
        {"minutes": 0.0},
        {"minutes": 241.0},
        {"muscle": "knee"},
        {"side": "middle"},
        {"when_kind": "evening"},
        {"note": "x" * 501},
    ],
)
def test_the_table_refuses_what_the_rules_refuse(store: Store, fields: dict) -> None:
    with pytest.raises(StoreError):
        store.add_cramp(cramp(2026, 11, 20, **fields))
    assert store.cramps() == []


def test_a_naive_time_is_a_programming_error(store: Store) -> None:
    naive = NewCramp(datetime(2026, 11, 20, 3), date(2026, 11, 19), "calf", "night", LOGGED)
    with pytest.raises(ValueError, match="naive"):
        store.add_cramp(naive)


def test_merge_adds_only_new_cramps_in_the_same_transaction(store: Store) -> None:
    store.add_cramp(cramp(2026, 11, 20))
    batch = [cramp(2026, 11, 20), cramp(2026, 11, 21), cramp(2026, 11, 21)]
    assert store.merge([], [], batch) == MergeResult(0, 0, 0, 0, 1, 2)
    assert store.merge([], [], batch) == MergeResult(0, 0, 0, 0, 0, 3)
    assert len(store.cramps()) == 2
    with pytest.raises(StoreError):
        store.merge([], [], [cramp(2026, 11, 22), cramp(2026, 11, 23, severity=12)])
    assert len(store.cramps()) == 2  # all or nothing


# -- export and import --------------------------------------------------------------------------


def diary(store: Store) -> None:
    store.add_cramp(cramp(2026, 10, 26, 3, 10, side="left", severity=6, minutes=2, note="woke"))
    store.add_cramp(cramp(2026, 10, 26, 21, 0, muscle="foot", when_kind="day", minutes=0.5))
    store.add_cramp(cramp(2026, 10, 27, 9, 0, muscle="back-thigh", note="=SUM(A1)"))


def test_json_export_holds_the_diary_oldest_first(store: Store) -> None:
    fill(store)
    diary(store)
    doc = json.loads(export_json(store))
    assert [c["at"] for c in doc["cramps"]] == [
        "2026-10-26T03:10:00+01:00",
        "2026-10-26T21:00:00+01:00",
        "2026-10-27T09:00:00+01:00",
    ]
    assert doc["cramps"][0] == {
        "id": doc["cramps"][0]["id"],
        "at": "2026-10-26T03:10:00+01:00",
        "day": "2026-10-25",
        "muscle": "calf",
        "side": "left",
        "severity": 6,
        "when": "night",
        "minutes": 2,
        "note": "woke",
        "logged_at": "2026-11-25T10:00:00+01:00",
    }


def test_an_export_without_cramps_is_the_version_one_document(store: Store) -> None:
    fill(store)
    assert set(export_document(store)) == {"format", "version", "sessions", "rest_days"}


def test_json_round_trip_with_cramps(store: Store, fresh: Store, tmp_path: Path) -> None:
    fill(store)
    diary(store)
    path = tmp_path / "export.json"
    path.write_text(export_json(store))
    assert import_export(fresh, path) == MergeResult(6, 0, 1, 0, 3, 0)
    original, again = export_document(store), export_document(fresh)
    strip = [{k: v for k, v in c.items() if k != "id"} for c in original["cramps"]]
    assert [{k: v for k, v in c.items() if k != "id"} for c in again["cramps"]] == strip
    assert len(without_ids(again)) == len(without_ids(original)) == 6
    before = export_document(fresh)
    assert import_export(fresh, path) == MergeResult(0, 6, 0, 1, 0, 3)
    assert export_document(fresh) == before


def test_import_keeps_a_cramp_already_here(store: Store, fresh: Store, tmp_path: Path) -> None:
    diary(store)
    fresh.add_cramp(cramp(2026, 10, 26, 3, 10, severity=2))  # the same cramp, told differently
    path = tmp_path / "export.json"
    path.write_text(export_json(store))
    assert import_export(fresh, path) == MergeResult(0, 0, 0, 0, 2, 1)
    assert fresh.cramps()[-1].severity == 2


def test_csv_has_a_row_per_cramp_after_the_days_sessions(store: Store) -> None:
    fill(store)
    diary(store)
    rows = list(csv.DictReader(io.StringIO(export_csv(store), newline="")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    cramps = [r for r in rows if r["kind"] == "cramp"]
    assert [(r["day"], r["muscle"]) for r in cramps] == [
        ("2026-10-25", "calf"),
        ("2026-10-26", "foot"),
        ("2026-10-27", "back-thigh"),
    ]
    first = cramps[0]
    assert (first["cramp_at"], first["side"], first["severity"], first["when"]) == (
        "2026-10-26T03:10:00+01:00",
        "left",
        "6",
        "night",
    )
    assert (first["minutes"], first["note"], first["session_id"]) == ("2", "woke", "")
    assert cramps[1]["minutes"] == "0.5" and cramps[1]["severity"] == cramps[1]["side"] == ""
    assert cramps[2]["note"] == "'=SUM(A1)"  # a spreadsheet must not run it
    on_the_26th = [r["kind"] for r in rows if r["day"] == "2026-10-26"]
    assert on_the_26th[-1] == "cramp" and on_the_26th.count("cramp") == 1
    assert [r["day"] for r in rows] == sorted(r["day"] for r in rows)


BAD_CRAMPS = [
    (lambda c: c.update(muscle="knee"), 'cramps[0].muscle: expected one of calf, foot, '
     'front-thigh, back-thigh, found "knee"'),
    (lambda c: c.update(side="up"), 'cramps[0].side: expected one of left, right, both, null, '
     'found "up"'),
    (lambda c: c.update(severity=11), "cramps[0].severity: expected 1..10 or null, found 11"),
    (lambda c: c.update(severity=True), "cramps[0].severity: expected 1..10 or null, found true"),
    (lambda c: c.update(minutes=0), "cramps[0].minutes: expected more than 0 up to 240, or null, "
     "found 0"),
    (lambda c: c.update(when="evening"), 'cramps[0].when: expected one of night, day, exercise, '
     'found "evening"'),
    (lambda c: c.update(note="a\x1b[2J"), "cramps[0].note: expected one line of text up to 500 "
     "characters or null"),
    (lambda c: c.update(day="2026-10-20"), "cramps[0].day: expected the day of `at` or the day "
     "before, found 2026-10-20"),
    (lambda c: c.update(at="2026-10-26T03:10:00"), "cramps[0].at: expected an ISO 8601 time with "
     'a UTC offset, found "2026-10-26T03:10:00"'),
    (lambda c: c.pop("logged_at"), "cramps[0].logged_at: missing"),
    (lambda c: c.update(extra=1), "cramps[0].extra: unknown field"),
]  # fmt: skip


@pytest.mark.parametrize(("breakage", "problem"), BAD_CRAMPS)
def test_a_bad_cramp_is_named_and_nothing_is_imported(
    store: Store, fresh: Store, tmp_path: Path, breakage, problem: str
) -> None:
    fill(store)
    diary(store)
    doc = export_document(store)
    breakage(doc["cramps"][0])
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ImportFileError) as caught:
        import_export(fresh, path)
    assert [p.removeprefix(f"{path}: ") for p in caught.value.problems] == [problem]
    assert fresh.all_sessions() == [] and fresh.cramps() == []


def test_the_cramps_list_must_be_a_list(store: Store, tmp_path: Path) -> None:
    doc = {"format": "coach-export", "version": 1, "sessions": [], "rest_days": [], "cramps": {}}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ImportFileError, match="cramps: expected a list, found an object"):
        read_export(path)
    del doc["cramps"]
    path.write_text(json.dumps(doc))
    assert read_export(path).cramps == []
