"""Appending to coach's own log files in the state folder: private, and never growing forever."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from coach.paths import ensure_private_dir

LOG_LIMIT = 512 * 1024  # a log is rotated to NAME.1 past this size


def append_private(path: Path, text: str, limit: int = LOG_LIMIT) -> None:
    """Append `text` to `path` (0600 in a 0700 folder), rotating it to `path.1` past `limit`.

    Raises OSError when the folder or the file cannot be written; callers decide what to say.
    """
    ensure_private_dir(path.parent)
    with contextlib.suppress(OSError):
        if path.stat().st_size > limit:
            os.replace(path, path.with_name(path.name + ".1"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(text)
