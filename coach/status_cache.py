"""The last `coach status` answer, kept until something it depends on changes.

A status bar asks every few seconds, and nearly always nothing has changed: reading the config
(PyYAML), the routines and the database each time would make the answer several times slower
than `coach --version`. So the three answers (line, JSON, waybar) are kept in the state folder
with a fingerprint of every file they were read from and the moment they stop being true (the
next reminder, or the start of the next day). A hit costs a few `stat` calls and one small JSON
read; anything else (a session saved, a cramp logged, the config or a routine edited, another
zone, another coach version) is a miss, and the answer is worked out afresh.

Only os and json here, and paths as strings (no pathlib): this module is what a hit imports.
"""

from __future__ import annotations

import json
import os
from typing import Any

from coach import __version__
from coach.paths import CONFIG_FILE, DATABASE_FILE, ROUTINES_DIR

CACHE_NAME = "status-cache.json"
Folders = tuple[str, str, str]  # config, data, state: coach.paths.folders()


def fingerprint(folders: Folders) -> list[Any]:
    """What the answer was read from: each file's identity, size and change time, and the zone."""
    config, data, _ = folders
    database = os.path.join(data, DATABASE_FILE)
    files = [os.path.join(config, CONFIG_FILE), database, database + "-wal"]
    try:
        files += sorted(e.path for e in os.scandir(os.path.join(config, ROUTINES_DIR)))
    except OSError:
        pass
    marks: list[Any] = [__version__, os.environ.get("TZ"), _zone_file()]
    for path in files:
        try:
            st = os.stat(path)
        except OSError:
            marks.append([path, None])
            continue
        marks.append([path, st.st_ino, st.st_size, st.st_mtime_ns])
    return marks


def _zone_file() -> str | None:
    try:
        return os.path.realpath("/etc/localtime")
    except OSError:
        return None


def cached(folders: Folders, key: list[Any], now: float) -> dict[str, str] | None:
    """The kept answers if they were made from exactly these files and are still true at `now`."""
    try:
        with open(os.path.join(folders[2], CACHE_NAME), encoding="utf-8") as fh:
            doc = json.load(fh)
        if doc["key"] == key and now < doc["until"]:
            return {name: str(text) for name, text in doc["answers"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # missing, damaged or from another version: work it out afresh
    return None


def keep(folders: Folders, key: list[Any], until: float, answers: dict[str, str]) -> None:
    """Keep `answers` until the epoch second `until`; a failure to write only costs speed."""
    from pathlib import Path

    from coach.files import write_private

    text = json.dumps({"key": key, "until": until, "answers": answers}, ensure_ascii=False)
    try:
        write_private(Path(folders[2], CACHE_NAME), text)
    except OSError:
        pass
