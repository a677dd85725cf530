"""History's keys: rest day, log by hand or undo, home, quit, and paging the day's panel.

Each with an id (so it can be remapped) and a sentence the keys list (`?`) reads out.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

HISTORY_BINDINGS: list[BindingType] = [
    Binding(
        "r",
        "toggle_rest",
        "Rest day",
        id="history.rest",
        tooltip="Mark the chosen day as a planned rest day, or unmark it.",
    ),
    Binding(
        "l",
        "toggle_log",
        "Log by hand / undo",
        id="history.log",
        tooltip="Record the chosen past day as done by hand, or undo that (it asks first).",
    ),
    Binding("escape,h", "app.pop_screen", "Home", id="history.home", tooltip="Back to home."),
    Binding("q", "app.quit", "Quit", id="history.quit", tooltip="Close coach."),
    Binding(
        "pagedown",
        "detail(1)",
        "More of the day",
        show=False,
        id="history.more",
        tooltip="Read on in the chosen day's panel when it holds more than it shows.",
    ),
    Binding(
        "pageup",
        "detail(-1)",
        "Back up the day",
        show=False,
        id="history.less",
        tooltip="Back up in the chosen day's panel.",
    ),
]
