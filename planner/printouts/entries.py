"""The plan as rows a coordinator reads: names in the chosen language, local clock times.

Every printout (HTML, PDF, workbook, calendar) is built from these rows, so they all
say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from planner.model import Appointment, Patient, Plan, Scenario, TrainingSession
from planner.printouts.labels import Labels

Kind = str
APPOINTMENT: Kind = "appointment"
TRAINING: Kind = "training"
LUNCH: Kind = "lunch"


@dataclass(frozen=True)
class Entry:
    """One item of the schedule: an appointment, a course session or an expert's lunch."""

    kind: Kind
    day: dt.date
    start: dt.datetime
    end: dt.datetime
    title: str
    ref: str = ""
    patient: str = ""
    patient_name: str = ""
    family: str = ""
    venue: str = ""
    room: str = ""
    room_name: str = ""
    place: str = ""
    experts: tuple[str, ...] = ()
    expert_names: tuple[str, ...] = ()

    @property
    def times(self) -> str:
        """'09:10–09:40'."""
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def room_key(self) -> tuple[str, str]:
        """(venue, room) ids."""
        return self.venue, self.room


@dataclass
class Names:
    """Ids to printed names, in one language (an unknown id prints as itself)."""

    scenario: Scenario
    text: Labels
    _rooms: dict[tuple[str, str], str] = field(default_factory=dict)
    _names: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        pick, scenario = self.text.pick, self.scenario
        several = len(scenario.venues) > 1
        for venue in scenario.venues:
            self._names["venue", venue.id] = pick(venue.name, venue.name_zh)
            for room in venue.rooms:
                name = pick(room.name or room.id, room.name_zh)
                venue_name = self._names["venue", venue.id]
                self._rooms[venue.id, room.id] = f"{venue_name} · {name}" if several else name
        for expert in scenario.experts:
            self._names["expert", expert.id] = pick(expert.name, expert.name_zh)
        for service in scenario.services:
            self._names["service", service.id] = pick(service.name, service.name_zh)
        for training in scenario.trainings:
            self._names["training", training.id] = pick(training.title, training.title_zh)

    def venue(self, venue_id: str) -> str:
        """The venue's name."""
        return self._names.get(("venue", venue_id), venue_id)

    def room(self, venue_id: str, room_id: str) -> str:
        """The room's name (with its venue's when the stop has several venues)."""
        return self._rooms.get((venue_id, room_id), room_id)

    def rooms(self) -> list[tuple[tuple[str, str], str]]:
        """Every room as ((venue, room), name), in scenario order."""
        return list(self._rooms.items())

    def expert(self, expert_id: str) -> str:
        """The expert's name."""
        return self._names.get(("expert", expert_id), expert_id)

    def service(self, service_id: str) -> str:
        """The service's name."""
        return self._names.get(("service", service_id), service_id)

    def training(self, training_id: str) -> str:
        """The course's title."""
        return self._names.get(("training", training_id), training_id)

    def patients(self) -> dict[str, Patient]:
        """The scenario's patients by id."""
        return {patient.id: patient for patient in self.scenario.patients}


def patient_name(patient: Patient | None, patient_id: str) -> str:
    """A patient's name as given, else the id."""
    return patient.name if patient is not None and patient.name else patient_id


def schedule_entries(scenario: Scenario, plan: Plan, names: Names) -> list[Entry]:
    """Every appointment, course session and lunch break of the plan, in time order."""
    entries = [*_appointments(scenario, plan, names), *_sessions(scenario, plan, names)]
    entries += _lunches(scenario, plan, names)
    return sorted(entries, key=lambda e: (e.start, e.room_name, e.patient, e.kind))


def _appointments(scenario: Scenario, plan: Plan, names: Names) -> list[Entry]:
    patients = names.patients()
    entries = []
    for a in plan.appointments:
        patient = patients.get(a.patient)
        entry = _in_room(scenario, names, APPOINTMENT, a, names.service(a.service), a.service,
                         a.experts)  # fmt: skip
        entries.append(
            replace(
                entry,
                patient=a.patient,
                patient_name=patient_name(patient, a.patient),
                family=patient.family if patient else a.patient,
            )
        )
    return entries


def _sessions(scenario: Scenario, plan: Plan, names: Names) -> list[Entry]:
    return [
        _in_room(scenario, names, TRAINING, t, names.training(t.training), t.training, t.lecturers)
        for t in plan.trainings
    ]


def _in_room(
    scenario: Scenario,
    names: Names,
    kind: Kind,
    booking: Appointment | TrainingSession,
    title: str,
    ref: str,
    experts: list[str],
) -> Entry:
    """The entry of something booked in a room: an appointment or a course session."""
    start = scenario.localize(booking.start)
    return Entry(
        kind=kind,
        day=start.date(),
        start=start,
        end=scenario.localize(booking.end),
        title=title,
        ref=ref,
        venue=booking.venue,
        room=booking.room,
        room_name=names.room(booking.venue, booking.room),
        place=_place(names, booking.venue, booking.room),
        experts=tuple(experts),
        expert_names=tuple(names.expert(e) for e in experts),
    )


def _lunches(scenario: Scenario, plan: Plan, names: Names) -> list[Entry]:
    return [
        Entry(
            kind=LUNCH,
            day=scenario.localize(b.start).date(),
            start=scenario.localize(b.start),
            end=scenario.localize(b.end),
            title=names.text.lunch,
            experts=(expert_id,),
            expert_names=(names.expert(expert_id),),
        )
        for expert_id, breaks in plan.breaks.items()
        for b in breaks
    ]


def _place(names: Names, venue_id: str, room_id: str) -> str:
    """Where, for a calendar or a slip: venue and room."""
    if len(names.scenario.venues) > 1:
        return names.room(venue_id, room_id)  # already carries the venue's name
    return f"{names.venue(venue_id)} · {names.room(venue_id, room_id)}"


def schedule_days(scenario: Scenario, entries: list[Entry]) -> list[dt.date]:
    """Clinic days, and any other day the plan books something on, in order."""
    return sorted(set(scenario.clinic_dates()) | {e.day for e in entries})
