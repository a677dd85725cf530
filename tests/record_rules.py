"""Reference versions of the record's rules that only tests use.

The app reduces the record in SQL (history.digest_facts) and classifies once
(adherence.summary_of); these walk plain sessions and facts the slow, obvious way, so the tests
can check that the fast paths say exactly the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from coach.adherence import DayFacts, StreakSummary, classify, routine_done, summary_of
from coach.model import Routine
from coach.store import SessionRecord


def day_facts(
    sessions: Iterable[SessionRecord],
    routine_id: str,
    routine: Routine | None,
    rest_days: Iterable[date] = (),
) -> list[DayFacts]:
    """One fact per day for the daily routine: done, partial (something but not enough), rest."""
    by_day: dict[date, list[SessionRecord]] = {}
    for s in sessions:
        if s.routine_id == routine_id:
            by_day.setdefault(s.day, []).append(s)
    rests = set(rest_days)
    facts = []
    for d in set(by_day) | rests:
        group = by_day.get(d, [])
        facts.append(
            DayFacts(
                day=d,
                done=bool(group) and routine_done(group, routine),
                partial=any(s.reps_total or s.entered_by_hand for s in group),
                rest=d in rests,
                by_hand=any(s.entered_by_hand for s in group),
            )
        )
    return facts


def summarize(
    facts: Iterable[DayFacts],
    first: date | None,
    today: date,
    rest_limit: int | None = 1,
) -> StreakSummary:
    """The summary from facts in one call; `first` None takes the earliest fact, or today."""
    facts = list(facts)
    if first is None:
        first = min((f.day for f in facts), default=today)
    return summary_of(classify(facts, first, today, rest_limit=rest_limit), today)
