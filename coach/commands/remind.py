"""Reminder commands: remind (the service), --list, --install, --uninstall, --ics."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from datetime import date, datetime

    from coach.config import Reminder

from coach.wording import plural


def register(commands: argparse._SubParsersAction) -> None:
    """Add this area's subcommands; each sets `func` to the function that runs it."""
    remind = commands.add_parser(
        "remind",
        help="run the reminder service (or list, install or export your reminders)",
        description="Without options: stay in the foreground and remind you at the times in "
        "config.yaml (stop with Ctrl+C or SIGTERM). See docs/reminders.md.",
    )
    what = remind.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="print the next 7 reminders and exit")
    what.add_argument(
        "--install",
        action="store_true",
        help="write a systemd user unit (a launchd agent on macOS) that runs the service",
    )
    what.add_argument("--uninstall", action="store_true", help="remove what --install wrote")
    what.add_argument(
        "--ics", metavar="FILE", help="write the reminders as an iCalendar file (- for stdout)"
    )
    remind.set_defaults(func=cmd_remind)


def cmd_remind(args: argparse.Namespace) -> int:
    if args.list:
        return _list()
    if args.install:
        return _install()
    if args.uninstall:
        return _uninstall()
    if args.ics:
        return _ics(args.ics)
    return _serve()


def _config():
    from coach.commands.common import UsageError
    from coach.config import ConfigError, load_config
    from coach.paths import app_paths

    try:
        return load_config(app_paths().config_file)
    except ConfigError as exc:
        import sys

        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise UsageError("fix config.yaml as shown above, then try again") from None


def _catalog():
    from coach.paths import app_paths
    from coach.routines import load_catalog

    return load_catalog(app_paths().routines)


def _list(count: int = 7) -> int:
    from datetime import datetime

    from coach.adherence import day_of
    from coach.dates import WEEKDAYS_SHORT
    from coach.reminders.schedule import next_fire_times
    from coach.reminders.zones import local_zone, zone_name

    config = _config()
    tz = local_zone()
    upcoming = next_fire_times(config, datetime.now(tz), count, tz)
    if not upcoming:
        print("No reminders. Add some under `reminders:` in config.yaml (`coach paths` shows it).")
        return 0
    catalog = _catalog()
    rests = set() if config.remind_on_rest_days else _rest_days(upcoming, config.day_starts_at)
    print(f"Next {plural(len(upcoming), 'reminder')} ({zone_name(tz)}):")
    width = max(len(r.routine) for _, r in upcoming)
    for t, r in upcoming:
        routine = catalog.get(r.routine)
        title = routine.title if routine else "(no such routine: `coach routines list`)"
        day = WEEKDAYS_SHORT[t.weekday()]  # English, as every sentence here; not the locale's
        quiet = (
            "  (a planned rest day: no reminder)"
            if day_of(t, config.day_starts_at) in rests
            else ""
        )
        print(f"  {day} {t:%Y-%m-%d %H:%M}  {r.routine.ljust(width)}  {title}{quiet}")
    return 0


def _rest_days(upcoming: list[tuple[datetime, Reminder]], day_starts_at: int) -> set[date]:
    """The planned rest days among the upcoming reminders' days (the service keeps quiet on
    them, as home's "Next reminder" does); none when there is no record yet or it cannot be
    read, and then the list says so on stderr rather than guess."""
    import sys

    from coach.adherence import day_of
    from coach.paths import app_paths
    from coach.store import Store, StoreError

    database = app_paths().database
    if not database.exists():
        return set()
    first, last = (day_of(t, day_starts_at) for t in (upcoming[0][0], upcoming[-1][0]))
    try:
        with Store.open(database) as store:
            return {r.day for r in store.rest_days(first, last)}
    except StoreError as exc:
        print(f"coach: rest days not read, so none is marked ({exc})", file=sys.stderr)
        return set()


def _install() -> int:
    import shlex

    from coach.commands.common import UsageError
    from coach.files import write_error
    from coach.reminders.units import UnitPathError, install, service_file

    try:
        unit = install()
    except UnitPathError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(write_error(service_file().path, exc)) from None
    print(f"Wrote {unit.path}")
    print("Enable and start it with:")
    print(f"  {shlex.join(unit.enable)}")
    return 0


def _uninstall() -> int:
    import shlex

    from coach.commands.common import UsageError
    from coach.reminders.units import UnitPathError, uninstall

    try:
        unit, removed = uninstall()
    except UnitPathError as exc:
        raise UsageError(str(exc)) from None
    if not removed:
        print(f"Nothing to remove: {unit.path} does not exist.")
        return 0
    for path in removed:
        print(f"Removed {path}")
    print("If it is still running, stop it with:")
    print(f"  {shlex.join(unit.stop)}")
    return 0


def _ics(target: str) -> int:
    import sys
    from datetime import datetime

    from coach.commands.common import UsageError
    from coach.files import report_stream, write_error, write_private
    from coach.reminders.ics import calendar_text
    from coach.reminders.zones import local_zone

    config = _config()
    catalog = _catalog()
    tz = local_zone()
    text = calendar_text(
        config.active_reminders,
        tz,
        datetime.now(tz),
        titles={r.id: r.title for r in catalog},
        minutes={r.id: max(1, round(r.estimated_seconds / 60)) for r in catalog},
    )
    if target == "-":
        from coach.text import for_terminal  # iCalendar's CRLF line ends stay as they are

        sys.stdout.flush()
        sys.stdout.buffer.write(for_terminal(text).encode("utf-8"))
        return 0
    try:
        write_private(target, text)
    except OSError as exc:
        raise UsageError(write_error(target, exc)) from None
    wrote = f"Wrote {plural(len(config.active_reminders), 'reminder')} to {target}"
    print(wrote, file=report_stream(target))
    return 0


def _serve() -> int:
    import os
    import sys

    from coach.commands.common import UsageError
    from coach.paths import app_paths

    # Tests only (docs/reminders.md): every reminder also comes due once, N seconds after start.
    raw = os.environ.get("COACH_REMIND_TEST_AT")
    test_at = None
    if raw:
        try:
            test_at = float(raw)
        except ValueError:
            raise UsageError(f"COACH_REMIND_TEST_AT must be seconds, not {raw!r}") from None
    # The service never opens a network connection: keep OpenSSL (which asyncio would load
    # eagerly) out of the process, about 4 MB of resident memory for a program that sits idle.
    if "ssl" not in sys.modules:
        sys.modules["ssl"] = None  # type: ignore[assignment]
    from coach.reminders.service import run

    return run(app_paths(), test_at=test_at)
