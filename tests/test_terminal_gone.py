"""A terminal nobody reads any more (its window closed, tmux killed): coach still ends on a signal.

Textual writes the screen through an output thread with a bounded queue. When the terminal is
not read, that thread blocks on the full terminal, the event loop blocks behind it, and a
signal handler that waits for the loop never runs: coach lived on without a terminal, its data
file open, until someone found it and sent SIGKILL. A real process on a pseudo-terminal whose
other end is never read again.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT


def coach_on_a_terminal_nobody_reads(home: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`coach start` on a 120x40 pseudo-terminal; its output is never read."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(os.environ, COACH_HOME=str(home), PYTHONPATH=str(ROOT), TERM="xterm-256color")
    process = subprocess.Popen(
        [sys.executable, "-m", "coach", "start", "calf-relief"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    return process, master


@pytest.mark.waits(9)
@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_signal_ends_coach_even_when_its_terminal_is_no_longer_read(
    tmp_path: Path, signum: int
) -> None:
    process, master = coach_on_a_terminal_nobody_reads(tmp_path / "home")
    try:
        time.sleep(4)  # the countdown fills the terminal's buffer within a second or two
        process.send_signal(signum)
        try:
            code = process.wait(timeout=15)  # the grace is 5 s
        except subprocess.TimeoutExpired:
            pytest.fail(f"coach did not end on signal {signum}: it would live on, terminal gone")
        assert code == 128 + signum
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
