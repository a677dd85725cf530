"""The reminder state files: private, atomic, shared safely, forgiving of damage."""

from __future__ import annotations

import json
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach.reminders.state import ReminderState
from tests.reminders.conftest import BERLIN

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=BERLIN)


def test_claim_is_once_per_reminder_and_day(tmp_path: Path) -> None:
    state = ReminderState(tmp_path / "state")
    assert state.claim("a@09:00", date(2025, 6, 2), NOW)
    assert not state.claim("a@09:00", date(2025, 6, 2), NOW)
    assert ReminderState(tmp_path / "state").was_shown("a@09:00", date(2025, 6, 2))
    assert state.claim("a@09:00", date(2025, 6, 3), NOW)
    assert state.claim("b@09:00", date(2025, 6, 2), NOW)


def test_files_are_private_and_written_whole(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    state = ReminderState(folder)
    state.claim("a@09:00", date(2025, 6, 2), NOW)
    state.snooze("a@09:00", "a", NOW)
    for path in (state.state_file, state.snooze_file, state.lock_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(p.name for p in folder.iterdir()) == [
        "remind-state.json",
        "remind.lock",
        "snooze.json",
    ]  # no temporary files left behind


def test_a_damaged_file_counts_as_empty(tmp_path: Path) -> None:
    state = ReminderState(tmp_path)
    state.snooze_file.write_text("{not json")
    state.state_file.write_text("[1, 2]")
    assert state.snoozes() == []
    assert state.follow_ups() == []
    assert not state.was_shown("a@09:00", date(2025, 6, 2))
    state.snooze("a@09:00", "a", NOW)
    assert [s.routine for s in state.snoozes()] == ["a"]


def test_a_newer_snooze_replaces_the_older_and_take_is_exact(tmp_path: Path) -> None:
    state = ReminderState(tmp_path)
    first = state.snooze("a@09:00", "a", NOW)
    second = state.snooze("a@09:00", "a", NOW + timedelta(minutes=10))
    assert [s.until for s in state.snoozes()] == [second.until]
    assert not state.take_snooze("a@09:00", first.until)  # renewed meanwhile: not this one
    assert state.take_snooze("a@09:00", second.until)
    assert not state.take_snooze("a@09:00", second.until)
    assert second.until - NOW == timedelta(minutes=20)


def test_follow_up_is_planned_once_and_closed_once(tmp_path: Path) -> None:
    state = ReminderState(tmp_path)
    day = date(2025, 6, 2)
    assert state.plan_follow_up("a@09:00", "a", day, NOW + timedelta(hours=2))
    assert not state.plan_follow_up("a@09:00", "a", day, NOW + timedelta(hours=5))
    (plan,) = state.follow_ups()
    assert (plan.day, plan.due, plan.done) == (day, NOW + timedelta(hours=2), False)
    assert state.close_follow_up("a@09:00", day)
    assert not state.close_follow_up("a@09:00", day)
    assert [f.done for f in state.follow_ups()] == [True]


def test_old_records_are_pruned(tmp_path: Path) -> None:
    state = ReminderState(tmp_path)
    state.claim("a@09:00", date(2025, 5, 1), NOW)
    state.plan_follow_up("a@09:00", "a", date(2025, 5, 1), NOW)
    state.claim("a@09:00", date(2025, 6, 2), NOW)
    data = json.loads(state.state_file.read_text())
    assert list(data["shown"]) == ["a@09:00|2025-06-02"]
    assert data["follow_ups"] == {}


WRONG_SHAPES = [
    '{"shown": [], "follow_ups": [], "snoozes": {}}',
    '{"shown": 5, "follow_ups": "x", "snoozes": "abc"}',
    '{"shown": {"a@09:00|2025-06-02": {}}, "follow_ups": {"a@09:00|2025-06-02": [1]},'
    ' "snoozes": [1, "x", null, {"key": 5, "until": 7}]}',
    '{"follow_ups": {"a@09:00|2025-06-02": {"routine": "a", "due": 5, "done": []}}}',
    '{"snoozes": [{"key": "a@09:00", "routine": "a", "until": []}]}',
    '"just a string"',
    "null",
    "[" * 5000 + "]" * 5000,
]


@pytest.mark.parametrize("text", WRONG_SHAPES)
def test_valid_json_of_the_wrong_shape_counts_as_empty(tmp_path: Path, text: str) -> None:
    """Issue 11 point 9: the promise above held for broken JSON only, not for wrong shapes."""
    state = ReminderState(tmp_path)
    state.snooze_file.write_text(text)
    state.state_file.write_text(text)
    day = date(2025, 6, 2)
    state.snoozes()  # each read and write copes, none raises
    state.follow_ups()
    state.was_shown("b@09:00", day)
    assert state.claim("b@09:00", day, NOW)
    assert state.plan_follow_up("b@09:00", "b", day, NOW + timedelta(hours=2))
    assert state.close_follow_up("b@09:00", day)
    state.close_follow_up("a@09:00", day)
    state.snooze("b@09:00", "b", NOW)
    state.take_snooze("a@09:00", NOW)
    assert [s.routine for s in state.snoozes()] == ["b"]
    assert state.was_shown("b@09:00", day)
