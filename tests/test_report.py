"""`coach report`: what it gathers, that user text stays text, that it needs no network, that
empty weeks are said in words, and (in a real browser) that 12 weeks print on two pages.

Today is Monday 30 November 2026 in Berlin unless a test says otherwise.
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from coach.adherence import DayStatus
from coach.config import Config
from coach.journal import Journal
from coach.report.data import build_report
from coach.report.render import render_html
from coach.routines import Catalog
from coach.store import Store
from tests.cli import Ran, run_coach
from tests.clocks import BERLIN
from tests.conftest import ROOT
from tests.report_seed import seed_weeks
from tests.test_history import CATALOG, DAILY

NOW = datetime(2026, 11, 30, 18, 0, tzinfo=BERLIN)


def journal(store: Store, now: datetime = NOW, catalog: Catalog = CATALOG) -> Journal:
    return Journal(store, catalog, Config(), lambda: now)


HOSTILE_TITLE = 'Daily <img src=x onerror="alert(1)"> & </h3><script>evil()</script>'


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "coach.db")
    yield s
    s.close()


@pytest.fixture
def full(store: Store) -> Store:
    seed_weeks(store, NOW)
    return store


def hostile_catalog() -> Catalog:
    catalog = Catalog()
    catalog.routines.update(CATALOG.routines)
    catalog.routines["daily-prevention"] = replace(DAILY, title=HOSTILE_TITLE)
    return catalog


# -- what it gathers --------------------------------------------------------------------------


def test_twelve_weeks_from_a_monday_to_today_by_the_historys_rules(full: Store) -> None:
    data = build_report(journal(full))
    assert data.first == date(2026, 9, 14) and data.first.weekday() == 0
    assert data.today == date(2026, 11, 30) and len(data.days) == 84
    assert [w.monday for w in data.series][-1] == date(2026, 11, 30) and len(data.series) == 12
    # Every day from the first record to today has exactly one status; today is still open.
    counted = [d for d in data.days if d is not None]
    assert sum(data.counts.values()) == len(counted)
    assert data.counts[DayStatus.OPEN] == 1 and data.days[-7].status is DayStatus.OPEN
    # The chart's routine days are the heat map's done days, week by week.
    for i, week in enumerate(data.series):
        days = data.days[7 * i : 7 * i + 7]
        assert week.done_days == sum(1 for d in days if d and d.status is DayStatus.DONE)
    assert sum(w.cramps for w in data.series) == len(data.cramps) == 27
    assert [c.at for c in data.cramps] == sorted(c.at for c in data.cramps)
    assert [g.kind for g in data.guidance] == ["long"]  # the 12-minute cramp last Sunday
    daily = next(r for r in data.routines if r.count.routine_id == "daily-prevention")
    assert [e.name for e in daily.exercises] == [e.name for e in DAILY.exercises]
    assert all(e.reps_min <= e.reps <= e.reps_max for e in daily.exercises)


def test_weeks_before_the_first_record_are_not_missed(store: Store) -> None:
    store.mark_rest_day(date(2026, 11, 28), NOW)
    data = build_report(journal(store))
    assert data.counts[DayStatus.MISSED] == 1  # Sunday 29th, the day after the first record
    assert data.days[0] is None and data.recorded


def test_the_period_is_counted_apart_from_the_rest_of_the_record(full: Store) -> None:
    data = build_report(journal(full), weeks=2)
    assert data.first == date(2026, 11, 23) and len(data.series) == 2
    assert all(c.day >= date(2026, 11, 23) for c in data.cramps)
    daily = next(r for r in data.routines if r.count.routine_id == "daily-prevention")
    assert daily.count.done + daily.count.partial <= 7


# -- user text is text ------------------------------------------------------------------------


def test_markup_in_a_note_or_a_title_is_shown_as_text(full: Store) -> None:
    page = render_html(build_report(journal(full, catalog=hostile_catalog())))
    assert "<script" not in page and "<img" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "Daily &lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &lt;/h3&gt;" in page
    assert "{{ 7*7 }}" in page  # a template in user text is not run either


def test_the_file_needs_no_network_and_runs_no_script(full: Store) -> None:
    page = render_html(build_report(journal(full)))
    addresses = set(re.findall(r"https?://[^\s\"')]+", page))
    assert addresses == {"http://www.w3.org/2000/svg"}  # a namespace name, never fetched
    for tag in ("<script", "<link", "<img", "<iframe", "@import", "src="):
        assert tag not in page
    assert set(re.findall(r"url\(([^)]*)\)", page)) == {"#hatch"}


def test_an_empty_record_says_so_in_words_without_charts(store: Store) -> None:
    page = render_html(build_report(journal(store)))
    assert "Nothing was recorded in these 12 weeks" in page
    assert "nothing to chart" in page
    assert "No cramps were logged in these 12 weeks." in page
    assert "No routine was done in these 12 weeks." in page
    assert 'role="img"' not in page


def test_headings_are_in_order_and_charts_have_titles(full: Store) -> None:
    page = render_html(build_report(journal(full)))
    levels = [int(n) for n in re.findall(r"<h([1-6])", page)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    charts = re.findall(r'<svg role="img" aria-labelledby="([^"]+)"', page)
    assert len(charts) == 2
    for ids in charts:
        for ident in ids.split():
            assert f'id="{ident}"' in page


# -- the command ------------------------------------------------------------------------------


def coach(*args: str, home: Path, cwd: Path) -> Ran:
    done = run_coach(*args, home=home, tz="UTC", cwd=cwd)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_the_command_writes_a_private_file_named_by_the_date(
    coach_home: Path, tmp_path: Path
) -> None:
    out = coach("report", home=coach_home, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    (written,) = tmp_path.glob("coach-report-*.html")
    assert re.fullmatch(r"coach-report-\d{4}-\d{2}-\d{2}\.html", written.name)
    assert written.name in out.stdout
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "Leg cramps and exercise" in written.read_text(encoding="utf-8")


@pytest.mark.parametrize("weeks", ["0", "105", "twelve", "-3", "1.5"])
def test_bad_weeks_is_one_line_and_exit_2(coach_home: Path, tmp_path: Path, weeks: str) -> None:
    out = coach("report", "--weeks", weeks, home=coach_home, cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "--weeks" in out.stderr
    assert not list(tmp_path.glob("*.html"))


def test_an_unwritable_place_is_one_line_and_exit_2(coach_home: Path, tmp_path: Path) -> None:
    out = coach(
        "report", "--output", str(tmp_path / "no" / "r.html"), home=coach_home, cwd=tmp_path
    )
    assert out.returncode == 2 and out.stderr.startswith("coach: cannot write ")


def test_jinja2_loads_only_for_the_report() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from coach.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['status'])\n"
        "print('jinja2' in sys.modules, 'coach.report' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False False", out.stderr


# -- printed in a real browser ----------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(
    not (CHROMIUM and PDFTOTEXT), reason="needs chromium and poppler-utils (.ci/run installs them)"
)
@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_twelve_full_weeks_print_on_two_pages(full: Store, tmp_path: Path, paper: str) -> None:
    page = render_html(build_report(journal(full)))
    # Chromium prints on Letter by default; a printer set to A4 is what this style stands for.
    if paper == "A4":
        page = page.replace("</head>", "<style>@page { size: A4; }</style></head>")
    html, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    html.write_text(page, encoding="utf-8")
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout)
    expected = (612, 792) if paper == "Letter" else (595, 842)
    assert (round(float(size[1])), round(float(size[2]))) == expected
    assert pages <= 2, f"{pages} pages on {paper}"
    # Nothing runs past the right margin (14 mm), where a printer would cut it off.
    boxes = subprocess.run(
        [PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
    assert right <= expected[0] - 14 / 25.4 * 72 + 1, f"text reaches {right:.0f} pt on {paper}"
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for heading in (
        "Leg cramps and exercise",
        "Summary",
        "Day by day",
        "Cramps and routine days per week",
        "Cramp diary",
        "Routines done, and today's repetitions",
        "Notes that suggested seeing a doctor",
        "coach is not medical advice",
    ):
        assert heading in flat, heading
    assert "Monday 14 September 2026 to Monday 30 November 2026" in flat
    assert '<script>alert("x")</script> <b>bold</b>' in flat  # shown as the text it is
    assert "lasted 12 minutes" in flat
    assert flat.index("Summary") < flat.index("Day by day") < flat.index("Cramp diary")
    assert "Current streak" in flat and "Habit strength" in flat


def test_before_the_day_starts_it_is_still_yesterday(store: Store) -> None:
    # The report's "today" is the user's day: before 04:00 it is still yesterday.
    data = build_report(journal(store, NOW.replace(hour=2)))
    assert data.today == date(2026, 11, 29)


def test_help_and_the_readme_list_report_and_status(coach_home: Path, tmp_path: Path) -> None:
    help_text = coach("--help", home=coach_home, cwd=tmp_path).stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("report", "status"):
        assert re.search(rf"^\s+{command}\s+\S", help_text, re.M), command
        assert f"| `coach {command} [" in readme
    for option in ("--weeks", "--output", "--open"):
        assert option in coach("report", "--help", home=coach_home, cwd=tmp_path).stdout
    for option in ("--json", "waybar"):
        assert option in coach("status", "--help", home=coach_home, cwd=tmp_path).stdout


def test_one_week_is_said_in_the_singular(coach_home: Path, tmp_path: Path) -> None:
    out = coach("report", "--weeks", "1", "--output", "r.html", home=coach_home, cwd=tmp_path)
    assert out.stdout.startswith("Wrote r.html: 1 week, ready to print")
    assert "The last 1 week:" in (tmp_path / "r.html").read_text(encoding="utf-8")
