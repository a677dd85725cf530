"""Home's list of routines: a row each (its title, exercises, time and today's state) under a
heading, one row chosen at a time.

An OptionList (Textual loads it anyway, for its command palette) with the columns laid out
here, instead of a DataTable, which home's first paint would have to import and measure. Titles
are data: shown as written (coach.ui.text), and cut with `…` when the terminal is too narrow
for them, so the other columns stay in sight.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coach.ui.text import plain

HEADINGS = ("Routine", "Exercises", "Time", "Today")
GAP = 2  # columns between two columns
LEAST_TITLE = 12  # a title is never cut shorter than this: the row scrolls instead

Row = tuple[str, str, str, str]
"""A routine's row as words: title, exercises, time, today."""


def layout(rows: Sequence[Row], width: int) -> tuple[Content, list[Content]]:
    """The heading and each row, in columns as wide as their widest cell; the title column
    gives way (its titles cut with `…`) when the rows would be wider than `width`."""
    cells = [[plain(text) for text in row] for row in rows]
    widths = [len(heading) for heading in HEADINGS]
    for row_cells in cells:
        widths = [max(w, c.cell_length) for w, c in zip(widths, row_cells, strict=True)]
    others = sum(widths[1:]) + GAP * (len(widths) - 1) + 2  # and a space at each end
    widths[0] = max(LEAST_TITLE, min(widths[0], width - others))

    def line(row_cells: Sequence[Content]) -> Content:
        parts = [
            c.truncate(w, ellipsis=True, pad=True)  # cut with … or padded to its column
            for c, w in zip(row_cells, widths, strict=True)
        ]
        return Content(" ") + Content(" " * GAP).join(parts) + Content(" ")

    heading = line([Content(h) for h in HEADINGS])
    return heading, [line(row_cells) for row_cells in cells]


class RoutineList(OptionList):
    """The rows as options (enter or a click chooses one); `ids` in the same order."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)

    def show(self, lines: Sequence[Content], ids: Sequence[str]) -> None:
        """New rows; the chosen row stays where it was (or the last, if there are fewer)."""
        chosen = self.highlighted or 0
        self.set_options(Option(text, id=key) for text, key in zip(lines, ids, strict=True))
        if lines:
            self.highlighted = min(chosen, len(lines) - 1)

    @property
    def chosen_index(self) -> int:
        return self.highlighted or 0

    async def _on_click(self, event: events.Click) -> None:
        """A click chooses a routine, and a click on the chosen one starts it (as enter does):
        a stray click never starts a session."""
        clicked = event.style.meta.get("option")
        if clicked is not None and clicked != self.highlighted:
            self.highlighted = clicked
            event.prevent_default()  # not OptionList's own click, which would select it
