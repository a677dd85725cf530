"""Saving settings back into config.yaml without losing what the user wrote around them.

Only the top-level blocks being changed (`profile:`, `reminders:`, `sound:`, `speech:`) are
replaced, line by line; every other line, comments included, stays as it was. The result is
checked with the real loader before it replaces the file (atomically, 0600), so a save can never
leave a config that coach itself would refuse.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from coach.config import WEEKDAYS, Config, Profile, Reminder, load_config

_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:")


def profile_block(profile: Profile) -> list[str]:
    return [
        "profile:",
        f"  activity: {profile.activity}",
        f"  pregnant: {'true' if profile.pregnant else 'false'}",
    ]


def reminders_block(reminders: tuple[Reminder, ...]) -> list[str]:
    if not reminders:
        return ["reminders: []"]
    lines = ["reminders:"]
    for r in reminders:
        days = ", ".join(d for d in WEEKDAYS if d in r.days)
        lines += [f"  - routine: {r.routine}", f'    at: "{r.at}"', f"    days: [{days}]"]
    return lines


def replace_block(text: str, key: str, block: list[str]) -> str:
    """Replace the top-level `key:` block (its line and the indented lines under it), or append."""
    lines = text.splitlines()
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if _TOP_KEY.match(line) and _TOP_KEY.match(line).group(1) == key
        ),
        None,
    )
    if start is None:
        if lines and lines[-1].strip():
            lines.append("")
        return "\n".join(lines + block) + "\n"
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t", "-")) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # keep the blank lines that separate it from what follows
    return "\n".join(lines[:start] + block + lines[end:]) + "\n"


def save_settings(
    path: Path,
    *,
    profile: Profile | None = None,
    reminders: tuple[Reminder, ...] | None = None,
    sound: bool | None = None,
    speech: bool | None = None,
) -> Config:
    """Write the given settings into config.yaml; returns the config as coach now reads it."""
    from coach.config import DEFAULT_TEXT
    from coach.paths import ensure_private_dir

    text = path.read_text(encoding="utf-8") if path.exists() else DEFAULT_TEXT
    if profile is not None:
        text = replace_block(text, "profile", profile_block(profile))
    if reminders is not None:
        text = replace_block(text, "reminders", reminders_block(reminders))
    for key, flag in (("sound", sound), ("speech", speech)):
        if flag is not None:
            text = replace_block(text, key, [f"{key}: {'true' if flag else 'false'}"])
    from coach.files import write_private

    ensure_private_dir(path.parent)
    checked: list[Config] = []
    # Never replace a good file with one we would refuse: the loader checks the new text first.
    write_private(path, text, check=lambda tmp: checked.append(load_config(tmp)))
    return replace(checked[0], path=path)
