"""Saving settings back into config.yaml, changing exactly what was changed and nothing else.

config.yaml is a file a person edits, so a save keeps everything they wrote around the settings:
comments (also at column 0 inside a list), quoting, key order and indentation. The file is
edited with ruamel.yaml's round-trip mode (imported only here, only when saving; PyYAML stays
the fast reader): only the keys given are touched, and in `reminders` only the entries that
differ, each edited in place, so an entry the screen did not change (one whose routine is not
loaded, say) is written back as it was. The new text is checked with coach's own loader
(problems name config.yaml itself) before it replaces the file; a symlinked config.yaml is
written through to the file it names.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

from coach.config import WEEKDAYS, Config, Profile, Reminder, load_config


def save_settings(
    path: Path,
    *,
    profile: Profile | None = None,
    reminders: tuple[Reminder, ...] | None = None,
    sound: bool | None = None,
    speech: bool | None = None,
    theme: str | None = None,
) -> Config:
    """Write the given settings (None: leave as written) into config.yaml; returns the config
    as coach now reads it. ConfigError if the file as it stands cannot be read."""
    from coach.config import DEFAULT_TEXT

    text = path.read_text(encoding="utf-8") if path.exists() else DEFAULT_TEXT
    before = load_config(path, text)  # what the file says now: the base of every comparison
    yaml, doc = _round_trip(text)
    if profile is not None and (profile != before.profile or not before.profile_chosen):
        _set_profile(doc, profile, before)
    for key, flag in (("sound", sound), ("speech", speech)):
        if flag is not None and flag != getattr(before, key):
            doc[key] = flag
    if theme is not None and theme != before.theme:
        doc["theme"] = theme  # light/dark or a theme chosen in the app (coach.ui.choices)
    if reminders is not None and (before.reminders is None or reminders != before.reminders):
        _set_reminders(doc, before.reminders, reminders)
    out = io.StringIO()
    yaml.dump(doc, out)
    new_text = out.getvalue()
    config = load_config(path, new_text)  # never write a file coach itself would refuse
    if new_text != text or not path.exists():
        _write(path, new_text)
    return replace(config, path=path)


def _round_trip(text: str) -> tuple[Any, Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, offset = load_yaml_guess_indent(text)
    # Round-trip mode: comments, quotes, order and flow style survive. It builds no Python
    # objects from tags, and coach's own safe loader has already refused any tag in `text`.
    editor = YAML()
    editor.preserve_quotes = True
    editor.width = 4096  # never fold a long line the user wrote on one
    # The guess comes from whatever the file holds: a file with no list yet (the first-run file,
    # only `profile:` set) gives a sequence indent of 2, which with the dash offset of 2 would
    # write a list whose keys fall out of line. A list's keys sit past its dash.
    dash = 2 if offset is None else offset
    editor.indent(mapping=2, sequence=max(indent or 4, dash + 2), offset=dash)
    doc = editor.load(text)
    return editor, CommentedMap() if doc is None else doc


def _set_profile(doc: Any, profile: Profile, before: Config) -> None:
    from ruamel.yaml.comments import CommentedMap

    node = doc.get("profile")
    if not isinstance(node, CommentedMap):
        node = doc["profile"] = CommentedMap()
    if "activity" not in node or profile.activity != before.profile.activity:
        node["activity"] = profile.activity
    if "pregnant" not in node or profile.pregnant != before.profile.pregnant:
        node["pregnant"] = profile.pregnant


def _reminder_node(r: Reminder, node: Any = None, was: Reminder | None = None) -> Any:
    """`r` as a mapping: a fresh one, or `node` (which held `was`) with only what differs
    changed, so its comments and quoting stay."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if node is None:
        node, was = CommentedMap(), None
    if was is None or r.routine != was.routine:
        node["routine"] = r.routine  # the dumper quotes it when YAML needs quotes (`a #2`)
    if was is None or r.at != was.at:
        node["at"] = DoubleQuotedScalarString(r.at)
    every_day = set(r.days) == set(WEEKDAYS)
    if (was is None and not every_day) or (was is not None and set(r.days) != set(was.days)):
        if every_day and "days" in node:
            del node["days"]
        elif not every_day:
            days = CommentedSeq(d for d in WEEKDAYS if d in r.days)
            days.fa.set_flow_style()
            node["days"] = days
    return node


def _set_reminders(doc: Any, old: tuple[Reminder, ...] | None, new: tuple[Reminder, ...]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    seq = doc.get("reminders")
    if old is None or not isinstance(seq, CommentedSeq) or len(seq) != len(old) or not old:
        fresh = CommentedSeq(_reminder_node(r) for r in new)
        if isinstance(seq, CommentedSeq) and seq.fa.flow_style() and not new:
            return  # `reminders: []` stays as written
        if not new:
            fresh.fa.set_flow_style()
        doc["reminders"] = fresh
        return
    # Entries the screen left alone keep their node (and its comments); one edited in place
    # keeps its node with only the changed keys rewritten; removed ones go, with their comments.
    kept: list[tuple[Any, Any]] = []  # (node, its comment slot in the old list)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            if j >= j2:
                continue  # removed
            if i < i2 and op in ("equal", "replace"):
                kept.append((_reminder_node(new[j], seq[i], old[i]), seq.ca.items.get(i)))
            else:
                kept.append((_reminder_node(new[j]), None))
    fresh = CommentedSeq(node for node, _ in kept)
    fresh.ca.comment = seq.ca.comment
    fresh.ca.end = seq.ca.end
    for j, (_, comment) in enumerate(kept):
        if comment is not None:
            fresh.ca.items[j] = comment
    if not new:
        fresh.fa.set_flow_style()
    doc["reminders"] = fresh


def _write(path: Path, text: str) -> None:
    """Replace the file whole, privately and atomically (coach.files); a symlinked config.yaml
    stays a symlink: the file it names is the one replaced."""
    from coach.files import write_private
    from coach.paths import ensure_private_dir

    ensure_private_dir(path.parent)
    write_private(path, text)
