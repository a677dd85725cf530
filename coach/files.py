"""Writing a file the user asked for, or one of coach's own, safely: the one way coach writes.

A regular file is replaced whole or not at all: the text goes to a fresh private temporary file
(random name, created exclusively, so a symlink planted at a guessable name cannot redirect it) in
the target's own folder, is flushed to the disk, and is then renamed over the target. A crash or
a full disk leaves the old file, never half of a new one, and the file is never readable by
others, even for a moment.

What is not a regular file is written to, never replaced: `/dev/null`, a terminal, a FIFO,
`/dev/stdout` (and `/dev/fd/N`, `/proc/...`, which name whatever an open descriptor points to, a
redirected file included, so `>>` still appends). A symlink is followed to the file it names,
and that file is replaced in its own folder, so the link stays a link (a config.yaml kept in a
dotfiles folder stays there). A folder, or a target in a folder that does not exist, is an
OSError for the caller to word with `write_error`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

# What link(2) says on a filesystem without hard links (some FUSE, network and FAT mounts).
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV}
# Names of open descriptors rather than files: written through, never renamed over.
_STREAM_NAMES = ("/dev/stdout", "/dev/stderr")
_STREAM_PREFIXES = ("/dev/fd/", "/proc/")


def write_private(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    mode: int = 0o600,
    keep_existing: bool = False,
    check: Callable[[Path], Any] | None = None,
) -> bool:
    """Write `data` (str as UTF-8, newlines untouched) to `path`; True if written.

    `mode`: the new file's permission bits (0600: health data is nobody else's).
    `keep_existing`: write only if nothing stands at `path` (a file, or a symlink, even a
    dangling one); False if something does. Never replaces anything.
    `check(temporary_path)`: runs on the complete temporary file before it takes the target's
    place; if it raises, the target is left as it was.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(path)
    if keep_existing:
        if os.path.lexists(target):
            return False
    else:
        try:
            st = os.stat(target)  # follows symlinks
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        if st is not None and (not stat.S_ISREG(st.st_mode) or _names_a_stream(target)):
            _write_through(target, raw)
            return True
        target = Path(os.path.realpath(target))  # replace the file a symlink names, not the link
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        try:
            _write_all(fd, raw)
            os.fsync(fd)
            if mode != 0o600:
                os.fchmod(fd, mode)
        finally:
            os.close(fd)
        if check is not None:
            check(Path(temp))
        if keep_existing:
            return _link_if_absent(Path(temp), target, raw, mode)
        os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    sync_folder(target.parent)
    return True


def report_stream(path: str | os.PathLike[str]) -> TextIO:
    """Where to say "Wrote PATH": stderr when PATH was a device, FIFO or descriptor name (the
    line must not land in the data, e.g. `--output /dev/stdout | ...`), else stdout."""
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode) and not _names_a_stream(Path(path))
    except OSError:
        regular = False
    return sys.stdout if regular else sys.stderr


def write_error(path: str | os.PathLike[str], exc: OSError) -> str:
    """One line saying why `path` could not be written and what to do about it."""
    where = Path(path)
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return f"cannot write {where}: it is a folder; give a file name, e.g. {where / 'file'}"
    if isinstance(exc, FileNotFoundError):
        return f"cannot write {where}: the folder {where.parent} does not exist; create it first"
    if isinstance(exc, NotADirectoryError):
        return f"cannot write {where}: part of that path is a file, not a folder"
    if isinstance(exc, PermissionError):
        return f"cannot write {where}: permission denied; choose a folder you can write to"
    return f"cannot write {where}: {exc.strerror or exc}"


def folder_error(exc: OSError) -> str:
    """One line for a folder coach cannot use (config, state, data), with what to do."""
    name = Path(exc.filename) if exc.filename else None
    if name is None:
        return f"could not write the output: {exc.strerror or exc}"
    if isinstance(exc, FileExistsError | NotADirectoryError):
        blocking = next((p for p in (name, *name.parents) if _is_non_folder(p)), name)
        return (
            f"{blocking} is a file where coach needs a folder: move it away (or set COACH_HOME "
            "to another folder), then try again"
        )
    folder = name if os.path.isdir(name) else name.parent  # isdir: never raises
    if isinstance(exc, PermissionError):
        return (
            f"coach may not use {folder} (permission denied). If `sudo coach` made it "
            f"root's, give it back with: sudo chown -R $USER {folder}"
        )
    if exc.errno == errno.EROFS:
        return f"{folder} is on a read-only disk: coach cannot write there"
    return f"{name}: {exc.strerror or exc}"


def _is_non_folder(path: Path) -> bool:
    return os.path.lexists(path) and not os.path.isdir(path)


def sync_folder(folder: Path) -> None:
    """Make a new name itself durable; best effort (some systems cannot open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _names_a_stream(path: Path) -> bool:
    name = os.path.abspath(path)
    return name in _STREAM_NAMES or name.startswith(_STREAM_PREFIXES)


def _write_through(path: Path, raw: bytes) -> None:
    """A device, FIFO or descriptor name: write into it as `cat > path` would, never create."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
    try:
        _write_all(fd, raw)
    finally:
        os.close(fd)


def _write_all(fd: int, raw: bytes) -> None:
    view = memoryview(raw)
    while view:
        view = view[os.write(fd, view) :]


def _link_if_absent(temp: Path, target: Path, raw: bytes, mode: int) -> bool:
    """Put `temp` at `target` only if nothing is there (link(2) fails even on a symlink)."""
    try:
        os.link(temp, target)
    except FileExistsError:
        return False  # another process wrote it first, or a symlink stands there
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        return _create_exclusive(target, raw, mode)
    sync_folder(target.parent)
    return True


def _create_exclusive(target: Path, raw: bytes, mode: int) -> bool:
    """Without hard links: create `target` exclusively, removed again if the write fails."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return False
    try:
        try:
            _write_all(fd, raw)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return True


LOG_LIMIT = 512 * 1024  # a log of coach's own is rotated to NAME.1 past this size


def append_log(path: Path, text: str, limit: int = LOG_LIMIT) -> None:
    """Append `text` to a log of coach's own in the state folder (0600 in a 0700 folder),
    after rotating a log past `limit` to `NAME.1` (a rename of the whole file). A log only ever
    grows by appending, so it is not replaced like the files above. OSError is the caller's."""
    from coach.paths import ensure_private_dir

    ensure_private_dir(path.parent)
    with contextlib.suppress(OSError):
        if path.stat().st_size > limit:
            os.replace(path, path.with_name(path.name + ".1"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(text)
