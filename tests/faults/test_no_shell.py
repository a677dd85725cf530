"""Hostile files run nothing: no Python object tags, no shell, anywhere.

- A routine or config.yaml carrying a Python object tag (`!!python/object/apply:os.system`,
  `!!python/name:...`, verbatim and local spellings, on a key or deep inside) is refused with the
  tag's FILE:LINE:COLUMN, through the loaders and through the real `coach` command, and the
  command it names never runs.
- `notifications.command` is an argument list run without a shell: a list item such as
  `notify-send hi; touch PWNED` reaches the program as ONE argv element, `$(...)`, backticks,
  globs and `~` stay literal, and no PWNED file appears; a command given as one string is
  refused.
- The source of `coach/` has no `shell=True`, no shell-running call, no unsafe YAML loading and
  no eval/exec: checked on the syntax tree, so no comment or string can hide or fake a hit.
"""

from __future__ import annotations

import ast
import asyncio
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import coach
from coach.config import ConfigError, load_config
from coach.reminders import notify
from coach.reminders.notify import DefaultNotifier, Note, run_command
from coach.routines import RoutineError, load_routine_file
from coach.yamlsource import _FAST_SAFE_LOADER
from tests.conftest import ROOT
from tests.faults.conftest import run_coach

QUICK = (ROOT / "tests" / "data" / "three-quick.yaml").read_text("utf-8")
PAYLOADS = [
    '!!python/object/apply:os.system ["touch PWNED"]',
    "!!python/name:os.system",
    '!!python/object/new:subprocess.Popen [["touch", "PWNED"]]',
    "!!python/object:os.system {}",
    '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch PWNED"]',
    '!python/object/apply:os.system ["touch PWNED"]',
    '!!python/module:os ""',
]


def hostile_routines() -> list[tuple[str, str, int, int]]:
    """(label, text, line, column) of the tag: as a value, in a phase, on a key, as the root."""
    out = []
    for n, payload in enumerate(PAYLOADS):
        out.append((f"title-{n}", QUICK.replace("Quick test", payload, 1), 2, 8))
        out.append((f"phase-{n}", QUICK.replace("{cue: Lift,", f"{{cue: {payload},", 1), 14, 15))
    out.append(("key", QUICK.replace("title:", "? !!python/name:os.system title\n:", 1), 2, 3))
    out.append(("root", f"--- {PAYLOADS[0]}\n", 1, 5))
    return out


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # a `touch PWNED` that ran would land here
    return tmp_path


def no_pwned(folder: Path) -> None:
    assert not [p for p in folder.rglob("PWNED*")], "a command from a file ran"


@pytest.mark.parametrize(("label", "text", "line", "col"), hostile_routines())
def test_python_tags_in_a_routine_are_refused_where_they_stand(in_tmp, label, text, line, col):
    path = in_tmp / f"{label}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_routine_file(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (line, col), str(problem)
    assert "is not allowed" in problem.message and "python" in problem.message
    assert str(problem).startswith(f"{path}:{line}:{col}: ")
    no_pwned(in_tmp)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_python_tags_in_config_are_refused(in_tmp: Path, payload: str):
    path = in_tmp / "config.yaml"
    for text in (f"sound: {payload}\n", f"notifications:\n  command:\n    - {payload}\n"):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            load_config(path)
        assert "is not allowed" in str(caught.value)
        assert str(caught.value).startswith(f"{path}:")
    no_pwned(in_tmp)


@pytest.mark.slow
def test_the_real_command_refuses_hostile_files_and_runs_nothing(tmp_path: Path):
    home = tmp_path / "home"
    routine = tmp_path / "evil.yaml"
    routine.write_text(QUICK.replace("Quick test", PAYLOADS[0], 1), encoding="utf-8")
    checked = run_coach(home, "routines", "validate", str(routine))
    assert checked.returncode == 2 and "is not allowed" in checked.stdout, checked
    started = run_coach(home, "start", str(routine), "--plain")
    assert started.returncode == 2 and "is not allowed" in started.stderr, started
    assert "Traceback" not in started.stderr

    (home / "config" / "routines").mkdir(parents=True, exist_ok=True)
    (home / "config" / "routines" / "evil.yaml").write_text(routine.read_text())
    listed = run_coach(home, "routines", "list")  # one bad file never hides the others
    assert listed.returncode == 0 and "daily-prevention" in listed.stdout
    assert "Not loaded" in listed.stderr and "is not allowed" in listed.stderr

    (home / "config" / "config.yaml").write_text(f"sound: {PAYLOADS[0]}\n")
    history = run_coach(home, "history")
    assert history.returncode == 2 and "is not allowed" in history.stderr, history
    no_pwned(tmp_path)


# -- the notify command: an argument list, never a shell line ---------------------------------

TRICKS = [
    "notify-send hi; touch PWNED",
    "$(touch PWNED2)",
    "`touch PWNED3`",
    "a && touch PWNED4 || touch PWNED5",
    "> PWNED6",
    "*",
    "~",
    "$HOME",
    "'quoted' \"twice\"",
    "line\nbreak",
]


