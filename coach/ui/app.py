"""The Textual app: wiring only. Screens render domain state; the domain lives outside `ui/`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.worker import Worker

from coach.context import AppContext, open_context
from coach.daily import home_state, targets_for
from coach.engine import Clock, SessionEngine
from coach.model import Routine
from coach.paths import AppPaths
from coach.recorder import SessionRecorder
from coach.speech import Speaker, find_speech_command
from coach.store import SessionRecord, Store, StoreError
from coach.ui.dialogs.keys import HELP_BINDING
from coach.ui.in_app_reminders import InAppReminders
from coach.ui.screens.home import HomeScreen
from coach.ui.text import notify
from coach.writer import StoreWriter

T = TypeVar("T")
# A write that takes longer than this says so; the screen goes on meanwhile.
SLOW_WRITE_SECONDS = 1.0


def _routine_commands() -> type:
    """The palette's "Start <routine>" commands (imported when the palette first opens)."""
    from coach.ui.commands import RoutineCommands

    return RoutineCommands


class CoachApp(App[None]):
    CSS_PATH = "coach.tcss"
    TITLE = "coach"
    COMMANDS = App.COMMANDS | {_routine_commands}
    BINDINGS = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            id="app.quit",
            tooltip="Close coach. In a session it asks first; what you did is saved.",
        ),
        Binding(
            "c",
            "cramp_now",
            "Cramp",
            id="app.cramp",
            tooltip="A cramp right now: choose the muscle, and coach times its stretch.",
        ),
        HELP_BINDING,
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            id="app.commands",
            tooltip="Type to find a command: start a routine, history, settings, light/dark.",
        ),
    ]

    def __init__(
        self,
        context: AppContext,
        *,
        start: Routine | None = None,
        speaker: Speaker | None = None,
        reminders: bool = True,
        start_cramp: bool | str = False,
    ) -> None:
        super().__init__()
        # Every write of the app goes through this one thread (the app owns it, stops it).
        self.writer = StoreWriter(context.store.path)
        self.start_cramp = start_cramp
        self._cramp_return: Screen | None = None  # where the cramp flow goes back to
        self.context = context
        self.start_with = start
        self.speaker = speaker or Speaker(find_speech_command())
        self.sub_title = "leg-cramp prevention"
        self.reminders: InAppReminders | None = InAppReminders(self) if reminders else None
        self.next_reminder: tuple[datetime, str] | None = None
        # The first-run note and profile choice belong to home, until a profile is chosen.
        self.first_run = context.first_run or not context.config.profile_chosen
        self.first_run_line = False  # `coach start` before a profile: the note, not the dialog
        self._quit_dialog: Screen | None = None
        self.crash: tuple[BaseException, Path | None] | None = None  # the error, its log
        self.exit_on_signals = False  # run_app: SIGTERM, SIGHUP, SIGINT end the app as `q` would

    def on_load(self) -> None:
        if self.exit_on_signals:
            self._exit_on_signals()

    def _exit_on_signals(self) -> None:
        """SIGTERM, SIGHUP and SIGINT (`kill -INT`; ctrl+c is a key here) end the app through
        Textual, which puts the terminal back (main screen, no mouse tracking, cooked mode);
        Python's default for SIGTERM would leave it in the app's modes."""
        import asyncio
        import contextlib
        import signal

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.exit, None, 128 + sig)

    def on_mount(self) -> None:
        self._apply_theme()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        notices = list(self.context.notices)
        if self.context.speech and not self.speaker.available:
            from coach.speech import NO_SPEECH

            notices.insert(0, NO_SPEECH)
        broken = [str(error.problems[0]) for _path, error in self.context.catalog.broken]
        if self.start_with is None:  # a session says these on its status line instead
            for notice in notices:
                notify(self, notice, severity="warning", timeout=15)
            for problem in broken:  # `coach routines list` tells the rest
                notify(self, problem, title="Routine not loaded", severity="warning")
        if self.reminders is not None:  # counted from the first paint: never competes with it
            self.call_after_refresh(self.reminders.open, 0.5)
        if self.start_with is not None:
            notes = [*notices, *(f"Routine not loaded: {p}" for p in broken)]
            if self.first_run_line:
                from coach.text import SAFETY_LINE

                notes.append(SAFETY_LINE)
            self.start_routine(self.start_with)
            if notes:  # under the countdown, never over it
                self.call_after_refresh(self.tell, " ".join(notes), seconds=15)
            return
        self.push_screen(HomeScreen())
        if isinstance(self.start_cramp, str):  # `coach start first-aid --muscle calf`
            self.call_after_refresh(self._cramp_for, self.start_cramp)
        elif self.start_cramp:
            self.call_after_refresh(self.action_cramp_now)
        elif self.first_run:
            from coach.ui.dialogs.safety import SafetyNoteDialog

            self.push_screen(SafetyNoteDialog())

    def start_routine(self, routine: Routine) -> None:
        from coach.ui.screens.session import SessionScreen

        targets = targets_for(self.context.store, routine, self.context.today())
        reps = [t.reps for t in targets]
        engine, recorder = self.context.new_session(routine, reps, self.writer)
        self.push_screen(SessionScreen(engine, recorder, targets))

    def resume(self, record: SessionRecord) -> None:
        from coach.ui.screens.session import SessionScreen

        routine = self.context.catalog.get(record.routine_id)
        pair = self.context.resume_session(record, routine, self.writer) if routine else None
        if pair is None:
            self.notify(
                "That session cannot be resumed: its routine has changed. It is set aside.",
                severity="warning",
            )
            self.set_aside(record.id, said=True)
            return
        self.push_screen(SessionScreen(*pair))

    def finish_session(self, engine: SessionEngine, recorder: SessionRecorder) -> None:
        from coach.daily import today_count
        from coach.ui.screens.end import EndScreen

        record = self.context.store.session(recorder.session_id)
        ctx = self.context
        streak = home_state(ctx.store, ctx.catalog, ctx.config, ctx.wall_now()).summary
        today = today_count(ctx.store, ctx.catalog, ctx.config, record)
        self.switch_screen(
            EndScreen(
                record,
                streak.current_streak,
                routine=engine.routine,
                today=today,
                stopped=engine.stopped_exercise,
            )
        )

    # -- keys that teach themselves -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command_palette":  # a priority key: a dialog is answered first
            return not isinstance(self.screen, ModalScreen)
        return True

    def action_help(self) -> None:
        """The keys of the screen in front, one sentence each; a running session waits."""
        from coach.ui.dialogs.keys import KeysScreen, screen_keys
        from coach.ui.screens.session import SessionScreen

        screen = self.screen
        if isinstance(screen, KeysScreen):
            return
        title = getattr(screen, "KEYS_TITLE", None) or screen.sub_title or self.title
        keys = KeysScreen(title, screen_keys(screen))
        if isinstance(screen, SessionScreen):
            screen.hold_while(keys)
        else:
            self.push_screen(keys)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from coach.ui.commands import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from coach.ui.commands import app_commands

        yield from app_commands(self, screen)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def _apply_theme(self) -> None:
        wanted = self.context.config.theme
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            from coach.ui.text import notify

            notify(
                self,
                f"config.yaml: theme: `{wanted}` is not a theme coach knows; "
                "using textual-dark (t on home switches light/dark).",
                severity="warning",
                timeout=10,
            )

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.context.config.theme:
            from coach.ui.choices import remember

            remember(self, theme=theme.name)

    async def action_quit(self) -> None:
        """ctrl+q (or Quit from the command palette): in a session it asks first, like q."""
        from coach.ui.screens.session import SessionScreen

        session = next(
            (s for s in self.screen_stack if isinstance(s, SessionScreen) and s.in_progress),
            None,
        )
        if session is None or self.screen is self._quit_dialog:
            self.exit()  # nothing to lose, or asked already and pressed again
            return
        from coach.ui.dialogs.confirm import ConfirmDialog

        self._quit_dialog = dialog = ConfirmDialog(
            "Quit coach now? What you have done so far is saved, and home offers to resume "
            "the rest next time.",
            yes="Quit",
            no="Keep going",
        )

        def answer(quit_now: bool | None) -> None:
            self._quit_dialog = None
            if quit_now:
                self.exit()

        if self.screen is session:
            session.hold_while(dialog, answer)
        else:
            self.push_screen(dialog, answer)

    # -- cramp now -----------------------------------------------------------------------------

    def action_cramp_now(self) -> None:
        """From any screen: pick the muscle, stretch it, follow-up steps, log; then come back."""
        from coach.ui.screens.cramp import MuscleDialog
        from coach.ui.screens.session import SessionScreen

        if self._cramp_return is not None:
            return  # already helping with a cramp
        self._cramp_return = self.screen
        self._cramp_in_session = isinstance(self.screen, SessionScreen)
        if self._cramp_in_session:
            self.screen.pause_for_cramp()
        self.push_screen(MuscleDialog(), self._cramp_muscle_chosen)

    def _cramp_for(self, muscle: str) -> None:
        """The cramp flow with the muscle already known: straight to its stretch."""
        self._cramp_return = self.screen
        self._cramp_in_session = False
        self._cramp_muscle_chosen(muscle)

    def _cramp_muscle_chosen(self, muscle: str | None) -> None:
        from dataclasses import replace

        from coach.cramps import first_aid
        from coach.ui.screens.cramp import FollowUpScreen
        from coach.ui.screens.session import SessionScreen

        if muscle is None:
            self._cramp_return = None
            return
        aid = first_aid(self.context.catalog, muscle)
        if aid.exercise is None:
            self.push_screen(FollowUpScreen(muscle))
            return
        stretch = replace(aid.routine, exercises=(aid.exercise,))
        engine, recorder = self.context.new_session(stretch, [aid.exercise.reps_min], self.writer)

        def follow_up(_engine: SessionEngine, _recorder: SessionRecorder) -> None:
            self.switch_screen(FollowUpScreen(muscle))

        self.push_screen(SessionScreen(engine, recorder, on_finished=follow_up))

    @property
    def cramp_flow_open(self) -> bool:
        return self._cramp_return is not None

    @property
    def cramp_in_session(self) -> bool:
        return self._cramp_return is not None and self._cramp_in_session

    def end_cramp_flow(self) -> None:
        target, self._cramp_return = self._cramp_return, None
        while target in self.screen_stack and self.screen is not target:
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_state()

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

    def go_home(self) -> None:
        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    def settings_changed(self) -> None:
        """Settings were saved: the in-app reminders take them in place; home is redrawn."""
        if self.reminders is not None and self.reminders.running:
            self.reminders.reload()
            self.next_reminder = self.reminders.next_reminder(self.context.wall_now())
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_state()

    def show_next_reminder(self) -> None:
        """The in-app reminders started: home shows when the next one comes."""
        if self.reminders is not None:
            self.next_reminder = self.reminders.next_reminder(self.context.wall_now())
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_state()

    # -- writes ------------------------------------------------------------------------------

    async def write(self, job: Callable[[Store], T]) -> T | None:
        """Run `job` on the writer thread and wait for it without holding up the screen.

        A write that is slow (another program holds the data file) says so after a second; one
        that fails is told in one calm line, and the result is None. Other errors are the
        caller's (a rule that refused the change, say).
        """
        # Shielded: a cancelled caller must not cancel a write the user already asked for.
        future = asyncio.shield(asyncio.wrap_future(self.writer.submit(job)))
        done, _ = await asyncio.wait({future}, timeout=SLOW_WRITE_SECONDS)
        if not done:
            self.notify(
                "Saving… another program is using the data file; coach waits for it.",
                timeout=4,
            )
        try:
            return await future
        except StoreError as exc:
            notify(self, str(exc), title="Not saved", severity="warning", timeout=15)
            return None

    def set_aside(self, session_id: int, *, said: bool = False) -> Worker[None]:
        """Close an unfinished session for good (its rows stay), off the screen's way; the
        worker, for a caller that must wait for it."""

        async def write() -> None:
            await self.write(lambda store: store.abandon_session(session_id))
            if not said:
                self.notify("Set aside. What you did is kept in your history.")
            self.record_changed()

        self.write_worker = self.run_worker(write(), group="writes")  # kept: its owner is the app
        return self.write_worker

    def record_changed(self) -> None:
        """Something was written: home shows it when it is on screen."""
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_state()
            self.screen.refresh_bindings()

    def on_unmount(self) -> None:
        from coach.ui.screens.session import SessionScreen

        # Saves still queued (a session's too) finish on the writer thread before coach exits.
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.recorder.retry_now()
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

            self.crash = (error, write_crash_log(self.context.paths.log_file, error))
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        if self.crash is not None and self.crash[1] is not None:
            self._exit_renderables.clear()  # the traceback is in the log; run_app says where
            return
        super()._print_error_renderables()


