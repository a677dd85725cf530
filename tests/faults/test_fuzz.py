"""Property-based fuzzing of everything a user types: routine files, config.yaml, dates.

The property is the same everywhere: whatever the input, only the app's own error escapes
(RoutineError / ConfigError, both InputFileError; UsageError for dates; CrampInputError for
cramp times), and every problem in a file names `FILE:LINE:COLUMN` inside that file. Anything a
parser accepts must also be usable: an accepted routine can drive the session engine.

Inputs: arbitrary bytes and text, YAML-shaped token soup (anchors, aliases, tags, flow
collections, odd scalars) and mutations of the real built-in routines and the default config.
"""

from __future__ import annotations

import contextlib
import io
import itertools
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from coach.cli import main
from coach.commands.common import UsageError
from coach.commands.history import parse_day
from coach.config import DEFAULT_TEXT, Config, ConfigError, load_config
from coach.cramps import CrampInputError, parse_at
from coach.engine import SessionEngine
from coach.model import Routine
from coach.routines import RoutineError, builtin_dir, load_routine_file, routine_files
from coach.yamlfile import InputFileError
from tests.clocks import BERLIN
from tests.conftest import ROOT

FUZZ = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

VALID_ROUTINES = [p.read_text("utf-8") for p in routine_files(builtin_dir())] + [
    (ROOT / "tests" / "data" / "three-quick.yaml").read_text("utf-8")
]
VALID_CONFIGS = [
    DEFAULT_TEXT,
    "profile:\n  activity: active\n  pregnant: true\nsound: false\nday_starts_at: 5\n"
    'reminders:\n  - routine: daily-prevention\n    at: "09:00"\n    days: [mon, fri]\n'
    "notifications:\n  follow_up_minutes: 30\n  command: [notify-send, coach]\n",
]

# fmt: off
TOKENS = [
    "id:", "title:", "exercises:", "phases:", "seconds:", "reps_min:", "reps_max:", "cue:",
    "profile:", "reminders:", "at:", "days:", "notifications:", "command:", "sound:",
    "day_starts_at:", "activity:", "- ", "  ", "    ", "\n", "\t", ":", ": ", ",", "{", "}",
    "[", "]", "'", '"', "|", ">", "#", "&a ", "*a", "&b ", "*b", "<<: *a", "? ", "---", "...",
    "%YAML 1.1\n", "!!int ", "!!float ", "!!bool ", "!!str ", "!!null ", "!!timestamp ",
    "!!map ", "!!seq ", "!!binary ", "!!set ", "!!omap ", "!local ", "!!python/name:os.system ",
    "!<tag:yaml.org,2002:int> ", "2024-99-99", "2024-02-30", "2024-01-01 25:61:00", "12:30",
    "21:30", "1:2:3:4", "0x1F", "0o17", "0b101", "1e400", "1.0e+400", "-.inf", ".nan", "~",
    "null", "yes", "no", "on", "off", "y", "true", "9" * 400, "-0", "1_000", "0.0000001",
    "\x00", "\x85", "\u2028", "\ufeff", "\ud7ff", "é", "😀", "\\", "%", "@", "`",
]
# fmt: on

yamlish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=60).map("".join)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


_names = itertools.count()


def write(folder: Path, content: str | bytes, suffix: str = ".yaml") -> Path:
    path = folder / f"input-{next(_names)}{suffix}"
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
    else:
        path.write_bytes(content)
    return path


def assert_located(exc: InputFileError, path: Path) -> None:
    """Every problem names this file and a real line and column in it."""
    assert exc.problems, "an InputFileError with no problem in it"
    text = path.read_bytes().decode("utf-8", "replace")
    breaks = sum(text.count(b) for b in ("\n", "\r", "\x85", "\u2028", "\u2029"))
    lines = breaks + 2  # YAML 1.1 breaks lines at NEL and LS/PS too; plus one past the end
    for problem in exc.problems:
        assert problem.path == path
        assert 1 <= problem.line <= lines, (problem, lines)
        assert problem.column >= 1, problem
        assert str(problem).startswith(f"{path}:{problem.line}:{problem.column}: "), problem
        assert problem.message


