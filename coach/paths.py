"""Where coach keeps its files: the only module that knows.

platformdirs gives the XDG locations on Linux (and the native ones elsewhere); `COACH_HOME` puts
every file under one folder instead, for tests and for users who want everything in one place.
A NamedTuple rather than a dataclass: `coach status`, which status bars run every few seconds,
needs only this module on its fast path, and importing dataclasses costs more than the rest.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "coach"


class AppPaths(NamedTuple):
    config: Path
    data: Path
    state: Path

    @property
    def routines(self) -> Path:
        """User routines live beside the config so they travel with it."""
        return self.config / "routines"

    @property
    def config_file(self) -> Path:
        return self.config / "config.yaml"

    @property
    def database(self) -> Path:
        return self.data / "coach.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.state / "coach.log"

    def as_dict(self) -> dict[str, str]:
        return {
            "config": str(self.config),
            "routines": str(self.routines),
            "data": str(self.data),
            "state": str(self.state),
        }


def app_paths(environ: dict[str, str] | None = None) -> AppPaths:
    env = os.environ if environ is None else environ
    home = env.get("COACH_HOME")
    if home:
        root = Path(home).expanduser().absolute()
        return AppPaths(config=root / "config", data=root / "data", state=root / "state")
    import platformdirs

    return AppPaths(
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        state=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
    )


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the user only: health data is nobody else's."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path