def run_app(app: CoachApp) -> int:
    """Run the app in this terminal until it ends; the exit status for the shell.

    0 when the user quits, 128+N after signal N (SIGTERM: 143), and 70 after an unexpected
    error, with one line on stderr saying where its traceback was written.
    """
    from coach.crash import EXIT_CRASH, crash_line

    app.exit_on_signals = True
    app.run()
    if app.crash is not None:
        print(crash_line(*app.crash), file=sys.stderr)
        return EXIT_CRASH
    return app.return_code or 0


def make_app(
    home: Path | None = None,
    *,
    clock: Clock | None = None,
    wall_now: Callable[[], datetime] | None = None,
    start: Routine | None = None,
    speaker: Speaker | None = None,
    reminders: bool = True,
    start_cramp: bool | str = False,
) -> CoachApp:
    """One way to build the app, for the CLI, pilot tests and snapshots alike."""
    paths = None
    if home is not None:
        paths = AppPaths(config=home / "config", data=home / "data", state=home / "state")
    kwargs = {}
    if clock is not None:
        kwargs["clock"] = clock
    if wall_now is not None:
        kwargs["wall_now"] = wall_now
    context = open_context(paths, **kwargs)
    return CoachApp(
        context, start=start, speaker=speaker, reminders=reminders, start_cramp=start_cramp
    )
