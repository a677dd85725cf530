"""Text from users, routine files, the config and imports, on its way to a terminal.

Such text is data: a control character in it (an escape sequence that clears the screen or sets
the window title, a carriage return that overwrites a line) is refused where text enters
(`control_character`) and never reaches a terminal raw (`for_terminal`, `TerminalStream`).
Newline and tab are text. The screens' helper is coach.ui.text, built on `for_terminal`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

# C0 controls but tab and newline, DEL and the C1 controls (U+0080-U+009F: U+009B is a CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# On the way out a CR before a LF is a line end (CSV rows end in CRLF, RFC 4180).
_SHOWN = re.compile(r"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def control_character(text: str) -> str | None:
    """The first control character in `text` other than newline and tab, written the way
    `for_terminal` shows it (`\\u001b`), or None: for "field holds a control character" lines."""
    match = _CONTROL.search(text)
    return None if match is None else _escape(match)


def for_terminal(text: str) -> str:
    """`text` with every control character but newline and tab (and a CR ending a line) written
    as `\\u001b`: visible, harmless to a terminal, and still valid inside a JSON string."""
    return _SHOWN.sub(_escape, text)


class TerminalStream:
    """Standard output or error with `for_terminal` applied to everything written: every
    command's output goes through it (coach.cli.main), whatever the command prints. `stream`
    is the stream underneath, for the one control character coach means: the reminder's bell."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(for_terminal(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):  # flush, fileno, isatty, encoding...: the stream's own
        return getattr(self.stream, name)


@contextmanager
def terminal_output() -> Iterator[None]:
    """Standard output and error are TerminalStreams until the block ends."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None:
        sys.stdout = TerminalStream(sys.stdout)
    if sys.stderr is not None:
        sys.stderr = TerminalStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def printable(text: str) -> str:
    """`text` with line breaks and other unprintable characters escaped as repr() writes them
    (`\\n`, `\\x1b`, `\\u2028`), so a message quoting what was typed stays one plain line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


SAFETY_LINE = (
    "Note: coach is not medical advice; move gently and stop if pain is sharp or unusual. "
    "A fit (convulsion) in pregnancy is an emergency: call emergency services or go to "
    "hospital now. Open `coach` once to choose your profile."
)
