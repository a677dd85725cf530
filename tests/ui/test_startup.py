"""`coach` paints home first and opens the record after (coach.ui.startup, #13 start-up).

What a user must not notice: a key pressed in that moment still acts, the colours of the first
frame are theirs, and a mistake in config.yaml is still worded with exit status 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Static

from coach import cli
from coach.context import AppContext, open_context
from coach.ui import startup
from coach.ui.app import CoachApp
from coach.ui.screens.history import HistoryScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.startup import theme_hint
from tests.ui.loads import loaded

SIZE = (100, 30)
ROOT = Path(__file__).resolve().parents[2]
RETURNING = "profile:\n  activity: sitting\n"


def returning_user(home: Path, config: str = RETURNING) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.yaml").write_text(config)


async def test_home_is_painted_before_the_record_is_opened_then_filled_in(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    returning_user(coach_home)
    seen: list[tuple[str, bool, bool]] = []

    def opener() -> AppContext:  # what was on the screen when the record began to open
        first_aid = app.screen.query_one("#first-aid", Static)
        painted = bool(first_aid.region)  # laid out on the screen, not only in the DOM
        seen.append((str(first_aid.render()), painted, bool(app.screen.query("#streak"))))
        return open_context()

    app = CoachApp(opener=opener, reminders=False)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert len(seen) == 1
        first_aid, painted, figures = seen[0]
        assert first_aid.startswith("Leg cramp right now? Press c for first aid") and painted
        assert not figures  # no figures before the record: never a "0 days" that is untrue
        assert app.screen is app.home and len(app.screen_stack) == 1  # no blank screen under it
        assert "Streak 0 days" in str(app.screen.query_one("#streak").render())
        assert app.screen.query_one("#routines").has_focus


async def test_a_key_pressed_before_the_record_is_open_acts_once_it_is(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    returning_user(coach_home)
    waiting: list[CoachApp] = []
    open_record = startup.open_record
    monkeypatch.setattr(startup, "open_record", waiting.append)
    app = CoachApp(opener=open_context, reminders=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert waiting == [app] and not app.record_open
        await pilot.press("h")  # History, pressed on the first frame
        assert isinstance(app.screen, HomeScreen)  # held: nothing to show it with yet
        open_record(app)
        await pilot.pause()
        await loaded(pilot)
        assert isinstance(app.screen, HistoryScreen)


async def test_the_first_frame_has_the_theme_config_yaml_names(coach_home: Path) -> None:
    returning_user(coach_home, RETURNING + "theme: textual-light  # t switches\n")
    themes: list[str] = []

    def opener() -> AppContext:
        themes.append(app.theme)
        return open_context()

    hint = theme_hint(coach_home / "config" / "config.yaml")
    app = CoachApp(opener=opener, theme=hint, reminders=False)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert themes == ["textual-light"]
        assert app.theme == "textual-light"


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("theme: textual-light\n", "textual-light"),
        ("sound: true\ntheme: 'textual-light'   # light\n", "textual-light"),
        ('theme: "nord"\n', "nord"),
        ("profile:\n  theme: nord\n", None),  # not the top-level key
        ("# theme: nord\n", None),
        ("theme:\n", None),
        ("", None),
    ],
)
def test_the_theme_hint_reads_only_a_plain_top_level_theme_line(
    tmp_path: Path, text: str, hint: str | None
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    assert theme_hint(path) == hint


def test_the_theme_hint_of_a_missing_or_unreadable_file_is_none(tmp_path: Path) -> None:
    assert theme_hint(tmp_path / "absent.yaml") is None
    path = tmp_path / "config.yaml"
    path.write_bytes(b"theme: \xff\xfe\n")
    assert theme_hint(path) is None


def headless(monkeypatch: pytest.MonkeyPatch) -> None:
    def run(self: CoachApp) -> None:
        App.run(self, headless=True, size=SIZE)

    monkeypatch.setattr(CoachApp, "run", run)


def test_a_mistake_in_config_yaml_is_worded_and_exits_2_after_the_first_paint(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    returning_user(coach_home, RETURNING + "day_starts_at: 25:00\n")
    before = (coach_home / "config" / "config.yaml").read_bytes()
    headless(monkeypatch)
    assert cli.main([]) == 2
    err = capsys.readouterr().err.splitlines()
    config = coach_home / "config" / "config.yaml"
    assert err[0].startswith(f"{config}:3:") and "day_starts_at" in err[0]
    assert err[-1] == "coach: fix config.yaml as shown above, then try again"
    assert "Traceback" not in "\n".join(err)
    assert (coach_home / "config" / "config.yaml").read_bytes() == before  # not rewritten


def test_what_happened_while_opening_is_still_printed_when_the_app_ends(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged data file is set aside while home is on the screen: said in the app, and
    left on the terminal once it closes, as before home was painted first."""
    returning_user(coach_home)
    (coach_home / "data").mkdir()
    (coach_home / "data" / "coach.sqlite3").write_bytes(b"not a database" * 100)
    run = App.run

    def run_then_quit(self: CoachApp) -> None:
        self.call_later(lambda: self.set_timer(0.3, self.exit))
        run(self, headless=True, size=SIZE)

    monkeypatch.setattr(CoachApp, "run", run_then_quit)
    assert cli.main([]) == 0
    err = capsys.readouterr().err
    assert "could not be read (it is damaged or not a coach database)" in err
    assert len(list((coach_home / "data").glob("coach.sqlite3.damaged-*"))) == 1


def test_nothing_of_the_record_is_imported_before_home_is_painted(tmp_path: Path) -> None:
    """Start-up is a feature: the domain (config and its YAML, the store and SQLite, what reads
    them) loads after home's first paint. Run as `coach` runs, up to that paint."""
    returning_user(tmp_path)
    code = (
        "import json, sys\n"
        "from textual.app import App\n"
        "from coach import cli\n"
        "from coach.ui import startup\n"
        "from coach.ui.app import CoachApp\n"
        "def at_paint(app):\n"
        "    print(json.dumps(sorted(sys.modules)))\n"
        "    app.exit()\n"
        "startup.open_record = at_paint\n"
        "CoachApp.run = lambda self: App.run(self, headless=True, size=(100, 30))\n"
        "cli.main([])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"COACH_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    loaded_then = set(json.loads(out.stdout.splitlines()[-1]))
    record = {
        "yaml",
        "sqlite3",
        "apscheduler",
        "coach.config",
        "coach.context",
        "coach.store",
        "coach.routines",
        "coach.journal",
        "coach.home",
        "coach.adherence",
        "coach.model",
        "coach.history",
    }
    assert record & loaded_then == set(), "imported before home's first paint"
