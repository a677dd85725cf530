"""The systemd unit and launchd agent that --install writes (never into the real home)."""

from __future__ import annotations

import configparser
import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coach.reminders.units import UNIT_NAME, coach_command, install, service_file, uninstall


@pytest.fixture
def env(coach_home: Path, tmp_path: Path) -> dict[str, str]:
    return {"COACH_HOME": str(coach_home), "XDG_CONFIG_HOME": str(tmp_path / "xdg")}


def parse_unit(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(text)
    return parser


def test_exec_start_is_the_absolute_coach_executable_with_remind(env: dict[str, str]) -> None:
    unit = service_file(env, platform="linux")
    parsed = parse_unit(unit.content.decode())
    exec_start = parsed["Service"]["ExecStart"].split()
    assert exec_start[-1] == "remind"
    assert Path(exec_start[0]).is_absolute()
    assert exec_start[:-1] == coach_command()
    expected = Path(sys.executable).absolute().parent / "coach"
    if expected.exists():
        assert exec_start[0] == str(expected)
    assert parsed["Install"]["WantedBy"] == "default.target"
    assert parsed["Service"]["Restart"] == "on-failure"


def test_under_coach_home_the_unit_lives_there_and_carries_it(
    env: dict[str, str], coach_home: Path
) -> None:
    unit = service_file(env, platform="linux")
    assert unit.path == coach_home.absolute() / "config" / "systemd" / "user" / UNIT_NAME
    assert unit.enable == ["systemctl", "--user", "enable", "--now", str(unit.path)]
    assert f"Environment=COACH_HOME={coach_home.absolute()}" in unit.content.decode()


def test_without_coach_home_it_honours_xdg_config_home(tmp_path: Path) -> None:
    unit = service_file({"XDG_CONFIG_HOME": str(tmp_path / "xdg")}, platform="linux")
    assert unit.path == tmp_path / "xdg" / "systemd" / "user" / UNIT_NAME
    assert unit.enable == ["systemctl", "--user", "enable", "--now", UNIT_NAME]
    assert "COACH_HOME" not in unit.content.decode()
    relative = service_file({"XDG_CONFIG_HOME": "relative/dir"}, platform="linux")
    assert relative.path == Path.home() / ".config" / "systemd" / "user" / UNIT_NAME


def test_paths_with_spaces_and_percent_are_quoted_for_systemd(tmp_path: Path) -> None:
    env = {"COACH_HOME": str(tmp_path / "my 100% home")}
    text = service_file(env, platform="linux", argv=["/opt/my apps/coach"]).content.decode()
    assert 'ExecStart="/opt/my apps/coach" remind' in text
    assert f'Environment="COACH_HOME={tmp_path}/my 100%% home"' in text


def test_install_then_uninstall_round_trip(env: dict[str, str]) -> None:
    unit = install(env, platform="linux")
    assert unit.path.read_bytes() == unit.content
    # What `systemctl --user enable` leaves behind: a link into the search path and a wants link.
    user_dir = Path(env["XDG_CONFIG_HOME"]) / "systemd" / "user"
    (user_dir / "default.target.wants").mkdir(parents=True)
    (user_dir / UNIT_NAME).symlink_to(unit.path)
    (user_dir / "default.target.wants" / UNIT_NAME).symlink_to(unit.path)
    _, removed = uninstall(env, platform="linux")
    assert not unit.path.exists()
    assert not (user_dir / UNIT_NAME).is_symlink()
    assert not (user_dir / "default.target.wants" / UNIT_NAME).is_symlink()
    assert len(removed) == 3
    assert uninstall(env, platform="linux")[1] == []


def test_the_unit_passes_systemd_analyze_verify(env: dict[str, str], tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (the configparser test above still runs)")
    unit = install(env, platform="linux")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    verify_env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), **env}
    out = subprocess.run(
        ["systemd-analyze", "--user", "verify", str(unit.path)],
        capture_output=True,
        text=True,
        env=verify_env,
        timeout=60,
    )
    if "Failed to initialize manager" in out.stderr or "Failed to lookup" in out.stderr:
        pytest.skip(f"systemd-analyze --user cannot run here: {out.stderr.strip()}")
    assert out.returncode == 0, out.stderr
    assert "Unknown" not in out.stderr and "not executable" not in out.stderr, out.stderr


def test_launchd_agent_for_macos(env: dict[str, str], coach_home: Path) -> None:
    agent = service_file(env, platform="darwin")
    assert (
        agent.path == coach_home.absolute() / "config" / "LaunchAgents" / "org.coach.remind.plist"
    )
    data = plistlib.loads(agent.content)
    assert data["Label"] == "org.coach.remind"
    assert data["ProgramArguments"] == [*coach_command(), "remind"]
    assert data["RunAtLoad"] is True
    assert data["EnvironmentVariables"] == {"COACH_HOME": str(coach_home.absolute())}
    assert agent.enable[:2] == ["launchctl", "bootstrap"]


@pytest.mark.parametrize("platform", ["linux", "darwin"])
@pytest.mark.parametrize("bad", ["\n", "\r", "\x1b", "\x7f"])
def test_a_control_character_in_a_path_is_refused_before_anything_is_written(
    tmp_path: Path, platform: str, bad: str
) -> None:
    """Issue 11 point 4: a newline in COACH_HOME used to inject `ExecStartPre=` into the unit."""
    from coach.reminders.units import UnitPathError

    home = tmp_path / f"home{bad}ExecStartPre=/bin/touch /tmp/pwned"
    env = {"COACH_HOME": str(home), "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    with pytest.raises(UnitPathError, match="COACH_HOME holds a control character"):
        install(env, platform)
    assert not home.exists()
    with pytest.raises(UnitPathError, match="the coach command"):
        service_file({}, platform, argv=[f"/opt/co{bad}ach"])


def test_install_with_a_newline_in_coach_home_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli import main

    monkeypatch.setenv("COACH_HOME", str(tmp_path / "h\nExecStartPre=/bin/true"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert main(["remind", "--install"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "control character" in err
    assert list(tmp_path.iterdir()) == []
