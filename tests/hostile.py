"""Hostile text for the "text is data" tests: markup, escapes, wide and right-to-left scripts.

Each field of the hostile routine and of the stored sessions gets its own string, so a test can
say which field was shown wrongly. None of them holds a control character (those are refused
where text enters); CONTROL holds the ones the output tests store behind the entry checks' back.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import yaml

from coach.adherence import day_of
from coach.store import NewExercise, NewRep, NewSession, Store

# Markup a Textual/Rich widget would act on: closing tags that crash, an action link, styles,
# ordinary square brackets that vanish, an escaped bracket, a variable, HTML-ish markup.
MARKUP = (
    "[/]",
    "[/b]",
    "[@click=app.quit]x[/]",
    "Do it [slowly]",
    "[left]",
    "\\[",
    "[optional]",
    "[b]not bold[/b]",
    "$title",
    "<b>&amp;</b>",
)
SCRIPTS = ("😀🦵 emoji", "漢字の練習", "עברית ومرحبا")

ROUTINE = {
    "id": "daily-prevention",  # replaces the built-in, so it is also the daily routine
    "title": "Calves [/b] [@click=app.quit]quit[/] 漢字",
    "purpose": "Purpose [/] 😀",
    "audience": "Audience [left] עברית",
    "notes": ["Note [optional] \\[ $title"],
    "exercises": [
        {
            "name": "Do it [slowly] 🦵",
            "position": "Sit [/b] straight [left] \\[ [optional]",
            "instructions": "Lift [b]not bold[/b] עברית مرحبا <b>&amp;</b>",
            "reps_min": 1,
            "reps_max": 2,
            "setup_seconds": 0,
            "rest_seconds": 0,
            "phases": [
                {"cue": "Hold [/]", "seconds": 1},
                {"cue": "Ease [@click=app.bell]", "seconds": 1},
            ],
            "source": "Source <b>&amp;</b>",
        }
    ],
}
SESSION_TITLE = "[/b] imported [@click=app.quit]x[/]"
SESSION_EXERCISE = "Imported [red]step[/red] 漢字"
REMINDER_ID = "[/] gone"  # a reminder for a routine id that does not exist: the id is shown
NOTE = "Note [/] [@click=app.quit]q[/] עברית"

# C0 and C1 controls, DEL and whole escape sequences: clear screen, window title, a link, bell.
CONTROL = "A\x1b[2J\x1b]0;owned\x07\x1b]8;;http://x\x1b\\B\x9b31m\x85\x7f\x00\rC\x08D\x1b[31m"


def write_routine(home: Path, routine: dict | None = None) -> Path:
    folder = home / "config" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(routine or ROUTINE, allow_unicode=True), encoding="utf-8")
    return path


def write_config(home: Path) -> Path:
    folder = home / "config"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    text = yaml.safe_dump(
        {
            "profile": {"activity": "sitting", "pregnant": False},
            "reminders": [
                {"routine": REMINDER_ID, "at": "00:01"},
                {"routine": "daily-prevention", "at": "00:02"},
            ],
        },
        allow_unicode=True,
    )
    path.write_text(text, encoding="utf-8")
    return path


def store_session(
    store: Store,
    started: datetime,
    *,
    title: str = SESSION_TITLE,
    exercise: str = SESSION_EXERCISE,
    routine_id: str = "imported-routine",
) -> None:
    """A finished session as `coach import` would store it, written straight into the store."""
    end = started + timedelta(minutes=2)
    store.merge(
        [
            NewSession(
                routine_id=routine_id,
                routine_title=title,
                day=day_of(started),  # the app's day: before 04:00 it is still yesterday
                started_at=started,
                status="completed",
                targets=(1,),
                planned_seconds=60,
                ended_at=end,
                active_seconds=60,
                paused_seconds=0,
                exercises=(NewExercise(0, exercise, 1, 1, False, started, end),),
                reps=(NewRep(0, 1, started + timedelta(seconds=30)),),
            )
        ]
    )
