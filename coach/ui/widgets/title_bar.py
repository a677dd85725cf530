"""The title line at the top of a screen: `⭘` for the command palette, and the title centred.

It looks like Textual's Header, drawn by one widget instead of four (an icon, a title, a clock
space and the header around them), which home's first paint does not need to pay for.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
LEFT = 8  # the icon's room, as in Textual's header
RIGHT = 10  # the room Textual's header keeps for its clock: the title stays centred alike


class TitleBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            for name in ("title", "sub_title"):
                self.watch(node, name, self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        words = app.format_title(title, sub_title)
        room = max(0, self.size.width - LEFT - RIGHT)
        if words.cell_length > room:
            words = words.truncate(room, ellipsis=True)
        before = (room - words.cell_length) // 2
        return Content.assemble(f" {ICON}".ljust(LEFT + before), words)

    async def on_click(self, event: events.Click) -> None:
        """The icon opens the command palette, as Textual's header does."""
        if event.x < LEFT:
            event.stop()
            await self.run_action("app.command_palette")
