"""Home's keys: start the chosen routine or the daily one, preview, resume or set aside an
unfinished session, History, Settings, light/dark, quit.

Each with an id (so it can be remapped) and a sentence the keys list (`?`) reads out.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

HOME_BINDINGS: list[BindingType] = [
    Binding(
        "enter",
        "start_selected",
        "Start",
        priority=True,
        id="home.start",
        tooltip="Start the routine chosen in the list.",
    ),
    Binding(
        "d",
        "start_daily",
        "Daily",
        id="home.daily",
        tooltip="Start your daily routine.",
    ),
    Binding(
        "p",
        "preview",
        "Preview",
        id="home.preview",
        tooltip="Read the chosen routine before starting it: its notes and exercises.",
    ),
    Binding(
        "r",
        "resume",
        "Resume",
        show=False,  # the resume banner names r and x; the footer keeps room for q and c
        id="home.resume",
        tooltip="Carry on with today's unfinished session, from the next exercise.",
    ),
    Binding(
        "x",
        "set_aside",
        "Set aside",
        show=False,
        id="home.set_aside",
        tooltip="Put the unfinished session aside; what you did stays in your history.",
    ),
    Binding(
        "h",
        "history",
        "History",
        id="home.history",
        tooltip="Your streak, a calendar of the year and each day's sessions.",
    ),
    Binding(
        "s",
        "settings",
        "Settings",
        id="home.settings",
        tooltip="Your profile, the bell and voice, and reminder times.",
    ),
    Binding(
        "t",
        "app.toggle_theme",
        "Light/dark",
        show=False,
        id="home.theme",
        tooltip="Switch between light and dark colours (kept for next time).",
    ),
    Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Close coach."),
]
