"""One iCalendar file per expert, with UIDs that survive a re-plan.

A UID names what an event is (scenario, expert, patient, service, day), never when it
is, so a re-plan that moves an appointment updates the event in the expert's calendar
instead of adding a second one. Every file is a `METHOD:PUBLISH` calendar (what phones
import from a file or a link). After a re-plan it also carries the events of the earlier
plan that the expert no longer has, under their old UIDs with `STATUS:CANCELLED`, so an
import takes them off instead of leaving them; RFC 5546 allows CANCELLED in PUBLISH.
Each write numbers its events with a later SEQUENCE than any earlier write. The words
around the schedule's own (the cancelled mark, the description) are in the stop's language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar, Event

from planner.model.words import translate
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
    scenario: str,
    agenda: Agenda,
    timezone: str,
    stamp: dt.datetime,
    title: str = "",
    cancelled: Sequence[Entry] = (),
    lang: str = "zh",
) -> Calendar:
    """The calendar of one expert: appointments, lectures and lunch breaks.

    `scenario` (the scenario's name as written) goes into the UIDs; `title` (the stop's
    name in `lang`) into the calendar's name and each event's description. `cancelled`
    are entries of an earlier plan that this one drops; they are sent as cancelled events,
    their summary marked so in `lang` for clients that show them anyway.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{agenda.name} · {title or scenario}")
    calendar.add("x-wr-timezone", timezone)
    words = _Words(lang, title or scenario)
    for day in agenda.days:
        for entry in day.entries:
            calendar.add_component(_event(scenario, agenda.expert, entry, stamp, words))
    for entry in cancelled:
        calendar.add_component(_event(scenario, agenda.expert, entry, stamp, words, True))
    calendar.add_missing_timezones()
    return calendar


def cancelled_entries(
    scenario: str, before: list[Agenda], after: list[Agenda]
) -> dict[str, list[Entry]]:
    """By expert, the entries of an earlier plan whose events the new plan no longer has.

    An entry moved in time or room keeps its UID and is updated, not cancelled; one that
    went to another expert is cancelled for the first and new for the second.
    """
    kept = {
        agenda.expert: {
            event_uid(scenario, agenda.expert, e) for d in agenda.days for e in d.entries
        }
        for agenda in after
    }
    gone: dict[str, list[Entry]] = {}
    for agenda in before:
        uids = kept.get(agenda.expert, set())
        dropped = [
            e
            for d in agenda.days
            for e in d.entries
            if event_uid(scenario, agenda.expert, e) not in uids
        ]
        if dropped:
            gone[agenda.expert] = dropped
    return gone


@dataclass(frozen=True)
class _Words:
    """What an event says around its entry: the language and the stop's name in it."""

    lang: str
    stop: str

    def summary(self, entry: Entry, cancelled: bool) -> str:
        """The entry's title and patient; marked when the event is cancelled."""
        summary = f"{entry.title} · {entry.patient_name}" if entry.patient else entry.title
        return translate(self.lang, "Cancelled: {event}", event=summary) if cancelled else summary

    def description(self, entry: Entry) -> str:
        """The stop, and the experts who take part together (a team or the lecturers)."""
        lines = [self.stop]
        if len(entry.expert_names) > 1:
            names = translate(self.lang, ", ").join(entry.expert_names)
            lines.append(translate(self.lang, "Experts together: {experts}", experts=names))
        return "\n".join(lines)


def _event(
    scenario: str,
    expert: str,
    entry: Entry,
    stamp: dt.datetime,
    words: _Words,
    cancelled: bool = False,
) -> Event:
    """The event of an entry, or (`cancelled`) its cancellation."""
    event = Event()
    event.add("uid", event_uid(scenario, expert, entry))
    event.add("dtstamp", stamp)
    # A later plan must win over an earlier one in every client, even a re-plan written
    # in the same minute: count seconds since EPOCH (it fits SEQUENCE's 32 bits until 2092).
    event.add("sequence", int((stamp - EPOCH).total_seconds()))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("dtstart", entry.start)
    event.add("dtend", entry.end)
    event.add("summary", words.summary(entry, cancelled))
    if entry.place:
        event.add("location", entry.place)
    event.add("description", words.description(entry))
    # Lunch and cancelled events leave the expert free for anything else.
    busy = entry.kind != LUNCH and not cancelled
    event.add("transp", "OPAQUE" if busy else "TRANSPARENT")
    return event


def write_calendars(
    folder: Path,
    scenario: str,
    agendas: list[Agenda],
    timezone: str,
    title: str = "",
    cancelled: Mapping[str, Sequence[Entry]] | None = None,
    lang: str = "zh",
) -> list[Path]:
    """Write `<expert>.ics` for each expert into `folder`, in `lang`; return the paths.

    `cancelled` (by expert id) are events of an earlier plan to send as cancelled.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    written = []
    for agenda in agendas:
        path = folder / f"{_safe(agenda.expert)}.ics"
        gone = (cancelled or {}).get(agenda.expert, ())
        calendar = expert_calendar(scenario, agenda, timezone, stamp, title, gone, lang)
        path.write_bytes(calendar.to_ical())
        written.append(path)
    return written


def _safe(name: str) -> str:
    return "".join(char if char.isalnum() or char in "._-" else "_" for char in name)
