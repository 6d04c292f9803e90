"""Calendar files (.ics) for meetings: Europe/Oslo local time, stable bytes for the same input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar

from politidok import __version__
from politidok.core.docinfo import CalendarEvent

OSLO = ZoneInfo("Europe/Oslo")
DEFAULT_LENGTH = timedelta(hours=2)


def _clock(value: str) -> time:
    hours, minutes = value.split(".")
    return time(int(hours), int(minutes))


def calendar_bytes(event: CalendarEvent) -> bytes:
    """One VEVENT with a VTIMEZONE for Europe/Oslo; DTSTAMP is fixed (the meeting day, 00:00 UTC).

    Without a start time (not decided yet) the event lasts the whole day; without a place it has no LOCATION.
    """
    uid, summary, location, description = event.uid, event.summary, event.location, event.description
    day, start, end = event.day, event.start, event.end
    if start:
        begin: date = datetime.combine(day, _clock(start), tzinfo=OSLO)  # a whole day (below): a date
        finish = datetime.combine(day, _clock(end), tzinfo=OSLO) if end else begin + DEFAULT_LENGTH
    else:
        begin, finish = day, day + timedelta(days=1)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//politidok//politidok {__version__}//NO")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", datetime.combine(day, time(0, 0), tzinfo=UTC))
    vevent.add("dtstart", begin)
    vevent.add("dtend", finish)
    vevent.add("summary", summary)
    if location:
        vevent.add("location", location)
    vevent.add("description", description)
    cal.add_component(_vtimezone())  # before the event, as add_missing_timezones() puts it
    cal.add_component(vevent)
    return cal.to_ical()


@lru_cache(maxsize=1)
def _zone_text() -> bytes:
    probe = icalendar.Calendar()
    event = icalendar.Event()
    event.add("dtstart", datetime(2000, 1, 1, 12, tzinfo=OSLO))
    probe.add_component(event)
    probe.add_missing_timezones()  # Europe/Oslo, 1970-2038 (icalendar's range)
    [zone] = probe.walk("VTIMEZONE")
    zone.pop("COMMENT", None)  # icalendar's English note on the zone's range: no English where a user reads
    return zone.to_ical()


def _vtimezone() -> icalendar.Component:
    """Europe/Oslo as VTIMEZONE, made once per process (icalendar takes 20 ms for it)."""
    return icalendar.Timezone.from_ical(_zone_text())
