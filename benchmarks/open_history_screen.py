"""Print how long the History screen takes to open and paint, in ms (one headless app run).

Used by bench_history.py: the app starts on home, then the clock runs from pressing `h` until
the history screen has been painted once.
"""

from __future__ import annotations

import sys
import time

from coach.ui.make_app import make_app
from coach.ui.screens.history import HistoryScreen


def main() -> None:
    app = make_app(reminders=False)
    app.first_run = False
    original = HistoryScreen.on_mount

    def timed_mount(screen: HistoryScreen) -> None:
        original(screen)
        screen.call_after_refresh(finish)

    def finish() -> None:
        print(f"{(time.perf_counter() - started) * 1000:.2f}")
        app.exit()

    HistoryScreen.on_mount = timed_mount
    started = 0.0

    async def open_history() -> None:
        nonlocal started
        started = time.perf_counter()
        await app.run_action("app.push_history")

    def push_history() -> None:
        app.push_screen(HistoryScreen())

    app.action_push_history = push_history
    app.call_later(lambda: app.set_timer(0.2, open_history))
    app.run(headless=True, size=(100, 30))
    app.context.close()


if __name__ == "__main__":
    sys.exit(main())
