"""The floor of every calendar figure: icalendar alone serialising the same sessions, already
in memory, as VEVENTs and bytes (used by `make bench`'s server run and by bench_calendar)."""

from datetime import UTC, datetime

import icalendar
from django.utils import timezone


def bare_ical(sessions):
    """The bytes icalendar makes of `sessions` (with their pages), with nothing of Tsunagu's."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//")
    calendar.add("version", "2.0")
    stamp = datetime.now(UTC)
    for session in sessions:
        event = icalendar.Event()
        event.add("uid", f"{session.uid}@bench")
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(session.starts_at))
        event.add("dtend", timezone.localtime(session.ends_at))
        event.add("summary", session.page.title)
        event.add("description", session.page.summary)
        event.add("location", session.page.venue_name)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
