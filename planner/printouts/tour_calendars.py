"""`calendar/<expert>.ics`: each expert's stops as all-day events with stable UIDs.

A UID names the tour, the expert and the stop, never the dates, so a re-run that moves
a stop updates the event in the expert's calendar instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from icalendar import Calendar, Event

from planner.model import safe_name
from planner.model.tour import Tour, TourPlan

PRODID = "-//touring-clinic planner//tour//EN"


def tour_event_uid(tour: str, expert: str, stop: str) -> str:
    """The UID of an expert's trip to a stop: the same however the dates move."""
    key = "\x1f".join(["tour", tour, expert, stop])
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@planner"


def expert_tour_calendar(
    tour: Tour, plan: TourPlan, expert_id: str, stamp: dt.datetime
) -> Calendar:
    """The calendar of one expert's stops."""
    expert = tour.expert(expert_id)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{expert.name} · {tour.name}")
    for planned in plan.stops:
        for seat in planned.experts:
            if seat.expert != expert_id:
                continue
            stop = tour.stop(planned.stop)
            event = Event()
            event.add("uid", tour_event_uid(tour.name, expert_id, stop.id))
            event.add("dtstamp", stamp)
            event.add("dtstart", planned.start)
            event.add("dtend", planned.end + dt.timedelta(days=1))  # all-day: end exclusive
            event.add("summary", f"{stop.city}: {seat.skill} ({tour.name})")
            event.add("location", stop.city)
            calendar.add_component(event)
    return calendar


def write_tour_calendars(tour: Tour, plan: TourPlan, folder: Path) -> list[Path]:
    """Write one `.ics` per expert with at least one stop; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    going = dict.fromkeys(seat.expert for p in plan.stops for seat in p.experts)
    written = []
    for expert_id in going:
        path = folder / f"{safe_name(expert_id)}.ics"
        path.write_bytes(expert_tour_calendar(tour, plan, expert_id, stamp).to_ical())
        written.append(path)
    return written
