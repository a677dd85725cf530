"""History screen: heat map, streak panel, rates, day detail, and the rest/log keys."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from benchmarks.make_history import generate
from coach.adherence import DayStatus
from coach.cramps import new_cramp
from coach.ui.make_app import make_app
from coach.ui.screens.history import HistoryScreen
from coach.ui.widgets.heatmap import HeatMap
from tests.clocks import FakeClock
from tests.ui.loads import loaded, wait_for_first_reads

SIZE = (80, 24)


def app_with_a_year(home: Path):
    clock = FakeClock()
    app = make_app(home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    wait_for_first_reads(app)  # what it reads at start has arrived before the pilot acts
    ctx = app.context
    daily = ctx.catalog.get("daily-prevention")
    extra = ctx.catalog.get("calf-relief")
    sessions, rests = generate(daily, extra, ctx.today(), years=1, seed=7, day_starts_at=4)
    ctx.store.merge(sessions, rests)
    now = ctx.wall_now()
    for days_back, muscle in (
        (2, "calf"),
        (9, "calf"),
        (10, "foot"),
        (23, "calf"),
        (24, "calf"),
        (25, "back-thigh"),
        (40, "calf"),
    ):
        at = (now - timedelta(days=days_back)).replace(hour=3, minute=10)
        cramp = new_cramp(muscle=muscle, now=now, day_starts_at=4, at=at, minutes=2)
        ctx.store.add_cramp(cramp)
    return app


def detail(app) -> str:
    return str(app.screen.query_one("#day-detail").render())


def test_history_snapshot_with_a_fixed_year(snap_compare, coach_home: Path) -> None:
    assert snap_compare(app_with_a_year(coach_home), press=["h"], terminal_size=SIZE)


async def test_moving_over_days_shows_their_sessions(coach_home: Path) -> None:
    app = app_with_a_year(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await loaded(pilot)
        assert isinstance(app.screen, HistoryScreen)
        heatmap = app.screen.query_one(HeatMap)
        assert heatmap.selected == date(2026, 11, 25)
        assert "Wednesday 25 November 2026" in detail(app)
        await pilot.press("left", "up")  # a week back, then one day earlier
        assert heatmap.selected == date(2026, 11, 17)
        text = detail(app)
        assert "Tuesday 17 November 2026" in text
        sessions = app.context.store.sessions_between(date(2026, 11, 17), date(2026, 11, 17))
        assert sessions
        for session in sessions:
            assert session.routine_title in text
        panel = str(app.screen.query_one("#cramp-panel").render())
        assert "cramps" in panel and "this week" in panel
        comparison = str(app.screen.query_one("#cramp-comparison").render())
        assert "cramps a week" in comparison or "compare" in comparison
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)


async def test_rest_key_marks_and_unmarks_within_the_rule(coach_home: Path) -> None:
    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("h")
        await loaded(pilot)
        screen = app.screen
        await pilot.press("r")  # today
        await loaded(pilot)
        assert screen.days[date(2026, 11, 25)].status is DayStatus.REST
        await pilot.press("up", "r")  # yesterday: a second rest in 7 days is refused
        await pilot.pause()
        assert date(2026, 11, 24) not in {r.day for r in app.context.store.rest_days()}
        messages = [n.message for n in app._notifications]
        assert any("already have a rest day" in m for m in messages)
        await pilot.press("down", "r")  # today again: unmark
        await pilot.pause()
        assert app.context.store.rest_days() == []


async def test_log_key_records_a_past_day_by_hand(coach_home: Path) -> None:
    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await loaded(pilot)
        await pilot.press("up", "l")
        await pilot.pause()
        yesterday = app.screen.days[date(2026, 11, 25) - timedelta(days=1)]
        assert yesterday.status is DayStatus.DONE and yesterday.by_hand
        assert "entered by hand" in detail(app)


def test_history_snapshot_with_a_day_selected(snap_compare, coach_home: Path) -> None:
    """80x24: the selected day's sessions show in a panel that scrolls and says so (#12, 1)."""
    assert snap_compare(app_with_a_year(coach_home), press=["h", "up"], terminal_size=SIZE)


async def test_a_long_day_scrolls_with_page_down_at_80x24(coach_home: Path) -> None:
    app = app_with_a_year(coach_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "up")
        await pilot.pause()
        await pilot.pause()
        box = app.screen.query_one("#day-box")
        assert box.max_scroll_y > 0
        assert "PgDn" in str(box.border_subtitle)
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert box.scroll_y == 0


async def test_a_doctor_note_leaves_room_for_the_day_at_80x24(coach_home: Path) -> None:
    """Frequent cramps add a see-a-doctor note under the map: the day's panel keeps its rows,
    and the note, when longer than its panel, says how to read on (tab, then the arrows)."""
    from tests.ui.test_snapshots import frozen_app, unfinished_and_frequent_cramps

    app = frozen_app(coach_home)
    unfinished_and_frequent_cramps(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "up")
        await pilot.pause()
        await pilot.pause()
        day = app.screen.query_one("#day-box")
        assert day.region.height >= 5 and day.region.bottom <= SIZE[1] - 1  # above the footer
        assert "Tuesday 24 November 2026" in detail(app)
        note = app.screen.query_one("#cramp-box")
        assert "see a doctor" in str(app.screen.query_one("#cramp-comparison").render())
        assert note.max_scroll_y > 0 and "tab" in str(note.border_subtitle)
        await pilot.press("tab", "end")
        await pilot.pause()
        assert app.focused is note and note.scroll_y == note.max_scroll_y


async def test_a_days_cramps_are_in_its_panel_even_before_the_first_session(
    coach_home: Path,
) -> None:
    """A cramp logged on a day read "Before your first session: nothing recorded." and a day
    with sessions never named its cramps: the day panel lists them, notes as written."""
    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    ctx = app.context
    now = ctx.wall_now()
    at = (now - timedelta(days=1)).replace(hour=23, minute=10)
    note = "[bold]woke me[/] $(x)"
    ctx.store.add_cramp(
        new_cramp(muscle="calf", now=now, day_starts_at=4, at=at, side="left", note=note)
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await loaded(pilot)
        await pilot.press("up")  # yesterday
        await pilot.pause()
        text = detail(app)
        assert "nothing recorded" not in text
        assert "Cramps:" in text
        assert "23:10 a calf cramp (left), at night" in text
        assert note in text  # as written, not as markup
