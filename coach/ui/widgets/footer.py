"""The footer of every screen: the keys that work here, with `? Keys` always in sight at the right.

One widget drawing one line. Textual's own Footer mounts a widget per key and styles each one
as it composes, and it composes again whenever the bindings change (three times as a screen
starts): that was a tenth of a second of coach's start-up. This footer reads the screen's
active bindings when it draws, as that footer does, and draws again when they change.

A narrow terminal cuts a footer's last keys. `?` lists every key of the screen, so it is the one
key that must always show: it is drawn at the right edge, and the others are cut before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from textual import events
from textual.content import Content
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen

HELP_ACTION = "app.help"


@dataclass(frozen=True)
class FooterKey:
    """One key as the footer shows it; a group of keys (`+-`) shares one description."""

    key: str  # what a click on it presses
    shown: str  # how it is written: `⏎`, `space`, `?`
    enabled: bool


@dataclass(frozen=True)
class FooterItem:
    keys: tuple[FooterKey, ...]
    description: str
    action: str
    compact: bool = True  # a group's keys are written together (`+-`), not apart

    @property
    def enabled(self) -> bool:
        return any(key.enabled for key in self.keys)


class CoachFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "coach-footer--key",
        "coach-footer--description",
        "coach-footer--divider",
        "coach-footer--disabled",
    }
    DEFAULT_CSS = """
    CoachFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        .coach-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .coach-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .coach-footer--divider {
            color: $foreground 20%;
        }
        .coach-footer--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # Where each key was drawn, for a click: (first column, end column, key).
        self._drawn: list[tuple[int, int, FooterKey]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()  # one line drawn again; nothing to lay out

    def items(self) -> list[FooterItem]:
        """What the footer shows, in order: the screen's bindings with `show`, one item per
        action (its first key), the keys of a group together with the group's description."""
        by_action: dict[str, list[tuple[Binding, bool]]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show:
                by_action.setdefault(binding.action, []).append((binding, enabled))
        firsts = [bindings[0] for bindings in by_action.values()]
        items: list[FooterItem] = []
        for group, members in groupby(firsts, lambda pair: pair[0].group):
            run = list(members)
            if group is not None and len(run) > 1:
                keys = tuple(self._key(binding, enabled) for binding, enabled in run)
                items.append(FooterItem(keys, group.description, run[0][0].action, group.compact))
            else:
                items += [
                    FooterItem((self._key(binding, enabled),), binding.description, binding.action)
                    for binding, enabled in run
                ]
        return items

    def _key(self, binding: Binding, enabled: bool) -> FooterKey:
        return FooterKey(binding.key, self.app.get_key_display(binding), enabled)

    def render(self) -> Content:
        width = self.size.width
        items = self.items()
        helps = [item for item in items if item.action == HELP_ACTION]
        drawn: list[tuple[int, int, FooterKey]] = []
        right = self._line(helps, drawn)
        right_width = right.cell_length + 1 if helps else 0
        left_drawn: list[tuple[int, int, FooterKey]] = []
        left = self._line([item for item in items if item.action != HELP_ACTION], left_drawn)
        room = max(0, width - right_width)
        left = left.truncate(room, pad=True)
        self._drawn = [(a, min(b, room), key) for a, b, key in left_drawn if a < room]
        if not helps:
            return left
        divider = Content.styled("▏", self.get_visual_style("coach-footer--divider", partial=True))
        self._drawn += [(a + room + 1, b + room + 1, key) for a, b, key in drawn]
        return Content.assemble(left, divider, right)

    def _line(self, items: list[FooterItem], drawn: list[tuple[int, int, FooterKey]]) -> Content:
        """` key description` for each item; the columns of each key go into `drawn`."""
        key_style = self.get_visual_style("coach-footer--key", partial=True)
        words_style = self.get_visual_style("coach-footer--description", partial=True)
        dim = self.get_visual_style("coach-footer--disabled", partial=True)
        parts: list[Content] = []
        column = 0
        for item in items:
            parts.append(Content(" "))
            column += 1
            for index, key in enumerate(item.keys):
                if index and not item.compact:
                    parts.append(Content(" "))
                    column += 1
                shown = Content.styled(key.shown, key_style)
                if not key.enabled:
                    shown = shown.stylize(dim)
                drawn.append((column, column + shown.cell_length, key))
                column += shown.cell_length
                parts.append(shown)
            if item.description:
                words = Content.styled(f" {item.description}", words_style)
                if not item.enabled:
                    words = words.stylize(dim)
                parts.append(words)
                column += words.cell_length
            if len(item.keys) == 1:  # a click on its words presses its key too
                first, _end, key = drawn[-1]
                drawn[-1] = (first, column, key)
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for first, end, key in self._drawn:
            if first <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return
