"""Taking the record out (CSV for a spreadsheet, JSON for another machine) and merging it back.

The JSON export is the one lossless format: every session with its exercises and every rep,
every rest day and every cramp in the diary, so `coach import` on another machine rebuilds the
same history. Import checks the whole file before it touches the store and then merges in one
transaction, so a bad file changes nothing and a good one can be imported any number of times
with the same result.

The `cramps` list came after version 1 was released, so it is written only when the diary holds
a cramp and is optional on import: files without cramps stay exactly what older coach versions
write and read, and an older coach refuses a file with cramps ("cramps: unknown field") instead
of dropping them quietly.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from coach import record_dates
from coach.store import (
    FINISHED_STATUSES,
    MergeResult,
    NewCramp,
    NewExercise,
    NewRep,
    NewSession,
    RestDayRecord,
    Store,
)
from coach.text import control_character, for_terminal

FORMAT = "coach-export"
VERSION = 1
STATUSES = ("in_progress", *FINISHED_STATUSES)
MAX_PROBLEMS = 20
MAX_COUNT = 100_000  # far above any real reps or index, far below SQLite's integer limit
MAX_SECONDS = 86_400 * 7
PLAIN_TEXT = "text may hold line breaks and tabs, no other control characters"

CSV_COLUMNS = (
    "kind",
    "day",
    "session_id",
    "routine_id",
    "routine_title",
    "session_started_at",
    "session_ended_at",
    "session_status",
    "entered_by_hand",
    "active_seconds",
    "paused_seconds",
    "exercise_idx",
    "exercise_name",
    "reps_done",
    "target",
    "skipped",
    "exercise_started_at",
    "exercise_ended_at",
    "marked_at",
    # cramp rows (kind=cramp) fill `day` and these; new columns go last so old sheets still read
    "cramp_at",
    "muscle",
    "side",
    "severity",
    "when",
    "minutes",
    "note",
    "logged_at",
)

SESSION_KEYS = {
    "id",
    "routine_id",
    "routine_title",
    "day",
    "started_at",
    "ended_at",
    "status",
    "planned_seconds",
    "active_seconds",
    "paused_seconds",
    "targets",
    "entered_by_hand",
    "exercises",
    "reps",
}
EXERCISE_KEYS = {"idx", "name", "reps_done", "target", "skipped", "started_at", "ended_at"}
REP_KEYS = {"exercise_idx", "rep", "completed_at"}
REST_KEYS = {"day", "marked_at"}
CRAMP_KEYS = {
    "id",
    "at",
    "day",
    "muscle",
    "side",
    "severity",
    "when",
    "minutes",
    "note",
    "logged_at",
}


class ImportFileError(Exception):
    """A file `coach import` cannot use; `problems` are `FILE: field: what is wrong` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# -- export -----------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def export_document(store: Store) -> dict[str, Any]:
    """Everything in the store as the version-1 JSON document (5 queries in all), as of one
    moment: a session saving reps meanwhile never shows a count its rep rows disagree with."""
    with store.snapshot():
        return _export_document(store)


def _export_document(store: Store) -> dict[str, Any]:
    from coach.cramps import cramp_json

    reps = store.all_reps()
    sessions = [
        {
            "id": s.id,
            "routine_id": s.routine_id,
            "routine_title": s.routine_title,
            "day": s.day.isoformat(),
            "started_at": s.started_at.isoformat(),
            "ended_at": _iso(s.ended_at),
            "status": s.status,
            "planned_seconds": s.planned_seconds,
            "active_seconds": s.active_seconds,
            "paused_seconds": s.paused_seconds,
            "targets": list(s.targets),
            "entered_by_hand": s.entered_by_hand,
            "exercises": [
                {
                    "idx": e.idx,
                    "name": e.name,
                    "reps_done": e.reps_done,
                    "target": e.target,
                    "skipped": e.skipped,
                    "started_at": e.started_at.isoformat(),
                    "ended_at": e.ended_at.isoformat(),
                }
                for e in s.exercises
            ],
            "reps": [
                {"exercise_idx": r.exercise_idx, "rep": r.rep, "completed_at": _iso(r.completed_at)}
                for r in reps.get(s.id, ())
            ],
        }
        for s in store.all_sessions()
    ]
    rest_days = [
        {"day": r.day.isoformat(), "marked_at": r.marked_at.isoformat()} for r in store.rest_days()
    ]
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "sessions": sessions,
        "rest_days": rest_days,
    }
    # Oldest first, like sessions; only when there are some (see the module docstring).
    cramps = [cramp_json(c) for c in reversed(store.cramps())]
    if cramps:
        doc["cramps"] = cramps
    return doc


