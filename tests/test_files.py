"""Files are written where the user asked, safely (issue 11, points 6-8): one helper does it."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coach.cli import main
from coach.files import write_private
from tests.conftest import ROOT


def test_a_symlink_planted_at_the_old_temporary_name_is_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    target = tmp_path / "cal.ics"
    (tmp_path / f".cal.ics.{os.getpid()}.tmp").symlink_to(victim)  # the name it used to use
    assert main(["remind", "--ics", str(target)]) == 0
    assert victim.read_text() == "precious\n"
    assert target.read_text().startswith("BEGIN:VCALENDAR")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "command", [["remind", "--ics"], ["export", "--format", "csv", "--output"]]
)
@pytest.mark.parametrize(
    ("where", "words"),
    [("missing/cal.ics", "does not exist"), ("folder", "it is a folder")],
)
def test_a_missing_folder_or_a_folder_as_target_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], where: str, words: str
) -> None:
    (tmp_path / "folder").mkdir()
    assert main([*command, str(tmp_path / where)]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_private(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_device_node_stays_a_device(tmp_path: Path) -> None:
    """A copy of /dev/null in tmp_path: a regression replaces it, never the real one."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("creating a device node needs root (CAP_MKNOD)")
    before = node.lstat()
    write_private(node, "health data\n")
    after = node.lstat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


# These never name /dev/stdout itself in a subprocess: a regression that renames over the target
# would replace the machine's /dev/stdout (as root). /dev/fd/1 and /proc/self/fd/1 cannot be.
@pytest.mark.parametrize("name", ["/dev/fd/1", "/proc/self/fd/1"])
@pytest.mark.parametrize("redirect", ["pipe", "file"])
def test_a_descriptor_name_reaches_the_pipe_or_the_redirected_file(
    tmp_path: Path, redirect: str, name: str
) -> None:
    out_file = tmp_path / "out.txt"
    out_file.write_text("kept\n")
    code = f"from coach.files import write_private; write_private({name!r}, 'hello\\n')"
    with open(out_file, "a") as appended:
        proc = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            stdout=subprocess.PIPE if redirect == "pipe" else appended,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert proc.returncode == 0, proc.stderr
    if redirect == "pipe":
        assert proc.stdout == b"hello\n"
    else:  # `>> out.txt`: appended to, not replaced
        assert out_file.read_text() == "kept\nhello\n"


def test_dev_stdout_is_written_through_never_renamed_over(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def forbidden(*args, **kwargs):
        raise AssertionError("a temporary file or a rename for /dev/stdout")

    monkeypatch.setattr(tempfile, "mkstemp", forbidden)
    monkeypatch.setattr(os, "replace", forbidden)
    write_private("/dev/stdout", "hello\n")
    monkeypatch.undo()
    assert capfd.readouterr().out == "hello\n"
    assert os.path.islink("/dev/stdout")


def test_a_symlink_is_followed_to_the_file_it_names(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "config.yaml"
    real.write_text("old\n")
    link = tmp_path / "config.yaml"
    link.symlink_to(real)
    write_private(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in dotfiles.iterdir()) == ["config.yaml"]


def test_a_failed_check_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("good\n")

    def refuse(temp: Path) -> None:
        assert temp.read_text() == "bad\n" and temp.parent == tmp_path
        raise ValueError("refused")

    with pytest.raises(ValueError):
        write_private(path, "bad\n", check=refuse)
    assert path.read_text() == "good\n" and [p.name for p in tmp_path.iterdir()] == ["config.yaml"]


def test_unit_file_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "u.service"
    write_private(path, b"[Unit]\n", mode=0o644)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


# Moving damaged files aside and rotating the log are renames of whole files, not writes.
ALLOWED = {"coach/files.py", "coach/store/recovery.py", "coach/reminders/service.py"}
WRITES = re.compile(r"os\.replace\(|mkstemp\(|\.write_text\(|\.write_bytes\(|os\.link\(")


def test_every_file_coach_writes_goes_through_the_one_helper() -> None:
    offenders = []
    for path in sorted((ROOT / "coach").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if WRITES.search(line) and rel not in ALLOWED:
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == []


def test_the_wrote_line_stays_out_of_the_data_on_dev_stdout(
    coach_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "csv", "--output", "/dev/stdout"]) == 0
    out, err = capfd.readouterr()
    assert out.startswith("kind,day,") and "Wrote" not in out
    assert err.strip() == "Wrote /dev/stdout."
