"""Delivery without a desktop: the bell, the user's command (no shell), the terminal choice."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from coach.reminders.notify import DefaultNotifier, Note, terminal_command

NOTE = Note("reminder", "daily-prevention@09:00", "daily-prevention", "Daily prevention", "Go")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def no_bus(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/nonexistent-coach-test")


async def test_without_a_notification_service_it_rings_the_bell(no_bus: None) -> None:
    out = Tty()
    used = await DefaultNotifier(out=out).notify(NOTE)
    assert used[0].startswith("bell (no notification service")
    assert out.getvalue().startswith("\a")
    assert "Daily prevention" in out.getvalue()
    assert "coach start daily-prevention" in out.getvalue()


async def test_under_coach_the_bell_still_rings_and_the_title_stays_harmless(
    no_bus: None,
) -> None:
    """Every command's output goes through TerminalStream: the bell is coach's own control
    character and must still ring; a control character in the title must not reach the tty."""
    from coach.text import TerminalStream

    tty = Tty()
    note = Note("reminder", "k", "mine", "Mine \x1b]0;owned\x07", "Go")
    await DefaultNotifier(out=TerminalStream(tty)).notify(note)
    assert tty.getvalue().startswith("\aReminder: Mine \\u001b]0;owned\\u0007. Go")
    assert tty.getvalue().count("\a") == 1


async def test_no_bell_character_when_stdout_is_not_a_terminal(no_bus: None) -> None:
    out = io.StringIO()
    await DefaultNotifier(out=out).notify(NOTE)
    assert "\a" not in out.getvalue() and "Daily prevention" in out.getvalue()


async def test_the_user_command_gets_title_and_body_as_words_never_a_shell(
    no_bus: None, tmp_path: Path
) -> None:
    target = tmp_path / "argv.json"
    script = f"import json, sys; open({str(target)!r}, 'w').write(json.dumps(sys.argv[1:]))"
    sneaky = Note("reminder", "k", "r", "Daily; touch pwned", "$(touch pwned) `id`")
    command = [sys.executable, "-c", script, "--flag"]
    used = await DefaultNotifier(command=command, out=io.StringIO()).notify(sneaky)
    assert used[-1] == f"command {sys.executable}"
    assert json.loads(target.read_text()) == [
        "--flag",
        "--",
        "Daily; touch pwned",
        "$(touch pwned) `id`",
    ]
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


async def test_a_missing_command_is_reported_not_raised(no_bus: None) -> None:
    notifier = DefaultNotifier(command=["/nonexistent/notify-me"], out=io.StringIO())
    used = await notifier.notify(NOTE)
    assert "failed" in used[-1]


def test_terminal_choice_is_an_argument_list() -> None:
    argv = ["/venv/bin/coach", "start", "daily-prevention"]
    have = {"gnome-terminal": "/usr/bin/gnome-terminal", "xterm": "/usr/bin/xterm"}
    env = {"DISPLAY": ":0"}
    assert terminal_command(argv, which=have.get, environ=env, platform="linux") == [
        "/usr/bin/gnome-terminal",
        "--",
        *argv,
    ]
    assert terminal_command(
        argv, which={"xterm": "/usr/bin/xterm"}.get, environ=env, platform="linux"
    ) == ["/usr/bin/xterm", "-e", *argv]
    debian = {"x-terminal-emulator": "/usr/bin/x-terminal-emulator", **have}
    assert terminal_command(argv, which=debian.get, environ=env, platform="linux")[:2] == [
        "/usr/bin/x-terminal-emulator",
        "-e",
    ]


def test_no_terminal_without_a_display_or_on_macos() -> None:
    argv = ["coach", "start", "x"]
    have = {"xterm": "/usr/bin/xterm"}.get
    assert terminal_command(argv, which=have, environ={}, platform="linux") is None
    assert terminal_command(argv, which=have, environ={"DISPLAY": ":0"}, platform="darwin") is None
    assert terminal_command(argv, which=lambda _: None, environ={"DISPLAY": ":0"}) is None


async def test_start_without_a_terminal_says_how_to_start(
    no_bus: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.reminders.notify import start_in_terminal

    assert await start_in_terminal("calf-relief") == (
        "no terminal to open; start it with: coach start calf-relief"
    )
