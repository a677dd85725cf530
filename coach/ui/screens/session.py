"""The guided session: the cue in large type, a countdown readable from across the room.

The engine holds the truth (absolute deadlines); this screen only asks it for the time left
several times a second, renders it, and turns keys into engine commands. Every event the engine
emits goes to the recorder, which hands it to the app's writer thread: the countdown never waits
for the disk. A slow or failing save is one calm line under the countdown while the session
goes on; the end screen comes once everything is saved.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Digits, Footer, ProgressBar, Static

from coach.engine import Event, PhaseStarted, SessionEngine, Step, StepKind
from coach.model import side_words
from coach.progression import Target
from coach.recorder import SessionRecorder
from coach.speech import NO_SPEECH, NUMBER_WORDS
from coach.ui.choices import remember
from coach.ui.dialogs.confirm import ConfirmDialog
from coach.ui.text import notify, plain
from coach.wording import clock, plural, span, time_left

if TYPE_CHECKING:
    from coach.ui.app import CoachApp

TICK_SECONDS = 0.1
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
                yield Static(id="cue")
                yield Digits("0:00", id="countdown")
            with Horizontal(id="progress-row"):
                yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="progress")
                yield Static(id="time-left")
            yield Static(id="next")
            yield Static(id="why")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Session"
        if self._with_notes:
            lines = [f"• {note}" for note in self.routine.notes]
            self.query_one("#notes-text", Static).update(
                plain("\n".join(["Before you start (space pauses; ↑ ↓ scroll):", *lines]))
            )
        self.ticker = self.set_interval(TICK_SECONDS, self.tick)  # stopped when it is left
        self.recorder.anchor(self.app.context.clock())
        self._handle(self.engine.start())

    def on_unmount(self) -> None:
        # Whatever waits for a retry goes to the writer now; it finishes before coach exits.
        self.recorder.retry_now()

    @property
    def _with_notes(self) -> bool:
        """Training sessions show their notes at the start; a cramp's stretch goes straight in."""
        from coach.daily import FIRST_AID_ROUTINE

        return bool(self.routine.notes) and self.routine.id != FIRST_AID_ROUTINE

    def _at_start(self, step: Step) -> bool:
        """The first exercise's set-up (or its first rep, if it has none), from the beginning."""
        if step.exercise_index != 0 or self.engine.start_exercise != 0:
            return False
        return step.kind is StepKind.SETUP or (
            step.rep == 1 and self.routine.exercises[0].setup_seconds <= 0
        )

    # -- time --------------------------------------------------------------------------------

    def tick(self) -> None:
        """One beat of the screen: time moves on, saves are collected, the screen redrawn."""
        if self.engine.state == "running":
            self._handle(self.engine.tick())
            self._countdown_voice()
        self._check_saves()
        self._show()

    def _handle(self, events: list[Event]) -> None:
        self.recorder.handle(events)
        for event in events:
            if isinstance(event, PhaseStarted):
                self._on_phase(event.step)
        self._check_saves()
        self._show()

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
        if problem is not None and problem not in was:
            notify(self, line, title="Not saved yet", severity="warning", timeout=10)
        elif line is None and was.startswith("Not saved"):
            self.notify("Saved again: everything so far is on disk.", timeout=4)
        self._store_problem = line

    def _leave(self) -> None:
        if self._left:
            return
        self._left = True
        self.ticker.stop()
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
        second = math.ceil(self.engine.remaining() - 1e-9)
        if second in NUMBER_WORDS and second <= 3 and second != self._spoken_second:
            self._spoken_second = second
            self.app.speaker.say(NUMBER_WORDS[second])

    # -- drawing -----------------------------------------------------------------------------

    def _show(self) -> None:
        engine = self.engine
        if engine.state != self._keys_for:  # the footer says Pause or Resume, as it is now
            self._keys_for = engine.state
            self.refresh_bindings()
        step = engine.current
        if step is None:  # over: only how saving goes is left to say
            self.query_one("#cue", Static).update("SAVING")
            self.query_one("#countdown", Digits).update(clock(0))
            self.query_one("#time-left", Static).update(time_left(0))
            self.query_one("#why", Static).update(plain(self._store_problem or ""))
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
        self.query_one("#where", Static).update(f"Exercise {i + 1} of {n} · {rep}")
        self.query_one("#exercise-name", Static).update(plain(exercise.name))
        self.query_one("#position", Static).update(plain(f"Position: {exercise.position}"))
        self.query_one("#instructions", Static).update(plain(exercise.instructions))
        cue = step.cue.upper()
        if step.side:  # the leg, beside the cue for the whole phase
            cue = f"{cue} · {side_words(step.side).upper()}"
        if engine.state == "paused":
            cue = f"PAUSED · {cue}"
        self.query_one("#cue", Static).update(plain(cue))
        self.query_one("#countdown", Digits).update(clock(engine.remaining()))
        self.set_class(engine.state == "paused", "paused")
        at_start = self._with_notes and self._at_start(step)
        self.set_class(at_start, "notes")
        # in a set-up the notes take the instructions' place; in a first rep they share it
        self.set_class(at_start and step.kind is StepKind.SETUP, "notes-only")
        self.set_class(step.kind is StepKind.REST, "resting")
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=100, progress=round(engine.progress() * 100, 1))
        self.query_one("#time-left", Static).update(time_left(engine.remaining_total()))
        nxt = engine.next_step()
        if nxt is None:
            nxt_text = "Next: the end of the session"
        elif nxt.exercise_index != i:
            nxt_text = f"Next: {self.routine.exercises[nxt.exercise_index].name}"
        else:
            side = f"{side_words(nxt.side)}, " if nxt.side else ""
            nxt_text = f"Next: {nxt.cue} ({side}{span(nxt.seconds)})"
        self.query_one("#next", Static).update(plain(nxt_text))
        problem = self._store_problem
        self.query_one("#why", Static).update(plain(problem or self._why(i)))

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
        self.notify("Bell on." if ctx.sound else "Bell off.", timeout=2)
        remember(self.app, sound=ctx.sound)

    def action_voice(self) -> None:
        ctx = self.app.context
        if not self.app.speaker.available:
            self.notify(NO_SPEECH, severity="warning", timeout=5)
            return
        ctx.speech = not ctx.speech
        self.notify("Spoken cues on." if ctx.speech else "Spoken cues off.", timeout=2)
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
