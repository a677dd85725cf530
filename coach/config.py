"""The user's settings in `config.yaml`: profile, sounds, the day boundary and reminders.

The file is hand-editable, so it is read with the same node walker as routines and every error
names file, line, column and field. A missing file means the defaults; first run writes the
defaults out with comments so users can see what they may change.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from coach.yamlfile import InputFileError, NodeReader, compose_file, kind

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ACTIVITIES = ("sitting", "active")
DAILY_ROUTINE = {"sitting": "daily-prevention", "active": "evening-relaxation"}
# Reminders are read, merged and scheduled by every command: a few hundred is plenty for
# anyone (docs/config.md), hundreds of thousands took every command 42 s and 1.5 GB.
MAX_REMINDERS = 300
MAX_CONFIG_BYTES = 128 * 1024  # 300 reminders, written out in full with comments, are ~30 KB
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ConfigError(InputFileError):
    """config.yaml cannot be used as written."""


@dataclass(frozen=True)
class Profile:
    activity: str = "sitting"
    pregnant: bool = False

    @property
    def daily_routine(self) -> str:
        return DAILY_ROUTINE[self.activity]


@dataclass(frozen=True)
class Reminder:
    routine: str
    at: str  # "HH:MM", local time
    days: tuple[str, ...] = WEEKDAYS

    @property
    def hour(self) -> int:
        return int(self.at.split(":")[0])

    @property
    def minute(self) -> int:
        return int(self.at.split(":")[1])


def default_reminders(profile: Profile) -> tuple[Reminder, ...]:
    if profile.activity == "active":
        return (Reminder("evening-relaxation", "21:30"),)
    return (Reminder("daily-prevention", "09:00"),)


@dataclass(frozen=True)
class Config:
    profile: Profile = Profile()
    profile_chosen: bool = False  # False until the user picks one (first run)
    sound: bool = True
    speech: bool = False
    theme: str = "textual-dark"  # a Textual theme name (the app checks it)
    day_starts_at: int = 4
    rest_days_per_week: int = 1
    reminders: tuple[Reminder, ...] | None = None  # None: the profile's defaults
    follow_up_minutes: int = 120
    grace_minutes: int = 120
    remind_on_rest_days: bool = False  # a planned rest day is a day off from reminders too
    notify_command: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    @property
    def active_reminders(self) -> tuple[Reminder, ...]:
        return default_reminders(self.profile) if self.reminders is None else self.reminders


TOP_KEYS = (
    "profile",
    "sound",
    "speech",
    "theme",
    "day_starts_at",
    "rest_days_per_week",
    "reminders",
    "notifications",
)


class _ConfigReader(NodeReader):
    def config(self, root: yaml.Node | None) -> Config:
        cfg = Config(path=self.path)
        if root is None:
            return cfg
        keys = self.mapping(root, "", TOP_KEYS)
        if keys is None:
            return cfg
        # Config fields to replace, each value checked by its read: as varied as the fields.
        changes: dict[str, Any] = {}
        if "profile" in keys:
            changes.update(self._profile(keys["profile"]))
        for name in ("sound", "speech"):
            if name in keys and (flag := self.boolean(keys[name], name)) is not None:
                changes[name] = flag
        if "theme" in keys and (theme := self.text(keys["theme"], "theme")) is not None:
            changes["theme"] = theme
        if "day_starts_at" in keys:
            hour = self.number(keys["day_starts_at"], "day_starts_at", 0, 12, integer=True)
            if hour is not None:
                changes["day_starts_at"] = hour
        if "rest_days_per_week" in keys:
            n = self.number(keys["rest_days_per_week"], "rest_days_per_week", 0, 3, integer=True)
            if n is not None:
                changes["rest_days_per_week"] = n
        if "reminders" in keys:
            items = self.sequence(keys["reminders"], "reminders", "reminders", allow_empty=True)
            if items is not None and len(items) > MAX_REMINDERS:
                self.problem(
                    keys["reminders"],
                    "reminders",
                    f"{len(items)} reminders; coach keeps at most {MAX_REMINDERS}",
                    "remove the ones you do not need (one entry can cover several days)",
                )
                items = None
            if items is not None:
                reminders = [self._reminder(n, f"reminders[{i}]") for i, n in enumerate(items)]
                changes["reminders"] = tuple(r for r in reminders if r)
        if "notifications" in keys:
            changes.update(self._notifications(keys["notifications"]))
        return replace(cfg, **changes)

    def _profile(self, node: yaml.Node) -> dict[str, Any]:
        keys = self.mapping(node, "profile", ("activity", "pregnant"))
        if keys is None:
            return {}
        profile = Profile()
        if "activity" in keys and (
            act := self.choice(keys["activity"], "profile.activity", ACTIVITIES)
        ):
            profile = replace(profile, activity=act)
        if (
            "pregnant" in keys
            and (preg := self.boolean(keys["pregnant"], "profile.pregnant")) is not None
        ):
            profile = replace(profile, pregnant=preg)
        return {"profile": profile, "profile_chosen": "activity" in keys}

    def _reminder(self, node: yaml.Node, fld: str) -> Reminder | None:
        before = len(self.problems)
        keys = self.mapping(node, fld, ("routine", "at", "days"), ("routine", "at"))
        if keys is None:
            return None
        routine = self.text(keys["routine"], f"{fld}.routine") if "routine" in keys else None
        at = None
        if "at" in keys:
            node = keys["at"]
            raw = self.value(node) if isinstance(node, yaml.ScalarNode) else None
            if isinstance(raw, int) and not isinstance(raw, bool):
                # YAML 1.1 reads an unquoted 21:30 as the sexagesimal int 1290 (and 930 or 9:5
                # as ints too): judge what was written, not the number it became.
                raw = node.value
            match = _TIME.match(raw) if isinstance(raw, str) else None
            if match:
                at = f"{int(match[1]):02d}:{match[2]}"
            else:
                shown = kind(node)
                self.problem(
                    node,
                    f"{fld}.at",
                    f"{shown} is not a time of day",
                    'write 24-hour time in quotes, e.g. "09:00" or "21:30"',
                )
        days: tuple[str, ...] = WEEKDAYS
        if "days" in keys:
            items = self.sequence(keys["days"], f"{fld}.days", "weekdays")
            if items is not None:
                chosen = [self.choice(n, f"{fld}.days[{i}]", WEEKDAYS) for i, n in enumerate(items)]
                days = tuple(d for d in WEEKDAYS if d in chosen)
        if len(self.problems) > before or not routine or not at:
            return None
        return Reminder(routine=routine, at=at, days=days)

    def _notifications(self, node: yaml.Node) -> dict[str, Any]:
        keys = self.mapping(
            node,
            "notifications",
            ("follow_up_minutes", "grace_minutes", "on_rest_days", "command"),
        )
        if keys is None:
            return {}
        out: dict[str, Any] = {}
        for name in ("follow_up_minutes", "grace_minutes"):
            if name in keys:
                n = self.number(keys[name], f"notifications.{name}", 0, 24 * 60, integer=True)
                if n is not None:
                    out[name] = n
        if "on_rest_days" in keys:
            flag = self.boolean(keys["on_rest_days"], "notifications.on_rest_days")
            if flag is not None:
                out["remind_on_rest_days"] = flag
        if "command" in keys:
            items = self.sequence(
                keys["command"],
                "notifications.command",
                "command words (an argument list, not a shell line)",
                allow_empty=True,
            )
            if items is not None:
                words = [self.text(n, f"notifications.command[{i}]") for i, n in enumerate(items)]
                out["notify_command"] = tuple(w for w in words if w)
        return out


def load_config(path: Path, text: str | None = None) -> Config:
    """Read config.yaml; the defaults if it does not exist; ConfigError if it is wrong.

    `text`: read that instead of the file, as if it were `path` (a save checks what it is about
    to write, and any problem names the user's file, not a temporary one)."""
    if text is None and not path.exists():
        return Config(path=path)
    root = compose_file(path, ConfigError, empty_hint="", max_bytes=MAX_CONFIG_BYTES, text=text)
    reader = _ConfigReader(path)
    cfg = reader.config(root)
    if reader.problems:
        raise ConfigError(reader.problems)
    return cfg


DEFAULT_TEXT = """\
# coach settings. Edit freely; `coach` checks this file and names the line of any mistake.
# Times are 24-hour local time in quotes ("09:00"). Weekdays: mon tue wed thu fri sat sun.

# Your profile picks your daily routine and the default reminder.
#   activity: sitting -> daily-prevention (mostly sitting during the day)
#   activity: active  -> evening-relaxation (an active day, legs raised in the evening)
# profile:
#   activity: sitting
#   pregnant: false

# A bell at each change of phase during a session (also toggled with `m`).
sound: true
# Speak the cues aloud ("Lift", "Hold", "three, two, one") if spd-say or espeak-ng is installed.
speech: false
# Colours: textual-dark or textual-light (also `t` on home, or another theme from ctrl+p).
theme: textual-dark

# Your day starts at this hour, so a session at 01:30 counts for the evening before.
day_starts_at: 4
# Planned rest days allowed in any 7 days.
rest_days_per_week: 1

# Reminders. Leave commented to use your profile's default.
# reminders:
#   - routine: daily-prevention
#     at: "09:00"
#     days: [mon, tue, wed, thu, fri, sat, sun]

# notifications:
#   follow_up_minutes: 120   # one follow-up nudge if still not done; 0 turns it off
#   grace_minutes: 120       # after sleep, show a missed reminder only within this window
#   command: []              # optional program to run, as a list: [notify-send, --urgency=low]
#   on_rest_days: false      # true: remind on a planned rest day too
"""


def write_default_config(path: Path) -> bool:
    """Write the commented defaults if no config exists yet; True if written.

    Atomic (coach.files): a crash or a full disk mid-write leaves no config at all (the defaults
    are written next time), never half of one; a config written meanwhile by the user or another
    coach process, or a symlink standing at `path`, is never replaced.
    """
    if os.path.lexists(path):
        return False
    from coach.files import write_private
    from coach.paths import ensure_private_dir

    ensure_private_dir(path.parent)
    return write_private(path, DEFAULT_TEXT, keep_existing=True)
