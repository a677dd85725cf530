"""Text is data on every screen: user, routine-file, config and imported text shown as written.

A routine file, a config and stored (imported) sessions full of markup, brackets, emoji, wide
and right-to-left scripts; every screen is walked and each string must appear exactly as it was
written, in what the terminal would show (the screen's rendered lines) or in a toast. Before the
fix closing tags crashed home, History and the cramp log, `[slowly]` vanished and `@click`
titles became links that ran app actions.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets._toast import Toast

from coach.reminders.notify import Note
from coach.ui.in_app_reminders import InAppReminders, ToastNotifier
from coach.ui.make_app import make_app
from coach.ui.screens.cramp import CrampLogScreen
from coach.ui.screens.end import EndScreen
from coach.ui.screens.history import HistoryScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.session import SessionScreen
from coach.ui.screens.settings import SettingsScreen
from tests.clocks import FakeClock
from tests.hostile import (
    MARKUP,
    NOTE,
    REMINDER_ID,
    ROUTINE,
    SCRIPTS,
    SESSION_EXERCISE,
    SESSION_TITLE,
    store_session,
    write_config,
    write_routine,
)
from tests.ui.loads import loaded, wait_for_first_reads
from tests.ui.test_session_flow import advance

# Wide enough that no line wraps: every string can be found whole on the screen.
WIDE = (200, 50)
TITLE = ROUTINE["title"]
EXERCISE = ROUTINE["exercises"][0]
UNFINISHED = "Unfinished [/] 😀 [@click=app.quit]q[/] $title"  # $title: a slot of ours


def build(home: Path, clock: FakeClock):
    write_routine(home)
    write_config(home)
    app = make_app(home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    wait_for_first_reads(app)  # what it reads at start has arrived before the pilot acts
    return app


def shown(app) -> str:
    """What the user sees: the screen's rendered lines, then each toast's whole text (toasts
    are narrow, so their lines wrap)."""
    lines = [strip.text for strip in app.screen._compositor.render_strips()]
    toasts = [toast.render().plain for toast in app.screen.query(Toast)]
    return "\n".join(lines + toasts)


def assert_shown(app, *texts: str) -> None:
    seen = shown(app)
    missing = [t for t in texts if t not in seen]
    assert not missing, f"not shown as written: {missing!r}\n--- screen ---\n{seen}"


async def test_home_shows_titles_banner_and_next_reminder_as_written(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    ctx = app.context
    now = ctx.wall_now()
    store_session(ctx.store, now - timedelta(hours=1))
    ctx.store.start_session(
        routine_id="daily-prevention",
        routine_title=UNFINISHED,
        day=ctx.today(),
        started_at=now - timedelta(minutes=5),
        planned_seconds=60,
        targets=[1],
    )
    app.next_reminder = await InAppReminders(app).next_reminder(now)  # the real lookup
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert_shown(
            app,
            f"your daily routine: {TITLE}",  # the line in bold around it
            f"{TITLE} (daily)",  # the routine table
            f"You have an unfinished {UNFINISHED} from",
            f"· {REMINDER_ID}",
        )
        # The title is no link: clicking it chooses its row and leaves the app running on home.
        routines = app.screen.query_one("#routines", OptionList)
        row = next(n for n, o in enumerate(routines.options) if TITLE in o.prompt.plain)
        assert len(routines.options) > 1
        routines.highlighted = (row + 1) % len(routines.options)  # another row is chosen
        await pilot.click("#routines", offset=(len(TITLE) // 2, row))
        await pilot.click("#today", offset=(40, 0))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert routines.highlighted == row


async def test_each_hostile_string_alone_is_a_title_home_shows_as_written(
    coach_home: Path,
) -> None:
    folder = coach_home / "config" / "routines"
    folder.mkdir(parents=True)
    titles = [*MARKUP, *SCRIPTS]
    for n, title in enumerate(titles):
        routine = {**ROUTINE, "id": f"hostile-{n}", "title": title}
        (folder / f"h{n}.yaml").write_text(yaml.safe_dump(routine, allow_unicode=True))
    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        routines = app.screen.query_one("#routines", OptionList)
        for row, item in enumerate(app.screen.state.routines):
            routines.highlighted = row  # scrolled into view
            await pilot.pause()
            if item.routine.title in titles:
                titles.remove(item.routine.title)
                lines = [line.strip() for line in shown(app).splitlines()]
                assert any(line.startswith(f"{item.routine.title}  ") for line in lines)
        assert titles == []  # every one was loaded and shown


async def test_history_day_detail_and_its_toast_show_imported_text(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    store_session(app.context.store, app.context.wall_now() - timedelta(hours=1))
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.press("h")
        await loaded(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert_shown(app, f"  {SESSION_TITLE} (", f"    {SESSION_EXERCISE}: 1 of 1 rep")
        await pilot.press("left", "l")  # a week back: log the daily routine by hand
        await pilot.pause()
        assert_shown(app, f"Logged {TITLE} for ")


async def test_settings_table_select_and_messages_show_text_as_written(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#reminders", DataTable).move_cursor(row=1)
        await pilot.pause()
        assert_shown(app, REMINDER_ID, TITLE)  # the reminders table
        chooser = app.screen.query_one("#routine Static#label", Static)  # it wraps: read it whole
        assert chooser.render().plain == TITLE
        at = app.screen.query_one("#at", Input)
        at.value = "[/b]"
        at.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert_shown(app, "“[/b]” is not a time")


async def test_session_and_end_screens_show_the_routine_as_written(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("d")
        await loaded(pilot)
        assert isinstance(app.screen, SessionScreen)
        first, second = EXERCISE["phases"]
        assert_shown(
            app,
            TITLE,
            EXERCISE["name"],
            f"Position: {EXERCISE['position']}",
            EXERCISE["instructions"],
            first["cue"].upper(),
            f"Next: {second['cue']} (1 s)",
            *ROUTINE["notes"],  # no set-up step: the notes share the first rep with the text
        )
        await advance(pilot, clock, 3, step=1)
        assert isinstance(app.screen, EndScreen)
        assert_shown(app, TITLE, f"✓ {EXERCISE['name']}: 1 of 1 rep")


async def test_in_app_reminder_toast_shows_the_title_as_written(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        note = Note("reminder", "k", "daily-prevention", TITLE, "Time for [b]your[/b] legs.")
        await ToastNotifier(app).notify(note)
        await pilot.pause()
        assert_shown(app, TITLE, "Time for [b]your[/b] legs.")


async def test_a_closing_tag_typed_in_the_cramp_log_is_an_answer_not_a_crash(
    coach_home: Path,
) -> None:
    """Before: `[/]` in Severity or Minutes crashed the app and the cramp was lost."""
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.press("c", "1")
        await pilot.pause()
        await advance(pilot, clock, app.screen.engine.planned_seconds() + 1, step=30)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CrampLogScreen)
        severity = app.screen.query_one("#severity", Input)
        minutes = app.screen.query_one("#minutes", Input)
        note = app.screen.query_one("#note", Input)
        for field, typed in ((severity, "[/]"), (minutes, "[/b]")):
            field.value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, CrampLogScreen)
            assert_shown(app, "Not saved: ", f"not `{typed}`")
            field.value = ""
        severity.value, minutes.value, note.value = "5", "2", NOTE
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert_shown(app, "Logged a calf cramp (severity 5/10, 2 minutes)")
    (cramp,) = app.context.store.cramps()
    assert (cramp.severity, cramp.minutes, cramp.note) == (5, 2.0, NOTE)


async def test_a_routine_refused_for_a_control_character_is_named_on_screen(
    coach_home: Path,
) -> None:
    """The loader refuses it; the app says which file, line and field instead of hiding it."""
    clock = FakeClock()
    write_config(coach_home)
    path = write_routine(coach_home, {**ROUTINE, "title": "\x1b]0;owned\x07 Calves"})
    line = path.read_text().splitlines().index('title: "\\e]0;owned\\a Calves"') + 1
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert_shown(
            app,
            "Routine not loaded",
            f"{path}:{line}:8: title: the text holds a control character (\\u001b)",
        )
        assert TITLE not in shown(app)


async def test_a_long_routine_title_is_cut_with_a_sign_not_run_into_the_exercise_count(
    coach_home: Path,
) -> None:
    """80x24: a title longer than its share of the top line ended in mid-word and ran straight
    into "Exercise 1 of 1" (`…$(rm -rfExercise 1 of 1`)."""
    from dataclasses import replace

    from tests.clocks import FakeClock
    from tests.ui.test_session_flow import build, tiny_routine

    title = "[bold red]Mine[/] [link=http://x]click[/link] $(rm -rf ~) and a long tail"
    app = build(coach_home, FakeClock(), start=replace(tiny_routine(), title=title))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = app.screen.query_one("#routine-title").render_line(0).text.rstrip()
        where = app.screen.query_one("#where").render_line(0).text
        assert shown.endswith("…"), shown
        assert shown[:-1] in title  # the title as written, up to the cut
        assert where.startswith("Exercise 1 of 3")
