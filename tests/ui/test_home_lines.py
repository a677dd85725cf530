"""Home's own lines: first aid apart from training, and a routine file that did not load."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from coach.ui.screens.cramp import MuscleDialog
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.session import SessionScreen
from tests.clocks import FakeClock
from tests.ui.loads import loaded
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
        routines = app.screen.query_one("#routines", OptionList)
        assert "first-aid" not in [o.id for o in routines.options]  # no "Today: not yet"
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
        # the file's name as written, never markup
        assert line == "1 routine file not loaded ([bold]mine.yaml): see `coach routines list`"


async def test_no_not_loaded_line_when_every_routine_loads(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown(app, "#not-loaded") == ""


def test_home_and_the_cramp_rules_name_the_same_first_aid_routine() -> None:
    from coach import cramps, home

    assert home.FIRST_AID_ROUTINE == cramps.FIRST_AID_ROUTINE


async def test_preview_shows_a_routine_before_it_starts_and_enter_starts_it(
    coach_home: Path,
) -> None:
    from coach.ui.screens.preview import PreviewScreen

    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one("CoachFooter")
        assert "p Preview" in footer.render_line(0).text
        await pilot.press("p")  # the daily routine is selected first
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        assert (
            app.context.store.sessions_between(clock.wall_now().date(), clock.wall_now().date())
            == []
        )
        texts = [str(w.render()) for w in screen.query("Static")]
        whole = "\n".join(texts)
        assert texts[0] == "Daily prevention"
        assert "For: People who sit for much of the day" in whole
        assert "Before you start" in texts
        assert "If you are pregnant, check with your doctor or midwife" in whole
        assert "march on the spot" in whole  # the untimed marching step at the end
        assert "1. Roll from the outer edge of the foot: 5 reps today, 1 min" in texts
        assert "Position: Standing behind a chair, both hands resting on its back" in whole
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("down", "p")
        await pilot.pause()
        assert app.screen.routine.id == "calf-relief"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "calf-relief"


async def test_a_session_shows_its_notes_during_the_first_set_up_only(coach_home: Path) -> None:
    from coach.engine import StepKind
    from tests.ui.test_session_flow import advance, daily_session

    async with daily_session(coach_home) as (clock, app, pilot):
        screen = app.screen
        notes = screen.query_one("#notes")
        assert screen.engine.current.kind is StepKind.SETUP
        assert notes.display and not screen.query_one("#instructions").display
        text = str(screen.query_one("#notes-text").render())
        assert text.startswith("Before you start")
        assert "If you are pregnant" in text and "march on the spot" in text
        await advance(pilot, clock, 16, step=4)  # past the set-up: the first rep
        assert screen.engine.current.kind is StepKind.PHASE
        assert not notes.display and screen.query_one("#instructions").display


async def test_a_click_chooses_a_routine_and_a_click_on_the_chosen_one_starts_it(
    coach_home: Path,
) -> None:
    from coach.ui.screens.session import SessionScreen

    app = build(coach_home, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        routines = app.screen.query_one("#routines", OptionList)
        assert routines.highlighted == 0
        await pilot.click("#routines", offset=(4, 1))  # the second routine's row
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and routines.highlighted == 1
        await pilot.click("#routines", offset=(4, 1))
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == app.context.catalog.get(routines.options[1].id).id
