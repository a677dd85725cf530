"""The domain is plain Python: importing it must not load Textual (or the scheduler)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

DOMAIN = ["coach.model", "coach.routines", "coach.paths", "coach.cli"]
OPTIONAL_DOMAIN = [
    "coach.engine",
    "coach.store",
    "coach.adherence",
    "coach.progression",
    "coach.recorder",
    "coach.speech",
    "coach.plain",
    "coach.config",
    "coach.days",
]


def loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}:\n"
        "    try:\n        importlib.import_module(m)\n"
        "    except ModuleNotFoundError as e:\n"
        "        if e.name != m: raise\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(json.loads(out.stdout))


def test_domain_modules_import_no_textual() -> None:
    loaded = loaded_after_import(DOMAIN + OPTIONAL_DOMAIN)
    assert "coach.routines" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert not {m for m in loaded if m.startswith("apscheduler")}


def test_cli_start_up_does_not_import_textual() -> None:
    loaded = loaded_after_import(["coach.cli"])
    assert "textual" not in loaded and "yaml" not in loaded