@pytest.fixture
def argv_recorder(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A harmless program that writes the argv it received, as JSON, and does nothing else."""
    program = in_tmp / "record-argv"
    out = in_tmp / "argv.json"
    program.write_text(
        f"#!{sys.executable}\nimport json, os, sys\n"
        "open(os.environ['ARGV_OUT'], 'w').write(json.dumps(sys.argv[1:]))\n"
    )
    program.chmod(0o755)
    monkeypatch.setenv("ARGV_OUT", str(out))
    return program, out


NOTE = Note("reminder", "k", "daily-prevention", "Time; touch PWNED7", "$(touch PWNED8) `x`")


def test_each_command_word_is_one_argv_element_and_no_shell_runs(in_tmp: Path, argv_recorder):
    program, out = argv_recorder
    result = asyncio.run(run_command([str(program), *TRICKS], NOTE))
    assert result == f"command {program}"  # ran, exit 0
    assert json.loads(out.read_text()) == [*TRICKS, "--", NOTE.title, NOTE.body]
    no_pwned(in_tmp)


def test_a_real_program_gets_the_words_literally(in_tmp: Path):
    echo = "/bin/echo" if os.path.exists("/bin/echo") else "/usr/bin/echo"
    assert (
        asyncio.run(run_command([echo, "notify-send hi; touch PWNED"], NOTE)) == f"command {echo}"
    )
    shown = subprocess.run([echo, "notify-send hi; touch PWNED"], capture_output=True, text=True)
    assert shown.stdout == "notify-send hi; touch PWNED\n"  # what echo printed: one argument
    no_pwned(in_tmp)


def test_config_command_runs_through_the_notifier_as_written(
    in_tmp: Path, argv_recorder, monkeypatch: pytest.MonkeyPatch
):
    program, out = argv_recorder
    config_file = in_tmp / "config.yaml"
    config_file.write_text(
        "notifications:\n  command:\n"
        + "".join(f"    - {json.dumps(w)}\n" for w in [str(program), *TRICKS])
    )
    config = load_config(config_file)
    assert config.notify_command == (str(program), *TRICKS)

    async def no_service():
        return None

    notifier = DefaultNotifier(command=config.notify_command, out=io.StringIO())
    monkeypatch.setattr(notifier.desktop, "probe", no_service)  # no D-Bus: the bell path
    monkeypatch.setattr(notify.DesktopChannel, "installed", staticmethod(lambda: True))
    used = asyncio.run(notifier.notify(NOTE))
    assert used[-1] == f"command {program}"
    assert json.loads(out.read_text()) == [*TRICKS, "--", NOTE.title, NOTE.body]
    no_pwned(in_tmp)


def test_sh_dash_c_in_config_is_kept_as_three_words_not_joined(in_tmp: Path):
    path = in_tmp / "config.yaml"
    path.write_text('notifications:\n  command: ["sh", "-c", "touch /tmp/x; rm -rf ~"]\n')
    # The user's own explicit choice of a shell stays exactly the list they wrote; coach never
    # joins it into one line or adds a shell of its own (it is not run here).
    assert load_config(path).notify_command == ("sh", "-c", "touch /tmp/x; rm -rf ~")


def test_a_command_given_as_one_string_is_refused(in_tmp: Path):
    path = in_tmp / "config.yaml"
    path.write_text('notifications:\n  command: "notify-send hi; touch PWNED"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 12)
    assert "argument list, not a shell line" in problem.message
    no_pwned(in_tmp)


# -- the source: no shell, no unsafe YAML, no eval ------------------------------------------------

SHELL_CALLS = {
    ("os", "system"),
    ("os", "popen"),
    ("subprocess", "getoutput"),
    ("subprocess", "getstatusoutput"),
    ("asyncio", "create_subprocess_shell"),
}
UNSAFE_YAML = {"unsafe_load", "unsafe_load_all", "full_load", "full_load_all", "load_all"}
UNSAFE_LOADERS = {"Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"}
SAFE_LOADER_NAMES = {"SafeLoader", "CSafeLoader", "_FAST_SAFE_LOADER", "BaseLoader", "CBaseLoader"}


def dotted(node: ast.AST) -> tuple[str, ...]:
    if isinstance(node, ast.Name):
        return (node.id,)
    if isinstance(node, ast.Attribute):
        return (*dotted(node.value), node.attr)
    return ()


def violations(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        where = f"{filename}:{getattr(node, 'lineno', 0)}"
        if (
            isinstance(node, ast.Attribute)
            and dotted(node)[:1] == ("yaml",)
            and node.attr in UNSAFE_YAML | UNSAFE_LOADERS
        ):
            found.append(f"{where}: yaml.{node.attr}")
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        for kw in node.keywords:
            if kw.arg == "shell" and not (
                isinstance(kw.value, ast.Constant) and kw.value.value is False
            ):
                found.append(f"{where}: shell={ast.unparse(kw.value)}")
        if name[-2:] in SHELL_CALLS or name in {("system",), ("popen",)}:
            found.append(f"{where}: {'.'.join(name)}()")
        if name in {("eval",), ("exec",)}:
            found.append(f"{where}: {name[0]}()")
        if name[-2:] in {("yaml", "load"), ("yaml", "compose"), ("yaml", "compose_all")}:
            loaders = [kw.value for kw in node.keywords if kw.arg == "Loader"] + node.args[1:2]
            if not loaders or dotted(loaders[0])[-1:] not in {(n,) for n in SAFE_LOADER_NAMES}:
                found.append(f"{where}: {'.'.join(name)}() without a safe Loader")
    return found


def test_the_scanner_catches_what_it_should():
    bad = """
import os, subprocess, yaml, asyncio
subprocess.run("ls", shell=True)
subprocess.Popen(["ls"], shell=flag)
os.system("ls")
os.popen("ls")
yaml.load(text)
yaml.load(text, Loader=yaml.Loader)
yaml.unsafe_load(text)
yaml.load(text, yaml.FullLoader)
asyncio.create_subprocess_shell("ls")
eval("1")
"""
    assert len(violations(bad, "bad.py")) == 12
    good = 'import subprocess, yaml\nsubprocess.run(["ls"], shell=False)\n'
    good += "yaml.load(t, Loader=yaml.SafeLoader)\nyaml.compose(t, Loader=_FAST_SAFE_LOADER)\n"
    assert violations(good, "good.py") == []


def test_no_shell_no_unsafe_yaml_no_eval_in_the_source():
    package = Path(coach.__file__).resolve().parent
    files = sorted(package.rglob("*.py"))
    assert len(files) > 20
    found = []
    for path in files:
        text = path.read_text("utf-8")
        found += violations(text, str(path.relative_to(package.parent)))
        for needle in ("shell=True", "unsafe_load", "yaml.Loader", "UnsafeLoader"):
            if needle in text:
                found.append(f"{path.name}: the text {needle!r}")
    assert found == []
    # The one loader the source does use is a safe one (libyaml's when present).
    assert issubclass(_FAST_SAFE_LOADER, (yaml.SafeLoader, getattr(yaml, "CSafeLoader", ())))
    assert _FAST_SAFE_LOADER in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", None))


# -- the notify command: text never taken for an option (issue 11 point 5) --------------------

DASHED = Note("reminder", "k", "daily-prevention", "--help", "-rf --output=/etc/passwd")


def test_without_placeholders_the_text_follows_a_double_dash(in_tmp: Path, argv_recorder):
    program, out = argv_recorder
    asyncio.run(run_command([str(program), "--urgency=low"], DASHED))
    assert json.loads(out.read_text()) == ["--urgency=low", "--", "--help", DASHED.body]


def test_placeholders_put_the_text_where_the_user_wrote_them(in_tmp: Path, argv_recorder):
    program, out = argv_recorder
    words = [str(program), "-u", "low", "--", "{title}", "Body: {body}", "{routine}"]
    asyncio.run(run_command(words, DASHED))
    assert json.loads(out.read_text()) == [
        "-u",
        "low",
        "--",
        "--help",
        f"Body: {DASHED.body}",
        "daily-prevention",
    ]
    # Text that itself looks like a placeholder is never replaced again.
    tricky = Note("reminder", "k", "r", "{body}", "x")
    asyncio.run(run_command([str(program), "{title}"], tricky))
    assert json.loads(out.read_text()) == ["{body}"]


def test_the_text_is_also_in_the_environment(in_tmp: Path):
    out = in_tmp / "env.json"
    program = in_tmp / "record-env"
    program.write_text(
        f"#!{sys.executable}\nimport json, os\n"
        f"open({str(out)!r}, 'w').write(json.dumps({{k: v for k, v in os.environ.items()"
        " if k.startswith('COACH_')}))\n"
    )
    program.chmod(0o755)
    asyncio.run(run_command([str(program)], DASHED))
    got = json.loads(out.read_text())
    assert got["COACH_TITLE"] == "--help" and got["COACH_BODY"] == DASHED.body
    assert got["COACH_ROUTINE"] == "daily-prevention" and got["COACH_KIND"] == "reminder"


def test_notify_send_gets_the_title_after_its_double_dash(
    in_tmp: Path, argv_recorder, monkeypatch: pytest.MonkeyPatch
):
    program, out = argv_recorder
    (in_tmp / "notify-send").symlink_to(program)
    monkeypatch.setenv("PATH", f"{in_tmp}:{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(notify.DesktopChannel, "installed", staticmethod(lambda: False))

    async def no_service():
        return None

    notifier = DefaultNotifier(out=io.StringIO())
    monkeypatch.setattr(notifier.desktop, "probe", no_service)
    asyncio.run(notifier.notify(DASHED))
    assert json.loads(out.read_text()) == ["--app-name=coach", "--", "--help", DASHED.body]
