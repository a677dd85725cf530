"""config.yaml: defaults, the written default file, and exact errors for every key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from coach.config import (
    DEFAULT_TEXT,
    WEEKDAYS,
    Config,
    ConfigError,
    Profile,
    Reminder,
    load_config,
    write_default_config,
)

TIME_HINT = 'write 24-hour time in quotes, e.g. "09:00" or "21:30"'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors(tmp_path: Path, text: str) -> list[str]:
    """The error lines for `text`, with the file name shortened to `P`."""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    lines = str(info.value).splitlines()
    assert len(lines) == len(info.value.problems)
    prefix = f"{path}:"
    assert all(line.startswith(prefix) for line in lines)
    return ["P:" + line[len(prefix) :] for line in lines]


def reminder_at(tmp_path: Path, at: str) -> str:
    cfg = load_config(write(tmp_path, f"reminders:\n  - routine: calf-relief\n    at: {at}\n"))
    assert cfg.reminders is not None
    return cfg.reminders[0].at


# -- defaults ------------------------------------------------------------------------------------


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    cfg = load_config(path)
    assert cfg == Config()
    assert cfg.path == path
    assert cfg.profile == Profile("sitting", False)
    assert cfg.profile_chosen is False
    assert (cfg.sound, cfg.speech, cfg.day_starts_at, cfg.rest_days_per_week) == (
        True,
        False,
        4,
        1,
    )
    assert (cfg.follow_up_minutes, cfg.grace_minutes, cfg.notify_command) == (120, 120, ())
    assert cfg.remind_on_rest_days is False  # a planned rest day is quiet
    assert not path.exists()


def test_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")) == Config()
    assert load_config(write(tmp_path, "# only a comment\n")) == Config()


def test_sitting_profile_reminds_daily_prevention_at_nine_every_day() -> None:
    cfg = Config(profile=Profile("sitting"))
    assert cfg.profile.daily_routine == "daily-prevention"
    assert cfg.active_reminders == (Reminder("daily-prevention", "09:00", WEEKDAYS),)
    assert WEEKDAYS == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert (cfg.active_reminders[0].hour, cfg.active_reminders[0].minute) == (9, 0)


def test_active_profile_reminds_evening_relaxation_at_half_past_nine(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, "profile:\n  activity: active\n  pregnant: true\n"))
    assert cfg.profile == Profile("active", True)
    assert cfg.profile_chosen is True
    assert cfg.profile.daily_routine == "evening-relaxation"
    assert cfg.reminders is None
    assert cfg.active_reminders == (Reminder("evening-relaxation", "21:30", WEEKDAYS),)
    assert (cfg.active_reminders[0].hour, cfg.active_reminders[0].minute) == (21, 30)


def test_profile_without_activity_is_not_a_chosen_profile(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, "profile:\n  pregnant: true\n"))
    assert cfg.profile == Profile("sitting", True)
    assert cfg.profile_chosen is False


def test_explicit_reminders_replace_the_profile_default(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, "reminders: []\n"))
    assert cfg.reminders == ()
    assert cfg.active_reminders == ()
    assert load_config(write(tmp_path, "reminders:\n")).active_reminders == ()


def test_every_key_is_read(tmp_path: Path) -> None:
    text = """\
profile:
  activity: active
  pregnant: false
sound: false
speech: true
day_starts_at: 0
rest_days_per_week: 3
reminders:
  - routine: calf-relief
    at: "7:05"
    days: [sun, mon, fri]
  - routine: evening-relaxation
    at: "21:30"
notifications:
  follow_up_minutes: 0
  grace_minutes: 1440
  on_rest_days: true
  command: [notify-send, --app-name, coach]
