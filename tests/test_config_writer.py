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
    assert "08:15" not in text
    # A comment beside a changed value is the user's: it stays (only the value changes).
    assert "activity: active    # I sit at a desk" in text
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


# -- saving changes exactly what was changed (issue 10, defect 7) ------------------------------

HAND_WRITTEN = """\
# my settings, by hand
profile:
  activity: sitting   # desk job
  pregnant: false
sound: true

reminders:
  - routine: "my-routine #2"   # quoted: the # is part of the id
    at: '08:15'
    days: [mon, tue]
# the next one is for a routine file I have not written yet
  - routine: not-written-yet
    at: "21:30"
  - routine: daily-prevention
    at: "07:00"

day_starts_at: 5  # night owl
"""


def test_saving_what_the_file_already_says_changes_no_byte(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(HAND_WRITTEN)
    before = load_config(path)
    after = save_settings(
        path,
        profile=before.profile,
        reminders=before.reminders,
        sound=before.sound,
        speech=before.speech,
    )
    assert path.read_text() == HAND_WRITTEN
    assert after == before
    assert [r.routine for r in after.reminders] == [
        "my-routine #2",
        "not-written-yet",
        "daily-prevention",
    ]


def test_a_removed_reminder_goes_after_a_column_zero_comment(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(HAND_WRITTEN)
    before = load_config(path)
    kept = (before.reminders[0], before.reminders[2])
    config = save_settings(path, reminders=kept)
    assert config.reminders == kept and load_config(path).reminders == kept
    text = path.read_text()
    assert "not-written-yet" not in text
    for line in (
        '  - routine: "my-routine #2"   # quoted: the # is part of the id',
        "day_starts_at: 5  # night owl",
        "# my settings, by hand",
    ):
        assert line in text


def test_an_edited_reminder_changes_only_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(HAND_WRITTEN)
    r = load_config(path).reminders
    changed = (r[0], r[1], Reminder("daily-prevention", "07:45"))
    save_settings(path, reminders=changed)
    expected = HAND_WRITTEN.replace('at: "07:00"', 'at: "07:45"')
    assert path.read_text() == expected


@pytest.mark.parametrize(
    "routine", ["my-routine #2", "a: b", "[x]", "'quoted'", '"double"', "- dash", "ja #ü", "1.5"]
)
def test_any_routine_id_is_written_so_it_reads_back_the_same(tmp_path: Path, routine) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(HAND_WRITTEN)
    new = (Reminder(routine, "09:00", ("sat",)),)
    assert save_settings(path, reminders=new).reminders == new
    assert load_config(path).reminders == new


def test_a_refused_save_names_the_users_file_not_a_temporary_one(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(HAND_WRITTEN)
    with pytest.raises(ConfigError) as info:
        save_settings(path, reminders=(Reminder("daily-prevention", "24:61"),))
    message = str(info.value)
    assert message.startswith(f"{path}:") and ".tmp" not in message
    assert path.read_text() == HAND_WRITTEN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]


def test_a_symlinked_config_stays_a_symlink(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "coach.yaml"
    real.write_text(HAND_WRITTEN)
    real.chmod(0o600)
    folder = tmp_path / "config"
    folder.mkdir()
    link = folder / "config.yaml"
    link.symlink_to(real)
    save_settings(link, sound=False)
    assert link.is_symlink() and link.resolve() == real
    assert "sound: false" in real.read_text() and "# night owl" in real.read_text()
    assert real.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in dotfiles.iterdir()) == ["coach.yaml"]


def test_ruamel_is_imported_only_when_saving() -> None:
    import subprocess
    import sys

    code = (
        "import sys, coach.config_writer, coach.ui.screens.settings;"
        "print('ruamel' in ' '.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_reminder_time_set_after_the_first_run_note_is_saved(tmp_path: Path) -> None:
    # The first-run note writes only `profile:` into the default file; the next Settings save
    # adds the first `reminders:` list to a file that had none. It used to be written with its
    # keys out of line (`- routine: …` then `at:` under the dash) and refused as invalid YAML.
    path = tmp_path / "config.yaml"
    save_settings(path, profile=Profile(activity="sitting", pregnant=False))
    reminder = Reminder(routine="daily-prevention", at="07:30")
    config = save_settings(path, reminders=(reminder,))
    assert config.reminders == (reminder,)
    assert load_config(path, path.read_text(encoding="utf-8")).reminders == (reminder,)
    assert load_config(path, path.read_text(encoding="utf-8")).profile.activity == "sitting"
