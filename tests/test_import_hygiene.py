"""The domain is plain Python: importing it must not load Textual (or the scheduler).

Every module is checked, found by walking the package, so a new one is checked the day it is
added; and no module below the UI may import `coach.ui`, not even inside a function.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import coach
from tests.architecture import edges
from tests.conftest import ROOT

# Modules that may load APScheduler when imported: the running reminder service's own parts.
# Everything else (the CLI, `coach remind --list`, the app) must not pay for it.
SCHEDULER_MODULES = {
    "coach.reminders.trigger",  # an APScheduler trigger class; imported by the service only
}

# The front ends that open the app: they import coach.ui when a command runs, never at the top.
UI_LAUNCHERS = ("coach.cli", "coach.commands.")


def is_ui(module: str) -> bool:
    return module == "coach.ui" or module.startswith("coach.ui.")


def all_modules() -> list[str]:
    found = [m.name for m in pkgutil.walk_packages(coach.__path__, "coach.")]
    return [m for m in found if m != "coach.__main__"]  # importing it runs the command line


def domain_modules() -> list[str]:
    return [m for m in all_modules() if not is_ui(m)]


def loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(json.loads(out.stdout))


def first_loaders(modules: list[str], packages: tuple[str, ...]) -> dict[str, str]:
    """Import `modules` in order in a fresh interpreter; for each of `packages` that got
    loaded, the coach module (and line) whose import statement loaded it first."""
    code = (
        "import importlib, json, sys\n"
        f"packages = {packages!r}\n"
        "who = {}\n"
        "class Spy:\n"  # asked first for every module not loaded yet: see who asks
        "    def find_spec(self, name, path=None, target=None):\n"
        "        frame = sys._getframe(1)\n"
        "        while name in packages and name not in who and frame is not None:\n"
        "            module = frame.f_globals.get('__name__', '')\n"
        "            if module.startswith('coach.'):\n"
        "                who[name] = f'{module}:{frame.f_lineno}'\n"
        "            frame = frame.f_back\n"
        "sys.meta_path.insert(0, Spy())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(json.dumps(who))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout)


def test_the_walk_finds_every_module() -> None:
    modules = all_modules()
    assert {"coach.cli", "coach.engine", "coach.commands.start", "coach.ui.app"} <= set(modules)
    assert len(modules) > 60


def test_domain_modules_import_no_textual() -> None:
    """The scheduler's own modules are imported last, so any other module that loads
    APScheduler is the one named."""
    modules = domain_modules()
    ordered = [m for m in modules if m not in SCHEDULER_MODULES] + sorted(SCHEDULER_MODULES)
    loaders = first_loaders(ordered, ("textual", "apscheduler"))
    wrong = {
        package: where
        for package, where in loaders.items()
        if package == "textual" or where.partition(":")[0] not in SCHEDULER_MODULES
    }
    assert wrong == {}, "these domain modules load Textual or APScheduler when imported"


def test_no_domain_module_imports_the_ui() -> None:
    found = [
        f"{e.source}:{e.line} imports {e.target}"
        for e in edges()
        if is_ui(e.target) and not is_ui(e.source) and not e.source.startswith(UI_LAUNCHERS)
    ]
    assert found == [], "the domain must not reach up into coach.ui (post a message instead)"


def test_cli_start_up_does_not_import_textual() -> None:
    loaded = loaded_after_import(["coach.cli"])
    assert "textual" not in loaded and "yaml" not in loaded


def test_the_app_and_its_home_load_no_session_modules() -> None:
    """Start-up is a feature: home paints before a session exists, so the session's engine,
    recorder and steps, and the reminder scheduler, load when they are first used."""
    loaded = loaded_after_import(["coach.ui.app"])
    early = {"coach.engine", "coach.recorder", "coach.steps", "apscheduler"} & loaded
    assert early == set(), f"imported with the app, before any use: {sorted(early)}"
