"""`coach remind --list / --ics / --install / --uninstall` as a user runs them."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.reminders.conftest import remind_argv

CONFIG = """\
reminders:
  - routine: daily-prevention
    at: "09:00"
  - routine: evening-relaxation
    at: "21:30"
    days: [mon, wed, fri]
  - routine: no-such-routine
    at: "12:00"
    days: [sat]
"""


@pytest.fixture
def env(coach_home: Path, tmp_path: Path) -> dict[str, str]:
    (coach_home / "config").mkdir(parents=True)
    (coach_home / "config" / "config.yaml").write_text(CONFIG)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "COACH_HOME": str(coach_home),
        "HOME": str(tmp_path / "home"),  # nothing may land in the real home
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "TZ": "Europe/Berlin",
    }


def remind(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*remind_argv(), *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_list_prints_the_next_seven_with_titles(env: dict[str, str]) -> None:
    out = remind(env, "--list")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Next 7 reminders (Europe/Berlin):"
    assert len(lines) == 8
    assert any("Daily prevention" in line for line in lines)
    times = [line.split()[1] + " " + line.split()[2] for line in lines[1:]]
    assert times == sorted(times)


def test_list_without_reminders(env: dict[str, str], coach_home: Path) -> None:
    (coach_home / "config" / "config.yaml").write_text("reminders: []\n")
    out = remind(env, "--list")
    assert out.returncode == 0 and out.stdout.startswith("No reminders.")


def test_a_config_error_names_the_line_and_exits_2(env: dict[str, str], coach_home: Path) -> None:
    cfg = coach_home / "config" / "config.yaml"
    cfg.write_text('reminders:\n  - routine: daily-prevention\n    at: "9 o\'clock"\n')
    out = remind(env, "--list")
    assert out.returncode == 2
    assert f"{cfg}:3:9: reminders[0].at:" in out.stderr
    assert "Traceback" not in out.stderr


def test_ics_writes_a_calendar_file(env: dict[str, str], tmp_path: Path) -> None:
    import icalendar

    target = tmp_path / "coach.ics"
    out = remind(env, "--ics", str(target))
    assert out.returncode == 0, out.stderr
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert len(cal.walk("VEVENT")) == 3
    assert "Wrote 3 reminders" in out.stdout


def test_install_and_uninstall_print_the_one_command(
    env: dict[str, str], coach_home: Path, tmp_path: Path
) -> None:
    unit = coach_home / "config" / "systemd" / "user" / "coach-remind.service"
    out = remind(env, "--install")
    assert out.returncode == 0, out.stderr
    assert unit.exists()
    assert f"systemctl --user enable --now {unit}" in out.stdout
    assert not (tmp_path / "home").exists() and not (tmp_path / "xdg").exists()
    out = remind(env, "--uninstall")
    assert out.returncode == 0 and not unit.exists()
    assert "systemctl --user stop coach-remind.service" in out.stdout
    assert "Nothing to remove" in remind(env, "--uninstall").stdout


def test_options_exclude_each_other(env: dict[str, str]) -> None:
    out = remind(env, "--list", "--install")
    assert out.returncode == 2 and "not allowed with" in out.stderr


def test_a_bad_test_hook_value_is_a_usage_error(env: dict[str, str]) -> None:
    out = remind({**env, "COACH_REMIND_TEST_AT": "soon"})
    assert out.returncode == 2 and "COACH_REMIND_TEST_AT" in out.stderr


def test_list_marks_the_reminders_of_a_planned_rest_day(
    env: dict[str, str], coach_home: Path
) -> None:
    """The service keeps quiet on a planned rest day (as home's "Next reminder" does), so the
    list says so on that day's lines, and only there; `on_rest_days: true` lists them plain."""
    import sys

    first = remind(env, "--list").stdout.splitlines()[1].split()[1]  # the first reminder's date
    rest = subprocess.run(
        [sys.executable, "-m", "coach", "rest", first], env=env, capture_output=True, text=True
    )
    assert rest.returncode == 0, rest.stderr
    lines = remind(env, "--list").stdout.splitlines()[1:]
    marked = [line for line in lines if line.endswith("(a planned rest day: no reminder)")]
    assert marked and all(line.split()[1] == first for line in marked)
    assert all(line in marked for line in lines if line.split()[1] == first)
    assert any(line.split()[1] != first for line in lines)  # the other days: listed, no mark
    (coach_home / "config" / "config.yaml").write_text(
        CONFIG + "notifications:\n  on_rest_days: true\n"
    )
    assert "rest day" not in remind(env, "--list").stdout
