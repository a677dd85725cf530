"""Where coach's files live: the Linux fast path gives exactly platformdirs' folders."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from coach.paths import APP_NAME, app_paths

CASES = [
    {"HOME": "/home/ann"},
    {"HOME": "/home/ann/"},
    {"HOME": "/"},
    {
        "HOME": "/home/ann",
        "XDG_CONFIG_HOME": "/cfg",
        "XDG_DATA_HOME": "/d/",
        "XDG_STATE_HOME": "/s",
    },
    {"HOME": "/home/ann", "XDG_CONFIG_HOME": "relative/cfg", "XDG_DATA_HOME": ""},
    {"HOME": "/home/ann", "XDG_STATE_HOME": "  "},
    {"HOME": "relative", "XDG_CONFIG_HOME": "/cfg"},
    {"XDG_CONFIG_HOME": "/cfg", "XDG_DATA_HOME": "/d", "XDG_STATE_HOME": "/s"},
]


@pytest.mark.skipif(sys.platform != "linux", reason="the fast path is for Linux only")
@pytest.mark.parametrize("env", CASES)
def test_linux_folders_are_platformdirs_folders(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("COACH_HOME", "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        expected = (
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
        )
    except RuntimeError:  # platformdirs finds no home here either
        pytest.skip("platformdirs has no answer for this environment")
    paths = app_paths()
    assert (paths.config, paths.data, paths.state) == expected


def test_coach_home_puts_everything_in_one_folder(tmp_path: Path) -> None:
    paths = app_paths({"COACH_HOME": str(tmp_path)})
    assert paths.database == tmp_path / "data" / "coach.sqlite3"
    assert paths.config_file == tmp_path / "config" / "config.yaml"
