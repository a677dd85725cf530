"""Adherence commands: history, log, rest, export, import.

Imported whenever the parser is built, so only argparse is imported at the top; each command
imports the store and the domain when it runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from coach.commands.common import UsageError, run_with_context
from coach.text import printable
from coach.wording import plural

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from coach.context import AppContext
    from coach.history import HistoryView

LABEL = 13  # width of the column before the weekdays
WEEKS = 4


def register(commands: argparse._SubParsersAction) -> None:
    """Add this area's subcommands; each sets `func` to the function that runs it."""
    history = commands.add_parser("history", help="streaks, rates and the last 4 weeks")
    history.add_argument(
        "--json", action="store_true", help="every day since your first record, as JSON"
    )
    history.set_defaults(func=cmd_history)

    log = commands.add_parser("log", help="record a routine you did on a past day, by hand")
    log.add_argument("date", metavar="DATE", help="YYYY-MM-DD, `today` or `yesterday`")
    log.add_argument("routine", nargs="?", help="a routine id (default: your daily routine)")
    log.add_argument(
        "--undo",
        action="store_true",
        help="remove what was entered by hand for DATE (of ROUTINE only, if given); "
        "sessions coach recorded are never removed",
    )
    log.set_defaults(func=cmd_log)

    rest = commands.add_parser("rest", help="mark a planned rest day (default: today)")
    rest.add_argument(
        "date", metavar="DATE", nargs="?", default="today", help="YYYY-MM-DD (default: today)"
    )
    rest.add_argument("--undo", action="store_true", help="unmark the rest day")
    rest.set_defaults(func=cmd_rest)


def parse_day(text: str, today: date, *, any_day: bool = False) -> date:
    """DATE as typed: YYYY-MM-DD, `today` or `yesterday`; UsageError with the reason if not."""
    from datetime import date, timedelta

    word = text.strip().lower()
    day: date | None
    if word == "today":
        day = today
    elif word == "yesterday":
        day = today - timedelta(days=1)
    else:
        try:
            day = date.fromisoformat(word) if len(word) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise UsageError(
                f"`{printable(text)}` is not a date; write YYYY-MM-DD, `today` or `yesterday`"
            )
    # Days near date.min/date.max would overflow the week and streak arithmetic, so a DATE
    # is held to coach.record_dates' rule at once (the commands judge it again, more strictly:
    # a logged day must have happened). Undo takes any day, to remove what an older coach let in.
    from coach.record_dates import day_problem

    if not any_day and (problem := day_problem(day, today, plan=True)):
        raise UsageError(problem)
    return day


# -- history ----------------------------------------------------------------------------------


def cmd_history(args: argparse.Namespace) -> int:
    def action(context: AppContext) -> int:
        from datetime import timedelta

        from coach.journal import Journal
        from coach.present.record_json import history_json

        journal = Journal.of(context).at(context.wall_now())
        # Text shows 4 weeks; --json shows every day, so only it loads every session.
        since = None if args.json else journal.today() - timedelta(weeks=WEEKS)
        view = journal.history(sessions_since=since)
        if args.json:
            import json

            print(json.dumps(history_json(view), ensure_ascii=False))
        else:
            print("\n".join(history_text(view)))
        return 0

    return run_with_context(action)


