"""Merging an export back: check the whole file before touching the store, then one transaction.

A bad file changes nothing, and a good one can be imported any number of times with the same
result. Every day is held to coach.record_dates' rule and every time must agree with its day.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from coach import record_dates
from coach.cramps.vocabulary import (
    CONTROL_CHARS,
    MAX_MINUTES,
    MAX_NOTE,
    MUSCLES,
    SEVERITY_RANGE,
    SIDES,
    WHEN_KINDS,
)
from coach.store import MergeResult, NewCramp, NewExercise, NewRep, NewSession, RestDayRecord, Store
from coach.transfer.checks import Checker, kind, not_text
from coach.transfer.format import (
    CRAMP_KEYS,
    EXERCISE_KEYS,
    FORMAT,
    MAX_PROBLEMS,
    REP_KEYS,
    REST_KEYS,
    SESSION_KEYS,
    SESSION_OPTIONAL,
    STATUSES,
    VERSION,
    ImportFileError,
)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


class ExportContents(NamedTuple):
    sessions: list[NewSession]
    rest_days: list[RestDayRecord]
    cramps: list[NewCramp]


def read_export(path: Path, today: date | None = None) -> ExportContents:
    """Parse and check a JSON export; ImportFileError lists every problem found.

    Every day is held to coach.record_dates' rule (from 1900 to `today`; a rest day up to a
    two years ahead), and every time in a session or cramp must agree with its day.
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ImportFileError([f"{name}: file: not UTF-8 text, so not a coach export"]) from None
    except OSError as exc:
        raise ImportFileError([f"{name}: file: cannot read it ({exc.strerror})"]) from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise ImportFileError([f"{name}: file: not valid JSON at {where}: {exc.msg}"]) from None
    except RecursionError:
        raise ImportFileError(
            [f"{name}: file: nested far too deeply to be a coach export"]
        ) from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's advice is for programmers
            what = "holds a number thousands of digits long, so it is not a coach export"
            raise ImportFileError([f"{name}: file: {what}"]) from None
        raise ImportFileError([f"{name}: file: {exc}"]) from None
    if (damaged := not_text(data)) is not None:
        what = "holds a lone surrogate (an escape like \\ud800 that is not a character)"
        raise ImportFileError([f"{name}: {damaged}: {what}; this file is damaged"])
    check = Checker(name, today)
    sessions: list[NewSession] = []
    rests: list[RestDayRecord] = []
    cramps: list[NewCramp] = []
    top = {"format", "version", "sessions", "rest_days", "cramps"}
    if check.obj(data, "", top, {"cramps"}):
        if data["format"] != FORMAT:
            check.problem("format", f'expected "{FORMAT}", found {kind(data["format"])}')
        version = data["version"]
        whole = isinstance(version, int) and not isinstance(version, bool)
        if whole and version > VERSION:
            check.problem("version", f"{kind(version)} is newer than this coach reads ({VERSION})")
        elif not whole or version != VERSION:
            check.problem("version", f"expected {VERSION}, found {kind(version)}")
        if not check.problems:
            for i, item in enumerate(check.items(data["sessions"], "sessions")):
                session = _session(check, item, f"sessions[{i}]")
                if session is not None:
                    sessions.append(session)
            for i, item in enumerate(check.items(data["rest_days"], "rest_days")):
                where = f"rest_days[{i}]"
                if check.obj(item, where, REST_KEYS, set()):
                    day = check.day(item["day"], f"{where}.day", plan=True)
                    marked = check.moment(item["marked_at"], f"{where}.marked_at")
                    if day and marked:
                        rests.append(RestDayRecord(day, marked))
            for i, item in enumerate(check.items(data.get("cramps", []), "cramps")):
                cramp = _cramp(check, item, f"cramps[{i}]")
                if cramp is not None:
                    cramps.append(cramp)
    if check.problems:
        problems = check.problems[:MAX_PROBLEMS]
        if len(check.problems) > MAX_PROBLEMS:
            problems.append(f"{name}: ...: and {len(check.problems) - MAX_PROBLEMS} more problems")
        raise ImportFileError(problems)
    return ExportContents(sessions, rests, cramps)