def export_json(store: Store) -> str:
    # json escapes C0 controls itself; for_terminal escapes DEL and C1 (U+0080-U+009F) the
    # same way, so the file holds no raw control character a terminal would act on.
    return for_terminal(json.dumps(export_document(store), indent=2, ensure_ascii=False)) + "\n"


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading quote (CSV injection); a control
    character (none can be entered, an old record may hold one) is written as `\\u001b`."""
    text = for_terminal(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def export_csv(store: Store) -> str:
    """One row per exercise of every session, plus a row per session without exercises, one
    per rest day and one per cramp; session columns repeat on each row so any row stands on its
    own. A day's cramps follow its sessions, in the order they happened. As of one moment."""
    with store.snapshot():
        sessions = store.all_sessions()
        rests, cramps = store.rest_days(), store.cramps()
    rows: list[tuple[date, int, dict[str, object]]] = []
    for order, s in enumerate(sessions):
        base: dict[str, object] = {
            "kind": "session",
            "day": s.day.isoformat(),
            "session_id": s.id,
            "routine_id": _cell(s.routine_id),
            "routine_title": _cell(s.routine_title),
            "session_started_at": s.started_at.isoformat(),
            "session_ended_at": _iso(s.ended_at) or "",
            "session_status": s.status,
            "entered_by_hand": int(s.entered_by_hand),
            "active_seconds": _number(s.active_seconds),
            "paused_seconds": _number(s.paused_seconds),
        }
        if not s.exercises:
            rows.append((s.day, order, base))
        for e in s.exercises:
            rows.append(
                (
                    s.day,
                    order,
                    base
                    | {
                        "kind": "exercise",
                        "exercise_idx": e.idx,
                        "exercise_name": _cell(e.name),
                        "reps_done": e.reps_done,
                        "target": e.target,
                        "skipped": int(e.skipped),
                        "exercise_started_at": e.started_at.isoformat(),
                        "exercise_ended_at": e.ended_at.isoformat(),
                    },
                )
            )
    rows.extend(
        (
            r.day,
            -1,
            {"kind": "rest", "day": r.day.isoformat(), "marked_at": r.marked_at.isoformat()},
        )
        for r in rests
    )
    for order, c in enumerate(reversed(cramps), start=len(sessions)):
        rows.append(
            (
                c.day,
                order,
                {
                    "kind": "cramp",
                    "day": c.day.isoformat(),
                    "cramp_at": c.at.isoformat(),
                    "muscle": c.muscle,
                    "side": c.side or "",
                    "severity": "" if c.severity is None else c.severity,
                    "when": c.when_kind,
                    "minutes": _number(c.minutes),
                    "note": _cell(c.note or ""),
                    "logged_at": c.logged_at.isoformat(),
                },
            )
        )
    rows.sort(key=lambda row: (row[0], row[1]))  # stable: exercises keep their order
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(row for _, _, row in rows)
    return out.getvalue()


# -- import -----------------------------------------------------------------------------------


