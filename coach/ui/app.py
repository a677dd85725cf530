"""The Textual app: wiring only. Screens render domain state; the domain lives outside `ui/`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from coach.context import AppContext, open_context
from coach.daily import home_state, targets_for
from coach.engine import Clock, SessionEngine
from coach.model import Routine
from coach.paths import AppPaths
from coach.recorder import SessionRecorder
from coach.speech import Speaker, find_speech_command
from coach.store import SessionRecord
from coach.ui.in_app_reminders import InAppReminders
from coach.ui.screens.home import HomeScreen
from coach.ui.text import notify


class CoachApp(App[None]):
    CSS_PATH = "coach.tcss"
    TITLE = "coach"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        Binding("c", "cramp_now", "Cramp now", id="app.cramp"),
    ]

    def __init__(
        self,
        context: AppContext,
        *,
        start: Routine | None = None,
        speaker: Speaker | None = None,
        reminders: bool = True,
        start_cramp: bool = False,
    ) -> None:
        super().__init__()
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
        for notice in self.context.notices:
            notify(self, notice, severity="warning", timeout=15)
        for _path, error in self.context.catalog.broken:  # `coach routines list` tells the rest
            notify(self, str(error.problems[0]), title="Routine not loaded", severity="warning")
        if self.reminders is not None:
            self.reminders.open(delay=0.5)
        if self.start_with is not None:
            if self.first_run_line:
                from coach.text import SAFETY_LINE

                self.notify(SAFETY_LINE, timeout=12)
            self.start_routine(self.start_with)
            return
        self.push_screen(HomeScreen())
        if self.start_cramp:
            self.call_after_refresh(self.action_cramp_now)
        elif self.first_run:
            from coach.ui.dialogs.safety import SafetyNoteDialog

            self.push_screen(SafetyNoteDialog())

    def start_routine(self, routine: Routine) -> None:
        from coach.ui.screens.session import SessionScreen

        targets = targets_for(self.context.store, routine, self.context.today())
        engine, recorder = self.context.new_session(routine, [t.reps for t in targets])
        self.push_screen(SessionScreen(engine, recorder, targets))

    def resume(self, record: SessionRecord) -> None:
        from coach.ui.screens.session import SessionScreen

        routine = self.context.catalog.get(record.routine_id)
        pair = self.context.resume_session(record, routine) if routine else None
        if pair is None:
            self.notify(
                "That session cannot be resumed: its routine has changed. It is set aside.",
                severity="warning",
            )
            self.context.store.abandon_session(record.id)
            if isinstance(self.screen, HomeScreen):
                self.screen.refresh_state()
            return
        self.push_screen(SessionScreen(*pair))

    def finish_session(self, engine: SessionEngine, recorder: SessionRecorder) -> None:
        from coach.ui.screens.end import EndScreen

        record = self.context.store.session(recorder.session_id)
        ctx = self.context
        streak = home_state(ctx.store, ctx.catalog, ctx.config, ctx.wall_now()).summary
        self.switch_screen(EndScreen(record, streak.current_streak))

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
        engine, recorder = self.context.new_session(stretch, [aid.exercise.reps_min])

        def follow_up(_engine: SessionEngine, _recorder: SessionRecorder) -> None:
            self.switch_screen(FollowUpScreen(muscle))

        self.push_screen(SessionScreen(engine, recorder, on_finished=follow_up))

    @property
    def cramp_in_session(self) -> bool:
        return self._cramp_return is not None and self._cramp_in_session

    def end_cramp_flow(self) -> None:
        target, self._cramp_return = self._cramp_return, None
        while target in self.screen_stack and self.screen is not target:
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_state()

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

    def on_unmount(self) -> None:
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
    start_cramp: bool = False,
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
