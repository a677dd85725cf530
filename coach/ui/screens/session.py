"""The guided session: the cue in large type, a countdown readable from across the room.

The engine holds the truth (absolute deadlines); the Countdown widget asks it for the time left
when the shown second can change and repaints only that. This screen fills in the rest (exercise,
progress, what comes next) when the step or the second changes, and turns keys into engine
commands. Every event the engine emits goes to the recorder, which hands it to the app's writer
thread: the countdown never waits for the disk. A slow or failing save is one calm line on the
status line under the countdown while the session goes on; when the session is over the
Countdown shows SAVING and keeps ticking until everything is saved, then the end screen comes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from coach.engine import Event, PhaseStarted, SessionEngine, StepKind
from coach.progression import Target
from coach.recorder import SessionRecorder
from coach.ui.dialogs.confirm import ConfirmDialog
from coach.ui.screens import session_words as words
from coach.ui.screens.session_cues import SessionCues
from coach.ui.screens.session_keys import SESSION_BINDINGS
from coach.ui.screens.session_saves import SaveWatch
from coach.ui.text import plain
from coach.ui.widgets.countdown import Countdown
from coach.ui.widgets.footer import CoachFooter
from coach.ui.widgets.relayout import Texts
from coach.ui.widgets.session_bar import SessionBar
from coach.ui.widgets.status_line import StatusLine
from coach.wording import time_left

if TYPE_CHECKING:
    from coach.ui.app import CoachApp

R = TypeVar("R")


class SessionScreen(Screen[bool]):
    """A routine (or a cramp's stretch) timed; dismissed with True once it is over and all of
    it saved, False when the user leaves while the disk still refuses the rest."""

    CSS_PATH = "../styles/session.tcss"
    KEYS_TITLE = "a session"
    BINDINGS = SESSION_BINDINGS

    app: CoachApp

    def __init__(
        self,
        engine: SessionEngine,
        recorder: SessionRecorder,
        reasons: list[Target] | None = None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.recorder = recorder
        self.routine = engine.routine
        self.reasons = reasons
        self._with_notes = words.shows_notes(self.routine)
        self._asking = False
        self._keys_for: str | None = None  # the engine state the footer shows keys for
        self.saves = SaveWatch(engine, recorder, lambda: self.status, self._leave)
        self.ahead = words.TimeAhead(engine)
        self.texts = Texts(self)  # the lines around the countdown, redrawn when they change

    def compose(self) -> ComposeResult:
        with Vertical(id="session"):
            with Horizontal(id="session-head"):
                yield Static(plain(self.routine.title), id="routine-title")
                yield Static(id="where")
            yield Static(id="exercise-name")
            yield Static(id="position")
            yield Static(id="instructions")
            with VerticalScroll(id="notes"):  # a routine's notes, during its first set-up
                yield Static(id="notes-text")
            with Vertical(id="stage"):
                yield Countdown(
                    self.engine,
                    self._handle,
                    on_beat=self.saves.check,
                    waiting=self.saves.waiting,
                    id="countdown",
                )
            with Horizontal(id="progress-row"):
                yield SessionBar(id="progress")
                yield Static(id="time-left")
            yield Static(id="next")
            yield Static(id="why")
            yield StatusLine(id="status")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.sub_title = "Session"
        self.cues = SessionCues(self.app)
        if self._with_notes:  # training sessions: their notes at the start
            self.query_one("#notes-text", Static).update(plain(words.notes(self.routine)))
        self.app.clear_notifications()  # nothing left over from before covers the countdown
        countdown = self.countdown
        self.watch(countdown, "step", self._show_step, init=False)
        self.watch(countdown, "remaining", self._on_second, init=False)
        self.watch(countdown, "paused", self._show_paused, init=False)
        self.recorder.anchor(self.app.context.clock())
        self.app.sessions.append(self)
        self._handle(self.engine.start())

    def on_unmount(self) -> None:
        if self in self.app.sessions:
            self.app.sessions.remove(self)
        # Whatever waits for a retry goes to the writer now; it finishes before coach exits.
        self.recorder.retry_now()

    # -- time --------------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < 24, "-short")

    @property
    def countdown(self) -> Countdown:
        return self.query_one(Countdown)

    @property
    def stage(self) -> Vertical:
        """The countdown's frame: its colour says paused or resting (a class on the screen
        would restyle every widget on it)."""
        return self.query_one("#stage", Vertical)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def tick(self) -> None:
        """One beat: time moves on, saves are collected (the Countdown's timer calls this too)."""
        self.countdown.tick()

    def _on_second(self) -> None:
        self.cues.second(self.engine.current, self.countdown.remaining)
        self._show_time()

    def _handle(self, events: list[Event]) -> None:
        self.recorder.handle(events)
        for event in events:
            if isinstance(event, PhaseStarted):
                self.cues.phase(event.step)
        self.saves.check()
        self._show()

    def _show(self) -> None:
        """Everything, now: after a key or a save (a new second or step comes by the Countdown)."""
        self.countdown.sync()
        self._show_step()
        self._show_time()

    def _leave(self) -> None:
        if self.saves.done or not self.is_current:  # a dialog over it: leave once answered
            return
        self.saves.done = True
        self.countdown.sync()  # no more beats: nothing is waited for now
        self.dismiss(True)

    # -- drawing -----------------------------------------------------------------------------

    def _show_step(self) -> None:
        """What changes with the step or the plan: where we are, the exercise, what is next."""
        engine = self.engine
        if engine.state != self._keys_for:  # the footer says Pause or Resume, as it is now
            self._keys_for = engine.state
            self.refresh_bindings()
        step = engine.current
        if step is None:  # over: the Countdown says SAVING, the status line how it goes
            self.texts.put("#time-left", time_left(0))
            return
        i = step.exercise_index
        exercise = self.routine.exercises[i]
        self.texts.put("#where", words.where(engine, step))
        self.texts.put("#exercise-name", exercise.name)
        self.texts.put("#position", f"Position: {exercise.position}")
        self.texts.put("#instructions", exercise.instructions)
        at_start = self._with_notes and words.at_start(self.engine, step)
        self.set_class(at_start, "notes")
        # in a set-up the notes take the instructions' place; in a first rep they share it
        self.set_class(at_start and step.kind is StepKind.SETUP, "notes-only")
        self.stage.set_class(step.kind is StepKind.REST, "-resting")
        self.texts.put("#next", words.coming_next(engine, step))
        self.texts.put("#why", words.why(engine, self.reasons, i))

    def _show_time(self) -> None:
        """What changes every second: the progress bar and the time left in the session."""
        engine = self.engine
        if engine.current is None:
            return
        self.query_one(SessionBar).show(self.ahead.progress())
        self.texts.put("#time-left", time_left(self.ahead.total()))

    def _show_paused(self, paused: bool) -> None:
        self.stage.set_class(paused, "-paused")

    # -- keys --------------------------------------------------------------------------------

    def pause_for_cramp(self) -> None:
        """A cramp mid-session: stop the routine's clock; the user resumes with space."""
        if self.engine.state == "running":
            self._handle(self.engine.pause())

    @property
    def in_progress(self) -> bool:
        """Begun (its row is saved) and not over: leaving now leaves it unfinished."""
        return self.recorder.session_id is not None and self.engine.state != "finished"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        paused = self.engine.state == "paused"
        if action == "pause":
            return not paused
        if action == "resume":
            return paused
        return True

    def hold_while(
        self, dialog: ModalScreen[R], then: Callable[[R | None], None] | None = None
    ) -> None:
        """Show `dialog` with the clock stopped; if it answers no (or just closes), carry on."""
        was_running = self.engine.state == "running"
        if was_running:
            self._handle(self.engine.pause())

        def answered(result: R | None) -> None:
            if then is not None:
                then(result)
            if was_running and not result and self.engine.state == "paused":
                self._handle(self.engine.resume())

        self.app.push_screen(dialog, answered)

    def action_pause(self) -> None:
        self.action_toggle_pause()

    def action_resume(self) -> None:
        self.action_toggle_pause()

    def action_toggle_pause(self) -> None:
        if self.engine.state == "finished":  # only saving is left: try it now
            self.recorder.retry_now()
            self.saves.check()
            return
        self._handle(self.engine.toggle_pause())

    def action_skip(self) -> None:
        self._handle(self.engine.skip_exercise())

    def action_back(self) -> None:
        self._handle(self.engine.back())

    def action_more(self) -> None:
        self._handle(self.engine.add_rep())

    def action_fewer(self) -> None:
        self._handle(self.engine.drop_rep())

    def action_mute(self) -> None:
        self.status.say(self.cues.toggle_bell(), seconds=3)

    def action_voice(self) -> None:
        said, ok = self.cues.toggle_voice()
        self.status.say(said, severity="information" if ok else "warning", seconds=3 if ok else 8)

    def action_end(self) -> None:
        if self.engine.state == "finished":
            if self.recorder.problem is not None and not self.saves.done:
                # Over, and the disk still refuses the rest: the user may go; it was said.
                self.saves.done = True
                self.dismiss(False)
            return
        if self._asking:
            return
        self._asking = True

        def answer(end: bool | None) -> None:
            self._asking = False
            if end:
                self._handle(self.engine.end())

        self.hold_while(
            ConfirmDialog(
                "End the session now? What you have done so far is saved.",
                yes="End",
                no="Keep going",
            ),
            answer,
        )
