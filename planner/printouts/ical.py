"""One iCalendar file per expert, with UIDs that survive a re-plan.

A UID names what an event is (scenario, expert, patient, service, day), never when it
is, so a re-plan that moves an appointment updates the event in the expert's calendar
instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from icalendar import Calendar, Event

from planner.printouts.entries import APPOINTMENT, LUNCH, Entry
from planner.printouts.sheets import Agenda

PRODID = "-//touring-clinic planner//printouts//EN"
EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def event_uid(scenario: str, expert: str, entry: Entry) -> str:
    """A UID from the identity of an entry: who, for whom, what, which day; not the time."""
    if entry.kind == APPOINTMENT:
        identity = [entry.patient, entry.ref]
    elif entry.kind == LUNCH:
        identity = []
    else:
        identity = [entry.ref]
    key = "\x1f".join([scenario, expert, entry.kind, *identity, entry.day.isoformat()])
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@planner"


def expert_calendar(
    scenario: str, agenda: Agenda, timezone: str, stamp: dt.datetime, title: str = ""
) -> Calendar:
    """The calendar of one expert: appointments, lectures and lunch breaks.

    `scenario` (the scenario's name as written) goes into the UIDs; `title` (the stop's
    name in the chosen language) into the calendar's name.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{agenda.name} · {title or scenario}")
    calendar.add("x-wr-timezone", timezone)
    for day in agenda.days:
        for entry in day.entries:
            calendar.add_component(_event(scenario, agenda.expert, entry, stamp))
    calendar.add_missing_timezones()
    return calendar


def _event(scenario: str, expert: str, entry: Entry, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", event_uid(scenario, expert, entry))
    event.add("dtstamp", stamp)
    # A later plan must win over an earlier one in every client: count minutes since EPOCH.
    event.add("sequence", int((stamp - EPOCH).total_seconds()) // 60)
    event.add("dtstart", entry.start)
    event.add("dtend", entry.end)
    summary = f"{entry.title} · {entry.patient_name}" if entry.patient else entry.title
    event.add("summary", summary)
    if entry.place:
        event.add("location", entry.place)
    others = [name for name in entry.expert_names if len(entry.expert_names) > 1]
    if others:
        event.add("description", ", ".join(others))
    event.add("transp", "TRANSPARENT" if entry.kind == LUNCH else "OPAQUE")
    return event


def write_calendars(
    folder: Path, scenario: str, agendas: list[Agenda], timezone: str, title: str = ""
) -> list[Path]:
    """Write `<expert>.ics` for each expert into `folder`; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    written = []
    for agenda in agendas:
        path = folder / f"{_safe(agenda.expert)}.ics"
        path.write_bytes(expert_calendar(scenario, agenda, timezone, stamp, title).to_ical())
        written.append(path)
    return written


def _safe(name: str) -> str:
    return "".join(char if char.isalnum() or char in "._-" else "_" for char in name)
