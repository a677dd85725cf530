"""Settings: profile, sounds and reminder times, saved into config.yaml with its comments kept.

The screen edits a working copy; nothing reaches the file until `ctrl+s`, and then only what
was changed on the screen (see coach.config_writer). A reminder for a routine that is not
loaded (a routine file not written yet) is shown as such and kept as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.validation import Regex
from textual.widgets import (
    Button,
    DataTable,
    Header,
    Input,
    Label,
    RadioSet,
    Select,
    Static,
)

from coach.config import WEEKDAYS, ConfigError, Profile, Reminder
from coach.config_writer import save_settings
from coach.dates import WEEKDAYS_SHORT as DAY_LABELS
from coach.ui.messages import SettingsSaved
from coach.ui.text import cell, notify, plain
from coach.ui.widgets.footer import CoachFooter
from coach.ui.widgets.toggles import ClearCheckbox as Checkbox
from coach.ui.widgets.toggles import ClearRadioButton as RadioButton

if TYPE_CHECKING:
    from rich.text import Text

    from coach.ui.app import CoachApp

TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def days_text(days: tuple[str, ...]) -> str:
    if set(days) == set(WEEKDAYS):
        return "every day"
    return " ".join(DAY_LABELS[WEEKDAYS.index(d)] for d in WEEKDAYS if d in days) or "never"


def missing_label(routine_id: str) -> str:
    return f"{routine_id} (routine not found)"


class SettingsScreen(Screen[bool]):
    """Dismissed with True when saved (`SettingsSaved` is posted), False when left unsaved."""

    CSS_PATH = "../styles/settings.tcss"
    KEYS_TITLE = "Settings"
    MOVE_KEYS = (
        ("tab", "Go to the next field (shift+tab: the one before)."),
        ("space", "Tick or untick the box, or choose the option, under the cursor."),
    )
    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            priority=True,
            id="settings.save",
            tooltip="Save these settings to config.yaml and go back.",
        ),
        Binding(
            "ctrl+n",
            "add",
            "New reminder",
            priority=True,
            id="settings.add",
            tooltip="Add a reminder, then choose its routine, time and days.",
        ),
        Binding(
            "ctrl+d",
            "remove",
            "Remove reminder",
            priority=True,
            id="settings.remove",
            tooltip="Remove the reminder chosen in the list.",
        ),
        Binding(
            "escape",
            "close",
            "Back",
            id="settings.back",
            tooltip="Go back without saving what you changed here.",
        ),
    ]

    app: CoachApp

    _reminders: list[Reminder]

    def compose(self) -> ComposeResult:
        config = self.app.context.config
        self._reminders = list(config.active_reminders)
        yield Header(show_clock=False)
        with VerticalScroll(id="settings"):
            with Horizontal(classes="settings-row"):
                yield Label("Your day:", classes="settings-label")
                with RadioSet(id="activity", compact=True):
                    yield RadioButton("mostly sitting", value=config.profile.activity == "sitting")
                    yield RadioButton("active", value=config.profile.activity == "active")
                yield Checkbox("pregnant", config.profile.pregnant, id="pregnant", compact=True)
            with Horizontal(classes="settings-row"):
                yield Label("Sounds:", classes="settings-label")
                yield Checkbox("bell at each phase", config.sound, id="sound", compact=True)
                yield Checkbox("spoken cues", config.speech, id="speech", compact=True)
            yield Static("[b]Reminders[/b] (times are local, 24-hour)", id="reminders-title")
            yield DataTable(id="reminders", cursor_type="row")
            with Horizontal(id="reminder-editor"):
                yield Select(self._routine_options(), id="routine", allow_blank=False, compact=True)
                yield Input(
                    placeholder="HH:MM",
                    id="at",
                    compact=True,
                    validators=[Regex(TIME, failure_description="use HH:MM, e.g. 09:00")],
                )
            with Horizontal(id="days"):
                for key, label in zip(WEEKDAYS, DAY_LABELS, strict=True):
                    yield Checkbox(label, True, id=f"day-{key}", compact=True)
            yield Static(id="settings-message")
        with Horizontal(id="settings-buttons"):  # outside the scrolling form: always in sight
            yield Button("Save (ctrl+s)", variant="primary", id="save")
            yield Button("Back (esc)", id="back")
        yield CoachFooter()

    def on_resize(self, event: Resize) -> None:
        """Under 76 columns the rows stack and the days go in two lines: nothing is cut."""
        self.set_class(event.size.width < 76, "-narrow")

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        table = self.query_one("#reminders", DataTable)
        table.add_columns("Routine", "At", "Days")
        self._fill_table()
        self._load_editor(0)

    # -- the reminder list -------------------------------------------------------------------

    def _routine_options(self) -> list[tuple[Text, str]]:
        """Every loaded routine, then each id a reminder names that is not loaded, as such, so
        showing that reminder never turns it into another routine."""
        catalog = self.app.context.catalog
        options = [(cell(r.title), r.id) for r in catalog]
        missing = [r.routine for r in self._reminders if catalog.get(r.routine) is None]
        return options + [(cell(missing_label(rid)), rid) for rid in dict.fromkeys(missing)]

    def _fill_table(self, row: int = 0) -> None:
        table = self.query_one("#reminders", DataTable)
        table.clear()
        for r in self._reminders:
            routine = self.app.context.catalog.get(r.routine)
            name = routine.title if routine else missing_label(r.routine)
            table.add_row(cell(name), r.at, days_text(r.days))
        if self._reminders:
            table.move_cursor(row=min(row, len(self._reminders) - 1))

    def _load_editor(self, index: int) -> None:
        if not 0 <= index < len(self._reminders):
            return
        r = self._reminders[index]
        self.query_one("#routine", Select).value = r.routine  # a missing one is an option too
        self.query_one("#at", Input).value = r.at
        for day in WEEKDAYS:
            self.query_one(f"#day-{day}", Checkbox).value = day in r.days

    def _editor_reminder(self) -> Reminder | None:
        at = self.query_one("#at", Input).value.strip()
        match = TIME.match(at)
        if not match:
            self._say(f"“{at}” is not a time: use HH:MM, e.g. 09:00.", error=True)
            return None
        days = tuple(d for d in WEEKDAYS if self.query_one(f"#day-{d}", Checkbox).value)
        if not days:
            self._say("Choose at least one day for this reminder.", error=True)
            return None
        routine = self.query_one("#routine", Select).value
        return Reminder(str(routine), f"{int(match[1]):02d}:{match[2]}", days)

    def _current_row(self) -> int:
        return self.query_one("#reminders", DataTable).cursor_row

    @on(DataTable.RowHighlighted, "#reminders")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._load_editor(event.cursor_row)

    @on(Input.Submitted, "#at")
    @on(Input.Blurred, "#at")
    @on(Checkbox.Changed, "#days Checkbox")
    @on(Select.Changed, "#routine")
    def _apply_editor(self) -> None:
        if not self._reminders or not self.is_mounted:
            return
        reminder = self._editor_reminder()
        row = self._current_row()
        if reminder is not None and 0 <= row < len(self._reminders):
            if self._reminders[row] != reminder:
                self._reminders[row] = reminder
                self._fill_table(row)
            self._say("")

    def action_add(self) -> None:
        self._reminders.append(Reminder(self.app.context.config.profile.daily_routine, "09:00"))
        self._fill_table(len(self._reminders) - 1)
        self._load_editor(len(self._reminders) - 1)
        self.query_one("#at", Input).focus()

    def action_remove(self) -> None:
        row = self._current_row()
        if 0 <= row < len(self._reminders):
            removed = self._reminders.pop(row)
            self._fill_table(row)
            self._say(f"Removed the {removed.at} reminder. Save to keep the change.")

    # -- saving ------------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#settings-message", Static)
        message.update(plain(text))
        message.set_class(error, "error")

    def action_save(self) -> None:
        if self._reminders and self._editor_reminder() is None:
            return
        self._apply_editor()
        app = self.app
        active = self.query_one("#activity", RadioSet).pressed_index == 1
        activity = "active" if active else "sitting"
        profile = Profile(activity, self.query_one("#pregnant", Checkbox).value)
        before = app.context.config
        sound = self.query_one("#sound", Checkbox).value
        speech = self.query_one("#speech", Checkbox).value
        reminders = tuple(self._reminders)
        # Only what was changed on the screen is written; everything else stays as written.
        try:
            config = save_settings(
                app.context.paths.config_file,
                profile=profile if profile != before.profile or not before.profile_chosen else None,
                reminders=None if reminders == before.active_reminders else reminders,
                sound=None if sound == before.sound else sound,
                speech=None if speech == before.speech else speech,
            )
        except (ConfigError, OSError) as exc:
            self._say(f"Not saved: {exc}", error=True)
            return
        app.config = config
        app.sound, app.speech = config.sound, config.speech
        app.post_message(SettingsSaved())
        notify(self, f"Saved to {app.context.paths.config_file}.", timeout=4)
        self.dismiss(True)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(False)
