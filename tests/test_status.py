"""`coach status`: the line, the JSON and the waybar object for a done, an open and a rest day.

Today is Wednesday 25 November 2026 in Berlin unless a test says otherwise; no test reads the
real clock except the one that runs the installed command.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach.config import Config, Profile, Reminder
from coach.cramps import new_cramp
from coach.journal import Journal
from coach.routines import Catalog
from coach.status import MAX_LINE, build_status, status_json, status_line, waybar_json
from coach.store import Store
from tests.clocks import BERLIN
from tests.conftest import ROOT
from tests.test_history import CATALOG, DAILY, at, done_on, timed

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
EVENING = Config(reminders=(Reminder("daily-prevention", "21:30"),))


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "coach.db")
    yield s
    s.close()


def status(store: Store, config: Config = EVENING, now: datetime = NOW, catalog=CATALOG):
    return build_status(Journal(store, catalog, config, lambda: now), BERLIN)


def streak_of(store: Store, days: int) -> None:
    """The daily routine done on the `days` days before today."""
    done_on(store, *(at(2026, 11, 24 - n, 21) for n in range(days)))


def test_a_done_day_shows_the_streak_and_done(store: Store) -> None:
    streak_of(store, 11)
    done_on(store, at(2026, 11, 25, 9))
    s = status(store)
    assert status_line(s) == "● 12 days · Daily prevention done"
    assert status_json(s) == {
        "date": "2026-11-25",
        "today": "done",
        "daily_routine": "daily-prevention",
        "streak": 12,
        # Today's 21:30 stays silent once the routine is done: the next one is tomorrow's.
        "next_reminder": {"at": "2026-11-26T21:30:00+01:00", "routine": "daily-prevention"},
        "doctor_note": False,
    }


def test_an_open_day_shows_the_next_reminder_today(store: Store) -> None:
    s = status(store)
    assert status_line(s) == "○ Daily prevention open · next 21:30"
    doc = status_json(s)
    assert doc["today"] == "open" and doc["streak"] == 0
    assert doc["next_reminder"] == {
        "at": "2026-11-25T21:30:00+01:00",
        "routine": "daily-prevention",
    }


def test_an_open_day_keeps_yesterdays_streak(store: Store) -> None:
    streak_of(store, 3)
    assert status_line(status(store)) == "○ 3 days · Daily prevention open · next 21:30"


def test_a_partial_day_says_started(store: Store) -> None:
    store.merge([timed(DAILY, at(2026, 11, 25, 9), reps=[2])])
    s = status(store)
    assert status_json(s)["today"] == "partial"
    assert status_line(s) == "◐ Daily prevention started · next 21:30"


def test_a_rest_day(store: Store) -> None:
    streak_of(store, 2)
    store.mark_rest_day(date(2026, 11, 25), NOW)
    s = status(store)
    assert status_line(s) == "– 2 days · Daily prevention rest day"
    assert status_json(s)["today"] == "rest"
    assert waybar_json(s)["class"] == "rest"


def test_no_reminders_is_null(store: Store) -> None:
    s = status(store, config=Config(reminders=()))
    assert status_json(s)["next_reminder"] is None
    assert status_line(s) == "○ Daily prevention open"


def test_a_reminder_on_another_day_names_the_day(store: Store) -> None:
    config = Config(reminders=(Reminder("daily-prevention", "09:00", ("mon",)),))
    assert status_line(status(store, config=config)) == "○ Daily prevention open · next Mon 09:00"


def test_a_doctor_note_is_flagged_and_in_the_tooltip(store: Store) -> None:
    cramp = new_cramp(muscle="calf", now=NOW, day_starts_at=4, at="2026-11-24 03:10", minutes="12")
    store.add_cramp(cramp)
    s = status(store)
    assert status_json(s)["doctor_note"] is True
    assert status_line(s).endswith("· see doctor note")
    assert "see a doctor" in waybar_json(s)["tooltip"]
    assert status_json(status(store, now=NOW + timedelta(days=21)))["doctor_note"] is False


def hostile_catalog(title: str) -> Catalog:
    catalog = Catalog()
    catalog.routines.update(CATALOG.routines)
    catalog.routines["daily-prevention"] = replace(DAILY, title=title)
    return catalog


def test_user_text_cannot_reach_the_terminal_or_a_bar_as_markup(store: Store) -> None:
    title = "Legs\x1b[31m <b>bold</b> %{A1:rm -rf ~:}x%{A} #[fg=red]\u2028& more"
    s = status(store, catalog=hostile_catalog(title))
    line = status_line(s)
    assert "\x1b" not in line and "\u2028" not in line
    assert "%{" not in line and "#[" not in line
    assert len(line) <= MAX_LINE
    bar = waybar_json(s)
    assert "<b>" not in bar["text"] + bar["tooltip"] and "&lt;b&gt;" in bar["tooltip"]
    assert "& " not in bar["tooltip"] and "&amp; more" in bar["tooltip"]


@pytest.mark.parametrize("streak", [0, 1, 12, 9999])
def test_a_long_title_is_shortened_but_state_and_note_stay(store: Store, streak: int) -> None:
    s = replace(
        status(store, catalog=hostile_catalog("A very long routine title " * 4)),
        streak=streak,
        doctor_notes=("see a doctor",),
    )
    line = status_line(s)
    assert len(line) <= MAX_LINE
    assert "…" in line and line.endswith(" open · see doctor note")


def test_a_missing_daily_routine_shows_its_id(store: Store) -> None:
    config = replace(EVENING, profile=Profile(activity="active"))
    catalog = Catalog()
    catalog.routines["daily-prevention"] = DAILY
    s = status(store, config=config, catalog=catalog)
    assert status_json(s)["daily_routine"] == "evening-relaxation"
    assert "evening-relaxation open" in status_line(s)


def cli_env(home: Path) -> dict[str, str]:
    return {"COACH_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "TZ": "UTC"}


def cli(home: Path, *args: str) -> str:
    """A coach command as a user runs it: its output; it must succeed and say nothing on stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "coach", *args], capture_output=True, text=True, env=cli_env(home)
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    return done.stdout