def _tally(outcome: str) -> None:
    """Counted in --hypothesis-show-statistics: mutations must reach both outcomes."""
    if currently_in_test_context():
        event(outcome)


def check_routine(path: Path) -> Routine | None:
    try:
        routine = load_routine_file(path)
    except RoutineError as exc:
        assert_located(exc, path)
        _tally("refused")
        return None
    _tally("accepted")
    # Accepted means usable: the engine takes it at its minimum and maximum targets.
    assert routine.exercises and all(e.phases for e in routine.exercises)
    for pick in (lambda e: e.reps_min, lambda e: e.reps_max):
        engine = SessionEngine(routine, [pick(e) for e in routine.exercises], clock=lambda: 0.0)
        assert engine.planned_seconds() > 0
    return routine


def check_config(path: Path) -> Config | None:
    try:
        config = load_config(path)
    except ConfigError as exc:
        assert_located(exc, path)
        _tally("refused")
        return None
    _tally("accepted")
    assert 0 <= config.day_starts_at <= 12
    assert all(isinstance(word, str) and word for word in config.notify_command)
    for reminder in config.active_reminders:
        assert 0 <= reminder.hour <= 23 and 0 <= reminder.minute <= 59
    return config


# -- routines -----------------------------------------------------------------------------------


@FUZZ
@given(content=st.binary(max_size=2000))
def test_routine_parser_on_arbitrary_bytes(folder: Path, content: bytes):
    check_routine(write(folder, content))


@FUZZ
@given(content=st.text(max_size=2000))
def test_routine_parser_on_arbitrary_text(folder: Path, content: str):
    check_routine(write(folder, content))


@FUZZ
@given(content=yamlish)
def test_routine_parser_on_yaml_shaped_soup(folder: Path, content: str):
    check_routine(write(folder, content))


