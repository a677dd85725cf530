"""Whether new content changes a widget's size: a layout of the whole screen, or only a repaint.

Textual lays out the whole screen when a widget asks for a layout; a widget whose new text takes
the same room (a cue of another length in a row as wide as the screen, the next step's line on
one row as before) needs only to be repainted. Only a width or height set to `auto` follows
the content; any other is fixed by the layout around it.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Static

from coach.ui.text import plain


def needs_layout(widget: Widget) -> bool:
    """After its content changed: does `widget` need another size than the one it has?"""
    size = widget.content_size
    if not size:  # not laid out yet (or hidden): let Textual work it out
        return True
    styles = widget.styles
    container, viewport = widget.container_size, widget.app.size
    width, height = styles.width, styles.height
    auto_width = width is not None and width.is_auto
    if auto_width and widget.get_content_width(container, viewport) != size.width:
        return True
    if height is not None and height.is_auto:
        return widget.get_content_height(container, viewport, size.width) != size.height
    return False


class Texts:
    """Plain texts put into the Statics under `root`, by selector: each repainted only when its
    text changed, and laid out only when it then needs another size."""

    def __init__(self, root: Widget) -> None:
        self.root = root
        self._shown: dict[str, str] = {}  # selector -> the text it shows

    def put(self, selector: str, text: str) -> None:
        old = self._shown.get(selector)
        if old != text:
            self._shown[selector] = text
            widget = self.root.query_one(selector, Static)
            widget.update(plain(text), layout=False)
            if old is None or needs_layout(widget):
                widget.refresh(layout=True)
