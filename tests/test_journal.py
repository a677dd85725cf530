"""The journal: one object over the record, answering as home, History and the end screen do."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.adherence import DayStatus
from coach.config import Config, Profile
from coach.context import open_context
from coach.journal import Journal
from coach.paths import AppPaths
from coach.routines import Catalog
from coach.store import Store
from tests.clocks import BERLIN
from tests.test_daily import CALF, CATALOG, DAILY, NOW, TODAY, exercise, routine, save


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "coach.sqlite3") as s:
        yield s


def journal(store: Store, config: Config | None = None, catalog: Catalog = CATALOG) -> Journal:
    return Journal(store, catalog, config or Config(), lambda: NOW)


def test_a_day_counts_when_the_daily_exercises_reach_their_minimum_across_sessions(
    store: Store,
) -> None:
    first = save(store, DAILY, TODAY, [3, 1], status="partial")
    count = journal(store).day_count(store.session(first))
    assert (count.daily_title, count.is_daily, count.done) == ("Daily-Prevention", True, False)
    assert count.short == (("Bend", 1, 3),)  # (exercise, best reps today, minimum)

    second = save(store, DAILY, TODAY, [None, 3])
    count = journal(store).day_count(store.session(second))
    assert (count.done, count.short) == (True, ())


def test_another_routine_counts_by_the_daily_one(store: Store) -> None:
    sid = save(store, CALF, TODAY, [2, 2])
    count = journal(store).day_count(store.session(sid))
    assert (count.is_daily, count.done) == (False, False)
    save(store, DAILY, TODAY, [3, 3])
    assert journal(store).day_count(store.session(sid)).done


def test_without_the_daily_routine_the_day_is_not_judged(store: Store) -> None:
    sid = save(store, CALF, TODAY, [2, 2])
    count = journal(store, catalog=Catalog(routines={CALF.id: CALF})).day_count(store.session(sid))
    assert (count.daily_title, count.done, count.short) == (None, False, ())


def test_done_on_asks_the_daily_routine_unless_told_another(store: Store) -> None:
    save(store, CALF, TODAY, [2, 2])
    save(store, DAILY, TODAY - timedelta(days=1), [3, 3])
    j = journal(store)
    assert not j.done_on(TODAY)
    assert j.done_on(TODAY, CALF.id)
    assert j.done_on(TODAY - timedelta(days=1))
    assert not j.done_on(TODAY - timedelta(days=1), CALF.id)


def test_the_summary_is_the_one_home_shows(store: Store) -> None:
    for n in range(1, 4):
        save(store, DAILY, TODAY - timedelta(days=n), [3, 3])
    j = journal(store)
    assert j.summary() == j.home(with_guidance=False).summary
    assert j.summary().current_streak == 3
    assert j.home().history.days[-1].status is DayStatus.OPEN


def test_at_stops_the_clock_and_the_day_starts_at_the_configured_hour(store: Store) -> None:
    late = datetime(2026, 3, 21, 3, 30, tzinfo=BERLIN)  # before 04:00: still the 20th
    j = journal(store, Config(profile=Profile("sitting"))).at(late)
    assert j.today() == TODAY
    assert j.wall_now() is late
    assert j.log_by_hand(TODAY) == "Logged Daily-Prevention for Fri 20 Mar 2026 (entered by hand)."
    assert j.done_on(TODAY)


def test_of_a_context_uses_its_parts_or_another_connection(tmp_path: Path) -> None:
    paths = AppPaths(config=tmp_path / "c", data=tmp_path / "d", state=tmp_path / "s")
    context = open_context(paths, wall_now=lambda: NOW)
    try:
        j = Journal.of(context)
        assert (j.store, j.catalog, j.config, j.today()) == (
            context.store,
            context.catalog,
            context.config,
            context.today(),
        )
        with Store.open(paths.database) as other:
            assert Journal.of(context, other).store is other
    finally:
        context.close()


def test_an_interrupted_first_aid_stretch_is_not_offered_to_resume(store: Store) -> None:
    """First aid is not training (#12 point 9): a cramp's stretch cut short by a closed terminal
    is not "an unfinished session" on home; an earlier unfinished training session still is."""
    first_aid = routine("first-aid", exercise("Calf stretch", 3))
    catalog = Catalog(routines={r.id: r for r in (DAILY, first_aid)})
    daily = save(store, DAILY, TODAY, [3], status="in_progress")
    assert journal(store, catalog=catalog).home().unfinished.id == daily
    save(store, first_aid, TODAY, [1], status="in_progress")  # newer, killed mid-stretch
    offered = journal(store, catalog=catalog).home().unfinished
    assert offered is not None and offered.id == daily
