"""The Textual app: wiring only. Screens render domain state; the domain lives outside `ui/`.

The flows between screens (a session and its end, cramp now) are in `coach.ui.flows`; reads and
writes of the record go through `coach.ui.writes` (one thread: the UI never waits on the disk);
reminders while the app is open through `coach.ui.in_app_reminders`.
App-wide state (the bell, the voice, the config, the next reminder) is held here as reactives;
changes come in as the messages of `coach.ui.messages`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from coach.speech import Speaker, find_speech_command
from coach.ui import flows, lifecycle, startup, writes
from coach.ui.dialogs.keys import APP_BINDINGS
from coach.ui.lifecycle import run_app
from coach.ui.messages import RecordChanged, ReminderDue, SettingsSaved
from coach.ui.screens.home import HomeScreen
from coach.ui.text import notify

if TYPE_CHECKING:  # the domain loads after home's first paint (coach.ui.startup)
    from coach.config import Config
    from coach.context import AppContext
    from coach.model import Routine
    from coach.store import SessionRecord, Store
    from coach.ui.in_app_reminders import InAppReminders
    from coach.ui.screens.session import SessionScreen
    from coach.writer import StoreWriter

T = TypeVar("T")
__all__ = ["CoachApp", "run_app"]


def _routine_commands() -> type:
    """The palette's "Start <routine>" commands (imported when the palette first opens)."""
    from coach.ui.commands import RoutineCommands

    return RoutineCommands


