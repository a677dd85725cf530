"""Settings saved into config.yaml keep the user's comments and never produce a refused file."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.config import DEFAULT_TEXT, ConfigError, Profile, Reminder, load_config
from coach.config_writer import save_settings

USER_TEXT = """\
# my own notes: keep these!
profile:
  activity: sitting   # I sit at a desk
  pregnant: false

sound: true
# reminders I like
reminders:
  - routine: daily-prevention
    at: "08:15"
    days: [mon, tue]

day_starts_at: 5  # night owl
"""


def test_profile_and_reminders_are_replaced_and_comments_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(USER_TEXT)
    new = (Reminder("calf-relief", "19:05", ("sat", "sun")), Reminder("daily-prevention", "07:00"))
    config = save_settings(path, profile=Profile("active", True), reminders=new, sound=False)
    assert config.profile == Profile("active", True) and config.profile_chosen
    assert config.active_reminders == new
    assert config.sound is False and config.day_starts_at == 5
    text = path.read_text()
    for kept in ("# my own notes: keep these!", "# reminders I like", "# night owl"):
        assert kept in text
    assert "08:15" not in text and "# I sit at a desk" not in text
    assert path.stat().st_mode & 0o777 == 0o600


def test_saving_into_the_default_file_fills_the_commented_examples(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(DEFAULT_TEXT)
    config = save_settings(path, profile=Profile("sitting", True), reminders=())
    assert config.profile.pregnant and config.reminders == ()
    assert "# Your profile picks your daily routine" in path.read_text()
    assert load_config(path) == config


def test_a_setting_coach_would_refuse_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(USER_TEXT)
    with pytest.raises(ConfigError) as info:
        save_settings(path, reminders=(Reminder("daily-prevention", "25:00"),))
    assert "reminders[0].at" in str(info.value)
    assert path.read_text() == USER_TEXT
    assert [p.name for p in tmp_path.iterdir()] == ["config.yaml"]
