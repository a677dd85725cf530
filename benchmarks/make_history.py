"""Fill a COACH_HOME with years of believable daily history, for benchmarks and manual checks.

    python -m benchmarks.make_history HOME [--years 10] [--seed 1]

Deterministic for a given seed and today, and written in one transaction through
`Store.merge`, so ten years take about a second and running it twice adds nothing. The mix is
roughly what a committed user leaves behind: about 80 % done days, some partial ones, a rest day
most weeks (never breaking the one-in-7 rule), gaps, the odd day entered by hand, the odd extra
routine, sessions after midnight and Berlin's daylight-saving changes.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from coach.adherence import day_of
from coach.config import load_config, write_default_config
from coach.history import hand_entry
from coach.model import Routine
from coach.paths import app_paths, ensure_private_dir
from coach.routines import load_catalog
from coach.store import NewExercise, NewRep, NewSession, RestDayRecord, Store

BERLIN = ZoneInfo("Europe/Berlin")


def timed_session(
    routine: Routine, day: date, start: datetime, rng: random.Random, *, partial: bool
) -> NewSession:
    """A session as the recorder would have saved it, rep by rep."""
    targets = tuple(rng.randint(e.reps_min, e.reps_max) for e in routine.exercises)
    stop_at = rng.randrange(len(routine.exercises)) if partial else len(routine.exercises)
    moment = start
    exercises: list[NewExercise] = []
    reps: list[NewRep] = []
    for idx, (exercise, target) in enumerate(zip(routine.exercises, targets, strict=True)):
        if idx > stop_at:
            break
        began = moment + timedelta(seconds=exercise.setup_seconds)
        done = target if idx < stop_at else rng.randint(1, max(1, target - 1))
        moment = began
        for rep in range(1, done + 1):
            moment += timedelta(seconds=exercise.rep_seconds)
            reps.append(NewRep(idx, rep, moment))
        if idx < stop_at:
            exercises.append(NewExercise(idx, exercise.name, done, target, False, began, moment))
        moment += timedelta(seconds=exercise.rest_seconds)
    active = (moment - start).total_seconds()
    return NewSession(
        routine_id=routine.id,
        routine_title=routine.title,
        day=day,
        started_at=start,
        status="partial" if partial else "completed",
        targets=targets,
        planned_seconds=sum(
            e.planned_seconds(t) for e, t in zip(routine.exercises, targets, strict=True)
        ),
        ended_at=moment,
        active_seconds=active,
        paused_seconds=0.0,
        exercises=tuple(exercises),
        reps=tuple(reps),
    )


def generate(
    daily: Routine, extra: Routine | None, today: date, years: int, seed: int, day_starts_at: int
) -> tuple[list[NewSession], list[RestDayRecord]]:
    rng = random.Random(seed)
    sessions: list[NewSession] = []
    rests: list[RestDayRecord] = []
    last_rest = date.min
    day = today - timedelta(days=round(365.25 * years))
    while day < today:
        roll = rng.random()
        if roll < 0.12 and (day - last_rest).days >= 7:
            rests.append(RestDayRecord(day, datetime.combine(day, datetime.min.time(), BERLIN)))
            last_rest = day
        elif roll < 0.17:
            pass  # a gap: nothing recorded
        elif roll < 0.18:
            sessions.append(hand_entry(daily, day, datetime.now(BERLIN)))
        else:
            hour, minute = rng.choice([(7, 30), (9, 0), (12, 15), (18, 45), (21, 30), (1, 30)])
            local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)
            if hour < day_starts_at:
                local += timedelta(days=1)  # after midnight: still the evening's session
            local = local.astimezone(BERLIN)  # a real offset, even inside a DST gap
            partial = roll > 0.96
            sessions.append(
                timed_session(daily, day_of(local, day_starts_at), local, rng, partial=partial)
            )
            if extra is not None and rng.random() < 0.05:
                later = local + timedelta(hours=2)
                sessions.append(
                    timed_session(extra, day_of(later, day_starts_at), later, rng, partial=False)
                )
        day += timedelta(days=1)
    return sessions, rests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("home", type=Path, help="the COACH_HOME to fill")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = app_paths({"COACH_HOME": str(args.home)})
    ensure_private_dir(paths.config)
    write_default_config(paths.config_file)
    config = load_config(paths.config_file)
    catalog = load_catalog(paths.routines)
    daily = catalog.get(config.profile.daily_routine)
    if daily is None:
        print(f"no daily routine {config.profile.daily_routine!r} in the catalog", file=sys.stderr)
        return 2
    extra = next((r for r in catalog if r.id != daily.id), None)
    today = day_of(datetime.now(BERLIN), config.day_starts_at)
    began = time.perf_counter()
    sessions, rests = generate(daily, extra, today, args.years, args.seed, config.day_starts_at)
    with Store.open(paths.database) as store:
        result = store.merge(sessions, rests)
    took = time.perf_counter() - began
    print(
        f"{args.home}: {result.sessions_added} sessions and {result.rest_days_added} rest days "
        f"added ({result.sessions_present} sessions were already there) in {took:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
