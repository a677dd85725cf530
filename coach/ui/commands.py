"""The command palette (ctrl+p): the app's commands, found by typing a few letters.

Going somewhere (a routine, History, Settings) is offered only from screens that can be left
without losing anything (home, History, the end of a session); a session, Settings and the
cramp flow offer what is safe there. Textual's own Screenshot and Maximize are left out.

Routine titles are the user's text: Textual reads a SystemCommand's title as markup, so the
"Start ..." commands come from their own Provider, which hands the palette plain Content.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen

from coach.text import for_terminal
from coach.ui.widgets.footer import CoachFooter
from coach.wording import about_minutes, plural

if TYPE_CHECKING:
    from coach.model import Routine
    from coach.ui.app import CoachApp


class Palette(CommandPalette):
    """Textual's palette with a footer of its own keys, over the footer of the screen behind."""

    BINDINGS = [
        Binding("escape", "escape", "Close", id="palette.close", tooltip="Close the commands."),
    ]

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield CoachFooter()


def can_leave(screen: Screen[Any]) -> bool:
    """Home, History and the end of a session (they say so): nothing is lost by going on."""
    return bool(getattr(screen, "CAN_LEAVE", False))


class RoutineCommands(Provider):
    """One "Start <routine>" command per routine, its title shown as written."""

    def commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        app: CoachApp = self.app  # type: ignore[assignment]
        if not can_leave(self.screen):
            return []
        return [
            (
                f"Start {routine.title}",
                f"{plural(len(routine.exercises), 'exercise')}, "
                f"{about_minutes(routine.estimated_seconds)}",
                _from_home(app, _start(app, routine)),
            )
            for routine in app.context.catalog
        ]

    async def discover(self) -> Hits:
        for title, help_text, run in self.commands():
            yield DiscoveryHit(Content(for_terminal(title)), run, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self.commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, Content(for_terminal(title)), run, text=title, help=help_text)


def app_commands(app: CoachApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    yield SystemCommand(
        "Keys", "The keys of this screen, one sentence each (? or F1)", app.action_help
    )
    if can_leave(screen):
        if getattr(screen, "PALETTE_PLACE", None) != "history":  # not History from History
            yield SystemCommand(
                "History",
                "Your streak, the calendar and each day's sessions (h on home)",
                _from_home(app, lambda: _open(app, "history")),
            )
        yield SystemCommand(
            "Rest day today",
            "Mark today as a planned rest day, or unmark it",
            lambda: _run(app, _rest(app)),
        )
        yield SystemCommand(
            "Settings",
            "Your profile, sounds and reminder times (s on home)",
            _from_home(app, lambda: _open(app, "settings")),
        )
    if not app.cramp_flow_open:
        yield SystemCommand(
            "Cramp now", "Choose the muscle, and coach times its stretch (c)", app.action_cramp_now
        )
    yield SystemCommand(
        "Light or dark", "Switch between the light and the dark colours", app.action_toggle_theme
    )
    yield SystemCommand("Theme", "Choose one of the colour themes", app.action_change_theme)
    yield SystemCommand(
        "Quit", "Close coach (in a session it asks first; what you did is saved)", app.action_quit
    )


def _start(app: CoachApp, routine: Routine) -> Callable[[], None]:
    def start() -> None:
        app.start_routine(routine)

    return start


def _from_home(app: CoachApp, then: Callable[[], None]) -> Callable[[], None]:
    """Go back to home first, so the screens stay a simple stack (home, then one more)."""

    def run() -> None:
        app.go_home()
        app.call_later(then)

    return run


def _open(app: CoachApp, where: str) -> None:
    from coach.ui.screens.history import HistoryScreen
    from coach.ui.screens.settings import SettingsScreen

    app.push_screen(HistoryScreen() if where == "history" else SettingsScreen())


def _run(app: CoachApp, write: Coroutine[Any, Any, None]) -> None:
    app.write_worker = app.run_worker(write, group="writes")  # kept: its owner is the app


async def _rest(app: CoachApp) -> None:
    """Today as a rest day, or not, on the app's writer; home and History redraw on the news."""
    from coach.history import HistoryError
    from coach.journal import Journal
    from coach.ui.messages import RecordChanged
    from coach.ui.text import notify

    ctx = app.context
    try:
        message = await app.write(lambda store: Journal.of(ctx, store).toggle_rest(ctx.today()))
    except HistoryError as exc:
        notify(app, str(exc), severity="warning", timeout=6)
        return
    if message is not None:
        notify(app, message, timeout=4)
        app.post_message(RecordChanged())
