"""Settings: reminder times and days are validated and saved into config.yaml, comments kept."""

from __future__ import annotations

from pathlib import Path

from coach.config import load_config
from coach.ui.make_app import make_app
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.settings import SettingsScreen
from tests.clocks import FakeClock

SIZE = (80, 24)


def build(home: Path):
    clock = FakeClock()
    app = make_app(home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    return app


async def open_settings(app, pilot) -> SettingsScreen:
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def test_change_a_reminder_time_and_days_then_save(coach_home: Path) -> None:
    app = build(coach_home)
    config_file = app.context.paths.config_file
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one("#at").value = "7:30"
        screen.query_one("#day-sat").value = False
        screen.query_one("#day-sun").value = False
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    saved = load_config(config_file)
    (reminder,) = saved.active_reminders
    assert (reminder.routine, reminder.at) == ("daily-prevention", "07:30")
    assert reminder.days == ("mon", "tue", "wed", "thu", "fri")
    assert "# Your day starts at this hour" in config_file.read_text()  # comments kept
    assert app.context.config.active_reminders == saved.active_reminders


async def test_a_bad_time_is_refused_and_nothing_is_written(coach_home: Path) -> None:
    app = build(coach_home)
    config_file = app.context.paths.config_file
    before = config_file.read_text()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one("#at").value = "25:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        message = str(screen.query_one("#settings-message").render())
        assert "not a time" in message and "HH:MM" in message
    assert config_file.read_text() == before


async def test_add_and_remove_reminders_and_switch_profile(coach_home: Path) -> None:
    app = build(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen.query_one("#at").value = "20:15"
        await pilot.pause()
        screen._apply_editor()
        assert [r.at for r in screen._reminders] == ["09:00", "20:15"]
        screen.query_one("#reminders").move_cursor(row=0)
        await pilot.pause()
        await pilot.press("ctrl+d")
        assert [r.at for r in screen._reminders] == ["20:15"]
        screen.query_one("#activity").query("RadioButton").last().value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "your daily routine: Evening relaxation" in str(
            app.screen.query_one("#today").render()
        )
    saved = load_config(app.context.paths.config_file)
    assert saved.profile.activity == "active" and [r.at for r in saved.active_reminders] == [
        "20:15"
    ]


async def test_first_run_asks_for_a_profile_once_and_saves_it(coach_home: Path) -> None:
    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    assert app.first_run  # no profile in config.yaml yet
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Before you start" in str(app.screen.query_one("#safety-title").render())
        app.screen.query_one("#first-activity").query("RadioButton").last().value = True
        app.screen.query_one("#first-pregnant").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    saved = load_config(app.context.paths.config_file)
    assert saved.profile_chosen and saved.profile.activity == "active" and saved.profile.pregnant
    again = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    assert not again.first_run


async def test_a_reminder_for_a_routine_not_loaded_keeps_its_routine(coach_home: Path) -> None:
    """Before: opening Settings pointed it at the first routine in the list, and saving kept
    that, though the docs promise such a reminder waits for its routine file to be fixed."""
    config_file = coach_home / "config" / "config.yaml"
    config_file.parent.mkdir(parents=True)
    config_file.write_text(
        'reminders:\n  - {routine: my-own, at: "07:00"}\n  - {routine: calf-relief, at: "20:00"}\n'
    )
    app = build(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        assert screen.query_one("#routine").value == "my-own"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    routines = [r.routine for r in load_config(config_file).active_reminders]
    assert routines == ["my-own", "calf-relief"]


async def test_a_reminder_for_a_routine_not_loaded_is_shown_and_kept(coach_home: Path) -> None:
    """Opening Settings and pressing ctrl+s used to turn it into another routine."""
    from tests.test_config_writer import HAND_WRITTEN

    app = build(coach_home)
    config_file = app.context.paths.config_file
    config_file.write_text(HAND_WRITTEN)
    app.context.config = load_config(config_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        table = screen.query_one("#reminders")
        shown = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert shown[:2] == [
            "my-routine #2 (routine not found)",
            "not-written-yet (routine not found)",
        ]
        table.focus()
        await pilot.press("down")  # select the missing one: its editor shows it as it is
        await pilot.pause()
        assert screen.query_one("#routine").value == "not-written-yet"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert config_file.read_text() == HAND_WRITTEN
    assert [r.routine for r in app.context.config.reminders] == [
        "my-routine #2",
        "not-written-yet",
        "daily-prevention",
    ]


async def test_at_60x20_every_choice_is_whole_on_screen_or_scrolls_into_view(
    coach_home: Path,
) -> None:
    """#12 point 1: at 60 columns "pregnant" and "Sun" were cut at the right edge, no sign."""
    from textual.widgets import Checkbox, RadioButton

    app = build(coach_home)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_settings(app, pilot)
        choices = list(screen.query(Checkbox)) + list(screen.query(RadioButton))
        assert len(choices) >= 11  # profile (3), sounds (2), the seven days
        for choice in choices:
            choice.scroll_visible(animate=False, immediate=True)
            await pilot.pause()
            region = choice.region
            label = str(choice.label)
            assert region.width > 0 and region.right <= 60, f"{label!r} cut: {region}"
            assert 0 < region.y < 20 - 4, f"{label!r} hidden under the buttons: {region}"