"""
    cfg = load_config(write(tmp_path, text))
    assert cfg == Config(
        profile=Profile("active", False),
        profile_chosen=True,
        sound=False,
        speech=True,
        day_starts_at=0,
        rest_days_per_week=3,
        reminders=(
            Reminder("calf-relief", "07:05", ("mon", "fri", "sun")),
            Reminder("evening-relaxation", "21:30", WEEKDAYS),
        ),
        follow_up_minutes=0,
        grace_minutes=1440,
        remind_on_rest_days=True,
        notify_command=("notify-send", "--app-name", "coach"),
    )


# -- the written default file --------------------------------------------------------------------


def test_default_file_is_private_and_loads_back_to_the_defaults(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "config"
    path = folder / "config.yaml"
    assert write_default_config(path) is True
    assert path.read_text(encoding="utf-8") == DEFAULT_TEXT
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    cfg = load_config(path)
    assert cfg == Config()
    assert cfg.active_reminders == (Reminder("daily-prevention", "09:00", WEEKDAYS),)


def test_default_file_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("sound: false\n", encoding="utf-8")
    assert write_default_config(path) is False
    assert path.read_text(encoding="utf-8") == "sound: false\n"
    assert write_default_config(tmp_path / "new.yaml") is True
    assert write_default_config(tmp_path / "new.yaml") is False


def test_default_file_is_not_written_through_a_dangling_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yaml"
    path = tmp_path / "config.yaml"
    path.symlink_to(target)
    assert write_default_config(path) is False
    assert not target.exists()


def test_the_commented_examples_in_the_default_file_are_valid(tmp_path: Path) -> None:
    lines = DEFAULT_TEXT.splitlines()
    start = lines.index("# reminders:")
    block = [line[2:] for line in lines[start : start + 4]]
    start = lines.index("# notifications:")
    block += [line[2:] for line in lines[start : start + 5]]
    block[-2] = block[-2].replace("[]", "[notify-send, coach]", 1)
    cfg = load_config(write(tmp_path, "\n".join(block) + "\n"))
    assert cfg.reminders == (Reminder("daily-prevention", "09:00", WEEKDAYS),)
    assert (cfg.follow_up_minutes, cfg.grace_minutes) == (120, 120)
    assert cfg.notify_command == ("notify-send", "coach")
    assert cfg.remind_on_rest_days is False


# -- times of day --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ('"09:30"', "09:30"),
        ('"9:30"', "09:30"),
        ("09:30", "09:30"),  # a leading zero keeps it text in YAML 1.1
        ("21:30", "21:30"),  # YAML 1.1 reads this as the sexagesimal int 1290
        ("9:30", "09:30"),  # ... and this as 570
        ("0:00", "00:00"),
        ('"23:59"', "23:59"),
    ],
)
def test_times_of_day(tmp_path: Path, written: str, expected: str) -> None:
    assert reminder_at(tmp_path, written) == expected


@pytest.mark.parametrize(
    ("written", "shown", "column"),
    [
        ('"25:00"', "25:00", 9),
        ("25:00", "25:00", 9),
        ('"9:5"', "9:5", 9),
        ("9:5", "9:5", 9),  # YAML 1.1 int 545: must not become 09:05
        ("930", "930", 9),  # a plain number is not a time: must not become 15:30
        ("21", "21", 9),
        ("1:2:3", "1:2:3", 9),
        ('"12:60"', "12:60", 9),
        ("noon", "noon", 9),
        ("true", "true", 9),
        ('""', "", 9),
    ],
)
def test_bad_times_of_day(tmp_path: Path, written: str, shown: str, column: int) -> None:
    text = f"reminders:\n  - routine: calf-relief\n    at: {written}\n"
    assert errors(tmp_path, text) == [
        f"P:3:{column}: reminders[0].at: `{shown}` is not a time of day; {TIME_HINT}"
    ]


def test_a_time_given_as_a_list_is_refused(tmp_path: Path) -> None:
    text = "reminders:\n  - routine: calf-relief\n    at: [9, 30]\n"
    assert errors(tmp_path, text) == [
        f"P:3:9: reminders[0].at: a list is not a time of day; {TIME_HINT}"
    ]


# -- every other key's errors --------------------------------------------------------------------


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    assert errors(tmp_path, "sound: true\nspeach: true\n") == [
        "P:2:1: speach: unknown key; did you mean `speech`?"
    ]


def test_unknown_key_without_a_close_match_lists_the_keys(tmp_path: Path) -> None:
    assert errors(tmp_path, "colour: red\n") == [
        "P:1:1: colour: unknown key; allowed keys: profile, sound, speech, theme, day_starts_at, "
        "rest_days_per_week, reminders, notifications"
    ]


def test_nested_unknown_keys_name_their_path(tmp_path: Path) -> None:
    text = "profile:\n  activty: active\nnotifications:\n  grace_minuts: 5\n"
    assert errors(tmp_path, text) == [
        "P:2:3: profile.activty: unknown key; did you mean `activity`?",
        "P:4:3: notifications.grace_minuts: unknown key; did you mean `grace_minutes`?",
    ]


def test_key_given_twice(tmp_path: Path) -> None:
    assert errors(tmp_path, "sound: true\nsound: false\n") == [
        "P:2:1: sound: key given twice; keep one of them"
    ]


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    assert errors(tmp_path, "- sound\n") == [
        "P:1:1: (top level): expected a mapping of keys, found a list; write `key: value` lines"
    ]


def test_bad_activity(tmp_path: Path) -> None:
    assert errors(tmp_path, "profile:\n  activity: sittin\n") == [
        "P:2:13: profile.activity: text `sittin` is not a choice here; did you mean `sitting`?"
    ]
    assert errors(tmp_path, "profile:\n  activity: couch\n") == [
        "P:2:13: profile.activity: text `couch` is not a choice here; use one of: sitting, active"
    ]


def test_profile_must_be_a_mapping(tmp_path: Path) -> None:
    assert errors(tmp_path, "profile: active\n") == [
        "P:1:10: profile: expected a mapping of keys, found `active`; write `key: value` lines"
    ]


def test_bad_weekdays(tmp_path: Path) -> None:
    text = 'reminders:\n  - routine: calf-relief\n    at: "09:00"\n    days: [mon, tues, funday]\n'
    assert errors(tmp_path, text) == [
        "P:4:17: reminders[0].days[1]: text `tues` is not a choice here; did you mean `tue`?",
        "P:4:23: reminders[0].days[2]: text `funday` is not a choice here; "
        "use one of: mon, tue, wed, thu, fri, sat, sun",
    ]


def test_days_must_be_a_non_empty_list(tmp_path: Path) -> None:
    base = 'reminders:\n  - routine: calf-relief\n    at: "09:00"\n    days: '
    assert errors(tmp_path, base + "[]\n") == [
        "P:4:11: reminders[0].days: the list is empty; give at least one of weekdays"
    ]
    assert errors(tmp_path, base + "mon\n") == [
        "P:4:11: reminders[0].days: expected a list of weekdays, found `mon`; "
        "write one `- ` item per line"
    ]


def test_reminder_needs_routine_and_time(tmp_path: Path) -> None:
    assert errors(tmp_path, "reminders:\n  - days: [mon]\n") == [
        "P:2:5: reminders[0].routine: missing required key; add `routine:`",
        "P:2:5: reminders[0].at: missing required key; add `at:`",
    ]
    # A misspelt key is reported once, not again as missing.
    assert errors(tmp_path, 'reminders:\n  - routine: calf-relief\n    att: "09:00"\n') == [
        "P:3:5: reminders[0].att: unknown key; did you mean `at`?"
    ]


def test_reminder_must_be_a_mapping_and_routine_text(tmp_path: Path) -> None:
    assert errors(tmp_path, "reminders:\n  - calf-relief\n") == [
        "P:2:5: reminders[0]: expected a mapping of keys, found `calf-relief`; "
        "write `key: value` lines"
    ]
    assert errors(tmp_path, 'reminders:\n  - routine: 12\n    at: "09:00"\n') == [
        "P:2:14: reminders[0].routine: expected text, found `12`; "
        "write a non-empty line of text (quote it if it starts with a symbol)"
    ]


def test_reminders_must_be_a_list(tmp_path: Path) -> None:
    assert errors(tmp_path, "reminders: daily-prevention\n") == [
        "P:1:12: reminders: expected a list of reminders, found `daily-prevention`; "
        "write one `- ` item per line"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("sound: 1", "P:1:8: sound: expected true or false, found `1`; write `true` or `false`"),
        (
            'speech: "no"',
            "P:1:9: speech: expected true or false, found text `no`; write `true` or `false`",
        ),
        (
            "day_starts_at: 13",
            "P:1:16: day_starts_at: 13 is out of range; use a number from 0 to 12",
        ),
        (
            "day_starts_at: 4.5",
            "P:1:16: day_starts_at: expected a whole number, found `4.5`; "
            "use a number from 0 to 12",
        ),
        (
            'day_starts_at: "4"',
            "P:1:16: day_starts_at: expected a whole number, found text `4`; "
            "use a number from 0 to 12",
        ),
        (
            "rest_days_per_week: -1",
            "P:1:21: rest_days_per_week: -1 is out of range; use a number from 0 to 3",
        ),
        (
            "rest_days_per_week: true",
            "P:1:21: rest_days_per_week: expected a whole number, found `true` (true/false); "
            "use a number from 0 to 3",
        ),
        (
            "notifications:\n  follow_up_minutes: 1441",
            "P:2:22: notifications.follow_up_minutes: 1441 is out of range; "
            "use a number from 0 to 1440",
        ),
        (
            "notifications:\n  on_rest_days: sometimes",
            "P:2:17: notifications.on_rest_days: expected true or false, found text `sometimes`; "
            "write `true` or `false`",
        ),
        (
            "notifications:\n  grace_minutes:",
            "P:2:17: notifications.grace_minutes: expected a whole number, found nothing; "
            "use a number from 0 to 1440",
        ),
    ],
)
def test_wrong_types_and_ranges(tmp_path: Path, line: str, expected: str) -> None:
    assert errors(tmp_path, line + "\n") == [expected]


def test_notify_command_as_a_shell_line_is_refused(tmp_path: Path) -> None:
    assert errors(tmp_path, 'notifications:\n  command: "notify-send coach"\n') == [
        "P:2:12: notifications.command: expected a list of command words (an argument list, "
        "not a shell line), found `notify-send coach`; write one `- ` item per line"
    ]


def test_notify_command_words_must_be_text(tmp_path: Path) -> None:
    assert errors(tmp_path, "notifications:\n  command: [notify-send, {a: b}]\n") == [
        "P:2:26: notifications.command[1]: expected text, found a mapping; "
        "write a non-empty line of text (quote it if it starts with a symbol)"
    ]


def test_notify_command_list_is_kept_word_for_word(tmp_path: Path) -> None:
    text = 'notifications:\n  command:\n    - notify-send\n    - "Time; for $HOME"\n'
    cfg = load_config(write(tmp_path, text))
    assert cfg.notify_command == ("notify-send", "Time; for $HOME")
    assert load_config(write(tmp_path, "notifications:\n  command:\n")).notify_command == ()


def test_every_problem_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    text = 'sound: maybe\nday_starts_at: 30\nreminders:\n  - routine: x\n    at: "24:00"\n'
    assert errors(tmp_path, text) == [
        "P:1:8: sound: expected true or false, found text `maybe`; write `true` or `false`",
        "P:2:16: day_starts_at: 30 is out of range; use a number from 0 to 12",
        f"P:5:9: reminders[0].at: `24:00` is not a time of day; {TIME_HINT}",
    ]


def test_python_tags_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"sound: !!python/object/apply:os.system ['touch {marker}']\n"
    assert errors(tmp_path, text) == [
        "P:1:8: the tag `tag:yaml.org,2002:python/object/apply:os.system` is not allowed; "
        "this file is plain data: remove the tag"
    ]
    assert not marker.exists()
    assert errors(tmp_path, "profile: !!python/object:coach.config.Profile {}\n") == [
        "P:1:10: the tag `tag:yaml.org,2002:python/object:coach.config.Profile` is not "
        "allowed; this file is plain data: remove the tag"
    ]


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    lines = errors(tmp_path, "sound: true\nspeech: [true\n")
    assert len(lines) == 1
    assert lines[0].startswith("P:3:1: not valid YAML: ")
    assert lines[0].endswith("; check indentation, colons and quotes on this line")
