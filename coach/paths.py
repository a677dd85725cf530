"""Where coach keeps its files: the only module that knows.

The XDG locations on Linux (worked out here in the usual case, as platformdirs would), the
native ones elsewhere (platformdirs); `COACH_HOME` puts every file under one folder instead, for
tests and for users who want everything in one place. `coach status`, which status bars run
every few seconds, needs only `folders` on its fast path: hence a NamedTuple (importing
dataclasses costs more than the rest), pathlib imported only where Paths are made, and no
platformdirs import on Linux.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "coach"
ROUTINES_DIR = "routines"
CONFIG_FILE = "config.yaml"
DATABASE_FILE = "coach.sqlite3"
LOG_FILE = "coach.log"


class AppPaths(NamedTuple):
    config: Path
    data: Path
    state: Path

    @property
    def routines(self) -> Path:
        """User routines live beside the config so they travel with it."""
        return self.config / ROUTINES_DIR

    @property
    def config_file(self) -> Path:
        return self.config / CONFIG_FILE

    @property
    def database(self) -> Path:
        return self.data / DATABASE_FILE

    @property
    def log_file(self) -> Path:
        return self.state / LOG_FILE

    def as_dict(self) -> dict[str, str]:
        return {
            "config": str(self.config),
            "routines": str(self.routines),
            "data": str(self.data),
            "state": str(self.state),
        }


def app_paths(environ: dict[str, str] | None = None) -> AppPaths:
    from pathlib import Path

    return AppPaths(*(Path(folder) for folder in folders(environ)))


def folders(environ: dict[str, str] | None = None) -> tuple[str, str, str]:
    """The config, data and state folders as strings (what `app_paths` makes Paths of)."""
    env = os.environ if environ is None else environ
    home = env.get("COACH_HOME")
    if home:
        root = os.path.expanduser(home)
        if not os.path.isabs(root):
            root = os.path.join(os.getcwd(), root)
        join = os.path.join
        return join(root, "config"), join(root, "data"), join(root, "state")
    found = _xdg_folders(env) if sys.platform == "linux" else None
    if found is not None:
        return found
    import platformdirs

    return (
        platformdirs.user_config_dir(APP_NAME, appauthor=False),
        platformdirs.user_data_dir(APP_NAME, appauthor=False),
        platformdirs.user_state_dir(APP_NAME, appauthor=False),
    )


XDG = (
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_STATE_HOME", ".local/state"),
)


def _xdg_folders(env) -> tuple[str, str, str] | None:
    """platformdirs' answer on Linux in the usual case, without importing it (it loads tempfile,
    shutil and random: about as much again as `coach --version`, on every `coach status` poll).

    An absolute XDG variable wins, else the folder under an absolute HOME; anything unusual
    (no HOME, a relative one) returns None and platformdirs decides. A test holds the two equal.
    """
    home = env.get("HOME", "")
    folders = []
    for variable, default in XDG:
        value = env.get(variable, "")
        if not os.path.isabs(value):
            if not os.path.isabs(home):
                return None
            value = os.path.join(home, default)
        folders.append(os.path.join(value, APP_NAME))
    return folders[0], folders[1], folders[2]


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the user only: health data is nobody else's."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path
