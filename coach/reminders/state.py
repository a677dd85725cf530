"""What the reminder service must remember across restarts, in the state folder.

- `snooze.json`: snoozed reminders and when they come back, so a snooze survives a restart
  (and the app can snooze too: the service notices the file change).
- `remind-state.json`: which reminder was shown (or given up as missed) on which local date, so
  a restart, the app, or a fall-back night never shows it twice; and the one follow-up per
  reminder and day.

Every change is read-modify-write under an `flock` on `remind.lock`, so the service and the app
can share the files, and lands with an atomic replace of a 0600 file. A damaged file counts as
empty: losing a snooze is better than a service that will not start.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

SNOOZE_MINUTES = 10
KEEP_DAYS = 8  # shown/follow-up records older than this are dropped on the next write


@dataclass(frozen=True)
class Snooze:
    key: str
    routine: str
    until: datetime


@dataclass(frozen=True)
class FollowUp:
    key: str
    routine: str
    day: date
    due: datetime
    done: bool = False  # sent, skipped or missed: never again for this reminder and day


class ReminderState:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @property
    def snooze_file(self) -> Path:
        return self.folder / "snooze.json"

    @property
    def state_file(self) -> Path:
        return self.folder / "remind-state.json"

    @property
    def lock_file(self) -> Path:
        return self.folder / "remind.lock"

    # -- shown: one reminder per (key, local date) --------------------------------------------

    def was_shown(self, key: str, day: date) -> bool:
        return f"{key}|{day.isoformat()}" in self._read(self.state_file).get("shown", {})

    def claim(self, key: str, day: date, at: datetime) -> bool:
        """Mark the reminder shown for `day`; False if it already was (by anyone)."""
        with self._edit(self.state_file, today=day) as data:
            shown = data.setdefault("shown", {})
            ident = f"{key}|{day.isoformat()}"
            if ident in shown:
                return False
            shown[ident] = at.isoformat()
            return True

    # -- snoozes --------------------------------------------------------------------------------

    def snoozes(self) -> list[Snooze]:
        out = []
        for item in self._read(self.snooze_file).get("snoozes", []):
            try:
                out.append(
                    Snooze(item["key"], item["routine"], datetime.fromisoformat(item["until"]))
                )
            except (KeyError, TypeError, ValueError):
                continue
        return out

    def snooze(
        self, key: str, routine: str, now: datetime, minutes: int = SNOOZE_MINUTES
    ) -> Snooze:
        """Snooze one reminder until now + minutes (a newer snooze replaces an older one)."""
        until = (now.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(now.tzinfo)
        item = Snooze(key, routine, until)
        with self._edit(self.snooze_file) as data:
            rest = [s for s in data.get("snoozes", []) if s.get("key") != key]
            rest.append({"key": key, "routine": routine, "until": item.until.isoformat()})
            data["snoozes"] = rest
        return item

    def take_snooze(self, key: str, until: datetime) -> bool:
        """Remove a snooze that came due; False if it is gone or was renewed meanwhile."""
        with self._edit(self.snooze_file) as data:
            items = data.get("snoozes", [])
            keep = [
                s
                for s in items
                if not (s.get("key") == key and s.get("until") == until.isoformat())
            ]
            data["snoozes"] = keep
            return len(keep) != len(items)

    # -- follow-ups -----------------------------------------------------------------------------

    def follow_ups(self) -> list[FollowUp]:
        out = []
        for ident, item in self._read(self.state_file).get("follow_ups", {}).items():
            try:
                key, day = ident.rsplit("|", 1)
                out.append(
                    FollowUp(
                        key,
                        item["routine"],
                        date.fromisoformat(day),
                        datetime.fromisoformat(item["due"]),
                        bool(item.get("done")),
                    )
                )
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
        return out

    def plan_follow_up(self, key: str, routine: str, day: date, due: datetime) -> bool:
        """Plan the one follow-up for this reminder and day; False if one was planned before."""
        with self._edit(self.state_file, today=day) as data:
            plans = data.setdefault("follow_ups", {})
            ident = f"{key}|{day.isoformat()}"
            if ident in plans:
                return False
            plans[ident] = {"routine": routine, "due": due.isoformat(), "done": False}
            return True

    def close_follow_up(self, key: str, day: date) -> bool:
        """Mark the follow-up handled; False if it already was (so it is sent at most once)."""
        with self._edit(self.state_file) as data:
            item = data.setdefault("follow_ups", {}).get(f"{key}|{day.isoformat()}")
            if item is None or item.get("done"):
                return False
            item["done"] = True
            return True

    # -- files ----------------------------------------------------------------------------------

    def mtimes(self) -> tuple[int, ...]:
        """A cheap fingerprint of both files, to notice another process's changes."""
        out = []
        for path in (self.snooze_file, self.state_file):
            try:
                st = path.stat()
                out += [st.st_mtime_ns, st.st_size]
            except OSError:
                out += [0, 0]
        return tuple(out)

    def _read(self, path: Path) -> dict[str, Any]:
        """The file's contents in the shape the code expects; whatever does not fit is dropped
        (valid JSON of the wrong shape is damage too, and damage counts as empty)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return {}
        return _well_formed(data)

    @contextlib.contextmanager
    def _edit(self, path: Path, today: date | None = None) -> Iterator[dict[str, Any]]:
        from coach.paths import ensure_private_dir

        ensure_private_dir(self.folder)
        with _locked(self.lock_file):
            data = self._read(path)
            before = json.dumps(data, sort_keys=True)
            yield data
            if today is not None:
                _prune(data, today)
            if json.dumps(data, sort_keys=True) != before:
                data["version"] = 1
                from coach.files import write_private

                write_private(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def _well_formed(data: Any) -> dict[str, Any]:
    """`shown`: {ident: text}; `follow_ups`: {ident: {...}}; `snoozes`: [{...}]; others dropped."""
    if not isinstance(data, dict):
        return {}
    out: dict[str, Any] = {}
    shown = data.get("shown")
    if isinstance(shown, dict):
        out["shown"] = {k: v for k, v in shown.items() if isinstance(v, str)}
    plans = data.get("follow_ups")
    if isinstance(plans, dict):
        out["follow_ups"] = {k: v for k, v in plans.items() if isinstance(v, dict)}
    snoozes = data.get("snoozes")
    if isinstance(snoozes, list):
        out["snoozes"] = [s for s in snoozes if isinstance(s, dict)]
    if isinstance(data.get("version"), int):
        out["version"] = data["version"]
    return out


def _prune(data: dict[str, Any], today: date) -> None:
    cutoff = (today - timedelta(days=KEEP_DAYS)).isoformat()
    for section in ("shown", "follow_ups"):
        items = data.get(section)
        if isinstance(items, dict):
            for ident in [i for i in items if i.rsplit("|", 1)[-1] < cutoff]:
                del items[ident]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # not POSIX: a single process is the common case anyway
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock
