"""Getting a reminder in front of the user, with whatever this machine offers.

In order: a desktop notification through desktop-notifier (freedesktop D-Bus on Linux, the
native centre on macOS) with "Start now" and "Snooze 10 min" buttons where the server supports
actions; `notify-send` when desktop-notifier is not installed; otherwise the terminal bell and a
line on stdout. The user's own `notifications.command` runs in addition, as an argument list with
title and body appended, never through a shell.

"Is there a notification service?" is asked with `get_capabilities()`: desktop-notifier's `send`
does not fail without a session bus (it logs and returns an id), its capability probe does.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

PROBE_SECONDS = 5.0
COMMAND_SECONDS = 30.0

START_ID = "start"
SNOOZE_ID = "snooze"


@dataclass(frozen=True)
class Note:
    """One notification: `kind` is reminder, late, snooze or follow-up."""

    kind: str
    key: str
    routine: str
    title: str
    body: str


Action = Callable[[Note], Awaitable[None] | None]


def _run_action(action: Action | None, note: Note) -> None:
    if action is None:
        return
    result = action(note)
    if asyncio.iscoroutine(result):
        _background.add(task := asyncio.ensure_future(result))
        task.add_done_callback(_background.discard)


class DesktopChannel:
    """desktop-notifier, created lazily so an idle service never loads D-Bus code."""

    def __init__(self, on_start: Action | None = None, on_snooze: Action | None = None) -> None:
        self.on_start = on_start
        self.on_snooze = on_snooze
        self._notifier: Any = None
        self.error = ""

    @staticmethod
    def installed() -> bool:
        import importlib.util

        return importlib.util.find_spec("desktop_notifier") is not None

    async def probe(self) -> frozenset[Any] | None:
        """The server's capabilities, or None when no notification service answers."""
        try:
            from desktop_notifier import DesktopNotifier, Icon
        except ImportError as exc:
            self.error = f"desktop-notifier is not installed ({exc})"
            return None
        if self._notifier is None:
            self._notifier = DesktopNotifier(
                app_name="coach", app_icon=Icon(name="appointment-soon")
            )
        try:
            return await asyncio.wait_for(self._notifier.get_capabilities(), PROBE_SECONDS)
        except Exception as exc:  # no bus, no server, a broken server: all mean "not here"
            self.error = f"{type(exc).__name__}: {exc}"
            self._drop()
            return None

    def _drop(self) -> None:
        """Forget the notifier (a server may start later) without leaking its bus connection."""
        bus = getattr(getattr(self._notifier, "_backend", None), "bus", None)
        if bus is not None:
            with contextlib.suppress(Exception):
                bus.disconnect()
        self._notifier = None

    async def send(self, note: Note, buttons: bool) -> None:
        from desktop_notifier import Button

        actions = []
        if buttons:
            actions = [
                Button(
                    "Start now",
                    on_pressed=lambda: _run_action(self.on_start, note),
                    identifier=START_ID,
                ),
                Button(
                    "Snooze 10 min",
                    on_pressed=lambda: _run_action(self.on_snooze, note),
                    identifier=SNOOZE_ID,
                ),
            ]
        await self._notifier.send(title=note.title, message=note.body, buttons=actions)


PLACEHOLDERS = ("{title}", "{body}", "{routine}")


def command_words(argv: Sequence[str], note: Note) -> list[str]:
    """The user's command with the note's text where it cannot be taken for an option.

    Words holding `{title}`, `{body}` or `{routine}` get the text put in their place (nothing is
    appended then): the user puts them after the program's own `--`. A command without them gets
    `--`, the title and the body appended, so a title starting with `-` is never an option.
    """
    if not any(p in word for word in argv for p in PLACEHOLDERS):
        return [*argv, "--", note.title, note.body]
    values = {"{title}": note.title, "{body}": note.body, "{routine}": note.routine}
    out = []
    for word in argv:
        # One pass, so text that itself looks like a placeholder is never replaced again.
        pieces = re.split(r"(\{title\}|\{body\}|\{routine\})", word)
        out.append("".join(values.get(piece, piece) for piece in pieces))
    return out


def command_environment(note: Note) -> dict[str, str]:
    """The note's text also as environment variables, for scripts: never parsed as options."""
    return {
        **os.environ,
        "COACH_TITLE": note.title,
        "COACH_BODY": note.body,
        "COACH_ROUTINE": note.routine,
        "COACH_KIND": note.kind,
    }


async def run_command(argv: Sequence[str], note: Note, *, placeholders: bool = True) -> str:
    """Run the user's notify command with the note's text (see `command_words`); a short
    result for the log. `placeholders=False`: `argv` is ours and complete as given."""
    words = command_words(argv, note) if placeholders else list(argv)
    try:
        proc = await asyncio.create_subprocess_exec(
            *words,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=command_environment(note),
            start_new_session=True,
        )
    except (OSError, ValueError) as exc:  # ValueError: a NUL in a word
        reason = exc.strerror if isinstance(exc, OSError) else None
        return f"command {argv[0]} failed: {reason or exc}"
    try:
        code = await asyncio.wait_for(proc.wait(), COMMAND_SECONDS)
    except TimeoutError:
        proc.kill()
        return f"command {argv[0]} timed out after {COMMAND_SECONDS:.0f} s"
    return f"command {argv[0]}" + (f" (exit {code})" if code else "")


class DefaultNotifier:
    """Desktop notification, else notify-send, else bell; plus the user's command if set."""

    def __init__(
        self,
        *,
        command: Sequence[str] = (),
        out: TextIO | None = None,
        on_start: Action | None = None,
        on_snooze: Action | None = None,
    ) -> None:
        self.command = tuple(command)
        self.out = out if out is not None else sys.stdout
        self.desktop = DesktopChannel(on_start, on_snooze)

    def set_actions(self, on_start: Action | None, on_snooze: Action | None) -> None:
        self.desktop.on_start = on_start
        self.desktop.on_snooze = on_snooze

    async def notify(self, note: Note) -> list[str]:
        """Deliver `note`; returns how it went out, for the log."""
        used = []
        caps = await self.desktop.probe()
        if caps is not None:
            buttons = any(getattr(c, "name", "") == "BUTTONS" for c in caps)
            await self.desktop.send(note, buttons)
            used.append("desktop notification" + (" with buttons" if buttons else ""))
        elif not DesktopChannel.installed() and _has_display() and shutil.which("notify-send"):
            argv = ["notify-send", "--app-name=coach", "--", note.title, note.body]
            used.append(await run_command(argv, note, placeholders=False))
        else:
            self.bell(note)
            used.append(f"bell (no notification service: {self.desktop.error})")
        if self.command:
            used.append(await run_command(self.command, note))
        return used

    def bell(self, note: Note) -> None:
        # Under coach.cli the output is a TerminalStream, which escapes control characters: the
        # bell is coach's own, so it goes to the stream underneath; the text goes through it.
        tty = getattr(self.out, "stream", self.out)
        bell = "\a" if getattr(tty, "isatty", lambda: False)() else ""
        line = f"Reminder: {note.title}. {note.body} Start it with: coach start {note.routine}"
        with contextlib.suppress(OSError, ValueError):  # no stdout left: the log still has it
            tty.write(bell)
            print(line, file=self.out, flush=True)


def _has_display(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


# (program, words before the command). x-terminal-emulator is Debian's choice of the user's
# terminal; the rest are tried in a fixed order. Every one takes an argument list, no shell.
TERMINALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("x-terminal-emulator", ("-e",)),
    ("gnome-terminal", ("--",)),
    ("konsole", ("-e",)),
    ("xfce4-terminal", ("-x",)),
    ("kitty", ()),
    ("alacritty", ("-e",)),
    ("foot", ()),
    ("wezterm", ("start", "--")),
    ("xterm", ("-e",)),
)


def terminal_command(
    argv: Sequence[str],
    *,
    which: Callable[[str], str | None] = shutil.which,
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
) -> list[str] | None:
    """The argument list that opens `argv` in a new terminal window, or None if none is usable."""
    if platform == "darwin" or not _has_display(environ):
        return None
    for name, words in TERMINALS:
        path = which(name)
        if path:
            return [path, *words, *argv]
    return None


async def start_in_terminal(routine: str) -> str:
    """Open `coach start ROUTINE` in a new terminal; what happened, for the log."""
    from coach.reminders.units import coach_command

    argv = [*coach_command(), "start", routine]
    term = terminal_command(argv)
    if term is None:
        return f"no terminal to open; start it with: coach start {routine}"
    try:
        proc = await asyncio.create_subprocess_exec(
            *term,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        return f"could not open {term[0]} ({exc}); start it with: coach start {routine}"
    _background.add(task := asyncio.ensure_future(proc.wait()))  # reap it when it exits
    task.add_done_callback(_background.discard)
    return f"opened in {os.path.basename(term[0])}"


_background: set[asyncio.Future[Any]] = set()
