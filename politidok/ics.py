"""Calendar files (.ics) for meetings: Europe/Oslo local time, stable bytes for the same input."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar

from politidok import __version__

OSLO = ZoneInfo("Europe/Oslo")
DEFAULT_LENGTH = timedelta(hours=2)


def _clock(value: str) -> time:
    hours, minutes = value.split(".")
    return time(int(hours), int(minutes))


def meeting_calendar(uid: str, summary: str, location: str, description: str, day, start: str, end: str | None) -> bytes:
    """One VEVENT with a VTIMEZONE for Europe/Oslo; DTSTAMP is fixed (the meeting day, 00:00 UTC)."""
    begin = datetime.combine(day, _clock(start), tzinfo=OSLO)
    finish = datetime.combine(day, _clock(end), tzinfo=OSLO) if end else begin + DEFAULT_LENGTH
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//politidok//politidok {__version__}//NO")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.combine(day, time(0, 0), tzinfo=timezone.utc))
    event.add("dtstart", begin)
    event.add("dtend", finish)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
