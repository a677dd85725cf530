"""`?` or F1: the keys of the screen behind, one sentence each, read from its bindings.

One help screen for every screen: the rows come from the screen's active bindings (so a key
that does nothing right now is not listed, and a remapped key shows as remapped), and the
sentence from each binding's tooltip. Keys a widget handles itself (the arrows in a list, tab
between fields) are not bindings of ours; a screen names them in `MOVE_KEYS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from coach.ui.widgets.footer import CoachFooter

if TYPE_CHECKING:
    from coach.ui.app import CoachApp

HELP_BINDING = Binding(
    "question_mark,f1",
    "app.help",
    "Keys",
    key_display="?",
    id="app.help",
    tooltip="This list: the keys of the screen you are on (F1 too).",
)
"""In the app's BINDINGS, and in every dialog's: a modal screen hides the app's own keys."""

APP_BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+q",
        "quit",
        "Quit",
        show=False,
        priority=True,
        id="app.quit",
        tooltip="Close coach. In a session it asks first; what you did is saved.",
    ),
    Binding(
        "c",
        "cramp_now",
        "Cramp",
        id="app.cramp",
        tooltip="A cramp right now: choose the muscle, and coach times its stretch.",
    ),
    HELP_BINDING,
    Binding(
        "ctrl+p",
        "command_palette",
        "Commands",
        show=False,
        priority=True,
        id="app.commands",
        tooltip="Type to find a command: start a routine, history, settings, light/dark.",
    ),
]
"""The keys of every screen: quit, cramp now, this list, the commands."""

KEY_WORDS = {"escape": "esc", "f1": "F1", "plus": "+", "minus": "-", "underscore": "_"}


def key_name(key: str) -> str:
    if key in KEY_WORDS:
        return KEY_WORDS[key]
    character = key_to_character(key)
    if character and character.isprintable() and not character.isspace():
        return character  # plus -> +, a -> a
    return key  # enter, space, ctrl+q, f1, up


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """(keys, sentence) for every key that works on `screen` now, in the order it declares them."""
    rows: dict[str, tuple[list[str], Binding]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or binding.id is None or not binding.tooltip:
            continue  # not ours (a widget's or Textual's own), or not usable now
        keys, _ = rows.setdefault(binding.id, ([], binding))
        shown = key_name(key)  # not key_display: "?, F1" both, the keys as they are now
        if shown not in keys:
            keys.append(shown)
    table = [(", ".join(keys), binding.tooltip) for keys, binding in rows.values()]
    return table + list(getattr(screen, "MOVE_KEYS", ()))


class KeysScreen(ModalScreen[None]):
    """The keys of one screen; any of esc, ? or F1 closes it."""

    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [
        Binding(
            "escape,question_mark,f1,enter",
            "dismiss",
            "Close",
            tooltip="Close this list and go back.",
            id="keys.close",
        ),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="keys-box"):
            yield Static(Content(f"Keys: {self.title_text}"), id="keys-title")
            with VerticalScroll(id="keys-list"):
                for keys, sentence in self.keys:
                    with Horizontal(classes="keys-row"):
                        yield Static(Content(keys), classes="keys-key")
                        yield Static(Content(sentence), classes="keys-sentence")
            yield Static("esc closes this list.", classes="hint")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#keys-list").focus()


def show_keys(app: CoachApp) -> None:
    """The keys of the screen in front; a running session holds its clock while they show."""
    screen = app.screen
    if isinstance(screen, KeysScreen):  # already open (the palette's Keys, say)
        return
    title = getattr(screen, "KEYS_TITLE", None) or screen.sub_title or app.title
    keys = KeysScreen(title, screen_keys(screen))
    session = app.session_in_front
    if session is not None:
        session.hold_while(keys)
    else:
        app.push_screen(keys)
