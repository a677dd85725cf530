"""Every entry made by hand can be undone: `coach log DATE --undo`, `coach rest DATE --undo`,
`coach cramp delete ID`, and `l` on the History screen (after a confirmation). Sessions the
app recorded are never removed this way."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from coach.cli import main
from coach.context import open_context
from coach.history import log_by_hand
from coach.paths import app_paths
from coach.ui.dialogs.confirm import ConfirmDialog
from coach.ui.screens.history import HistoryScreen
from tests.clocks import FakeClock
from tests.test_record_dates import plant_old_rows


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def sessions(capsys) -> list[dict]:
    code, out, _ = run(capsys, "export", "--format", "json")
    assert code == 0
    return json.loads(out)["sessions"]


def record_a_session(day_text: str) -> None:
    """A session the app recorded (not by hand) on the same day, at noon."""
    context = open_context(app_paths())
    try:
        routine = context.catalog.get("calf-relief")
        started = context.wall_now().replace(hour=12, minute=0, second=0, microsecond=0)
        started = started.replace(
            year=int(day_text[:4]), month=int(day_text[5:7]), day=int(day_text[8:])
        )
        sid = context.store.start_session(
            routine_id=routine.id,
            routine_title=routine.title,
            day=date.fromisoformat(day_text),
            started_at=started,
            planned_seconds=60,
            targets=[1],
        )
        context.store.finish_session(
            sid, status="completed", ended_at=started, active_seconds=60, paused_seconds=0
        )
    finally:
        context.close()


def test_help_names_every_undo(capsys) -> None:
    try:
        main(["--help"])
    except SystemExit:
        pass
    text = " ".join(capsys.readouterr().out.split())
    assert "Undo:" in text
    for words in ("coach log DATE --undo", "coach rest DATE --undo", "coach cramp delete ID"):
        assert words in text


def test_log_undo_removes_hand_entries_and_never_a_recorded_session(capsys) -> None:
    day = (date.today() - timedelta(days=3)).isoformat()
    assert run(capsys, "log", day)[0] == 0
    assert run(capsys, "log", day, "evening-relaxation")[0] == 0
    record_a_session(day)
    assert len(sessions(capsys)) == 3

    code, out, _ = run(capsys, "log", day, "evening-relaxation", "--undo")
    assert code == 0 and "Evening relaxation" in out
    left = {(s["routine_id"], s["entered_by_hand"]) for s in sessions(capsys)}
    assert left == {("daily-prevention", True), ("calf-relief", False)}

    code, out, _ = run(capsys, "log", day, "--undo")
    assert code == 0 and "Removed Daily prevention" in out and "recorded that day stay" in out
    assert [(s["routine_id"], s["entered_by_hand"]) for s in sessions(capsys)] == [
        ("calf-relief", False)
    ]
    code, out, _ = run(capsys, "log", day, "--undo")  # again: nothing left by hand
    assert code == 0 and "nothing changed" in out
    code, out, _ = run(capsys, "log", day, "no\x1b[2Jsuch", "--undo")  # typed text stays text
    assert code == 0 and "\x1b" not in out and "no\\x1b[2Jsuch" in out
    assert len(sessions(capsys)) == 1


def test_undo_says_recorded_sessions_stay_only_when_there_are_some(capsys) -> None:
    day = (date.today() - timedelta(days=4)).isoformat()
    assert run(capsys, "log", day)[0] == 0
    assert run(capsys, "log", day, "calf-relief")[0] == 0
    code, out, _ = run(capsys, "log", day, "calf-relief", "--undo")
    assert code == 0 and "Removed Calf relief" in out and "stay" not in out


def test_a_day_an_older_coach_let_in_can_be_undone(capsys, coach_home: Path) -> None:
    assert run(capsys, "log", "yesterday")[0] == 0
    plant_old_rows(coach_home / "data" / "coach.sqlite3")
    assert run(capsys, "log", "0001-01-01", "--undo")[0] == 0
    assert run(capsys, "rest", "9999-12-31", "--undo")[0] == 0
    days = {s["day"] for s in sessions(capsys)}
    assert "0001-01-01" not in days and "1000-01-01" in days


def test_cramp_delete_by_the_id_the_diary_shows(capsys) -> None:
    for at in ("2026-11-20 03:10", "2026-11-21 03:10"):
        assert run(capsys, "cramp", "log", "--muscle", "calf", "--at", at)[0] == 0
    code, out, _ = run(capsys, "cramp", "list", "--json")
    ids = {c["at"][:16]: c["id"] for c in json.loads(out)}
    code, out, _ = run(capsys, "cramp", "list")
    assert out.splitlines()[0].startswith("ID ")
    first = ids["2026-11-20T03:10"]
    assert any(line.split()[:2] == [str(first), "2026-11-20"] for line in out.splitlines())

    code, out, _ = run(capsys, "cramp", "delete", str(first))
    assert code == 0 and "Fri 20 Nov 2026" in out
    code, out, _ = run(capsys, "cramp", "list", "--json")
    assert [c["id"] for c in json.loads(out)] == [ids["2026-11-21T03:10"]]

    for bad in (str(first), "abc", "-1"):
        code, _, err = run(capsys, "cramp", "delete", "--", bad)
        assert code == 2 and err.startswith("coach: ") and err.count("\n") == 1
    assert len(json.loads(run(capsys, "cramp", "list", "--json")[1])) == 1


async def test_l_on_history_toggles_a_hand_entry_after_asking(coach_home: Path) -> None:
    from coach.ui.make_app import make_app

    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    ctx = app.context
    yesterday = ctx.today() - timedelta(days=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("up", "l")  # log yesterday by hand: no question for adding
        await pilot.pause()
        assert app.screen.days[yesterday].by_hand
        await pilot.press("l")  # again: asks before removing
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and app.screen.days[yesterday].by_hand
        assert len(ctx.store.sessions_between(yesterday, yesterday)) == 1
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("y")  # remove
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert not app.screen.days.get(yesterday) or not app.screen.days[yesterday].by_hand
        assert ctx.store.sessions_between(yesterday, yesterday) == []


def test_unlog_never_removes_a_session_the_app_recorded(coach_home: Path) -> None:
    day = (date.today() - timedelta(days=2)).isoformat()
    record_a_session(day)
    context = open_context(app_paths())
    try:
        store = context.store
        d = date.fromisoformat(day)
        log_by_hand(store, context.catalog, context.config, d, "calf-relief", context.wall_now())
        assert store.remove_hand_entries(d, "calf-relief") == ["Calf relief"]
        assert [s.entered_by_hand for s in store.sessions_between(d, d)] == [False]
        assert store.remove_hand_entries(d) == []
    finally:
        context.close()
