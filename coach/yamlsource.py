"""A hand-written YAML file, read safely into its node tree, and the problems found in it.

Routines and the config file are both written by hand, so both need errors of the form
`FILE:LINE:COLUMN: field.path: what is wrong; what is allowed`. The node tree is composed with
PyYAML's safe loader (no Python tags can construct anything; foreign tags are refused outright),
so every value keeps its line and column for coach.yamlfile's typed reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

# libyaml's safe loader when PyYAML was built with it: the same safety, several times faster.
_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located as precisely as the file allows."""

    path: Path
    line: int
    column: int
    field: str
    message: str
    allowed: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return f"{text}; {self.allowed}" if self.allowed else text


class InputFileError(Exception):
    """A hand-written file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _is_null(node: yaml.Node | None) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:null"
        and node.value in ("", "~", "null", "Null", "NULL")
    )


# Far above any real file (300 reminders with comments are about 30 KB; the longest built-in
# routine is 6 KB), far below what takes seconds to parse on every start.
MAX_FILE_BYTES = 1024 * 1024


def read_file(path: Path, error: type[InputFileError], max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, or `error` saying why they cannot be read. A file over `max_bytes` is
    refused before it is read: parsing one takes seconds to minutes, on every start."""

    def fail(message: str, allowed: str) -> InputFileError:
        return error([Problem(path, 1, 1, "", message, allowed)])

    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise fail(
                f"the file is {size / 1024 / 1024:.1f} MB, too big to be a coach file",
                f"coach reads files up to {max_bytes // 1024} KB; check it is the right file",
            )
        return path.read_bytes()
    except OSError as exc:
        raise fail(
            f"cannot read the file ({exc.strerror})", "check the path and its permissions"
        ) from None


def compose_file(
    path: Path,
    error: type[InputFileError],
    empty_hint: str,
    max_bytes: int = MAX_FILE_BYTES,
    text: str | None = None,
    raw: bytes | None = None,
) -> yaml.Node | None:
    """The file's YAML node tree, or `error` naming what stops it from being read.

    Returns None for an empty document only when `empty_hint` is "" (an empty config is fine).
    `text`: what is about to be written to `path`, checked before it is (problems name `path`).
    `raw`: the file's bytes, when the caller has read them already (read_file).
    """

    def fail(line: int, col: int, message: str, allowed: str) -> InputFileError:
        return error([Problem(path, line, col, "", message, allowed)])

    if text is not None:
        raw = text.encode("utf-8")
    elif raw is None:
        raw = read_file(path, error, max_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail(
            line, col, "the file is not UTF-8 text", "save it as UTF-8 in your editor"
        ) from None
    try:
        root = yaml.compose(text, Loader=_FAST_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        opened = exc.context_mark
        if opened is not None and mark is not None and opened.line != mark.line and exc.context:
            # The parser notices at the next token; say where the unclosed thing began.
            what += f" ({exc.context} at line {opened.line + 1}, column {opened.column + 1})"
        raise fail(
            line,
            col,
            f"not valid YAML: {what}",
            "check indentation, colons and quotes on this line",
        ) from None
    except yaml.YAMLError as exc:
        raise fail(1, 1, f"not valid YAML: {exc}", "fix the file's syntax") from None
    if _is_null(root):
        root = None  # `---` alone (or `~`) holds nothing, exactly like an empty file
    if root is None:
        if empty_hint:
            raise fail(1, 1, "the file is empty", empty_hint)
        return None
    tagged = foreign_tag(root)
    if tagged is not None:
        mark = tagged.start_mark
        raise fail(
            mark.line + 1,
            mark.column + 1,
            f"the tag `{tagged.tag}` is not allowed",
            "this file is plain data: remove the tag",
        )
    return root


def foreign_tag(root: yaml.Node) -> yaml.Node | None:
    """The first node carrying a non-standard tag (such as !!python/object), if any."""
    stack = [root]
    seen: set[int] = set()  # an alias can make a node its own child: `&a [*a]`
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            return node
        if isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                stack.extend((v, k))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None
