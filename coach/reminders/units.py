"""Running `coach remind` in the background: a systemd user unit, or a launchd agent on macOS.

Where the file goes:
- Linux: `$XDG_CONFIG_HOME/systemd/user/coach-remind.service` (`~/.config/...` by default),
  enabled with `systemctl --user enable --now coach-remind.service`.
- macOS: `~/Library/LaunchAgents/org.coach.remind.plist`, loaded with `launchctl bootstrap`.
- With `COACH_HOME` set, everything coach writes stays under it, this file too:
  `$COACH_HOME/config/systemd/user/...` (or `.../config/LaunchAgents/...`), and the enable
  command names the file by its absolute path, which systemctl links into its search path. The
  unit then carries `COACH_HOME`, so the service reads the same folder. Tests rely on this never
  touching the real home.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

UNIT_NAME = "coach-remind.service"
LAUNCHD_LABEL = "org.coach.remind"


def coach_command() -> list[str]:
    """The absolute command that runs this coach: its script beside this Python, else on PATH."""
    name = "coach.exe" if sys.platform == "win32" else "coach"
    here = Path(sys.executable).absolute().parent / name
    if here.is_file() and os.access(here, os.X_OK):
        return [str(here)]
    found = shutil.which("coach")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "coach"]


class UnitPathError(ValueError):
    """A path that would go into the unit or plist holds a control character."""


def _check_words(named: Mapping[str, object]) -> None:
    """Refuse control characters in anything written into the file: a newline in COACH_HOME
    would start a line of its own (an injected `ExecStartPre=`), and XML 1.0 cannot hold them."""
    for what, value in named.items():
        text = str(value)
        bad = next((c for c in text if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F), None)
        if bad is not None:
            raise UnitPathError(
                f"{what} holds a control character ({ascii(bad)}): {ascii(text)}; "
                "use a path without one, then run --install again"
            )


@dataclass(frozen=True)
class ServiceFile:
    path: Path
    content: bytes
    enable: list[str]  # the one command that turns it on
    stop: list[str]  # the one command that stops a running copy after --uninstall
    standard_place: bool  # False: under COACH_HOME, linked by absolute path


def _home(env: Mapping[str, str]) -> Path | None:
    home = env.get("COACH_HOME")
    return Path(home).expanduser().absolute() if home else None


def _xdg_config(env: Mapping[str, str]) -> Path:
    xdg = env.get("XDG_CONFIG_HOME", "")
    # The XDG spec: a relative path is invalid and must be ignored.
    return Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".config"


def _systemd_word(word: str, *, dollar: bool = True) -> str:
    """One ExecStart (dollar=True) or Environment word, quoted for systemd's shell-free parser.

    `%` starts a specifier everywhere; `$` expands variables in ExecStart only.
    """
    escaped = word.replace("%", "%%")
    if dollar:
        escaped = escaped.replace("$", "$$")
    if any(c in escaped for c in " \t\"'\\;"):
        escaped = '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return escaped


def systemd_unit(argv: list[str], environ: Mapping[str, str]) -> str:
    lines = [
        "# Written by `coach remind --install`; remove it with `coach remind --uninstall`.",
        "[Unit]",
        "Description=coach: daily leg-exercise reminders",
        "",
        "[Service]",
        "Type=simple",
        "ExecStart=" + " ".join(_systemd_word(w) for w in [*argv, "remind"]),
        "Restart=on-failure",
        "RestartSec=30",
        "Environment=PYTHONUNBUFFERED=1",
    ]
    home = _home(environ)
    if home is not None:
        lines.append("Environment=" + _systemd_word(f"COACH_HOME={home}", dollar=False))
    lines += ["", "[Install]", "WantedBy=default.target", ""]
    return "\n".join(lines)


def launchd_plist(argv: list[str], environ: Mapping[str, str], log_dir: Path) -> bytes:
    agent: dict[str, object] = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": [*argv, "remind"],
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ProcessType": "Background",
        "StandardErrorPath": str(log_dir / "remind.err"),
    }
    home = _home(environ)
    if home is not None:
        agent["EnvironmentVariables"] = {"COACH_HOME": str(home)}
    return plistlib.dumps(agent)


def service_file(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    argv: list[str] | None = None,
    *,
    check: bool = True,
) -> ServiceFile:
    """The file `--install` would write for this machine, with where and how to enable it."""
    from coach.paths import app_paths

    env = os.environ if environ is None else environ
    argv = argv or coach_command()
    home = _home(env)
    # Every path that goes into the file (or the printed command), checked once, by name.
    words: dict[str, object] = {"the coach command": " ".join(argv), "COACH_HOME": home or ""}
    if platform == "darwin":
        folder = home / "config" / "LaunchAgents" if home else Path.home() / "Library/LaunchAgents"
        path = folder / f"{LAUNCHD_LABEL}.plist"
        state = app_paths(dict(env)).state
        if check:
            _check_words({**words, "the agent's folder": path, "the state folder": state})
        domain = f"gui/{os.getuid()}"
        return ServiceFile(
            path=path,
            content=launchd_plist(argv, env, state),
            enable=["launchctl", "bootstrap", domain, str(path)],
            stop=["launchctl", "bootout", f"{domain}/{LAUNCHD_LABEL}"],
            standard_place=home is None,
        )
    folder = (home / "config" if home else _xdg_config(env)) / "systemd" / "user"
    path = folder / UNIT_NAME
    if check:
        _check_words({**words, "the unit's folder": path})
    target = UNIT_NAME if home is None else str(path)
    return ServiceFile(
        path=path,
        content=systemd_unit(argv, env).encode(),
        enable=["systemctl", "--user", "enable", "--now", target],
        stop=["systemctl", "--user", "stop", UNIT_NAME],
        standard_place=home is None,
    )


def install(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> ServiceFile:
    unit = service_file(environ, platform)
    from coach.files import write_private

    unit.path.parent.mkdir(parents=True, exist_ok=True)
    write_private(unit.path, unit.content, mode=0o644)  # the service manager reads it
    return unit


def uninstall(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> tuple[ServiceFile, list[Path]]:
    """Remove the file and the enable links that point at it (what `disable` does on disk)."""
    env = os.environ if environ is None else environ
    unit = service_file(env, platform, check=False)  # remove what an older coach wrote, too
    removed = []
    if platform != "darwin":
        user_dir = _xdg_config(env) / "systemd" / "user"
        targets = {os.path.normpath(unit.path)}
        linked = user_dir / UNIT_NAME  # `systemctl enable /abs/path` links the file here
        if linked.is_symlink() and _target(linked) in targets:
            targets.add(os.path.normpath(linked))
        for folder in {unit.path.parent, user_dir}:
            for link in [*folder.glob(f"*.wants/{UNIT_NAME}"), folder / UNIT_NAME]:
                if link.is_symlink() and _target(link) in targets:
                    link.unlink()
                    removed.append(link)
    if unit.path.exists() and not unit.path.is_symlink():
        unit.path.unlink()
        removed.append(unit.path)
    return unit, removed


def _target(link: Path) -> str:
    try:
        dest = Path(os.readlink(link))
    except OSError:
        return ""
    return os.path.normpath(dest if dest.is_absolute() else link.parent / dest)
