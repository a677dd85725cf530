"""A damaged database never stops the app: it starts fresh and says so in a toast."""

from __future__ import annotations

from pathlib import Path

from coach.ui.make_app import make_app
from coach.ui.screens.home import HomeScreen
from tests.clocks import FakeClock


async def test_damaged_database_is_set_aside_and_the_app_says_so(coach_home: Path) -> None:
    data = coach_home / "data"
    data.mkdir(parents=True)
    (data / "coach.sqlite3").write_bytes(b"this is not a database" * 100)
    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        messages = " ".join(n.message for n in app._notifications)
        assert "damaged" in messages or "set aside" in messages
    kept = [p.name for p in data.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1
    assert (data / kept[0]).read_bytes() == b"this is not a database" * 100
