"""Choices made with a key (light/dark, the bell, the voice) are kept in config.yaml.

They are written the way Settings writes (coach.config_writer: only the key that changed, the
result checked before it replaces the file), in a thread so the screen (a countdown, say)
never waits on the disk, one write at a time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.theme import Theme
    from textual.worker import Worker

    from coach.config import Config
    from coach.ui.app import CoachApp

_ONE_AT_A_TIME = threading.Lock()


def remember(
    app: CoachApp,
    *,
    sound: bool | None = None,
    speech: bool | None = None,
    theme: str | None = None,
) -> Worker[None]:
    """Write the choices given into config.yaml in the background (None: left as it is); the
    worker (also in `app.workers`, group "remember") for a caller that must wait for it."""
    choices = Choices(sound, speech, theme)
    return app.run_worker(
        lambda: _write(app, choices), thread=True, group="remember", exit_on_error=False
    )


@dataclass(frozen=True)
class Choices:
    sound: bool | None
    speech: bool | None
    theme: str | None


def _write(app: CoachApp, choices: Choices) -> None:
    from coach.config import ConfigError
    from coach.config_writer import save_settings
    from coach.ui.text import notify

    with _ONE_AT_A_TIME:
        try:
            config = save_settings(
                app.context.paths.config_file,
                sound=choices.sound,
                speech=choices.speech,
                theme=choices.theme,
            )
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
    app.config = config


def apply_theme(app: CoachApp) -> None:
    """The theme config.yaml names, or a calm word that it is not one coach knows."""
    from coach.ui.text import notify

    wanted = app.context.config.theme
    if wanted in app.available_themes:
        app.theme = wanted
    else:
        notify(
            app,
            f"config.yaml: theme: `{wanted}` is not a theme coach knows; "
            "using textual-dark (t on home switches light/dark).",
            severity="warning",
            timeout=10,
        )


def theme_changed(app: CoachApp, theme: Theme) -> None:
    """Light/dark (t) or the palette's Theme: kept for next time."""
    if theme.name != app.context.config.theme:
        remember(app, theme=theme.name)