def _session(check: Checker, item: Any, where: str) -> NewSession | None:
    if not check.obj(item, where, SESSION_KEYS, SESSION_OPTIONAL):
        return None
    before = len(check.problems)

    def f(key: str) -> str:
        return f"{where}.{key}"

    routine_id = check.text(item["routine_id"], f("routine_id"))
    title = check.text(item["routine_title"], f("routine_title"), empty=True)
    day = check.day(item["day"], f("day"))
    started = check.moment(item["started_at"], f("started_at"))
    ended = None if item["ended_at"] is None else check.moment(item["ended_at"], f("ended_at"))
    span = record_dates.SESSION_SPAN_DAYS
    # One problem per session for a day that disagrees: its later times are not checked too.
    agrees = check.agree(day, [started], f("started_at"), after=1)
    agrees = agrees and check.agree(day, [ended] if ended else [], f("ended_at"), after=span)
    status = item["status"]
    if status not in STATUSES:
        check.problem(f("status"), f"expected one of {', '.join(STATUSES)}, found {kind(status)}")
    planned = check.seconds(item["planned_seconds"], f("planned_seconds"), null=False)
    active = check.seconds(item["active_seconds"], f("active_seconds"), null=True)
    paused = check.seconds(item["paused_seconds"], f("paused_seconds"), null=True)
    targets = [
        check.integer(t, f"{f('targets')}[{i}]")
        for i, t in enumerate(check.items(item["targets"], f("targets")))
    ]
    by_hand = check.flag(item["entered_by_hand"], f("entered_by_hand"))
    exercises: list[NewExercise] = []
    seen_idx: set[object] = set()
    for i, ex in enumerate(check.items(item["exercises"], f("exercises"))):
        at = f"{f('exercises')}[{i}]"
        if not check.obj(ex, at, EXERCISE_KEYS, set()):
            continue
        idx = check.integer(ex["idx"], f"{at}.idx")
        ex_name = check.text(ex["name"], f"{at}.name")
        reps_done = check.integer(ex["reps_done"], f"{at}.reps_done")
        target = check.integer(ex["target"], f"{at}.target")
        skipped = check.flag(ex["skipped"], f"{at}.skipped")
        ex_started = check.moment(ex["started_at"], f"{at}.started_at")
        ex_ended = check.moment(ex["ended_at"], f"{at}.ended_at")
        agrees = agrees and check.agree(day, [ex_started, ex_ended], at, after=span)
        if idx in seen_idx:
            check.problem(f"{at}.idx", f"exercise {idx} appears twice in this session")
        seen_idx.add(idx)
        # A None here was counted as a problem, so the session is not returned anyway.
        if (
            idx is not None
            and ex_name is not None
            and reps_done is not None
            and target is not None
            and ex_started is not None
            and ex_ended is not None
        ):
            exercises.append(
                NewExercise(idx, ex_name, reps_done, target, skipped, ex_started, ex_ended)
            )
    reps: list[NewRep] = []
    seen_reps: set[object] = set()
    for i, rep in enumerate(check.items(item["reps"], f("reps"))):
        at = f"{f('reps')}[{i}]"
        if not check.obj(rep, at, REP_KEYS, set()):
            continue
        exercise_idx = check.integer(rep["exercise_idx"], f"{at}.exercise_idx")
        number = check.integer(rep["rep"], f"{at}.rep", low=1)
        completed = check.moment(rep["completed_at"], f"{at}.completed_at")
        agrees = agrees and check.agree(day, [completed], at, after=span)
        if (exercise_idx, number) in seen_reps:
            check.problem(f"{at}.rep", f"rep {number} of exercise {exercise_idx} appears twice")
        seen_reps.add((exercise_idx, number))
        if exercise_idx is not None and number is not None and completed is not None:
            reps.append(NewRep(exercise_idx, number, completed))
    stopped = item.get("stopped_idx")
    if stopped is not None:
        stopped = check.integer(stopped, f("stopped_idx"))
        if stopped is not None and stopped not in seen_idx:
            check.problem(
                f("stopped_idx"), f"expected an exercise of this session, found {stopped}"
            )
    whole_targets = [t for t in targets if t is not None]
    if len(check.problems) > before:
        return None
    # Each None below was counted as a problem just above: these only tell the type checker.
    if routine_id is None or title is None or day is None or started is None or planned is None:
        return None
    return NewSession(
        routine_id=routine_id,
        routine_title=title,
        day=day,
        started_at=started,
        # A session still running elsewhere cannot be resumed here; what it holds is kept.
        status="abandoned" if status == "in_progress" else status,
        targets=tuple(whole_targets),
        planned_seconds=planned,
        ended_at=ended,
        active_seconds=active,
        paused_seconds=paused,
        entered_by_hand=by_hand,
        exercises=tuple(exercises),
        reps=tuple(reps),
        stopped_idx=stopped,
    )


