"""The ways through the screens, each read top to bottom: a session and its end, cramp now.

Screens return what happened (`dismiss`): a session whether it is over and saved, the muscle
dialog the muscle, the follow-up whether to log, the log what it logged. These functions
push them and act on the answers; no screen calls back into the app to say where to go next.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the domain loads after home's first paint; a session's when one starts
    from coach.engine import SessionEngine
    from coach.model import Routine
    from coach.progression import Target
    from coach.recorder import SessionRecorder
    from coach.store import SessionRecord
    from coach.ui.app import CoachApp


def first_screens(app: CoachApp) -> None:
    """What the app opens with: a session (`coach start`), or home with cramp now or the
    first-run note over it; what went wrong while opening is said without covering a timer."""
    from coach.ui.screens.home import HomeScreen
    from coach.ui.text import notify

    notices = list(app.context.notices)
    if app.speech and not app.speaker.available:
        from coach.speech import NO_SPEECH

        notices.insert(0, NO_SPEECH)
    broken = [str(error.problems[0]) for _path, error in app.context.catalog.broken]
    if app.start_with is None:  # a session says these on its status line instead
        for notice in notices:
            notify(app, notice, severity="warning", timeout=15)
        for problem in broken:  # `coach routines list` tells the rest
            notify(app, problem, title="Routine not loaded", severity="warning")
    if app.reminders is not None:  # counted from the first paint: never competes with it
        app.call_after_refresh(app.reminders.open, 0.5)
    if app.start_with is not None:
        notes = [*notices, *(f"Routine not loaded: {p}" for p in broken)]
        if app.first_run_line:
            from coach.text import SAFETY_LINE

            notes.append(SAFETY_LINE)
        app.session_worker = app.run_worker(
            partial(_start_with, app, app.start_with, " ".join(notes)), group="session"
        )
        return
    if app.home is None:  # painted already when the app opened the record after it
        app.home = HomeScreen()
        app.push_screen(app.home)
    else:
        app.home.refresh_state()
    if app.start_cramp:  # `coach start first-aid [--muscle calf]`
        muscle = app.start_cramp if isinstance(app.start_cramp, str) else None
        app.call_after_refresh(app.cramp_now, muscle)
    elif app.first_run:
        from coach.ui.dialogs.safety import SafetyNoteDialog

        app.push_screen(SafetyNoteDialog())


def go_home(app: CoachApp) -> None:
    """Back to home, over whatever is above it; after `coach start` (no home below) the
    session's end screen, if any, gives way to a new one."""
    from coach.ui.screens.home import HomeScreen

    home = app.home
    if home is not None and home in app.screen_stack:
        while app.screen is not home:
            app.pop_screen()
        return
    app.home = HomeScreen()
    if len(app.screen_stack) > 1:
        app.switch_screen(app.home)
    else:
        app.push_screen(app.home)


async def _start_with(app: CoachApp, routine: Routine, notes: str) -> None:
    """`coach start`: the session, then what went wrong while opening, under its countdown."""
    await begin(app, routine)
    if notes:  # under the countdown, never over it
        app.call_after_refresh(app.tell, notes, seconds=15)


async def begin(app: CoachApp, routine: Routine) -> None:
    """Today's targets, read on the writer thread (after every save before them), then the
    session. When the record cannot be read the session still starts, at the routine's own
    first targets: that was said, and the saves try again as they go."""
    from coach.journal import Journal
    from coach.progression import target_for

    ctx = app.context
    targets = await app.read(lambda store: Journal.of(ctx, store).targets(routine))
    if targets is None:
        targets = [target_for(exercise, [], ctx.today()) for exercise in routine.exercises]
    engine, recorder = ctx.new_session(routine, [t.reps for t in targets], app.writer)
    run_session(app, engine, recorder, targets)