class _Checker:
    """Walks the parsed JSON, collecting every problem with the path of the field it is in."""

    def __init__(self, name: str, today: date | None = None) -> None:
        self.name = name
        self.today = today
        self.problems: list[str] = []

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{self.name}: {where or 'file'}: {what}")

    def obj(self, value: Any, where: str, keys: set[str], optional: set[str]) -> bool:
        if not isinstance(value, dict):
            self.problem(where, f"expected an object, found {_kind(value)}")
            return False
        ok = True
        for key in sorted(set(value) - keys):
            self.problem(f"{where}.{key}" if where else key, "unknown field")
            ok = False
        for key in sorted(keys - optional - set(value)):
            self.problem(f"{where}.{key}" if where else key, "missing")
            ok = False
        return ok

    def items(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.problem(where, f"expected a list, found {_kind(value)}")
            return []
        return value

    def text(self, value: Any, where: str, *, empty: bool = False) -> str | None:
        if not isinstance(value, str) or (not empty and not value.strip()):
            self.problem(where, f"expected text, found {_kind(value)}")
            return None
        bad = control_character(value)
        if bad is not None:
            self.problem(where, f"the text holds a control character ({bad}); {PLAIN_TEXT}")
            return None
        return value

    def integer(self, value: Any, where: str, low: int = 0) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_COUNT:
            self.problem(where, f"expected a whole number {low}..{MAX_COUNT}, found {_kind(value)}")
            return None
        return value

    def seconds(self, value: Any, where: str, *, null: bool) -> float | None:
        if value is None and null:
            return None
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not 0 <= value <= MAX_SECONDS:
            self.problem(where, f"expected seconds (0..{MAX_SECONDS}), found {_kind(value)}")
            return None
        return float(value)

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            self.problem(where, f"expected true or false, found {_kind(value)}")
            return False
        return value

    def day(self, value: Any, where: str, *, plan: bool = False) -> date | None:
        try:
            day = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            self.problem(where, f"expected a date YYYY-MM-DD, found {_kind(value)}")
            return None
        problem = record_dates.day_problem(day, self.today or date.max, plan=plan)
        if problem is not None:
            self.problem(where, problem)
            return None
        return day

    def agree(
        self, day: date | None, moments: list[datetime | None], where: str, after: int
    ) -> bool:
        """The times stored with a day fall on it (see coach.record_dates.times_problem); False
        (and one problem) if one does not, so a session's later times need not repeat it."""
        if day is not None and None not in moments:
            problem = record_dates.times_problem(day, moments, after=after)
            if problem is not None:
                self.problem(where, problem)
                return False
        return True

    def moment(self, value: Any, where: str) -> datetime | None:
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.utcoffset() is None:
            self.problem(
                where, f"expected an ISO 8601 time with a UTC offset, found {_kind(value)}"
            )
            return None
        earliest, latest = record_dates.EARLIEST, record_dates.LATEST
        if not earliest <= moment.date() <= latest:
            self.problem(where, f"{value} is outside {earliest} to {latest}")
            return None
        return moment


def _kind(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"a number {len(str(abs(value)))} digits long"
    if isinstance(value, int | float):
        return repr(value)
    return "a list" if isinstance(value, list) else "an object"


def _not_text(data: Any) -> str | None:
    """Where the parsed JSON holds a string (or key) that is not valid Unicode text, if anywhere.

    JSON may spell a lone surrogate (`"\\ud800"`); Python keeps it, SQLite cannot store it."""
    stack: list[tuple[str, Any]] = [("file", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return where
        elif isinstance(value, dict):
            for key, item in value.items():
                stack.append((where, key))
                stack.append((key if where == "file" else f"{where}.{key}", item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
    return None


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
    if (where := _not_text(data)) is not None:
        what = "holds a lone surrogate (an escape like \\ud800 that is not a character)"
        raise ImportFileError([f"{name}: {where}: {what}; this file is damaged"])
    check = _Checker(name, today)
    sessions: list[NewSession] = []
    rests: list[RestDayRecord] = []
    cramps: list[NewCramp] = []
    top = {"format", "version", "sessions", "rest_days", "cramps"}
    if check.obj(data, "", top, {"cramps"}):
        if data["format"] != FORMAT:
            check.problem("format", f'expected "{FORMAT}", found {_kind(data["format"])}')
        version = data["version"]
        whole = isinstance(version, int) and not isinstance(version, bool)
        if whole and version > VERSION:
            check.problem("version", f"{_kind(version)} is newer than this coach reads ({VERSION})")
        elif not whole or version != VERSION:
            check.problem("version", f"expected {VERSION}, found {_kind(version)}")
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


def _session(check: _Checker, item: Any, where: str) -> NewSession | None:
    if not check.obj(item, where, SESSION_KEYS, {"id"}):
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
        check.problem(f("status"), f"expected one of {', '.join(STATUSES)}, found {_kind(status)}")
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
        values = (
            check.integer(ex["idx"], f"{at}.idx"),
            check.text(ex["name"], f"{at}.name"),
            check.integer(ex["reps_done"], f"{at}.reps_done"),
            check.integer(ex["target"], f"{at}.target"),
            check.flag(ex["skipped"], f"{at}.skipped"),
            check.moment(ex["started_at"], f"{at}.started_at"),
            check.moment(ex["ended_at"], f"{at}.ended_at"),
        )
        agrees = agrees and check.agree(day, list(values[5:]), at, after=span)
        if values[0] in seen_idx:
            check.problem(f"{at}.idx", f"exercise {values[0]} appears twice in this session")
        seen_idx.add(values[0])
        exercises.append(NewExercise(*values))
    reps: list[NewRep] = []
    seen_reps: set[object] = set()
    for i, rep in enumerate(check.items(item["reps"], f("reps"))):
        at = f"{f('reps')}[{i}]"
        if not check.obj(rep, at, REP_KEYS, set()):
            continue
        values = (
            check.integer(rep["exercise_idx"], f"{at}.exercise_idx"),
            check.integer(rep["rep"], f"{at}.rep", low=1),
            check.moment(rep["completed_at"], f"{at}.completed_at"),
        )
        agrees = agrees and check.agree(day, [values[2]], at, after=span)
        if values[:2] in seen_reps:
            check.problem(f"{at}.rep", f"rep {values[1]} of exercise {values[0]} appears twice")
        seen_reps.add(values[:2])
        reps.append(NewRep(*values))
    if len(check.problems) > before:
        return None
    return NewSession(
        routine_id=routine_id,
        routine_title=title,
        day=day,
        started_at=started,
        # A session still running elsewhere cannot be resumed here; what it holds is kept.
        status="abandoned" if status == "in_progress" else status,
        targets=tuple(targets),
        planned_seconds=planned,
        ended_at=ended,
        active_seconds=active,
        paused_seconds=paused,
        entered_by_hand=by_hand,
        exercises=tuple(exercises),
        reps=tuple(reps),
    )


def _cramp(check: _Checker, item: Any, where: str) -> NewCramp | None:
    """One diary entry, held to the rules a cramp logged here must meet (coach.cramps)."""
    from coach.cramps import (
        CONTROL_CHARS,
        MAX_MINUTES,
        MAX_NOTE,
        MUSCLES,
        SEVERITY_RANGE,
        SIDES,
        WHEN_KINDS,
    )

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
        check.problem(f(key), f"expected one of {words}, found {_kind(value)}")
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
        check.problem(f("severity"), f"expected {low}..{high} or null, found {_kind(severity)}")
    minutes = item["minutes"]
    number = isinstance(minutes, int | float) and not isinstance(minutes, bool)
    if minutes is not None and not (number and 0 < minutes <= MAX_MINUTES):
        check.problem(
            f("minutes"),
            f"expected more than 0 up to {MAX_MINUTES}, or null, found {_kind(minutes)}",
        )
    note = item["note"]
    if note is not None and (
        not isinstance(note, str) or len(note) > MAX_NOTE or CONTROL_CHARS.search(note)
    ):
        check.problem(f("note"), f"expected one line of text up to {MAX_NOTE} characters or null")
    logged = check.moment(item["logged_at"], f("logged_at"))
    if len(check.problems) > before:
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
