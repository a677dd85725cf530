"""A routine to read before starting it: purpose, audience, its notes, and each exercise with
its position, instructions, reps today and estimated time. Enter starts it; escape goes back.

Everything here comes from a routine file, so it is shown as plain text, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from coach.model import Routine
from coach.progression import Target
from coach.ui.text import plain
from coach.ui.widgets.footer import CoachFooter
from coach.wording import about_minutes, plural

if TYPE_CHECKING:
    from coach.ui.app import CoachApp


class PreviewScreen(Screen[bool]):
    """Dismissed with True to start the routine, False to go back."""

    CSS_PATH = "../styles/preview.tcss"
    KEYS_TITLE = "a routine's preview"
    MOVE_KEYS = (("up, down, page up, page down", "Scroll through the routine."),)
    BINDINGS = [
        Binding(
            "enter,s",
            "start",
            "Start it",
            priority=True,
            id="preview.start",
            tooltip="Start this routine now.",
        ),
        Binding("escape,b", "back", "Back", id="preview.back", tooltip="Back to today's plan."),
    ]

    app: CoachApp

    def __init__(self, routine: Routine, targets: list[Target]) -> None:
        super().__init__()
        self.routine = routine
        self.targets = targets

    def compose(self) -> ComposeResult:
        r = self.routine
        reps = [t.reps for t in self.targets]
        total = about_minutes(r.planned_seconds(reps))
        count = plural(len(r.exercises), "exercise")
        with VerticalScroll(id="preview"):
            yield Static(plain(r.title), id="preview-title")
            yield Static(plain(f"{count} · about {total} today"), classes="muted")
            yield Static(plain(r.purpose), id="preview-purpose")
            yield Static(plain(f"For: {r.audience}"), id="preview-audience")
            if r.notes:
                yield Static("Before you start", classes="heading")
                yield Static(plain("\n".join(f"• {note}" for note in r.notes)), id="preview-notes")
            yield Static("The exercises", classes="heading")
            for n, (exercise, target) in enumerate(zip(r.exercises, self.targets, strict=True), 1):
                minutes = about_minutes(exercise.planned_seconds(target.reps))
                yield Static(
                    plain(f"{n}. {exercise.name}: {plural(target.reps, 'rep')} today, {minutes}"),
                    classes="exercise-name",
                )
                yield Static(
                    plain(f"Position: {exercise.position}\n{exercise.instructions}"),
                    classes="exercise-text",
                )
            yield Static("Press enter to start, escape to go back.", classes="muted")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.sub_title = "Preview"
        self.query_one("#preview").focus()  # the arrows and page keys scroll it

    def action_start(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
