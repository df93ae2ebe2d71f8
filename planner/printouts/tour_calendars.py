"""`calendar/<expert>.ics`: each expert's stops as all-day events with stable UIDs.

A UID names the tour, the expert and the stop, never the dates, so a re-run that moves
a stop updates the event in the expert's calendar instead of adding a second one. The
words (summary, description, the calendar's name) are in the tour's language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from icalendar import Calendar, Event

from planner.model import safe_name
from planner.model.tour import Tour, TourPlan
from planner.model.words import translate, translator
from planner.printouts.tour_rows import Trip, tour_rows

PRODID = "-//touring-clinic planner//tour//EN"


def tour_event_uid(tour: str, expert: str, stop: str) -> str:
    """The UID of an expert's trip to a stop: the same however the dates move."""
    key = "\x1f".join(["tour", tour, expert, stop])
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@planner"


def expert_tour_calendar(
    tour: Tour, plan: TourPlan, expert_id: str, stamp: dt.datetime, lang: str = "zh"
) -> Calendar:
    """The calendar of one expert's stops, in `lang` ('zh' or 'en')."""
    rows = tour_rows(tour, plan, lang)
    names = {row.expert: row.name for row in rows.experts}
    seats = {planned.stop: planned.experts for planned in plan.stops}
    (expert,) = (row for row in rows.experts if row.expert == expert_id)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{expert.name} · {tour.name}")
    for trip in expert.trips:
        others = [
            translate(lang, "{name} ({skill})", name=names[s.expert], skill=rows.skill(s.skill))
            for s in seats[trip.stop]
            if s.expert != expert_id
        ]
        event = Event()
        event.add("uid", tour_event_uid(tour.name, expert_id, trip.stop))
        event.add("dtstamp", stamp)
        event.add("dtstart", trip.start)
        event.add("dtend", trip.end + dt.timedelta(days=1))  # all-day: end exclusive
        skill = rows.skill(trip.skill)
        event.add("summary", translate(lang, "{city} stop: {skill}", city=trip.city, skill=skill))
        event.add("description", _description(tour.name, trip, others, lang))
        event.add("location", trip.city)
        calendar.add_component(event)
    return calendar


def _description(tour: str, trip: Trip, others: list[str], lang: str) -> str:
    """The tour's name, the stop's length and who else goes there, one per line."""
    days = (trip.end - trip.start).days + 1
    length = translator(lang).ngettext("{days} day in {city}", "{days} days in {city}", days)
    lines = [translate(lang, "Tour: {tour}", tour=tour), length.format(days=days, city=trip.city)]
    if others:
        listed = translate(lang, ", ").join(others)
        lines.append(translate(lang, "Also going: {experts}", experts=listed))
    return "\n".join(lines)


def write_tour_calendars(tour: Tour, plan: TourPlan, folder: Path, lang: str = "zh") -> list[Path]:
    """Write one `.ics` per expert with at least one stop, in `lang`; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    going = dict.fromkeys(seat.expert for p in plan.stops for seat in p.experts)
    written = []
    for expert_id in going:
        path = folder / f"{safe_name(expert_id)}.ics"
        path.write_bytes(expert_tour_calendar(tour, plan, expert_id, stamp, lang).to_ical())
        written.append(path)
    return written