def test_the_installed_command_prints_all_three_formats(coach_home: Path) -> None:
    def run(*args: str) -> str:
        return cli(coach_home, *args)

    line = run("status")
    assert line.count("\n") == 1 and len(line.strip()) <= MAX_LINE
    assert "Daily prevention" in line
    doc = json.loads(run("status", "--json"))
    assert list(doc) == [
        "date",
        "today",
        "daily_routine",
        "streak",
        "next_reminder",
        "doctor_note",
    ]
    assert doc["today"] == "open" and doc["next_reminder"]["routine"] == "daily-prevention"
    datetime.fromisoformat(doc["next_reminder"]["at"])
    assert set(json.loads(run("status", "--format", "waybar"))) == {"text", "tooltip", "class"}


def test_status_imports_no_textual_and_no_scheduler(coach_home: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from coach.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['status', '--format', 'waybar'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'apscheduler', 'desktop_notifier', 'jinja2', 'rich')]\n"
        "print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"COACH_HOME": str(coach_home), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "[]", out.stderr


# -- the kept answer --------------------------------------------------------------------------


def test_the_answer_changes_when_the_next_reminder_or_the_day_comes(store: Store) -> None:
    s = status(store)
    assert s.changes_at == datetime(2026, 11, 25, 21, 30, tzinfo=BERLIN)
    quiet = status(store, config=Config(reminders=()))
    assert quiet.changes_at == datetime(2026, 11, 26, 4, 0, tzinfo=BERLIN)


def test_a_kept_answer_is_used_only_while_true_and_for_the_same_files(tmp_path: Path) -> None:
    from coach import status_cache
    from coach.paths import app_paths, folders

    where = folders({"COACH_HOME": str(tmp_path)})
    paths = app_paths({"COACH_HOME": str(tmp_path)})
    paths.state.mkdir(parents=True)
    key = status_cache.fingerprint(where)
    status_cache.keep(where, key, 1000.0, {"line": "x", "json": "{}", "waybar": "{}"})
    assert status_cache.cached(where, key, 999.0) == {"line": "x", "json": "{}", "waybar": "{}"}
    assert status_cache.cached(where, key, 1000.0) is None
    paths.config.mkdir()
    paths.config_file.write_text("sound: false\n")
    assert status_cache.cached(where, status_cache.fingerprint(where), 999.0) is None
    (paths.routines).mkdir()
    assert status_cache.fingerprint(where) == status_cache.fingerprint(where)
    (paths.routines / "mine.yaml").write_text("id: mine\n")
    assert status_cache.cached(where, status_cache.fingerprint(where), 999.0) is None
    (paths.state / status_cache.CACHE_NAME).write_text("{not json")
    assert status_cache.cached(where, key, 999.0) is None


def test_polling_reads_no_record_and_every_change_shows_at_once(coach_home: Path) -> None:
    env = cli_env(coach_home)

    def run(*args: str) -> str:
        return cli(coach_home, *args)

    def modules_of_a_poll() -> list[str]:
        code = (
            "import sys, io, contextlib\nfrom coach.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['status'])\n"
            "names = ('yaml', 'sqlite3', 'coach.store', 'pathlib', 'dataclasses', 'platformdirs')\n"
            "print(' '.join(m for m in names if m in sys.modules))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        return out.stdout.split()

    assert "open" in run("status")  # the first run writes config.yaml: nothing kept yet
    assert run("status") == run("status")
    assert modules_of_a_poll() == []  # the kept answer: no config, routine or database read
    run("rest")
    assert "rest day" in run("status")
    run("rest", "--undo")
    run("log", "today")
    assert "done" in run("status")
    assert modules_of_a_poll() == []
    run("cramp", "log", "--muscle", "calf", "--minutes", "12")
    assert run("status").rstrip().endswith("see doctor note")
    config = coach_home / "config" / "config.yaml"
    config.write_text(
        config.read_text() + "\nreminders:\n  - routine: calf-relief\n    at: '00:01'\n"
    )
    assert json.loads(run("status", "--json"))["next_reminder"]["routine"] == "calf-relief"
