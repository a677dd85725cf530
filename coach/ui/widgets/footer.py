"""The footer of every screen: Textual's own, with `? Keys` kept in sight at its right end.

A narrow terminal cuts a footer's last keys without a sign. `?` lists every key of the screen,
so it is the one key that must always show: it is docked at the right, as Textual docks the
command palette's key, and the others run under it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class CoachFooter(Footer):
    DEFAULT_CSS = """
    CoachFooter FooterKey.-help {
        dock: right;
        border-left: vkey $foreground 20%;
    }
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action == "app.help":
                widget.add_class("-help")
            yield widget
