"""Today at a glance for a status bar: `coach status`, its `--json` and `--format waybar`.

Status bars run this every few seconds, so it reads what home reads (Journal.home: the same
day statuses, streak and see-a-doctor rules) and finds the next reminder without APScheduler
(reminders.upcoming). No Textual, no scheduler, no notification library is imported here.

The text goes into other programs' markup: a waybar label is Pango markup, a polybar or tmux
line reads `%{...}` and `#[...]` as formatting (polybar's `%{A:...:}` even runs a command on a
click). Routine titles come from files a user may have copied from anyone, so every piece of
user text passes `inert` (no control characters, no bar tags) and, for waybar, Pango escaping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from html import escape
from typing import TYPE_CHECKING, Any

from coach.adherence import DayStatus
from coach.dates import WEEKDAYS_SHORT
from coach.present.glyphs import GLYPHS
from coach.reminders.upcoming import next_reminder
from coach.text import printable
from coach.wording import plural

if TYPE_CHECKING:
    from coach.journal import Journal

MAX_LINE = 60
ELLIPSIS = "…"
WORDS = {
    DayStatus.DONE: "done",
    DayStatus.PARTIAL: "started",
    DayStatus.REST: "rest day",
    DayStatus.OPEN: "open",
}


@dataclass(frozen=True)
class Status:
    day: date
    today: DayStatus  # DONE, PARTIAL, REST or OPEN: today is never MISSED
    daily_routine: str
    daily_title: str
    streak: int
    next_at: datetime | None
    next_routine: str | None
    next_title: str | None
    doctor_notes: tuple[str, ...]
    changes_at: datetime  # the next reminder or the start of the next day, whichever is first


def build_status(journal: Journal, tz: tzinfo) -> Status:
    """Today's state as of the journal's clock; `tz` is the zone reminders are kept in (the
    machine's)."""
    now = journal.wall_now()
    catalog, config = journal.catalog, journal.config
    state = journal.at(now).home()
    done_today = {r.routine.id for r in state.routines if r.done}

    def shown_later(routine_id: str, day: date) -> bool:
        # The reminder service stays silent for a routine already done that day.
        return day == now.astimezone(tz).date() and routine_id in done_today

    upcoming = next_reminder(config, now, tz, skip=shown_later)
    daily_id = config.profile.daily_routine
    daily = catalog.get(daily_id)
    next_routine = upcoming[1].routine if upcoming else None
    next_title = None
    if next_routine is not None:
        routine = catalog.get(next_routine)
        next_title = routine.title if routine else next_routine
    today = state.summary.today
    next_day = datetime.combine(state.today + timedelta(days=1), time(config.day_starts_at), tz)
    changes_at = min(next_day, upcoming[0]) if upcoming else next_day
    return Status(
        day=state.today,
        today=DayStatus.OPEN if today is DayStatus.MISSED else today,
        daily_routine=daily_id,
        daily_title=daily.title if daily else daily_id,
        streak=state.summary.current_streak,
        next_at=upcoming[0] if upcoming else None,
        next_routine=next_routine,
        next_title=next_title,
        doctor_notes=tuple(g.text for g in state.guidance),
        changes_at=changes_at,
    )


def inert(text: str) -> str:
    """User text made safe for a status bar: one printable line that no bar reads as a tag."""
    return printable(text).replace("%{", "%\u2009{").replace("#[", "#\u2009[")


def _when(at: datetime, today: date) -> str:
    if at.date() == today:
        return f"{at:%H:%M}"
    return f"{WEEKDAYS_SHORT[at.weekday()]} {at:%H:%M}"


def status_line(status: Status, limit: int = MAX_LINE) -> str:
    """`● 12 days · Daily prevention done`, `○ Daily prevention open · next 21:30`.

    At most `limit` characters: the reminder goes first, then the title is shortened; the
    glyph, the state and a doctor's note are always kept.
    """
    glyph = GLYPHS[status.today][0]
    head = f"{glyph} {plural(status.streak, 'day')} · " if status.streak else f"{glyph} "
    state = f" {WORDS[status.today]}"
    extra = ""
    if status.today in (DayStatus.OPEN, DayStatus.PARTIAL) and status.next_at is not None:
        extra = f" · next {_when(status.next_at, status.day)}"
    note = " · see doctor note" if status.doctor_notes else ""
    title = inert(status.daily_title)
    if len(head + title + state + extra + note) > limit:
        extra = ""
    room = limit - len(head + state + extra + note)
    if len(title) > room:
        title = title[: max(room - 1, 0)].rstrip() + ELLIPSIS
    return head + title + state + extra + note


def status_json(status: Status) -> dict[str, Any]:
    """The `coach status --json` document; its keys are a promise to scripts."""
    upcoming = None
    if status.next_at is not None:
        upcoming = {"at": status.next_at.isoformat(), "routine": status.next_routine}
    return {
        "date": status.day.isoformat(),
        "today": str(status.today),
        "daily_routine": status.daily_routine,
        "streak": status.streak,
        "next_reminder": upcoming,
        "doctor_note": bool(status.doctor_notes),
    }


def tooltip_lines(status: Status) -> list[str]:
    lines = [
        f"{inert(status.daily_title)}: {WORDS[status.today]} today",
        f"Streak: {plural(status.streak, 'day')}",
    ]
    if status.next_at is not None and status.next_title is not None:
        when = _when(status.next_at, status.day)
        lines.append(f"Next reminder: {when} · {inert(status.next_title)}")
    else:
        lines.append("No reminder coming")
    lines += [inert(note) for note in status.doctor_notes]
    return lines


def answers(status: Status) -> dict[str, str]:
    """The three outputs, as printed: what `coach status` prints and status_cache keeps."""
    import json

    return {
        "line": status_line(status),
        "json": json.dumps(status_json(status), ensure_ascii=False),
        "waybar": json.dumps(waybar_json(status), ensure_ascii=False),
    }


def waybar_json(status: Status) -> dict[str, str]:
    """waybar's custom-module JSON; text and tooltip are Pango markup, so they are escaped."""
    return {
        "text": escape(status_line(status), quote=False),
        "tooltip": escape("\n".join(tooltip_lines(status)), quote=False),
        "class": str(status.today),
    }