def _cramp(check: Checker, item: Any, where: str) -> NewCramp | None:
    """One diary entry, held to the rules a cramp logged here must meet (coach.cramps)."""
    if not check.obj(item, where, CRAMP_KEYS, {"id"}):
        return None
    before = len(check.problems)

    def f(key: str) -> str:
        return f"{where}.{key}"

    def one_of(key: str, options: tuple[str, ...], null: bool) -> Any:
        value = item[key]
        if (value is None and null) or value in options:
            return value
        words = ", ".join(options) + (", null" if null else "")
        check.problem(f(key), f"expected one of {words}, found {kind(value)}")
        return None

    at = check.moment(item["at"], f("at"))
    day = check.day(item["day"], f("day"))
    if at is not None and day is not None and (at.date() - day).days not in (0, 1):
        check.problem(f("day"), f"expected the day of `at` or the day before, found {day}")
    muscle = one_of("muscle", MUSCLES, null=False)
    side = one_of("side", SIDES, null=True)
    when = one_of("when", WHEN_KINDS, null=False)
    severity = item["severity"]
    low, high = SEVERITY_RANGE
    whole = isinstance(severity, int) and not isinstance(severity, bool)
    if severity is not None and not (whole and low <= severity <= high):
        check.problem(f("severity"), f"expected {low}..{high} or null, found {kind(severity)}")
    minutes = item["minutes"]
    number = isinstance(minutes, int | float) and not isinstance(minutes, bool)
    if minutes is not None and not (number and 0 < minutes <= MAX_MINUTES):
        check.problem(
            f("minutes"),
            f"expected more than 0 up to {MAX_MINUTES}, or null, found {kind(minutes)}",
        )
    note = item["note"]
    if note is not None and (
        not isinstance(note, str) or len(note) > MAX_NOTE or CONTROL_CHARS.search(note)
    ):
        check.problem(f("note"), f"expected one line of text up to {MAX_NOTE} characters or null")
    logged = check.moment(item["logged_at"], f("logged_at"))
    if len(check.problems) > before:
        return None
    if at is None or day is None or logged is None:  # each was counted as a problem above
        return None
    return NewCramp(
        at=at,
        day=day,
        muscle=muscle,
        when_kind=when,
        logged_at=logged,
        side=side,
        severity=severity,
        minutes=None if minutes is None else float(minutes),
        note=note or None,
    )


def import_export(store: Store, path: Path, today: date | None = None) -> MergeResult:
    """Check the whole file, then merge it in one transaction: all of it or none of it."""
    sessions, rests, cramps = read_export(path, today)
    return store.merge(sessions, rests, cramps)
