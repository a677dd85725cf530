"""The one way text from a user, a routine file, the config or an import reaches the screen.

Such text is data, never markup (STYLE.md rule 15): `Do it [slowly]` keeps its brackets, a
closing tag cannot crash a screen, `[@click=...]` is not a link. Our own styling goes around it
(`styled`), never inside it; control characters are shown as `\\u001b` (coach.text).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.widget import Widget

from coach.text import for_terminal


def plain(text: str) -> Content:
    """`text` exactly as written, for a Static, a Label or a Button."""
    return Content(for_terminal(text))


def styled(markup: str, **values: str) -> Content:
    """Our markup with user text in its `$name` slots, as written:
    `styled("[b]$title[/b]", title=routine.title)`."""
    return Content.from_markup(markup, **{k: for_terminal(v) for k, v in values.items()})


def cell(text: str) -> Text:
    """`text` as written, for a DataTable cell or a Select choice (they measure and search Rich
    Text; a str there is read as markup)."""
    return Text(for_terminal(text))


def notify(node: Widget | App[Any], message: str, *, title: str = "", **options: Any) -> None:
    """A toast whose message and title are shown as written."""
    node.notify(for_terminal(message), title=for_terminal(title), markup=False, **options)
