"""Choices made with a key (light/dark, the bell, the voice) are kept in config.yaml.

They are written the way Settings writes (coach.config_writer: only the key that changed, the
result checked before it replaces the file), in a thread so the screen (a countdown, say)
never waits on the disk, one write at a time.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.worker import Worker

    from coach.config import Config
    from coach.ui.app import CoachApp

_ONE_AT_A_TIME = threading.Lock()


def remember(app: CoachApp, **choices: bool | str) -> Worker[None]:
    """Write `choices` (sound=, speech=, theme=) into config.yaml in the background; the worker
    (also in `app.workers`, group "remember") for a caller that must wait for the write."""
    return app.run_worker(
        lambda: _write(app, choices), thread=True, group="remember", exit_on_error=False
    )


def _write(app: CoachApp, choices: dict[str, bool | str]) -> None:
    from coach.config import ConfigError
    from coach.config_writer import save_settings
    from coach.ui.text import notify

    with _ONE_AT_A_TIME:
        try:
            config = save_settings(app.context.paths.config_file, **choices)
        except (ConfigError, OSError) as exc:
            app.call_from_thread(
                notify,
                app,
                f"Not remembered for next time (config.yaml): {exc}",
                severity="warning",
                timeout=8,
            )
            return
        app.call_from_thread(_saved, app, config)


def _saved(app: CoachApp, config: Config) -> None:
    """The file is the base of the next comparison; this run's toggles stay as they are."""
    app.context.config = config