def _rate(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def _days(n: int) -> str:
    return plural(n, "day")


def today_line(view: HistoryView) -> str:
    from coach.adherence import DayStatus

    s = view.summary
    words = {
        DayStatus.DONE: "done",
        DayStatus.REST: "rest day",
        DayStatus.PARTIAL: "started, not finished yet",
        DayStatus.OPEN: "not done yet",
        DayStatus.MISSED: "not done yet",
    }
    line = f"Today: {words[s.today]}"
    if s.at_risk:
        line += f"; today keeps your {s.current_streak}-day streak going"
    return line + "."


def history_text(view: HistoryView) -> list[str]:
    """The summary, 4 weeks of glyphs and the totals, as plain lines (no colour, no escapes)."""
    from coach.dates import WEEKDAYS_SHORT as WEEKDAYS
    from coach.history import week_rows
    from coach.present.glyphs import BY_HAND_MARK, GLYPHS

    s = view.summary
    rates = "   ".join(f"{w} days {_rate(r)}" for w, r in s.rates.items())
    lines = [
        f"Current streak   {_days(s.current_streak)}",
        f"Longest streak   {_days(s.longest_streak)}",
        f"Habit strength   {s.strength:.0%}",
        f"Done in last     {rates}",
        today_line(view),
        "",
        f"Last {WEEKS} weeks",
        f"{'Week of':<{LABEL}}" + "".join(f"{name:<4}" for name in WEEKDAYS).rstrip(),
    ]
    any_by_hand = False
    for row in week_rows(view.days, weeks=WEEKS):
        cells = []
        for day in row.days:
            if day is None:
                cells.append("    ")
                continue
            mark = BY_HAND_MARK if day.by_hand else " "
            any_by_hand = any_by_hand or day.by_hand
            cells.append(f" {GLYPHS[day.status][0]}{mark} ")
        lines.append((f"{row.monday.isoformat():<{LABEL}}" + "".join(cells)).rstrip())
    legend = "  ".join(f"{glyph} {label}" for glyph, label in GLYPHS.values())
    if any_by_hand:
        legend += f"  {BY_HAND_MARK} entered by hand"
    lines.append(f"Key: {legend}")
    if view.totals.routines:
        lines += ["", "Sessions per routine"]
        for r in view.totals.routines:
            parts = [f"{r.done} done"]
            if r.partial:
                parts.append(f"{r.partial} partial")
            if r.by_hand:
                parts.append(f"{r.by_hand} of them by hand")
            lines.append(f"  {r.routine_title} ({r.routine_id}): {', '.join(parts)}")
        lines += ["", "Repetitions per exercise"]
        for e in view.totals.exercises:
            times = "once" if e.sessions == 1 else f"in {e.sessions} sessions"
            lines.append(f"  {e.name}: {plural(e.reps, 'rep')} {times}")
    return lines + last_session_lines(view)


def last_session_lines(view: HistoryView) -> list[str]:
    """The latest session of the weeks shown, exercise by exercise: what was done, skipped
    (n) or stopped (the session ended in it); nothing if there was none in those weeks."""
    from coach.dates import long_day
    from coach.present.exercise_end import exercise_line

    sessions = [s for d in view.days for s in d.sessions]
    if not sessions:
        return []
    last = max(sessions, key=lambda s: (s.started_at, s.id))
    when = "by hand" if last.entered_by_hand else f"{last.started_at:%H:%M}"
    lines = ["", f"Last session: {long_day(last.day, year=True)}"]
    lines.append(f"  {last.routine_title} ({when}, {last.status})")
    for e in sorted(last.exercises, key=lambda e: e.idx):
        lines.append(f"    {exercise_line(e, last.stopped_idx)}")
    return lines


# -- log and rest -----------------------------------------------------------------------------


def cmd_log(args: argparse.Namespace) -> int:
    def action(context: AppContext) -> int:
        from coach.journal import Journal

        journal = Journal.of(context)
        day = parse_day(args.date, journal.today(), any_day=args.undo)
        if args.undo:
            print(journal.unlog_by_hand(day, args.routine))
            return 0
        print(_refused(lambda: journal.log_by_hand(day, args.routine)))
        return 0

    return run_with_context(action)


def cmd_rest(args: argparse.Namespace) -> int:
    def action(context: AppContext) -> int:
        from coach.journal import Journal

        journal = Journal.of(context)
        day = parse_day(args.date, journal.today(), any_day=args.undo)
        if args.undo:
            print(journal.unmark_rest(day))
            return 0
        print(_refused(lambda: journal.mark_rest(day)))
        return 0

    return run_with_context(action)


def _refused(command: Callable[[], str]) -> str:
    """What the history rules refuse is a usage error here: one line, exit 2."""
    from coach.history import HistoryError

    try:
        return command()
    except HistoryError as exc:
        raise UsageError(str(exc)) from None
