"""The reminder service's log: one line per decision, with the local time, to stdout and a file."""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import TextIO


class RemindLog:
    """One line per decision, with the local time, to stdout and `state/remind.log` (0600)."""

    def __init__(self, path: Path | None, out: TextIO | None, tz: tzinfo) -> None:
        self.path = path
        self.out = out
        self.tz = tz

    def __call__(self, event: str, routine: str = "", detail: str = "") -> str:
        stamp = datetime.now(self.tz).strftime("%Y-%m-%d %H:%M:%S %Z")
        line = f"{stamp}  {event:<9} {routine}".rstrip()
        if detail:
            line += f": {detail}" if routine else f" {detail}"
        if self.out is not None:
            try:
                print(line, file=self.out, flush=True)
            except (OSError, ValueError):
                self.out = None  # stdout went away (a closed pipe): keep the file log going
        if self.path is not None:
            self._append(self.path, line)
        return line

    def _append(self, path: Path, line: str) -> None:
        from coach.files import append_log  # remind.log is rotated to remind.log.1

        try:
            append_log(path, line + "\n")
        except OSError as exc:
            if self.out is not None:
                print(f"(could not write {path}: {exc})", file=self.out, flush=True)
