"""docs/config.md keeps up with config.py: every key documented, the defaults text verbatim."""

from __future__ import annotations

from coach.config import DEFAULT_TEXT, TOP_KEYS
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
NESTED = (
    "profile.activity",
    "profile.pregnant",
    "reminders[].routine",
    "reminders[].at",
    "reminders[].days",
    "notifications.follow_up_minutes",
    "notifications.grace_minutes",
    "notifications.command",
)


def test_every_key_is_in_the_table() -> None:
    documented = {line.split("`")[1] for line in DOC.splitlines() if line.startswith("| `")}
    for key in TOP_KEYS:
        assert key in documented or any(k.startswith(key + ".") for k in documented), key
    assert set(NESTED) <= documented


def test_the_first_run_file_is_quoted_verbatim() -> None:
    assert DEFAULT_TEXT in DOC
