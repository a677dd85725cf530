"""`coach` paints home first, then opens the record.

Config, routines, the store and the modules that read them take about as long to import and
open as Textual takes to draw a screen. So `coach` draws home's frame at once (its title, the
first-aid line, the keys), then opens the record and fills home in, a moment later. A key
pressed in that moment is held and acts once the record is open (CoachApp.on_event): nothing
is dropped. Opening can fail (a mistake in config.yaml, a data folder that cannot be written):
the app then closes and the CLI words the error, as it does for every other command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from coach.context import AppContext
    from coach.ui.app import CoachApp
    from coach.ui.screens.home import HomeScreen

# What a config.yaml this large holds is for the full parser to judge, not the first frame.
HINT_LIMIT = 64 * 1024


def theme_hint(config_file: Path) -> str | None:
    """config.yaml's `theme:` line, read without a YAML parser, so that the first frame has
    the user's colours. config.yaml is parsed in full right after; a theme written in another
    form (quoted oddly, in a flow mapping) is applied then. None: no plain `theme:` line."""
    try:
        with config_file.open(encoding="utf-8") as file:
            text = file.read(HINT_LIMIT)
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        if line.startswith("theme:"):
            value = line.removeprefix("theme:").split("#", 1)[0].strip().strip("\"'")
            return value or None
    return None


def home_first(app: CoachApp) -> HomeScreen:
    """Home, as the app's first screen (`App.get_default_screen`): no empty screen under it."""
    from coach.ui.screens.home import HomeScreen

    app.home = HomeScreen()
    return app.home


def paint_home_first(app: CoachApp) -> None:
    """Home's frame now (in the user's theme, if config.yaml says it plainly); the record once
    it is on the screen."""
    if app.first_theme in app.available_themes:
        app.theme = app.first_theme
    app.call_after_refresh(open_record, app)


def open_record(app: CoachApp) -> None:
    """Open config, routines and the store; then the screens a returning user expects, and
    the keys pressed meanwhile. On the UI thread: nothing can be shown before it is done."""
    from coach.config import ConfigError
    from coach.store import StoreError

    assert app.opener is not None, "CoachApp needs a context or an opener"
    try:
        context = app.opener()
    except (ConfigError, StoreError, OSError) as exc:
        app.open_error = exc  # the CLI says it once the terminal is back (commands/app.py)
        app.exit(return_code=2)
        return
    adopt(app, context)
    take_settings(app)
    app.open_screens()
    held, app.held_keys = app.held_keys, []
    for key in held:
        app.post_message(events.Key(key.key, key.character))


def adopt(app: CoachApp, context: AppContext) -> None:
    """The record is open: the writer thread, the in-app reminders, the first-run note."""
    from coach.ui.in_app_reminders import InAppReminders
    from coach.writer import StoreWriter

    app.context = context
    app.writer = StoreWriter(context.store.path)
    app.reminders = InAppReminders(app) if app.wants_reminders else None
    app.first_run = context.first_run or not context.config.profile_chosen
    app.record_open = True


def take_settings(app: CoachApp) -> None:
    """From the context as it is when the app starts (`--speak` and tests set it before)."""
    app.config = app.context.config
    app.sound, app.speech = app.context.sound, app.context.speech


def log_file(app: CoachApp) -> Path:
    """Where a crash's traceback goes: the state folder, also before the record is open."""
    if app.record_open:
        return app.context.paths.log_file
    from coach.paths import app_paths

    return app_paths().log_file
