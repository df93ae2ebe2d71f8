"""What the schedule rules look things up in: the scenario by id, and the plan in local time.

Entries that name an unknown id are reported once by the `unknown-id` rule and left out
of `appointments` and `trainings` here, so that the other rules can trust every id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.model import (
    Appointment,
    Expert,
    Patient,
    Plan,
    Room,
    Scenario,
    Service,
    Training,
    TrainingSession,
    Venue,
)


@dataclass(frozen=True)
class Busy:
    """One thing an expert, room or patient is busy with, in local time."""

    label: str
    start: dt.datetime
    end: dt.datetime


@dataclass
class Context:
    """The scenario indexed by id and the plan's well-formed entries in local time."""

    scenario: Scenario
    plan: Plan
    patients: dict[str, Patient] = field(init=False)
    services: dict[str, Service] = field(init=False)
    experts: dict[str, Expert] = field(init=False)
    trainings: dict[str, Training] = field(init=False)
    venues: dict[str, Venue] = field(init=False)
    rooms: dict[tuple[str, str], Room] = field(init=False)
    appointments: list[Appointment] = field(init=False)
    sessions: list[TrainingSession] = field(init=False)

    def __post_init__(self) -> None:
        s = self.scenario
        self.patients = {p.id: p for p in s.patients}
        self.services = {v.id: v for v in s.services}
        self.experts = {e.id: e for e in s.experts}
        self.trainings = {t.id: t for t in s.trainings}
        self.venues = {v.id: v for v in s.venues}
        self.rooms = {(v.id, r.id): r for v in s.venues for r in v.rooms}
        self.appointments = [
            a.model_copy(update={"start": self.local(a.start), "end": self.local(a.end)})
            for a in self.plan.appointments
            if not self.unknown_in_appointment(a)
        ]
        self.sessions = [
            t.model_copy(update={"start": self.local(t.start), "end": self.local(t.end)})
            for t in self.plan.trainings
            if not self.unknown_in_session(t)
        ]

    def local(self, moment: dt.datetime) -> dt.datetime:
        """A moment in the scenario's time zone."""
        return self.scenario.localize(moment)

    def unknown_in_appointment(self, a: Appointment) -> list[str]:
        """The unknown ids an appointment names, as `kind 'id'`."""
        unknown = self._unknown("patient", [a.patient], self.patients)
        unknown += self._unknown("service", [a.service], self.services)
        unknown += self._unknown("expert", a.experts, self.experts)
        return unknown + self._unknown_place(a.venue, a.room)

    def unknown_in_session(self, t: TrainingSession) -> list[str]:
        """The unknown ids a training session names, as `kind 'id'`."""
        unknown = self._unknown("training", [t.training], self.trainings)
        unknown += self._unknown("expert", t.lecturers, self.experts)
        return unknown + self._unknown_place(t.venue, t.room)

    def _unknown_place(self, venue: str, room: str) -> list[str]:
        if venue not in self.venues:
            return [f"venue '{venue}'"]
        if (venue, room) not in self.rooms:
            return [f"room '{room}' in venue '{venue}'"]
        return []

    @staticmethod
    def _unknown(kind: str, ids: list[str], known: dict) -> list[str]:
        return [f"{kind} '{i}'" for i in ids if i not in known]

    def expert_busy(self) -> dict[str, list[Busy]]:
        """Each expert's appointments and lectures, sorted by start."""
        busy: dict[str, list[Busy]] = {}
        for a in self.appointments:
            for expert in dict.fromkeys(a.experts):
                busy.setdefault(expert, []).append(Busy(label(a), a.start, a.end))
        for t in self.sessions:
            for expert in dict.fromkeys(t.lecturers):
                busy.setdefault(expert, []).append(Busy(label(t), t.start, t.end))
        for items in busy.values():
            items.sort(key=lambda b: (b.start, b.end, b.label))
        return busy


def label(entry: Appointment | TrainingSession) -> str:
    """How messages name an appointment (`p03/mdt`) or a training (`training course`)."""
    if isinstance(entry, Appointment):
        return f"{entry.patient}/{entry.service}"
    return f"training {entry.training}"
