"""Run `coach ARGS` in this process: `coach.cli.main(argv)` with its own streams, environment and
time zone, giving what a finished process gives (exit code, stdout, stderr).

A real process costs ~0.3 s of start-up each; the command itself is the same code either way.
What only a real process shows (the console script, exit codes through a process, signals, a
closed pipe) is tested with real processes elsewhere (test_cli.py, tests/faults, tests/realuse).
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Ran:
    """What `subprocess.run(..., capture_output=True, text=True)` would have given."""

    returncode: int
    stdout: str
    stderr: str


def _stream() -> io.TextIOWrapper:
    """A text stream over bytes, as a pipe is: it has `.buffer`, is not a terminal, UTF-8, and
    strict about encoding errors (coach itself switches its streams to `errors="replace"`)."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode("utf-8", errors="replace")


@contextmanager
def _environment(changes: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    if "TZ" in changes:
        time.tzset()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if "TZ" in changes:
            time.tzset()


def run_coach(*args: str, home: Path, tz: str | None = None, cwd: Path | None = None) -> Ran:
    """`coach ARGS` with COACH_HOME=`home` (and TZ=`tz`, the working folder `cwd` when given),
    stdin at end of file, stdout and stderr captured as a pipe would capture them."""
    from coach.cli import main

    changes = {"COACH_HOME": str(home)}
    if tz is not None:
        changes["TZ"] = tz
    out, err = _stream(), _stream()
    saved = sys.stdin, sys.stdout, sys.stderr
    old_cwd = Path.cwd()
    sys.stdin = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    try:
        with _environment(changes):
            if cwd is not None:
                os.chdir(cwd)
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: --help, --version, a usage error
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:  # as the interpreter does with `sys.exit("message")`
                    print(exc.code, file=err)
                    code = 1
    finally:
        os.chdir(old_cwd)
        sys.stdin, sys.stdout, sys.stderr = saved
    return Ran(code, _text(out), _text(err))
