"""App-wide messages: small dataclasses, posted to the app by whatever made the change.

The app hands each one on to every screen it holds (`CoachApp.broadcast`), so a screen that
shows the record or the settings (home, History) refreshes itself on them; nothing walks the
screen stack looking for a type. They do not bubble: a copy posted to a screen stays there.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class RecordChanged(Message, bubble=False):
    """Something was written to the record (a session, a cramp, a rest day, a day by hand)."""


@dataclass
class SettingsSaved(Message, bubble=False):
    """config.yaml was saved from Settings or the first-run note; `app.config` holds it."""


@dataclass
class ReminderDue(Message, bubble=False):
    """A reminder came while the app is open: said without covering a countdown."""

    title: str
    body: str
