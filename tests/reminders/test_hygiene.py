"""Reminders stay out of the start-up path and out of Textual."""

from __future__ import annotations

from tests.test_import_hygiene import loaded_after_import

HEAVY = ("apscheduler", "desktop_notifier", "dbus_fast", "textual")


def heavy(loaded: set[str]) -> set[str]:
    return {m for m in loaded if m.split(".")[0] in HEAVY}


def test_the_remind_command_module_is_light_at_import() -> None:
    loaded = loaded_after_import(["coach.commands.remind", "coach.reminders"])
    assert heavy(loaded) == set()
    assert "asyncio" not in loaded and "yaml" not in loaded


def test_the_reminder_domain_never_imports_textual_or_dbus() -> None:
    modules = [
        "coach.reminders.schedule",
        "coach.reminders.state",
        "coach.reminders.notify",
        "coach.reminders.service",
        "coach.reminders.core",
        "coach.reminders.jobs",
        "coach.reminders.log",
        "coach.reminders.zones",
        "coach.reminders.units",
        "coach.reminders.ics",
    ]
    loaded = loaded_after_import(modules)
    assert {m for m in modules} <= loaded
    assert heavy(loaded) == set()  # apscheduler and D-Bus load only when the service runs