@st.composite
def mutated(draw: st.DrawFn, texts: list[str]) -> str:
    """A valid file with a few edits: cut, insert, replace a value, re-indent, duplicate."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["cut", "insert", "value", "indent", "dup", "truncate"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "cut":
            j = draw(st.integers(0, max(0, len(text) - 1)))
            text = text[:j] + text[j + draw(st.integers(1, 40)) :]
            continue
        if op == "insert":
            j = draw(st.integers(0, len(text)))
            text = text[:j] + draw(st.sampled_from(TOKENS) | st.text(max_size=5)) + text[j:]
            continue
        if op == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(TOKENS) | st.text(max_size=12))}"
        elif op == "indent":
            lines[i] = " " * draw(st.integers(0, 9)) + lines[i].lstrip()
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "truncate":
            lines = lines[:i]
        text = "\n".join(lines)
    return text


@FUZZ
@given(content=mutated(VALID_ROUTINES))
def test_routine_parser_on_mutated_real_routines(folder: Path, content: str):
    check_routine(write(folder, content))


def test_the_real_routines_pass_the_same_checks(folder: Path):
    for text in VALID_ROUTINES:
        assert check_routine(write(folder, text)) is not None


@pytest.mark.parametrize(
    "snippet",
    [
        "&a [*a]",
        "&a {x: *a}",
        "exercises: &e [*e]",
        "title: !!int abc",
        "title: 2024-99-99",
        "title: !!timestamp nope",
        "title: !!map nope",
        "reps_min: " + "9" * 5000,
        "reps_min: " + "9" * 400,
        "seconds: 1e400",
    ],
)
def test_routine_regressions_found_by_fuzzing(folder: Path, snippet: str):
    """Each once escaped as ValueError, KeyError, AttributeError, ConstructorError or hung."""
    base = VALID_ROUTINES[-1]
    for content in (snippet, base.replace("title: Quick test", snippet, 1), base + "\n" + snippet):
        check_routine(write(folder, content))
    if snippet.startswith("reps_min"):
        check_routine(write(folder, base.replace("reps_min: 2", snippet, 1)))


# -- config ---------------------------------------------------------------------------------------


@FUZZ
@given(content=st.binary(max_size=2000))
def test_config_parser_on_arbitrary_bytes(folder: Path, content: bytes):
    check_config(write(folder, content))


@FUZZ
@given(content=yamlish)
def test_config_parser_on_yaml_shaped_soup(folder: Path, content: str):
    check_config(write(folder, content))


@FUZZ
@given(content=mutated(VALID_CONFIGS))
def test_config_parser_on_mutated_real_configs(folder: Path, content: str):
    check_config(write(folder, content))


@pytest.mark.parametrize(
    "snippet",
    ["sound: !!bool maybe", "sound: !!seq x", "day_starts_at: " + "9" * 400, "&a [*a]"],
)
def test_config_regressions_found_by_fuzzing(folder: Path, snippet: str):
    check_config(write(folder, snippet))


# -- dates the command line reads -----------------------------------------------------------------

TODAY = date(2026, 11, 25)
date_like = st.from_regex(r"\A\s*[0-9٠-٩０-９]{1,5}-[0-9]{1,3}-[0-9W]{1,3}\s*\Z") | st.sampled_from(
    [
        "today",
        "TODAY ",
        " yesterday",
        "2026-02-29",
        "2024-02-29",
        "0000-01-01",
        "9999-12-31",
        "2026-W48-3",
        "20261125",
        "2026-11-25T10:00",
        "2026-13-01",
        "",
    ]
)


@FUZZ
@given(text=st.text(max_size=40) | date_like)
def test_day_parser_only_raises_usage_error(text: str):
    try:
        day = parse_day(text, TODAY)
    except UsageError as exc:
        assert str(exc)
        return
    assert isinstance(day, date)
    assert day in (TODAY, TODAY - timedelta(days=1)) or len(text.strip()) == 10


@FUZZ
@given(
    text=st.none()
    | st.text(max_size=30)
    | st.from_regex(r"\A[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?\Z")
    | st.from_regex(r"\A\s*[0-9٠-٩]{1,2}:[0-9]{2}\s*\Z"),
    now=st.sampled_from(
        [
            datetime(2026, 11, 25, 3, 10, tzinfo=BERLIN),
            datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN),
            datetime(2026, 11, 25, 3, 10, tzinfo=timezone(timedelta(hours=-11))),
            datetime(2026, 11, 25, 3, 10).astimezone(),  # what the app passes: the system's zone
        ]
    ),
)
def test_cramp_time_parser_only_raises_its_own_error(text: str | None, now: datetime):
    """`coach cramp log --at`."""
    try:
        at = parse_at(text, now)
    except CrampInputError as exc:
        assert str(exc)
        return
    assert at.utcoffset() is not None and at <= now


def test_cramp_time_in_year_one_is_refused_not_a_crash():
    now = datetime(2026, 11, 25, 3, 10).astimezone()  # what the app passes
    with pytest.raises(CrampInputError):
        parse_at("0001-01-01 00:00", now)


@settings(FUZZ, max_examples=150)
@given(
    text=st.text(max_size=30)
    | st.from_regex(r"\A[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?\Z")
    | st.from_regex(r"\A\s*[0-9]{1,2}:[0-9]{2}\s*\Z")
)
def test_cramp_log_at_through_the_real_command_line(text: str):
    """`coach cramp log --at TEXT` end to end: saved (0) or one usage line (2), nothing else."""
    assume(not text.startswith("-"))  # argparse would read it as an option
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["cramp", "log", "--muscle", "calf", "--at", text])
    assert code in (0, 2), (code, err.getvalue())
    if code == 2:
        assert err.getvalue().startswith("coach: ") and "Traceback" not in err.getvalue()
