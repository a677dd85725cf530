"""The .ics export, read back with the `icalendar` library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from coach.config import Reminder
from coach.reminders.ics import calendar_text, fold
from tests.reminders.conftest import BERLIN

REMINDERS = (
    Reminder("daily-prevention", "09:00"),
    Reminder("evening-relaxation", "21:30", ("mon", "wed", "fri")),
)
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=BERLIN)  # a Sunday


def build(**kwargs) -> str:
    return calendar_text(
        REMINDERS,
        BERLIN,
        NOW,
        titles={"daily-prevention": "Daily prevention", "evening-relaxation": "Évening, relax"},
        minutes={"daily-prevention": 6},
        **kwargs,
    )


def test_one_weekly_event_per_reminder_with_an_alarm_at_its_time() -> None:
    cal = icalendar.Calendar.from_ical(build())
    events = list(cal.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Daily prevention", "Évening, relax"]
    daily, evening = events
    assert daily["RRULE"]["FREQ"] == ["WEEKLY"]
    assert daily["RRULE"]["BYDAY"] == ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    assert evening["RRULE"]["BYDAY"] == ["MO", "WE", "FR"]
    start = daily.decoded("DTSTART")
    assert (start.hour, start.minute) == (9, 0)
    assert daily["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert str(start.tzinfo) == "Europe/Berlin" or start.utcoffset() == timedelta(hours=2)
    assert daily.decoded("DURATION") == timedelta(minutes=6)
    ev_start = evening.decoded("DTSTART")
    assert ev_start.date().isoformat() == "2025-06-02"  # the first Monday on or after Sunday
    (alarm,) = daily.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(0)
    assert daily["UID"] != evening["UID"]
    assert "coach start daily-prevention" in str(daily["DESCRIPTION"])


def test_the_vtimezone_carries_berlins_dst_rules() -> None:
    cal = icalendar.Calendar.from_ical(build())
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Berlin"
    parts = {c.name: c for c in tz.subcomponents}
    assert set(parts) == {"DAYLIGHT", "STANDARD"}
    assert parts["DAYLIGHT"]["RRULE"]["BYMONTH"] == [3]
    assert parts["DAYLIGHT"]["RRULE"]["BYDAY"] == ["-1SU"]
    assert parts["STANDARD"]["RRULE"]["BYMONTH"] == [10]
    assert parts["DAYLIGHT"].decoded("TZOFFSETTO") == timedelta(hours=2)
    assert parts["STANDARD"].decoded("TZOFFSETTO") == timedelta(hours=1)
    assert parts["DAYLIGHT"].decoded("DTSTART") == datetime(2025, 3, 30, 2, 0)
    assert parts["STANDARD"].decoded("DTSTART") == datetime(2025, 10, 26, 3, 0)


def test_a_zone_without_dst_gets_one_standard_block() -> None:
    text = calendar_text(REMINDERS[:1], ZoneInfo("Asia/Tokyo"), NOW)
    cal = icalendar.Calendar.from_ical(text)
    (tz,) = cal.walk("VTIMEZONE")
    assert [c.name for c in tz.subcomponents] == ["STANDARD"]
    assert tz.subcomponents[0].decoded("TZOFFSETTO") == timedelta(hours=9)
    assert cal.walk("VEVENT")[0]["DTSTART"].params["TZID"] == "Asia/Tokyo"


def test_crlf_line_endings_and_lines_folded_at_75_octets() -> None:
    text = build()
    raw = text.encode("utf-8")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long DESCRIPTION was folded


def test_fold_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100
    pieces = fold(line).split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_text_is_escaped() -> None:
    cal = icalendar.Calendar.from_ical(build())
    assert str(cal.walk("VEVENT")[1]["SUMMARY"]) == "Évening, relax"
    assert "Évening\\, relax" in build()


def test_dtstamp_is_utc() -> None:
    stamp = icalendar.Calendar.from_ical(build()).walk("VEVENT")[0].decoded("DTSTAMP")
    assert stamp == NOW.astimezone(UTC)


HOSTILE_TITLES = [
    "Calves\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT",
    "Calves\rATTACH:http://example.invalid/x",
    "Calves\nLOCATION:somewhere",
    "Calves \x1b]0;pwned\x07 \x1b[2J done; with, commas \\ and \\n",
    "x" * 200 + "\r" + "é" * 80,
]


def test_a_title_cannot_add_properties_or_events() -> None:
    """Issue 11 point 3: whatever a routine title holds, one event with one of each property."""
    for title in HOSTILE_TITLES:
        text = calendar_text(REMINDERS[:1], BERLIN, NOW, titles={"daily-prevention": title})
        raw = text.encode("utf-8")
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
        assert b"\x1b" not in raw and b"\x07" not in raw
        assert b"\r" not in raw.replace(b"\r\n", b"") and b"\n" not in raw.replace(b"\r\n", b"")
        cal = icalendar.Calendar.from_ical(text)
        events = list(cal.walk("VEVENT"))
        assert len(events) == 1
        event = events[0]
        assert sorted(event.keys()) == [
            "DESCRIPTION",
            "DTSTAMP",
            "DTSTART",
            "DURATION",
            "RRULE",
            "SUMMARY",
            "UID",
        ]
        expected = title.replace("\r\n", "\n").replace("\r", "\n")
        expected = "".join(c for c in expected if c in "\n\t" or c.isprintable())
        assert str(event["SUMMARY"]) == expected
        assert [sorted(a.keys()) for a in event.walk("VALARM")] == [
            ["ACTION", "DESCRIPTION", "TRIGGER"]
        ]
