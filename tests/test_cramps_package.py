"""coach.cramps is a package of small modules; its names stay importable from the package."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import coach.cramps
from tests.test_import_hygiene import loaded_after_import


def test_every_package_name_is_its_home_modules_object_even_after_all_submodules_load() -> None:
    # A submodule named like a function (say `first_aid`) would shadow it once imported.
    for info in pkgutil.iter_modules(coach.cramps.__path__):
        importlib.import_module(f"coach.cramps.{info.name}")
    for name in coach.cramps.__all__:
        value = getattr(coach.cramps, name)
        home = [
            m
            for m in pkgutil.iter_modules(coach.cramps.__path__)
            if getattr(importlib.import_module(f"coach.cramps.{m.name}"), name, None) is value
        ]
        assert home, f"coach.cramps.{name} is not the object its module defines"
        assert not isinstance(value, type(coach.cramps)), name


def test_the_muscle_names_load_without_the_store() -> None:
    loaded = loaded_after_import(["coach.cramps.vocabulary", "coach.home"])
    assert "coach.cramps.vocabulary" in loaded
    assert "coach.cramps.records" not in loaded and "coach.cramps.parse" not in loaded


def test_the_screens_muscle_choices_are_the_vocabularys_labels() -> None:
    from coach.cramps.vocabulary import MUSCLES
    from coach.ui.screens.cramp import MUSCLE_CHOICES

    assert list(MUSCLE_CHOICES) == list(MUSCLES)
    assert MUSCLE_CHOICES["foot"] == "Foot or toes"


def test_the_package_lists_agree_names_for_the_type_checker_all_and_the_lazy_lookup() -> None:
    """The package names each export three times (TYPE_CHECKING imports for mypy, __all__,
    the lazy table): a name added to one list and not the others must fail here."""
    source = Path(coach.cramps.__file__).read_text()
    typed = {
        alias.name: node.module.rsplit(".", 1)[1]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("coach.")
        for alias in node.names
    }
    assert typed == coach.cramps._HOME
    assert sorted(coach.cramps.__all__) == sorted(typed)


def test_the_databases_checks_hold_the_vocabularys_words(tmp_path: Path) -> None:
    """The schema keeps its own copy (a migration is history and stays as written): if the
    vocabulary grows, a new migration must widen the table's checks, or saving would fail."""
    import re
    import sqlite3

    from coach.cramps.vocabulary import MAX_MINUTES, MAX_NOTE, MUSCLES, SIDES, WHEN_KINDS
    from coach.store import Store

    with Store.open(tmp_path / "coach.db"):
        pass
    con = sqlite3.connect(tmp_path / "coach.db")
    (sql,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'cramps'").fetchone()
    con.close()

    def words(column: str) -> tuple[str, ...]:
        match = re.search(rf"CHECK\({column} IN \(([^)]*)\)\)", sql)
        assert match, column
        return tuple(w.strip().strip("'") for w in match[1].split(","))

    assert words("muscle") == MUSCLES
    assert words("side") == SIDES
    assert words("when_kind") == WHEN_KINDS
    assert f"minutes <= {MAX_MINUTES}" in sql and f"length(note) <= {MAX_NOTE}" in sql