async def resume(app: CoachApp, record: SessionRecord) -> None:
    """Carry on with `record` from its next exercise (its saved reps are read off the UI
    thread), or set it aside when its routine has changed."""
    ctx = app.context
    routine = ctx.catalog.get(record.routine_id)
    if routine is not None:
        found = await app.read(
            lambda store: (ctx.resume_session(record, routine, app.writer, store),)
        )
        if found is None:  # the disk refused: said; the banner stays, r tries again
            return
        if found[0] is not None:
            run_session(app, *found[0])
            return
    app.notify(
        "That session cannot be resumed: its routine has changed. It is set aside.",
        severity="warning",
    )
    app.set_aside(record.id, said=True)


def run_session(
    app: CoachApp,
    engine: SessionEngine,
    recorder: SessionRecorder,
    reasons: list[Target] | None = None,
) -> None:
    """The session screen, then the end screen once all of it is saved (or home, when the user
    leaves while the disk still refuses the rest: that was said on the status line)."""
    from coach.ui.screens.session import SessionScreen

    def over(saved: bool | None) -> None:
        if saved:
            show_end(app, engine, recorder)
        else:
            app.go_home()

    app.push_screen(SessionScreen(engine, recorder, reasons), over)


def show_end(app: CoachApp, engine: SessionEngine, recorder: SessionRecorder) -> None:
    """The end screen at once; it fills itself in from the record as saved."""
    from coach.ui.messages import RecordChanged
    from coach.ui.screens.end import EndScreen

    sid = recorder.session_id
    if sid is None:  # nothing was begun, so nothing to sum up
        app.go_home()
        return
    app.push_screen(EndScreen(sid, routine=engine.routine, stopped=engine.stopped_exercise))
    app.post_message(RecordChanged())


async def cramp_now(app: CoachApp, muscle: str | None) -> None:
    """Cramp now, in a worker: the muscle, its stretch timed, the follow-up steps, the log;
    then back where it started (a session stays paused: space carries on)."""
    from coach.cramps import first_aid
    from coach.ui.screens.cramp import CrampLogScreen, FollowUpScreen, MuscleDialog
    from coach.ui.screens.session import SessionScreen

    session = app.session_in_front
    if session is not None:
        session.pause_for_cramp()
    if muscle is None:
        muscle = await app.push_screen_wait(MuscleDialog())
        if muscle is None:
            return
    aid = first_aid(app.context.catalog, muscle)
    if aid.exercise is not None and aid.routine is not None:
        stretch = replace(aid.routine, exercises=(aid.exercise,))
        engine, recorder = app.context.new_session(stretch, [aid.exercise.reps_min], app.writer)
        if not await app.push_screen_wait(SessionScreen(engine, recorder)):
            return  # left while the disk refused the stretch's saves: that was said
    if not await app.push_screen_wait(FollowUpScreen(muscle)):
        return
    logged = await app.push_screen_wait(CrampLogScreen(muscle, in_session=session is not None))
    if logged is None:
        return
    # Back where the cramp came: a session shows these on its status line.
    app.tell(logged.message, seconds=6)
    for advice in logged.new_guidance:  # once per new finding; home keeps showing them all
        if advice.kind != "pregnancy":
            app.tell(
                advice.text,
                title="See a doctor",
                severity="warning",
                seconds=20,
                short=f"{advice.text.split('. ')[0]}. Please see a doctor: "
                "the note is on home after the session.",
            )


def ask_to_quit(app: CoachApp) -> None:
    """ctrl+q: at once, unless a session is under way; then ask first, with its clock held."""
    from coach.ui.dialogs.confirm import ConfirmDialog

    session = next((s for s in app.sessions if s.in_progress), None)
    if session is None or app.screen is app.quit_dialog:
        app.exit()  # nothing to lose, or asked already and pressed again
        return
    app.quit_dialog = dialog = ConfirmDialog(
        "Quit coach now? What you have done so far is saved, and home offers to resume "
        "the rest next time.",
        yes="Quit",
        no="Keep going",
    )

    def answer(quit_now: bool | None) -> None:
        app.quit_dialog = None
        if quit_now:
            app.exit()

    if app.screen is session:
        session.hold_while(dialog, answer)
    else:
        app.push_screen(dialog, answer)
