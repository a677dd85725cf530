"""The machine's time zone for reminders: its IANA zone, else the C library's reading of `TZ`."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, tzinfo


def local_zone() -> tzinfo:
    """The machine's IANA zone (with its DST rules), never a fixed UTC offset.

    A `TZ` that names no IANA zone (a POSIX rule such as `UTC+3` or `EST5EDT,M3.2.0,M11.1.0`)
    is read by the C library, through `SystemZone`: the same reading `coach history` and the
    session clock get from `datetime.now().astimezone()`, so every command agrees on the time.
    """
    import tzlocal

    try:
        return tzlocal.get_localzone()
    except (LookupError, ValueError, OSError):  # tzlocal's ZoneInfoNotFoundError is a KeyError
        return SystemZone()


class SystemZone(tzinfo):
    """The process's local time as the C library computes it from `TZ` (DST rules included)."""

    def __init__(self) -> None:
        import os

        self.label = f"TZ={os.environ['TZ']}" if os.environ.get("TZ") else "system time"

    def _local(self, dt: datetime) -> time.struct_time:
        """The local time in force at wall-clock reading `dt` (a reading in a gap: after it)."""
        wall = (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0, 0, -1)
        return time.localtime(time.mktime(wall))

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=time.localtime().tm_gmtoff)
        return timedelta(seconds=self._local(dt).tm_gmtoff)

    def dst(self, dt: datetime | None) -> timedelta:
        moment = time.localtime() if dt is None else self._local(dt)
        if moment.tm_isdst <= 0:
            return timedelta(0)
        return timedelta(seconds=moment.tm_gmtoff + time.timezone)

    def tzname(self, dt: datetime | None) -> str:
        return (time.localtime() if dt is None else self._local(dt)).tm_zone

    def fromutc(self, dt: datetime) -> datetime:
        stamp = (dt.replace(tzinfo=None) - datetime(1970, 1, 1)).total_seconds()
        moment = time.localtime(stamp)
        return datetime(*moment[:6], dt.microsecond, tzinfo=self)

    def __repr__(self) -> str:
        return f"SystemZone({self.label})"


def zone_name(tz: tzinfo) -> str:
    """The IANA name of `tz` ("Europe/Berlin"), or its abbreviation when it has none."""
    key = getattr(tz, "key", None) or getattr(tz, "zone", None) or getattr(tz, "label", None)
    return str(key) if key else str(datetime.now(tz).tzname())
