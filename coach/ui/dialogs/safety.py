"""First run: a short safety note, then the profile that picks the daily routine.

Shown over home until a profile is saved in config.yaml; `coach start` and the other commands
never wait for it (until a profile is chosen the app behaves as for "mostly sitting").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, RadioSet, Static

from coach.config import ConfigError, Profile
from coach.config_writer import save_settings
from coach.ui.dialogs.keys import HELP_BINDING
from coach.ui.messages import SettingsSaved
from coach.ui.text import notify
from coach.ui.widgets.footer import CoachFooter
from coach.ui.widgets.toggles import ClearCheckbox, ClearRadioButton

if TYPE_CHECKING:
    from coach.ui.app import CoachApp

SAFETY_NOTE = (
    "coach guides gentle exercises from a health article about leg cramps. "
    "It is not medical advice. Move slowly and stop if a movement causes sharp or unusual "
    "pain. See a doctor if cramps keep coming back or a cramp lasts ten minutes or more, and in "
    "pregnancy for high blood pressure or severe swelling. A fit (convulsion) in pregnancy is "
    "an emergency: call emergency services or go to hospital now."
)


class SafetyNoteDialog(ModalScreen[None]):
    CSS_PATH = "../styles/dialogs.tcss"
    KEYS_TITLE = "the first-run note"
    MOVE_KEYS = (
        ("tab", "Go to the next choice, and then to the button."),
        ("space, enter", "Choose the option, tick the box, or press the button."),
    )
    BINDINGS = [
        Binding(
            "ctrl+s",
            "done",
            "Save and start",
            priority=True,
            id="firstrun.ok",
            tooltip="Keep your answers and go to today's plan (enter on the button too).",
        ),
        Binding(
            "escape",
            "later",
            "Not now",
            id="firstrun.later",
            tooltip="Close this note for now; coach asks again next time it opens.",
        ),
        HELP_BINDING,
    ]

    app: CoachApp

    def compose(self) -> ComposeResult:
        profile = self.app.context.config.profile
        with Vertical(id="safety"):
            yield Static("Before you start", id="safety-title")
            yield Static(SAFETY_NOTE, id="safety-text")
            yield Static("During the day, are you mostly…", classes="question")
            with RadioSet(id="first-activity", compact=True):
                yield ClearRadioButton(
                    "sitting (daily prevention set)", value=profile.activity == "sitting"
                )
                yield ClearRadioButton(
                    "active (evening relaxation)", value=profile.activity == "active"
                )
            yield ClearCheckbox(
                "I am pregnant", profile.pregnant, id="first-pregnant", compact=True
            )
            with Horizontal(id="safety-buttons"):
                yield Button("I understand, start (ctrl+s)", variant="primary", id="ok")
            yield Static("You can change this later in Settings (s).", classes="hint")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @on(Button.Pressed, "#ok")
    def action_done(self) -> None:
        app = self.app
        active = self.query_one(RadioSet).pressed_index == 1
        profile = Profile(
            "active" if active else "sitting",
            self.query_one("#first-pregnant", ClearCheckbox).value,
        )
        try:
            app.config = save_settings(app.context.paths.config_file, profile=profile)
        except (ConfigError, OSError) as exc:
            notify(self, f"Could not save your profile: {exc}", severity="error")
            return
        app.first_run = False
        app.post_message(SettingsSaved())
        self.dismiss(None)

    def action_later(self) -> None:
        """Nothing is saved: until a profile is chosen coach behaves as for "mostly sitting",
        and the note comes back at the next start."""
        self.dismiss(None)
