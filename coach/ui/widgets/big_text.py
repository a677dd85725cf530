"""One line of text, drawn large when it fits (see big_font) and as plain text when it does not."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from coach.ui.text import plain
from coach.ui.widgets import big_font
from coach.ui.widgets.relayout import needs_layout


class BigText(Widget):
    """Text at a scale its owner chooses; a new text repaints, and asks for a layout only when it
    takes another size (a new scale, more rows, or a wider text where the width is auto).

    Scale 0 is plain text (wrapped, through `coach.ui.text.plain`: a cue from a routine file is
    data).
    """

    DEFAULT_CSS = """
    BigText {
        width: 100%;
        height: auto;
        text-align: center;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = ""
        self._scale = 0

    @property
    def text(self) -> str:
        return self._text

    @property
    def scale(self) -> int:
        return self._scale

    def show(self, text: str, scale: int = 0) -> None:
        """Draw `text` at `scale` (0: plain), repainting only if either changed."""
        if scale and not big_font.fits(text):
            scale = 0
        if (text, scale) == (self._text, self._scale):
            return
        self._text, self._scale = text, scale
        self.refresh(layout=needs_layout(self))

    def rows(self, columns: int) -> int:
        """Rows this text takes at its scale in `columns`."""
        if self._scale:
            return big_font.height(self._scale)
        return max(1, len(plain(self._text).wrap(max(1, columns))))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self._scale:
            return big_font.width(self._text, self._scale)
        return plain(self._text).cell_length

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.rows(width)

    def render(self) -> Content:
        if self._scale:
            return Content("\n".join(big_font.render(self._text, self._scale)))
        return plain(self._text)
