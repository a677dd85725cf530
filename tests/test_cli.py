"""The command line as a user meets it: exit codes, output, no tracebacks. Most commands run
in-process (`coach.cli.main`, tests/cli.py); the tests of what only a real process shows (the
`python -m coach` entry, an exit code through a process, a closed pipe) start one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import Ran, run_coach
from tests.conftest import ROOT


def coach(*args: str, home: Path) -> Ran:
    return run_coach(*args, home=home)


def real_coach(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"COACH_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "coach", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_a_real_process_prints_its_version_and_exits_2_on_bad_usage(coach_home: Path) -> None:
    from coach import __version__

    version = real_coach("--version", home=coach_home)
    assert (version.returncode, version.stdout.strip()) == (0, f"coach {__version__}")
    bad = real_coach("routines", "show", "nope", home=coach_home)
    assert bad.returncode == 2
    assert bad.stderr.strip() and "Traceback" not in bad.stderr


def test_version_and_help_list_every_command(coach_home: Path) -> None:
    from coach import __version__

    assert coach("--version", home=coach_home).stdout.strip() == f"coach {__version__}"
    help_text = coach("--help", home=coach_home).stdout
    for command in ("start", "routines", "paths"):
        assert command in help_text


def test_routines_list_shows_the_four_builtins(coach_home: Path) -> None:
    out = coach("routines", "list", home=coach_home)
    assert out.returncode == 0, out.stderr
    ids = [line.split()[0] for line in out.stdout.splitlines()[1:]]
    assert set(ids) == {"daily-prevention", "calf-relief", "first-aid", "evening-relaxation"}
    assert "built-in" in out.stdout


def test_show_json_matches_the_article(coach_home: Path) -> None:
    out = coach("routines", "show", "daily-prevention", "--json", home=coach_home)
    data = json.loads(out.stdout)
    assert {"id", "title", "audience", "estimated_seconds", "exercises"} <= set(data)
    assert len(data["exercises"]) == 4
    assert {(e["reps_min"], e["reps_max"]) for e in data["exercises"]} == {(5, 7)}
    for e in data["exercises"]:
        assert {
            "name",
            "position",
            "reps_min",
            "reps_max",
            "phases",
            "rest_seconds",
            "source",
        } <= set(e)
        assert all(set(p) == {"cue", "seconds", "side"} for p in e["phases"])
    calf = json.loads(coach("routines", "show", "calf-relief", "--json", home=coach_home).stdout)
    assert len(calf["exercises"]) == 2
    assert {(e["reps_min"], e["reps_max"]) for e in calf["exercises"]} == {(7, 10)}
    holds = [p["seconds"] for p in calf["exercises"][0]["phases"] if "hold" in p["cue"].lower()]
    assert any(5 <= s <= 7 for s in holds) and any(10 <= s <= 12 for s in holds)
    # Exercise 1 works both legs at once; exercise 2 one leg, then the other.
    assert {p["side"] for p in calf["exercises"][0]["phases"]} == {None}
    sides = [p["side"] for p in calf["exercises"][1]["phases"]]
    assert sides == ["left"] * 3 + ["right"] * 3


def test_show_keeps_each_cue_whole_and_names_the_side(coach_home: Path) -> None:
    """Cues with commas in them used to run together: `Spread, pull back, hold 6s, Feet down`."""
    out = coach("routines", "show", "calf-relief", home=coach_home).stdout
    assert (
        "One rep: Legs up, point toes (4 s) → Spread, pull back, hold (6 s) → Feet down (3 s) → "
        "Toes up, hold (11 s) → Heels up, hold (11 s)"
    ) in out
    assert "Up on your toes (left leg, 3 s) → Lower slowly (left leg, 4 s)" in out
    assert "Lower slowly (right leg, 4 s)" in out


def test_show_of_first_aid_says_what_the_article_says(coach_home: Path) -> None:
    out = " ".join(coach("routines", "show", "first-aid", home=coach_home).stdout.split())
    assert "The article says so" not in out
    assert "only rarely as long as 10 minutes" in out
    assert "back of the front thigh" not in out and "When the voice says" not in out
    assert "towel or a strap" in out  # for those who cannot reach their toes
    assert "pinching the cramped muscle firmly with your fingers" in out
    assert "Stop if the pain is sharp" not in out  # a cramp is sharp: say which pain means stop
    assert "if the pain is somewhere else" in out
    assert "call emergency services or go to hospital now" in out


def test_user_routine_replacing_a_builtin_is_listed_as_such(coach_home: Path) -> None:
    folder = coach_home / "config" / "routines"
    folder.mkdir(parents=True)
    text = (ROOT / "routines" / "first-aid.yaml").read_text().replace("title:", "title: My", 1)
    (folder / "fa.yaml").write_text(text)
    out = coach("routines", "list", home=coach_home).stdout
    line = next(x for x in out.splitlines() if x.startswith("first-aid"))
    assert "replaces built-in" in line


def test_validate_exit_codes(coach_home: Path, tmp_path: Path) -> None:
    shipped = sorted(str(p) for p in (ROOT / "routines").glob("*.yaml"))
    ok = coach("routines", "validate", *shipped, home=coach_home)
    assert ok.returncode == 0, ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\npurpose: p\naudience: a\nexercises: []\n")
    out = coach("routines", "validate", shipped[0], str(bad), home=coach_home)
    assert out.returncode == 2
    assert f"{bad}:5:12: exercises: the list is empty" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


@pytest.mark.parametrize("args", [["routines", "show", "nope"], ["frobnicate"], ["routines"]])
def test_bad_usage_exits_2_without_traceback(coach_home: Path, args: list[str]) -> None:
    out = coach(*args, home=coach_home)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert out.stderr.strip()


def test_paths_json_puts_everything_under_coach_home(coach_home: Path) -> None:
    data = json.loads(coach("paths", "--json", home=coach_home).stdout)
    assert set(data) == {"config", "routines", "data", "state"}
    assert all(Path(v).is_relative_to(coach_home) for v in data.values())
    assert data["routines"] == str(Path(data["config"]) / "routines")


def test_output_into_a_closed_pipe_ends_quietly(coach_home: Path) -> None:
    env = {"COACH_HOME": str(coach_home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "routines", "show", "calf-relief"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    proc.stdout.close()  # the reader is gone before coach writes, like `| head -0`
    _, err = proc.communicate(timeout=60)
    assert err == b""


def test_the_app_and_the_reminder_service_parse_without_a_parser_as_the_parser_would() -> None:
    """`coach` and `coach remind` skip argparse (start-up time, the service's memory): their
    arguments must be exactly what the full parser gives, or a new option would be lost."""
    from coach.cli import build_parser, parse

    for words in ([], ["remind"]):
        assert vars(parse(words)) == vars(build_parser().parse_args(words))
        lean = build_parser(words[0] if words else None)
        assert vars(parse(words)) == vars(lean.parse_args(words))


def test_the_parser_kept_for_the_process_gives_each_command_line_only_its_own_arguments() -> None:
    """The parser is built once per process: what one command line set (an option, a list of
    paths) must not reach the next one, which gets what a new parser would give it."""
    from coach.cli import _full_parser, build_parser

    lines = [
        ["log", "2026-11-01", "--undo"],
        ["log", "2026-11-02"],
        ["cramp", "log", "--muscle", "calf", "--note", "after the walk", "--severity", "6"],
        ["cramp", "log", "--muscle", "foot"],
        ["routines", "validate", "a.yaml", "b.yaml"],
        ["routines", "validate", "c.yaml"],
        ["rest", "today", "--undo"],
        ["rest", "today"],
    ]
    kept = build_parser()
    assert build_parser("log") is kept  # the same parser for every command but `remind`
    said = [vars(kept.parse_args(words)) for words in lines]
    assert said == [vars(_full_parser().parse_args(words)) for words in lines]
    assert said[1]["undo"] is False and said[3]["note"] is None and said[5]["paths"] == ["c.yaml"]


def test_the_app_and_the_reminder_service_do_not_load_argparse() -> None:
    """A command module importing argparse at its top would bring it back (it did once)."""
    import subprocess
    import sys

    code = (
        "import sys, coach.cli; coach.cli.parse([]); coach.cli.parse(['remind']); "
        "print(sorted(m for m in ('argparse', 'coach.commands.history', 'coach.commands.cramp', "
        "'coach.commands.report', 'coach.commands.status', 'coach.commands.start', "
        "'coach.commands.routines', 'coach.commands.paths') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_command_module_is_wired_and_every_command_says_what_runs_it() -> None:
    """One dispatch style: each module in coach/commands registers its commands, each of which
    sets `func`; cli.py only assembles them (a module left out, or a command without its
    function, would fail here rather than at a user's prompt)."""
    import argparse
    import pkgutil

    import coach.commands
    from coach.cli import COMMANDS, build_parser

    modules = {m.name for m in pkgutil.iter_modules(coach.commands.__path__)}
    assert modules - {"common", "app"} == set(COMMANDS)

    def runnable(parser: argparse.ArgumentParser, path: str) -> list[tuple[str, object]]:
        """Every command line that can run: `coach routines` alone cannot (an action is
        required), `coach cramp` alone can."""
        found = []
        subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not any(a.required for a in subcommands):
            found.append((path, parser.get_default("func")))
        for action in subcommands:
            for name, sub in action.choices.items():
                found += runnable(sub, f"{path} {name}")
        return found

    commands = runnable(build_parser(), "coach")
    some = {"coach", "coach start", "coach routines show", "coach cramp", "coach cramp log"}
    assert some <= {path for path, _ in commands}
    assert [path for path, func in commands if not callable(func)] == []
