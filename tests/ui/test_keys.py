"""Keys that teach themselves: ? and F1, the command palette, footers that tell the truth,
ctrl+q that asks in a session, the first-run note's keys, and choices kept across restarts."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList

from coach.config import load_config
from coach.speech import NO_SPEECH, Speaker
from coach.ui.dialogs.confirm import ConfirmDialog
from coach.ui.dialogs.keys import KeysScreen
from coach.ui.dialogs.safety import SafetyNoteDialog
from coach.ui.make_app import make_app
from coach.ui.screens.cramp import CrampLogScreen, MuscleDialog
from coach.ui.screens.end import EndScreen
from coach.ui.screens.history import HistoryScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.session import SessionScreen
from coach.ui.screens.settings import SettingsScreen
from coach.ui.widgets.footer import CoachFooter
from tests.clocks import FakeClock
from tests.ui.loads import loaded
from tests.ui.test_session_flow import RecordingSpeaker, advance, build, tiny_routine

SIZE = (80, 24)


def shown_footer(app) -> list[tuple[str, str]]:
    """(key, words) as the footer at the bottom of the screen in front shows them (the keys of
    a group, like `+-`, each with no words of their own)."""
    footers = app.screen.query(CoachFooter)
    assert footers, f"{type(app.screen).__name__} has no footer of its own"
    return [
        (key.key, item.description if len(item.keys) == 1 else "")
        for item in footers.first().items()
        for key in item.keys
    ]


def in_session(home: Path, **kwargs):
    """The app straight into a short session (as `coach start`), on a fake clock."""
    return build(home, FakeClock(), start=tiny_routine(), **kwargs)


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def help_rows(app) -> dict[str, str]:
    assert isinstance(app.screen, KeysScreen)
    return dict(app.screen.keys)


async def open_help(pilot, key: str = "question_mark") -> dict[str, str]:
    await pilot.press(key)
    await pilot.pause()
    rows = help_rows(pilot.app)
    await pilot.press("escape")
    await pilot.pause()
    return rows


# -- ? and F1 ------------------------------------------------------------------------------------


async def test_question_mark_and_f1_list_each_screens_own_keys(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = await open_help(pilot)
        assert home["enter"] == "Start the routine chosen in the list."
        assert home["t"].startswith("Switch between light and dark")
        assert "r" not in home  # no unfinished session: resume does nothing now
        assert home["ctrl+p"].startswith("Type to find a command")
        assert home["up, down"] == "Choose a routine in the list."
        assert await open_help(pilot, "f1") == home
        assert isinstance(app.screen, HomeScreen)

        await pilot.press("h")
        await loaded(pilot)
        history = await open_help(pilot)
        assert history["r"].startswith("Mark the chosen day as a planned rest day")
        assert history["esc, h"] == "Back to home."
        await pilot.press("escape", "s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        settings = await open_help(pilot, "f1")
        assert settings["ctrl+s"].startswith("Save these settings")
        assert "enter" not in settings  # home's keys are not listed behind it


async def test_help_in_a_session_stops_the_clock_and_lists_its_keys(coach_home: Path) -> None:
    app = in_session(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        engine = app.screen.engine
        await press(pilot, "question_mark")
        rows = help_rows(app)
        assert rows["space"] == "Stop the clock; nothing is lost, and space carries on."
        assert rows["n"] == "Leave this exercise and go to the next one."
        assert rows["+, ="].startswith("One more repetition")
        assert engine.state == "paused"  # reading the keys costs no rep
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and engine.state == "running"


async def test_a_dialog_lists_and_shows_its_own_keys_not_the_screens_behind(
    coach_home: Path,
) -> None:
    app = in_session(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "q")
        assert isinstance(app.screen, ConfirmDialog)
        assert shown_footer(app) == [("y", "End"), ("n", "Keep going"), ("question_mark", "Keys")]
        rows = await open_help(pilot)
        assert rows == {
            "y": "End.",
            "n, esc": "Keep going.",
            "?, F1": "This list: the keys of the screen you are on (F1 too).",
        }
        await pilot.press("c")  # a session key behind the dialog does nothing here
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.engine.state == "running"


async def test_cramp_dialog_and_log_have_their_own_keys(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, MuscleDialog)
        assert shown_footer(app) == [("escape", "Not now"), ("question_mark", "Keys")]
        rows = await open_help(pilot)
        assert rows["1"] == "The calf." and rows["esc"] == "Close this question and go back."
        await pilot.press("1")
        await pilot.pause()
        await advance(pilot, clock, app.screen.engine.planned_seconds() + 1, step=5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CrampLogScreen)
        rows = await open_help(pilot, "f1")  # a text field has the focus: F1 still works
        assert rows["enter"].startswith("Save the cramp in your diary")


# -- the footer tells the truth ------------------------------------------------------------------


async def test_footer_says_resume_while_paused(coach_home: Path) -> None:
    app = in_session(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert ("space", "Pause") in shown_footer(app)
        await pilot.press("space")
        await pilot.pause()
        assert app.screen.engine.state == "paused"
        assert ("space", "Resume") in shown_footer(app)
        assert ("space", "Pause") not in shown_footer(app)
        await pilot.press("space")
        await pilot.pause()
        assert app.screen.engine.state == "running"
        assert ("space", "Pause") in shown_footer(app)


# -- ctrl+q ----------------------------------------------------------------------------------------


async def session_row_saved(pilot) -> None:
    """Until the session's row is on disk (the app's writer thread): only then is there a
    session to leave unfinished, and ctrl+q asks first. A busy machine can take a moment."""
    import time

    deadline = time.monotonic() + 10
    while not pilot.app.screen.in_progress and time.monotonic() < deadline:
        await pilot.pause(0.01)
    assert pilot.app.screen.in_progress


async def test_ctrl_q_in_a_session_asks_first(coach_home: Path) -> None:
    app = in_session(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await session_row_saved(pilot)
        engine = app.screen.engine
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmDialog)
        assert app.is_running and engine.state == "paused"
        assert shown_footer(app)[:2] == [("y", "Quit"), ("n", "Keep going")]
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and engine.state == "running"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    assert engine.state == "paused"  # left unfinished: home offers to resume it


async def test_ctrl_q_on_home_quits_at_once(coach_home: Path) -> None:
    app = build(coach_home, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


# -- the command palette ---------------------------------------------------------------------------


async def run_command(pilot, typed: str) -> None:
    """ctrl+p, type, enter: as a user runs a command from the palette."""
    await press(pilot, "ctrl+p")
    await pilot.press(*typed)
    await pilot.pause(0.5)  # the palette searches in the background
    await pilot.press("enter")
    await pilot.pause(0.3)


def command_titles(app) -> list[str]:
    from coach.ui.commands import RoutineCommands

    starts = RoutineCommands(app.screen).commands()
    return [c.title for c in app.get_system_commands(app.screen)] + [t for t, _, _ in starts]


async def test_palette_offers_the_apps_commands_and_runs_them(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = command_titles(app)
        for routine in app.context.catalog:
            assert f"Start {routine.title}" in titles
        for title in ("History", "Cramp now", "Rest day today", "Settings", "Light or dark"):
            assert title in titles
        await run_command(pilot, "history")
        assert isinstance(app.screen, HistoryScreen)
        titles = command_titles(app)  # on History: no History to open, the rest as on home
        assert "History" not in titles and "Settings" in titles and "Start Calf relief" in titles
        await run_command(pilot, "start calf")
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "calf-relief"
        # In a session: nothing that would leave it behind a new screen.
        titles = command_titles(app)
        assert not [t for t in titles if t.startswith("Start ")] and "History" not in titles
        assert "Cramp now" in titles and "Quit" in titles


async def test_palette_shows_a_routine_title_as_written(coach_home: Path) -> None:
    routines = coach_home / "config" / "routines"
    routines.mkdir(parents=True)
    title = "[b]Bold[/b] [@click=app.quit]Q[/] [/x]"
    (routines / "odd.yaml").write_text(
        f"id: odd\ntitle: '{title}'\npurpose: p\naudience: a\nexercises:\n"
        "  - {name: One, position: Seated., instructions: Do it., reps_min: 1, reps_max: 1,\n"
        "     phases: [{cue: Lift, seconds: 1}], source: test}\n"
    )
    app = build(coach_home, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "ctrl+p")
        await pilot.press(*"bold")
        await pilot.pause(0.5)
        shown = app.screen.query_one(CommandList).get_option_at_index(0).prompt
        assert shown.plain.startswith(f"Start {title}\n")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, SessionScreen) and app.screen.routine.id == "odd"


async def test_palette_rest_day_today_marks_it(coach_home: Path) -> None:
    app = build(coach_home, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rest = next(c for c in app.get_system_commands(app.screen) if c.title == "Rest day today")
        rest.callback()
        await app.write_worker.wait()  # on the app's writer thread, not the screen's
        await pilot.pause()
        ctx = app.context
        assert [r.day for r in ctx.store.rest_days(ctx.today(), ctx.today())] == [ctx.today()]


# -- the first-run note ------------------------------------------------------------------------


def first_run_app(home: Path):
    clock = FakeClock()
    return make_app(home, clock=clock, wall_now=clock.wall_now, reminders=False)


async def test_first_run_note_escape_closes_it_for_now_and_it_comes_back(
    coach_home: Path,
) -> None:
    app = first_run_app(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyNoteDialog)
        assert shown_footer(app) == [
            ("ctrl+s", "Save and start"),
            ("escape", "Not now"),
            ("question_mark", "Keys"),
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert not load_config(app.context.paths.config_file).profile_chosen
    again = first_run_app(coach_home)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, SafetyNoteDialog)  # asked again next time


async def test_first_run_note_enter_on_the_button_saves(coach_home: Path) -> None:
    app = first_run_app(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # active
        await pilot.press("tab", "tab")
        assert app.focused.id == "ok"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    config = load_config(app.context.paths.config_file)
    assert config.profile_chosen and config.profile.activity == "active"


# -- choices kept across restarts -------------------------------------------------------------


async def wait_saved(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_light_dark_is_kept_across_restarts(coach_home: Path) -> None:
    app = build(coach_home, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await pilot.press("t")
        await wait_saved(app, pilot)
        assert app.theme == "textual-light"
    assert load_config(app.context.paths.config_file).theme == "textual-light"
    again = build(coach_home, FakeClock())
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_bell_and_voice_choices_are_kept_across_restarts(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine(), speaker=RecordingSpeaker())
    path = app.context.paths.config_file
    text_before = path.read_text()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await wait_saved(app, pilot)
        await pilot.press("v")
        await wait_saved(app, pilot)
    config = load_config(path)
    assert (config.sound, config.speech) == (False, True)
    # Only those two lines changed; the comments and the rest are as they were.
    changed = set(path.read_text().splitlines()) ^ set(text_before.splitlines())
    assert changed == {"sound: true", "sound: false", "speech: false", "speech: true"}
    again = build(coach_home, clock, start=tiny_routine(), speaker=RecordingSpeaker())
    assert (again.context.sound, again.context.speech) == (False, True)


async def test_speech_wanted_without_a_program_is_said_once(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine(), speaker=Speaker(None))
    app.context.speech = True  # `coach start --speak`, or `speech: true` in config.yaml
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 4)  # several phases begin
        messages = [n.message for n in app._notifications]
        assert messages.count(NO_SPEECH) == 0  # in a session: under the countdown, not over it
        assert str(app.screen.query_one("#status").render()) == NO_SPEECH


async def test_end_screen_lists_its_keys(coach_home: Path) -> None:
    app = in_session(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        rows = await open_help(pilot)
        assert rows["enter, h"] == "Back to today's plan."


def test_keys_of_home_snapshot(snap_compare, coach_home: Path) -> None:
    """What ? shows on home at 80x24: every key with its sentence, and a footer of its own."""
    app = build(coach_home, FakeClock())
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE)


# -- a narrow terminal ---------------------------------------------------------------------------


async def help_key_is_in_sight(pilot) -> bool:
    """`? Keys` is drawn whole inside the terminal (a footer too long for it cuts its end)."""
    app = pilot.app
    await pilot.pause()
    footer = app.screen.query_one(CoachFooter)
    line = footer.render_line(0).text  # the footer's row, as drawn
    return footer.region.right <= app.size.width and line.rstrip().endswith("? Keys")


async def test_a_footer_cut_by_a_narrow_terminal_keeps_the_key_that_lists_the_rest(
    coach_home: Path,
) -> None:
    """At 60x20 the session's footer has more keys than columns: `?` still shows, at the right."""
    app = in_session(coach_home)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert await help_key_is_in_sight(pilot)
        await press(pilot, "question_mark")
        assert "space" in help_rows(app)  # and it lists the keys the footer had no room for
    app = build(coach_home, FakeClock())
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.pause()
        await press(pilot, "h")
        assert isinstance(app.screen, HistoryScreen)
        assert await help_key_is_in_sight(pilot)


async def test_a_click_on_a_footer_key_presses_it(coach_home: Path) -> None:
    """The footer's keys answer the mouse too: a click on `h History` (its key or its words)
    opens History, a click on `? Keys` at the right edge lists the keys."""
    app = build(coach_home, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one(CoachFooter).render_line(0).text
        await pilot.click(CoachFooter, offset=(line.index("History") + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        line = app.screen.query_one(CoachFooter).render_line(0).text
        await pilot.click(CoachFooter, offset=(line.rindex("?"), 0))
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
