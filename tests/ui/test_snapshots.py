"""Snapshots of home and session at 80x24 (the session also at 120x40 and 60x20), frozen clocks.

Renew with `pytest --snapshot-update`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from coach.cramps import new_cramp
from coach.ui.make_app import make_app
from tests.clocks import FakeClock
from tests.ui.seed import seed_days, unfinished

SIZE = (80, 24)


def frozen_app(home: Path, **kwargs):
    clock = FakeClock()
    app = make_app(home, clock=clock, wall_now=clock.wall_now, reminders=False, **kwargs)
    app.first_run = False
    return app


def test_home_snapshot(snap_compare, coach_home: Path) -> None:
    app = frozen_app(coach_home)
    ctx = app.context
    daily = ctx.catalog.get("daily-prevention")
    seed_days(ctx.store, daily, ctx.wall_now(), {1: "done", 2: "done", 3: "partial", 5: "done"})
    assert snap_compare(app, terminal_size=SIZE)


def test_session_snapshot(snap_compare, coach_home: Path) -> None:
    app = frozen_app(coach_home)
    routine = app.context.catalog.get("daily-prevention")
    app.start_with = routine
    assert snap_compare(app, terminal_size=SIZE)


def test_first_run_safety_note_snapshot(snap_compare, coach_home: Path) -> None:
    app = frozen_app(coach_home)
    app.first_run = True
    assert snap_compare(app, terminal_size=SIZE)


def test_session_snapshot_light_theme(snap_compare, coach_home: Path) -> None:
    app = frozen_app(coach_home)
    app.start_with = app.context.catalog.get("calf-relief")

    async def light(pilot) -> None:
        app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=light)


def test_session_snapshot_after_resize_to_100x30(snap_compare, coach_home: Path) -> None:
    app = frozen_app(coach_home)
    app.start_with = app.context.catalog.get("calf-relief")

    async def resize(pilot) -> None:
        await app.workers.wait_for_complete()  # the session is in front (its targets read)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=resize)


def unfinished_and_frequent_cramps(app) -> None:
    """A session killed after its first exercise today, and ten night cramps over two weeks:
    home then offers to resume and shows the see-a-doctor note (issue #12, point 1)."""
    ctx = app.context
    daily = ctx.catalog.get("daily-prevention")
    now = ctx.wall_now()
    seed_days(ctx.store, daily, now, {1: "done", 2: "done", 3: "partial", 5: "done"})
    unfinished(ctx.store, daily, now - timedelta(minutes=20), exercises_done=1)
    nights = [(1, 5), (2, 5), (1, 23), (2, 23)] + [(back, 23) for back in range(3, 9)]
    for days_back, hour in nights:  # 4 this week, 6 the week before
        at = (now - timedelta(days=days_back)).replace(hour=hour, minute=10)
        ctx.store.add_cramp(new_cramp(muscle="calf", now=now, day_starts_at=4, at=at, minutes=2))


def test_home_snapshot_with_resume_offer_and_doctor_note(snap_compare, coach_home: Path) -> None:
    """80x24 is the floor: the offer, the note, the 7-day strip and the whole footer all show."""
    app = frozen_app(coach_home)
    unfinished_and_frequent_cramps(app)
    assert snap_compare(app, terminal_size=SIZE)


def test_session_snapshot_at_120x40_grows_the_countdown(snap_compare, coach_home: Path) -> None:
    app = frozen_app(coach_home)
    app.start_with = app.context.catalog.get("daily-prevention")
    assert snap_compare(app, terminal_size=(120, 40))


def test_session_snapshot_at_60x20(snap_compare, coach_home: Path) -> None:
    app = frozen_app(coach_home)
    app.start_with = app.context.catalog.get("daily-prevention")
    assert snap_compare(app, terminal_size=(60, 20))