class CoachApp(App[None]):
    CSS_PATH = "coach.tcss"
    TITLE = "coach"
    COMMANDS = App.COMMANDS | {_routine_commands}
    BINDINGS = APP_BINDINGS

    sound: reactive[bool] = reactive(True, init=False)
    """The bell at each phase, for this run (m in a session; Settings)."""
    speech: reactive[bool] = reactive(False, init=False)
    """Spoken cues, for this run (v in a session; Settings; `--speak`)."""
    config: reactive[Config | None] = reactive(None, init=False)
    """config.yaml as last saved, to watch; `context.config` is the same (read it there). None
    only before the record is open."""
    next_reminder: reactive[tuple[datetime, str] | None] = reactive(None, init=False)
    """When the next reminder comes, and for which routine (home shows it)."""

    context: AppContext
    """Config, routines and the store: given, or opened just after home's first paint."""
    writer: StoreWriter
    """Every read and write of the app goes through this one thread (the app owns it)."""

    def __init__(
        self,
        context: AppContext | None = None,
        *,
        opener: Callable[[], AppContext] | None = None,
        theme: str | None = None,
        start: Routine | None = None,
        speaker: Speaker | None = None,
        reminders: bool = True,
        start_cramp: bool | str = False,
    ) -> None:
        """`context`, or `opener` to open it after home is painted (coach.ui.startup)."""
        super().__init__()
        self.opener = opener
        self.first_theme = theme  # config.yaml's, for the first paint (startup.theme_hint)
        self.open_error: Exception | None = None  # opening failed: the CLI words it
        self.held_keys: list[events.Key] = []  # pressed before the record was open
        self.record_open = False
        self.start_cramp = start_cramp
        self.start_with = start
        self.speaker = speaker or Speaker(find_speech_command())
        self.sub_title = "leg-cramp prevention"
        self.wants_reminders = reminders
        self.reminders: InAppReminders | None = None
        self.first_run = False  # the first-run note and profile choice belong to home
        self.first_run_line = False  # `coach start` before a profile: the note, not the dialog
        self.sessions: list[SessionScreen] = []  # session screens mounted now (they say so)
        self.home: HomeScreen | None = None  # the one home screen, once shown
        self.cramp_worker: Worker[None] | None = None
        self.write_worker: Worker[None] | None = None
        self.session_worker: Worker[None] | None = None  # a session starting, or its end
        self.quit_dialog: Screen[Any] | None = None  # ctrl+q asked, not answered yet
        self.crash: tuple[BaseException, Path | None] | None = None  # the error, its log
        self.exit_on_signals = False  # run_app: SIGTERM, SIGHUP, SIGINT end the app as `q` would
        if context is not None:
            startup.adopt(self, context)

    def on_load(self) -> None:
        if self.record_open:
            startup.take_settings(self)
        if self.exit_on_signals:
            lifecycle.exit_on_signals(self)

    def watch_config(self, config: Config | None) -> None:
        if config is not None:
            self.context.config = config  # one writer of the context's config: this app

    def get_default_screen(self) -> Screen[Any]:  # `coach`: home, with no blank screen below
        return startup.home_first(self) if self.opener else super().get_default_screen()

    def on_mount(self) -> None:
        if self.record_open:
            self.open_screens()
        else:
            startup.paint_home_first(self)

    def open_screens(self) -> None:
        """With the record open: the config's theme, then the first screens (coach.ui.flows)."""
        from coach.ui.choices import apply_theme, theme_changed

        apply_theme(self)
        self.theme_changed_signal.subscribe(self, lambda theme: theme_changed(self, theme))
        flows.first_screens(self)

    async def on_event(self, event: events.Event) -> None:
        # Before the record is open (home's first paint), a key waits until it is, then acts;
        # the mouse has nothing to act on yet.
        if not self.record_open and isinstance(event, events.InputEvent):
            if isinstance(event, events.Key) and not event.is_forwarded:
                self.held_keys.append(event)
            return
        await super().on_event(event)

    # -- flows between screens (coach.ui.flows) -------------------------------------------------

    def start_routine(self, routine: Routine) -> Worker[None]:
        """Today's targets are read off the UI thread, then the session starts; the worker."""
        self.session_worker = self.run_worker(
            partial(flows.begin, self, routine), exclusive=True, group="session"
        )
        return self.session_worker

    def resume(self, record: SessionRecord) -> Worker[None]:
        self.session_worker = self.run_worker(
            partial(flows.resume, self, record), exclusive=True, group="session"
        )
        return self.session_worker

    def action_cramp_now(self) -> None:
        """From any screen: pick the muscle, stretch it, follow-up steps, log; then come back."""
        self.cramp_now(None)

    def cramp_now(self, muscle: str | None) -> None:
        if not self.cramp_flow_open:  # not a second time while helping with a cramp
            self.cramp_worker = self.run_worker(flows.cramp_now(self, muscle), group="cramp")

    @property
    def cramp_flow_open(self) -> bool:
        return self.cramp_worker is not None and not self.cramp_worker.is_finished

    @property
    def session_in_front(self) -> SessionScreen | None:
        """The session screen the user is looking at, if it is one (a dialog over it: None)."""
        return next((s for s in self.sessions if s is self.screen), None)

    def go_home(self) -> None:
        flows.go_home(self)

    # -- keys that teach themselves -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command_palette":  # a priority key: a dialog is answered first
            return not isinstance(self.screen, ModalScreen)
        return True

    def action_help(self) -> None:
        """The keys of the screen in front, one sentence each; a running session waits."""
        from coach.ui.dialogs.keys import show_keys

        show_keys(self)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from coach.ui.commands import Palette

        # is_open takes App[object]; App is invariant in its result type, and ours is None.
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from coach.ui.commands import app_commands

        yield from app_commands(self, screen)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    async def action_quit(self) -> None:
        """ctrl+q (or Quit from the command palette): in a session it asks first, like q."""
        flows.ask_to_quit(self)

    # -- app-wide messages ---------------------------------------------------------------------

    def broadcast(self, make: Callable[[], Message]) -> None:
        """Hand a message to every screen held now (they do not bubble back here)."""
        for screen in self.screen_stack:
            screen.post_message(make())

    def on_record_changed(self, _message: RecordChanged) -> None:
        self.broadcast(RecordChanged)

    def on_settings_saved(self, _message: SettingsSaved) -> None:
        """The in-app reminders take the new settings in place; home is redrawn."""
        if self.reminders is not None and self.reminders.running:
            self.reminders.reload()
            self.reminders.show_next()
        self.broadcast(SettingsSaved)

    def on_reminder_due(self, message: ReminderDue) -> None:
        self.tell(message.body, title=message.title, seconds=60)  # never over a countdown
        if self.sound:
            self.bell()

    def tell(
        self,
        text: str,
        *,
        title: str = "",
        severity: Literal["information", "warning"] = "information",
        seconds: float = 10,
        short: str | None = None,
    ) -> None:
        """Say something without covering a timer: on a screen with a status line (the session),
        there (`short` if given, to keep the line short); elsewhere as a toast. Plain text."""
        from coach.ui.widgets.status_line import StatusLine

        lines = self.screen.query(StatusLine)
        if lines:
            line = short or text
            lines.first().say(
                f"{title}: {line}" if title else line, severity=severity, seconds=seconds
            )
        else:
            notify(self, text, title=title, severity=severity, timeout=seconds)

    # -- reads and writes (coach.ui.writes) ------------------------------------------------------

    async def read(self, job: Callable[[Store], T]) -> T | None:
        """`job` on the writer thread, after the writes before it; None when the disk refused."""
        return await writes.read(self, job)

    async def write(self, job: Callable[[Store], T]) -> T | None:
        """`job` on the writer thread; None (and one calm line) when the disk refused it."""
        return await writes.write(self, job)

    def set_aside(self, session_id: int, *, said: bool = False) -> Worker[None]:
        """Close an unfinished session for good (its rows stay); the worker, to wait for."""
        self.write_worker = self.run_worker(
            writes.set_aside(self, session_id, said), group="writes"
        )
        return self.write_worker

    def on_unmount(self) -> None:
        # The session screens are gone by now, their saves handed on: the writer finishes them.
        if self.record_open:
            self.writer.stop()
        self.speaker.stop()
        if self.reminders is not None:
            self.reminders.stop()

    # -- an error nobody handled ---------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        # Textual 8 calls this for every error left unhandled (in a handler, timer or worker)
        # and ends the app; it has no public hook. Keep the traceback in the state folder.
        if self.crash is None:
            from coach.crash import write_crash_log

            self.crash = (error, write_crash_log(startup.log_file(self), error))
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        if self.crash is not None and self.crash[1] is not None:
            self._exit_renderables.clear()  # the traceback is in the log; run_app says where
            return
        super()._print_error_renderables()
