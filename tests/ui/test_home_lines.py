"""Home's own lines: first aid apart from training, and a routine file that did not load."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from coach.ui.screens.cramp import MuscleDialog
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.session import SessionScreen
from tests.clocks import FakeClock
from tests.ui.test_session_flow import SIZE, build


def shown(app, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return str(widget.render()) if widget.display else ""


async def test_first_aid_is_a_line_of_its_own_not_a_routine_to_train(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#routines", DataTable)
        assert "first-aid" not in [key.value for key in table.rows]  # no "Today: not yet"
        assert "Leg cramp right now? Press c" in shown(app, "#first-aid")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, MuscleDialog)  # the cramp flow: the muscle first
        await pilot.press("3")
        await pilot.pause()
        stretch = app.screen
        assert isinstance(stretch, SessionScreen)
        # one stretch for that muscle, no progression text ("3 reps today: ...")
        assert [e.name for e in stretch.routine.exercises] == ["Front of thigh stretch"]
        assert str(stretch.query_one("#why").render()) == ""


async def test_start_first_aid_with_a_muscle_goes_straight_to_its_stretch(
    coach_home: Path,
) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start_cramp="back-thigh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert [e.name for e in app.screen.routine.exercises] == ["Back of thigh stretch"]


async def test_a_routine_file_that_did_not_load_is_named_on_home(coach_home: Path) -> None:
    folder = coach_home / "config" / "routines"
    folder.mkdir(parents=True)
    (folder / "[bold]mine.yaml").write_text("id: mine\ntitle: Mine\nexercises: oops\n")
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = shown(app, "#not-loaded")
        assert line == (
            "A routine file was not loaded ([bold]mine.yaml): "
            "`coach routines list` shows what to fix."
        )  # the file's name as written, never markup


async def test_no_not_loaded_line_when_every_routine_loads(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown(app, "#not-loaded") == ""


def test_home_and_the_cramp_rules_name_the_same_first_aid_routine() -> None:
    from coach import cramps, daily

    assert daily.FIRST_AID_ROUTINE == cramps.FIRST_AID_ROUTINE
