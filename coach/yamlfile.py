"""Reading user-written YAML with errors that point at the exact spot.

coach.yamlsource composes a file's node tree (safely) and words what stops it being read; this
module walks the nodes with typed reads that collect every problem, each at its line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from coach.text import control_character
from coach.yamlsource import (
    MAX_FILE_BYTES,
    InputFileError,
    Problem,
    compose_file,
    foreign_tag,
    read_file,
)

__all__ = [
    "MAX_FILE_BYTES",
    "UNREADABLE",
    "InputFileError",
    "NodeReader",
    "Problem",
    "close_match",
    "compose_file",
    "foreign_tag",
    "kind",
    "range_text",
    "read_file",
]


def close_match(word: str, options) -> list[str]:
    """The option `word` was probably meant to be (difflib is loaded only for a mistake)."""
    import difflib

    return difflib.get_close_matches(word, list(options), n=1)


class _Unreadable:
    """A scalar whose tag could not make a value of it: never text, a number or a flag."""

    def __repr__(self) -> str:
        return "UNREADABLE"


UNREADABLE = _Unreadable()


class NodeReader:
    """Typed reads of YAML nodes that collect problems instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self._constructor = yaml.SafeLoader("")

    def problem(self, node: yaml.Node | None, fld: str, message: str, allowed: str = "") -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.problems.append(Problem(self.path, line, col, fld, message, allowed))

    def value(self, node: yaml.Node) -> Any:
        """The node's Python value; UNREADABLE when its tag cannot build one (`!!int abc`,
        `2024-99-99`), which every typed read then reports as the wrong kind of value."""
        try:
            return self._constructor.construct_object(node, deep=True)
        except Exception:  # PyYAML's constructors raise ValueError, KeyError, IndexError,
            # AttributeError, ConstructorError... on a tag that does not fit its text
            self._constructor.recursive_objects.pop(node, None)
            return UNREADABLE

    def is_null(self, node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and self.value(node) is None

    def mapping(
        self, node: yaml.Node, fld: str, keys: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node,
                fld or "(top level)",
                f"expected a mapping of keys, found {kind(node)}",
                "write `key: value` lines",
            )
            return None
        found: dict[str, yaml.Node] = {}
        suggested: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            where = f"{fld}.{key}" if fld else str(key)
            if key not in keys:
                guess = close_match(str(key), keys)
                hint = (
                    f"did you mean `{guess[0]}`?" if guess else "allowed keys: " + ", ".join(keys)
                )
                suggested.update(guess)
                self.problem(key_node, where, "unknown key", hint)
            elif key in found:
                self.problem(key_node, where, "key given twice", "keep one of them")
            else:
                found[key] = value_node
        for key in required:
            if key not in found and key not in suggested:
                self.problem(
                    node, f"{fld}.{key}" if fld else key, "missing required key", f"add `{key}:`"
                )
        return found

    def text(self, node: yaml.Node, fld: str) -> str | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, str) or not value.strip():
            self.problem(
                node,
                fld,
                f"expected text, found {kind(node, value)}",
                "write a non-empty line of text (quote it if it starts with a symbol)",
            )
            return None
        bad = control_character(value)
        if bad is not None:
            self.problem(
                node,
                fld,
                f"the text holds a control character ({bad})",
                "remove it; text may hold line breaks and tabs, no other control characters",
            )
            return None
        return value.strip() if "\n" in value.strip() else " ".join(value.split())

    def number(
        self,
        node: yaml.Node,
        fld: str,
        low: float,
        high: float,
        *,
        integer: bool,
        low_open: bool = False,
        unit: str = "seconds",
    ) -> float | int | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else None
        wanted = "a whole number" if integer else f"a number of {unit}"
        allowed = range_text(low, high, low_open)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (integer and isinstance(value, float))
        ):
            self.problem(node, fld, f"expected {wanted}, found {kind(node, value)}", allowed)
            return None
        if value != value or (value <= low if low_open else value < low) or value > high:
            try:
                shown = f"{value:g}"
            except OverflowError:  # an int too large for a float: show what was written
                shown = _short(str(node.value))
            self.problem(node, fld, f"{shown} is out of range", allowed)
            return None
        return value

    def boolean(self, node: yaml.Node, fld: str) -> bool | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, bool):
            self.problem(
                node,
                fld,
                f"expected true or false, found {kind(node, value)}",
                "write `true` or `false`",
            )
            return None
        return value

    def choice(self, node: yaml.Node, fld: str, options: tuple[str, ...]) -> str | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else None
        if value not in options:
            guess = close_match(str(value), options)
            hint = f"did you mean `{guess[0]}`?" if guess else "use one of: " + ", ".join(options)
            self.problem(node, fld, f"{kind(node, value)} is not a choice here", hint)
            return None
        return value

    def sequence(
        self, node: yaml.Node, fld: str, what: str, *, allow_empty: bool = False
    ) -> list[yaml.Node] | None:
        if allow_empty and self.is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(
                node,
                fld,
                f"expected a list of {what}, found {kind(node)}",
                "write one `- ` item per line",
            )
            return None
        if not node.value and not allow_empty:
            self.problem(node, fld, "the list is empty", f"give at least one of {what}")
            return None
        return list(node.value)


def kind(node: yaml.Node, value: Any = None) -> str:
    """How a value reads to a user, for "expected X, found Y"."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if value is None and node.tag.endswith(":null"):
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}` (true/false)"
    if isinstance(value, str):
        return "empty text" if not value.strip() else f"text `{_short(value)}`"
    return f"`{_short(node.value)}`" if isinstance(node, yaml.ScalarNode) else "a value"


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def range_text(low: float, high: float, low_open: bool = False) -> str:
    if low_open:
        return f"use a number above {low:g} and up to {high:g}"
    return f"use a number from {low:g} to {high:g}"
