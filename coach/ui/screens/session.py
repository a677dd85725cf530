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
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.widgets import ProgressBar, Static

from coach.engine import Event, PhaseStarted, SessionEngine, Step, StepKind
from coach.model import side_words
from coach.progression import Target
from coach.recorder import SessionRecorder
from coach.speech import NO_SPEECH, NUMBER_WORDS
from coach.ui.choices import remember
from coach.ui.dialogs.confirm import ConfirmDialog
from coach.ui.text import plain
from coach.ui.widgets.countdown import Countdown
from coach.ui.widgets.footer import CoachFooter
from coach.ui.widgets.status_line import StatusLine
from coach.wording import plural, span, time_left

if TYPE_CHECKING:
    from coach.ui.app import CoachApp

# A save still not on disk after this long gets a line on the screen.
SLOW_SAVE_SECONDS = 1.5
REPS = Binding.Group("Reps", compact=True)


class SessionScreen(Screen[None]):
    CSS_PATH = "../styles/session.tcss"
    KEYS_TITLE = "a session"
    BINDINGS = [
        Binding(
            "space",
            "pause",
            "Pause",
            id="session.pause",
            tooltip="Stop the clock; nothing is lost, and space carries on.",
        ),
        Binding(
            "space",
            "resume",
            "Resume",
            id="session.resume",
            tooltip="Carry on from where the clock stopped.",
        ),
        Binding(
            "n",
            "skip",
            "Skip",
            id="session.skip",
            tooltip="Leave this exercise and go to the next one.",
        ),
        Binding(
            "b",
            "back",
            "Back",
            id="session.back",
            tooltip="Go back to the start of this exercise, or to the one before.",
        ),
        Binding(
            "plus,equals_sign",
            "more",
            "One more rep",
            key_display="+",
            id="session.more",
            group=REPS,
            tooltip="One more repetition of this exercise today.",
        ),
        Binding(
            "minus,underscore",
            "fewer",
            "One fewer rep",
            key_display="-",
            id="session.fewer",
            group=REPS,
            tooltip="One repetition fewer of this exercise today.",
        ),
        Binding(
            "m",
            "mute",
            "Mute",
            id="session.mute",
            tooltip="The bell at each change of phase: off or on (kept for next time).",
        ),
        Binding(
            "v",
            "voice",
            "Voice",
            id="session.voice",
            tooltip="Spoken cues: on or off (kept for next time; needs spd-say or espeak-ng).",
        ),
        Binding(
            "q,escape",
            "end",
            "End",
            id="session.end",
            tooltip="End the session here (it asks first); what you did is saved.",
        ),
    ]

    app: CoachApp

    def __init__(
        self,
        engine: SessionEngine,
        recorder: SessionRecorder,
        reasons: list[Target] | None = None,
        on_finished: Callable[[SessionEngine, SessionRecorder], None] | None = None,
    ) -> None:
        super().__init__()
        self.on_finished = on_finished
        self.engine = engine
        self.recorder = recorder
        self.routine = engine.routine
        self.reasons = reasons
        self._spoken_second: int | None = None
        self._asking = False
        self._keys_for: str | None = None  # the engine state the footer shows keys for
        self._store_problem: str | None = None  # the line shown while saving lags or fails
        self._left = False  # on_finished was called: the screen is on its way out
        self._shown: dict[str, str] = {}  # selector -> the text it shows

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
                    on_beat=self._check_saves,
                    waiting=self._saving,
                    id="countdown",
                )
            with Horizontal(id="progress-row"):
                yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="progress")
                yield Static(id="time-left")
            yield Static(id="next")
            yield Static(id="why")
            yield StatusLine(id="status")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.sub_title = "Session"
        if self._with_notes:
            lines = [f"• {note}" for note in self.routine.notes]
            self.query_one("#notes-text", Static).update(
                plain("\n".join(["Before you start (space pauses; ↑ ↓ scroll):", *lines]))
            )
        self.app.clear_notifications()  # nothing left over from before covers the countdown
        countdown = self.countdown
        self.watch(countdown, "step", self._show_step, init=False)
        self.watch(countdown, "remaining", self._on_second, init=False)
        self.watch(countdown, "paused", self._show_paused, init=False)
        self.recorder.anchor(self.app.context.clock())
        self._handle(self.engine.start())

    def on_unmount(self) -> None:
        # Whatever waits for a retry goes to the writer now; it finishes before coach exits.
        self.recorder.retry_now()

    @property
    def _with_notes(self) -> bool:
        """Training sessions show their notes at the start; a cramp's stretch goes straight in."""
        from coach.home import FIRST_AID_ROUTINE

        return bool(self.routine.notes) and self.routine.id != FIRST_AID_ROUTINE

    def _at_start(self, step: Step) -> bool:
        """The first exercise's set-up (or its first rep, if it has none), from the beginning."""
        if step.exercise_index != 0 or self.engine.start_exercise != 0:
            return False
        return step.kind is StepKind.SETUP or (
            step.rep == 1 and self.routine.exercises[0].setup_seconds <= 0
        )

    # -- time --------------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < 24, "-short")

    @property
    def countdown(self) -> Countdown:
        return self.query_one(Countdown)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def tick(self) -> None:
        """One beat: time moves on, saves are collected (the Countdown's timer calls this too)."""
        self.countdown.tick()

    def _saving(self) -> bool:
        """Keep the Countdown beating though nothing is timed: saves still wait for the disk,
        or the session is over and its screen not left yet (the next beat leaves it)."""
        if self._left:
            return False
        return self.engine.state == "finished" or not self.recorder.settled

    def _on_second(self) -> None:
        self._countdown_voice()
        self._show_time()

    def _handle(self, events: list[Event]) -> None:
        self.recorder.handle(events)
        for event in events:
            if isinstance(event, PhaseStarted):
                self._on_phase(event.step)
        self._check_saves()
        self._show()

    def _show(self) -> None:
        """Everything, now: after a key or a save (a new second or step comes by the Countdown)."""
        self.countdown.sync()
        self._show_step()
        self._show_time()

    def _check_saves(self) -> None:
        """Word how saving goes; once the session is over and all of it saved, leave."""
        recorder = self.recorder
        if self.engine.state == "finished" and recorder.settled:
            self._leave()
            return
        problem = recorder.problem
        if problem is not None:
            line = f"Not saved yet: {problem} coach tries again every few seconds"
            if self.engine.state == "finished":
                line += "; space tries now, q leaves without saving the rest."
            else:
                line += "; the session goes on."
        elif recorder.waiting_seconds() >= SLOW_SAVE_SECONDS:
            line = "Saving… another program is using the data file; " + (
                "the summary comes once all is saved."
                if self.engine.state == "finished"
                else "the session goes on."
            )
        else:
            line = None
        was = self._store_problem or ""
        if line is not None and line != was:
            self.status.say(line, severity="warning" if problem is not None else "information")
        elif line is None and was:
            if was.startswith("Not saved"):
                self.status.say("Saved again: everything so far is on disk.", seconds=4)
            else:
                self.status.clear()
        self._store_problem = line

    def _leave(self) -> None:
        if self._left:
            return
        self._left = True
        self.countdown.sync()  # no more beats: _saving() is False now
        (self.on_finished or self.app.finish_session)(self.engine, self.recorder)

    def _on_phase(self, step: Step) -> None:
        ctx = self.app.context
        if ctx.sound:
            self.app.bell()
        if ctx.speech:
            self.app.speaker.say(step.spoken)
        self._spoken_second = None

    def _countdown_voice(self) -> None:
        step = self.engine.current
        if not (self.app.context.speech and step and step.seconds >= 5):
            return
        second = self.countdown.remaining
        if second in NUMBER_WORDS and second <= 3 and second != self._spoken_second:
            self._spoken_second = second
            self.app.speaker.say(NUMBER_WORDS[second])

    # -- drawing -----------------------------------------------------------------------------

    def _show_step(self) -> None:
        """What changes with the step or the plan: where we are, the exercise, what is next."""
        engine = self.engine
        if engine.state != self._keys_for:  # the footer says Pause or Resume, as it is now
            self._keys_for = engine.state
            self.refresh_bindings()
        step = engine.current
        if step is None:  # over: the Countdown says SAVING, the status line how it goes
            self._put("#time-left", time_left(0))
            return
        i = step.exercise_index
        exercise = self.routine.exercises[i]
        n = len(self.routine.exercises)
        target = engine.targets[i]
        if step.kind is StepKind.PHASE:
            rep = f"rep {step.rep} of {target}"
        elif step.kind is StepKind.SETUP:
            rep = plural(target, "rep")
        else:
            rep = f"{engine.reps_done(i)} of {plural(target, 'rep')} done"
        self._put("#where", f"Exercise {i + 1} of {n} · {rep}")
        self._put("#exercise-name", exercise.name)
        self._put("#position", f"Position: {exercise.position}")
        self._put("#instructions", exercise.instructions)
        at_start = self._with_notes and self._at_start(step)
        self.set_class(at_start, "notes")
        # in a set-up the notes take the instructions' place; in a first rep they share it
        self.set_class(at_start and step.kind is StepKind.SETUP, "notes-only")
        self.set_class(step.kind is StepKind.REST, "resting")
        nxt = engine.next_step()
        if nxt is None:
            nxt_text = "Next: the end of the session"
        elif nxt.exercise_index != i:
            nxt_text = f"Next: {self.routine.exercises[nxt.exercise_index].name}"
        else:
            side = f"{side_words(nxt.side)}, " if nxt.side else ""
            nxt_text = f"Next: {nxt.cue} ({side}{span(nxt.seconds)})"
        self._put("#next", nxt_text)
        self._put("#why", self._why(i))

    def _show_time(self) -> None:
        """What changes every second: the progress bar and the time left in the session."""
        engine = self.engine
        if engine.current is None:
            return
        self.query_one("#progress", ProgressBar).update(
            total=100, progress=round(engine.progress() * 100, 1)
        )
        self._put("#time-left", time_left(engine.remaining_total()))

    def _show_paused(self, paused: bool) -> None:
        self.set_class(paused, "paused")

    def _put(self, selector: str, text: str) -> None:
        """Plain text into a Static, repainting only when it changed; a layout only when its
        length did (the time left goes from 5:15 to 5:14 in the same space)."""
        old = self._shown.get(selector)
        if old != text:
            self._shown[selector] = text
            relayout = old is None or len(old) != len(text)
            self.query_one(selector, Static).update(plain(text), layout=relayout)

    def _why(self, i: int) -> str:
        if not self.reasons or i >= len(self.reasons):
            return ""
        planned = self.reasons[i].reps
        now = self.engine.targets[i]
        if now != planned:
            return (
                f"{plural(now, 'rep')} today: you changed it with +/- for this session "
                f"(plan: {planned})."
            )
        return f"{plural(now, 'rep')} today: {self.reasons[i].reason}"

    # -- keys --------------------------------------------------------------------------------

    def pause_for_cramp(self) -> None:
        """A cramp mid-session: stop the routine's clock; the user resumes with space."""
        if self.engine.state == "running":
            self._handle(self.engine.pause())

    @property
    def _not_begun(self) -> bool:
        return self.recorder.session_id is None

    @property
    def in_progress(self) -> bool:
        """Begun (its row is saved) and not over: leaving now leaves it unfinished."""
        return not self._not_begun and self.engine.state != "finished"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        paused = self.engine.state == "paused"
        if action == "pause":
            return not paused
        if action == "resume":
            return paused
        return True

    def hold_while(self, dialog: ModalScreen, then: Callable[[object], None] | None = None) -> None:
        """Show `dialog` with the clock stopped; if it answers no (or just closes), carry on."""
        was_running = self.engine.state == "running"
        if was_running:
            self._handle(self.engine.pause())

        def answered(result: object) -> None:
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
            self._check_saves()
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
        ctx = self.app.context
        ctx.sound = not ctx.sound
        self.status.say("Bell on." if ctx.sound else "Bell off.", seconds=3)
        remember(self.app, sound=ctx.sound)

    def action_voice(self) -> None:
        ctx = self.app.context
        if not self.app.speaker.available:
            self.status.say(NO_SPEECH, severity="warning", seconds=8)
            return
        ctx.speech = not ctx.speech
        self.status.say("Spoken cues on." if ctx.speech else "Spoken cues off.", seconds=3)
        remember(self.app, speech=ctx.speech)

    def action_end(self) -> None:
        if self.engine.state == "finished":
            if self.recorder.problem is not None and not self._left:
                # Over, and the disk still refuses the rest: the user may go; it was said.
                self._left = True
                self.app.go_home()
            return
        if self._asking:
            return
        self._asking = True

        def answer(end: object) -> None:
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
