"""Checking a parsed export field by field: every problem with the path of the field it is in.

The words of each problem are the ones `coach import` prints (`FILE: sessions[0].day: ...`).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from coach import record_dates
from coach.text import control_character
from coach.transfer.format import MAX_COUNT, MAX_SECONDS, PLAIN_TEXT


class Checker:
    """Walks the parsed JSON, collecting every problem with the path of the field it is in."""

    def __init__(self, name: str, today: date | None = None) -> None:
        self.name = name
        self.today = today
        self.problems: list[str] = []

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{self.name}: {where or 'file'}: {what}")

    def obj(self, value: Any, where: str, keys: set[str], optional: set[str]) -> bool:
        if not isinstance(value, dict):
            self.problem(where, f"expected an object, found {kind(value)}")
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
            self.problem(where, f"expected a list, found {kind(value)}")
            return []
        return value

    def text(self, value: Any, where: str, *, empty: bool = False) -> str | None:
        if not isinstance(value, str) or (not empty and not value.strip()):
            self.problem(where, f"expected text, found {kind(value)}")
            return None
        bad = control_character(value)
        if bad is not None:
            self.problem(where, f"the text holds a control character ({bad}); {PLAIN_TEXT}")
            return None
        return value

    def integer(self, value: Any, where: str, low: int = 0) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_COUNT:
            self.problem(where, f"expected a whole number {low}..{MAX_COUNT}, found {kind(value)}")
            return None
        return value

    def seconds(self, value: Any, where: str, *, null: bool) -> float | None:
        if value is None and null:
            return None
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not 0 <= value <= MAX_SECONDS:
            self.problem(where, f"expected seconds (0..{MAX_SECONDS}), found {kind(value)}")
            return None
        return float(value)

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            self.problem(where, f"expected true or false, found {kind(value)}")
            return False
        return value

    def day(self, value: Any, where: str, *, plan: bool = False) -> date | None:
        try:
            day = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            self.problem(where, f"expected a date YYYY-MM-DD, found {kind(value)}")
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
        known = [m for m in moments if m is not None]
        if day is not None and len(known) == len(moments):
            problem = record_dates.times_problem(day, known, after=after)
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
            self.problem(where, f"expected an ISO 8601 time with a UTC offset, found {kind(value)}")
            return None
        earliest, latest = record_dates.EARLIEST, record_dates.LATEST
        if not earliest <= moment.date() <= latest:
            self.problem(where, f"{value} is outside {earliest} to {latest}")
            return None
        return moment


def kind(value: Any) -> str:
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


def not_text(data: Any) -> str | None:
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
