"""The reminders as an iCalendar file (RFC 5545), for people who live in their calendar.

One weekly VEVENT per reminder (`RRULE:FREQ=WEEKLY;BYDAY=...`) with a display alarm at its
start, in the local IANA zone (`DTSTART;TZID=Europe/Berlin:...`) with a VTIMEZONE built from the
zone's own transitions, so calendars that do not know the name still get DST right. Written by
hand (stdlib only): lines end in CRLF and are folded at 75 octets. UIDs are stable, so importing
the file again updates the events instead of duplicating them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo

from coach.config import WEEKDAYS, Reminder
from coach.reminders.schedule import reminder_key
from coach.reminders.zones import zone_name

PRODID = "-//coach//leg-exercise reminders//EN"
_BYDAY = {d: d[:2].upper() for d in WEEKDAYS}


# RFC 5545 3.3.11: TEXT may hold no control character but HTAB; a bare CR, a line feed or
# ESC in a title must not end the line (and start a property or an event of its own).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: str) -> str:
    """A TEXT value per RFC 5545: backslash, semicolon, comma and newlines escaped, other
    control characters dropped. The one way text goes into the calendar file."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _zone_id(tz: tzinfo) -> str:
    """The zone's name as a TZID: no control characters, no DQUOTE, nothing to quote."""
    return re.sub(r'[\x00-\x1f\x7f-\x9f";:,]', "", zone_name(tz)) or "local"


def fold(line: str) -> str:
    """Split a content line into CRLF-joined pieces of at most 75 octets, never inside a char."""
    out: list[str] = []
    piece, size, limit = "", 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(piece)
            piece, size, limit = " ", 1, 75
        piece += ch
        size += n
    out.append(piece)
    return "\r\n".join(out)


def _offset(delta: timedelta | None) -> str:
    minutes = int((delta or timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _transitions(tz: tzinfo, year: int) -> list[datetime]:
    """UTC instants in `year` at which the zone's offset changes (found by day, then minute)."""
    found = []
    day = datetime(year, 1, 1, 12, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, 12, tzinfo=UTC)
    while day < end:
        nxt = day + timedelta(days=1)
        if day.astimezone(tz).utcoffset() != nxt.astimezone(tz).utcoffset():
            lo, hi = day, nxt  # offset(lo) differs from offset(hi): bisect to the minute
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(tz).utcoffset() == lo.astimezone(tz).utcoffset():
                    lo = mid
                else:
                    hi = mid
            found.append(hi.replace(second=0, microsecond=0))
        day = nxt
    return found


def _byday(day: date) -> str:
    code = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day.weekday()]
    last = (day + timedelta(days=7)).month != day.month
    return f"-1{code}" if last else f"{(day.day - 1) // 7 + 1}{code}"


def vtimezone(tz: tzinfo, tzid: str, year: int) -> list[str]:
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    moments = _transitions(tz, year)
    if not moments:
        probe = datetime(year, 1, 1, tzinfo=UTC).astimezone(tz)
        off = _offset(probe.utcoffset())
        lines += [
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{off}",
            f"TZOFFSETTO:{off}",
            f"TZNAME:{probe.tzname()}",
            "END:STANDARD",
        ]
    for moment in moments:
        before = (moment - timedelta(minutes=1)).astimezone(tz)
        after = moment.astimezone(tz)
        onset = (moment + (before.utcoffset() or timedelta())).replace(tzinfo=None)
        kind = "DAYLIGHT" if after.dst() else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{onset:%Y%m%dT%H%M%S}",
            f"RRULE:FREQ=YEARLY;BYMONTH={onset.month};BYDAY={_byday(onset.date())}",
            f"TZOFFSETFROM:{_offset(before.utcoffset())}",
            f"TZOFFSETTO:{_offset(after.utcoffset())}",
            f"TZNAME:{after.tzname()}",
            f"END:{kind}",
        ]
    return [*lines, "END:VTIMEZONE"]


def _first_day(reminder: Reminder, today: date) -> date:
    """The first day on or after `today` that is one of the reminder's weekdays."""
    wanted = {WEEKDAYS.index(d) for d in reminder.days}
    return next(today + timedelta(days=i) for i in range(7) if (today.weekday() + i) % 7 in wanted)


def _uid(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", key).strip("-") + "@coach"


def calendar_text(
    reminders: Iterable[Reminder],
    tz: tzinfo,
    now: datetime,
    *,
    titles: Mapping[str, str] | None = None,
    minutes: Mapping[str, int] | None = None,
) -> str:
    """The whole .ics file: `titles`/`minutes` per routine id name and size the events."""
    titles = titles or {}
    minutes = minutes or {}
    tzid = _zone_id(tz)
    local = now.astimezone(tz)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-TIMEZONE:{tzid}",
        *vtimezone(tz, tzid, local.year),
    ]
    for r in reminders:
        if not r.days:
            continue
        title = titles.get(r.routine, r.routine)
        first = _first_day(r, local.date())
        byday = ",".join(_BYDAY[d] for d in r.days)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(reminder_key(r))}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID={tzid}:{first:%Y%m%d}T{r.hour:02d}{r.minute:02d}00",
            f"DURATION:PT{max(1, minutes.get(r.routine, 10))}M",
            f"RRULE:FREQ=WEEKLY;BYDAY={byday}",
            f"SUMMARY:{escape(title)}",
            "DESCRIPTION:"
            + escape(f"Leg exercises with coach. Start it with: coach start {r.routine}"),
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape(f'Time for {title}')}",
            "TRIGGER;RELATED=START:PT0S",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
