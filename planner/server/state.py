"""The day's state, derived from its events: a pure function of the versions and the rows.

`day_state(versions, events)` folds the events in order; the server keeps the result in
memory and folds each new event as it is committed (`DayState.apply`), so a restart that
replays the table reaches the same state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from planner.model import Appointment, Break, Patient, Plan, Scenario, Unserved
from planner.model.changes import Changes, ExpertHours, LateArrival, RoomClosure
from planner.model.common import DayHours
from planner.server.store import Event

ARRIVALS = ("checked_in", "no_show")
"""What the desk records of a patient: came, or did not."""

DAY_CHANGES = (
    "walk_in.booked",
    "patient.no_show",
    "patient.late",
    "expert.hours",
    "room.closed",
    "version.published",
)
"""Events that change the day a re-plan starts from: a job older than one of them is stale."""


@dataclass(frozen=True)
class Version:
    """A published version: its day's scenario and its plan."""

    number: int
    scenario: Scenario
    plan: Plan


@dataclass
class WalkIn:
    """A walk-in registered at the desk, its options, and whether it was booked."""

    patient: Patient
    options: dict[str, list[dict[str, Any]]]
    booked: bool = False


@dataclass
class DayState:
    """The day as the events tell it.

    Attributes:
        version: the published version in force.
        scenario: its scenario, with the walk-ins booked since.
        plan: its plan, with the walk-ins' bookings since.
        arrivals: each patient checked in or marked absent, by id.
        progress: each appointment called or done, by (patient, service).
        skipped: how often each appointment was skipped (its queue place drops).
        walk_ins: the walk-ins registered, by id.
        late: when each family said to be late will arrive, by id, since the version.
        hours: experts' new hours since the version, by expert id.
        closures: rooms closed since the version.
        last_change: the id of the last event that changed the day (`DAY_CHANGES`).
        last_event: the id of the last event folded in.
    """

    versions: dict[int, Version]
    version: int = 0
    scenario: Scenario = field(init=False)
    plan: Plan = field(init=False)
    arrivals: dict[str, str] = field(default_factory=dict)
    progress: dict[tuple[str, str], str] = field(default_factory=dict)
    skipped: dict[tuple[str, str], int] = field(default_factory=dict)
    walk_ins: dict[str, WalkIn] = field(default_factory=dict)
    late: dict[str, dt.datetime] = field(default_factory=dict)
    hours: dict[str, list[DayHours]] = field(default_factory=dict)
    closures: list[RoomClosure] = field(default_factory=list)
    last_change: int = 0
    last_event: int = 0

    def __post_init__(self) -> None:
        self._use(self.version)

    def _use(self, number: int) -> None:
        chosen = self.versions[number]
        self.version = number
        self.scenario = chosen.scenario.model_copy(deep=True)
        self.scenario._base_dir = chosen.scenario.base_dir
        self.plan = chosen.plan.model_copy(deep=True)
        self.hours, self.closures, self.late = {}, [], {}

    def apply(self, event: Event) -> None:
        """Fold one event in (events must come in id order)."""
        fold = FOLDS.get(event.what)
        if fold is not None:
            fold(self, event.payload)
        if event.what in DAY_CHANGES:
            self.last_change = event.id
        self.last_event = event.id

    def status(self, a: Appointment) -> str:
        """planned, checked_in, called, done or no_show."""
        step = self.progress.get((a.patient, a.service))
        return step or self.arrivals.get(a.patient, "planned")

    def patient(self, patient_id: str) -> Patient | None:
        """A patient of the day (walk-ins booked included)."""
        return next((p for p in self.scenario.patients if p.id == patient_id), None)

    def changes(self, now: dt.datetime) -> Changes:
        """The changes document of a re-plan at `now`: the no-shows, the late arrivals of
        families not yet checked in, the experts' new hours and the closed rooms since the
        version (booked walk-ins are in the day's scenario and plan already)."""
        no_shows = [p for p, arrival in sorted(self.arrivals.items()) if arrival == "no_show"]
        known = {p.id for p in self.scenario.patients}
        late = [
            LateArrival(patient=p, arrives=arrives)
            for p, arrives in sorted(self.late.items())
            if p in known and self.arrivals.get(p) is None
        ]
        return Changes(
            now=now.replace(tzinfo=None),
            no_shows=[p for p in no_shows if p in known],
            late=late,
            experts=[ExpertHours(id=e, available=h) for e, h in self.hours.items()],
            rooms=list(self.closures),
        )


def day_state(versions: dict[int, Version], events: list[Event]) -> DayState:
    """The day after `events`, starting from version 0."""
    state = DayState(versions)
    for event in events:
        state.apply(event)
    return state


def _arrival(kind: str) -> Any:
    def fold(state: DayState, payload: dict[str, Any]) -> None:
        state.arrivals[payload["patient"]] = kind

    return fold


def _step(kind: str) -> Any:
    def fold(state: DayState, payload: dict[str, Any]) -> None:
        state.progress[(payload["patient"], payload["service"])] = kind

    return fold


def _skip(state: DayState, payload: dict[str, Any]) -> None:
    key = (payload["patient"], payload["service"])
    state.progress.pop(key, None)
    state.skipped[key] = state.skipped.get(key, 0) + 1


def _walk_in_options(state: DayState, payload: dict[str, Any]) -> None:
    patient = Patient.model_validate(payload["walk_in"])
    state.walk_ins[patient.id] = WalkIn(patient, payload["options"])


def _walk_in_booked(state: DayState, payload: dict[str, Any]) -> None:
    walk_in = state.walk_ins[payload["walk_in"]]
    walk_in.booked = True
    state.scenario.patients.append(walk_in.patient.model_copy(deep=True))
    state.plan.appointments += [Appointment.model_validate(a) for a in payload["appointments"]]
    state.plan.unserved += [Unserved.model_validate(u) for u in payload["unserved"]]
    for expert, spans in payload["breaks"].items():
        state.plan.breaks.setdefault(expert, []).extend(Break.model_validate(b) for b in spans)


def _late(state: DayState, payload: dict[str, Any]) -> None:
    state.late[payload["patient"]] = dt.datetime.fromisoformat(payload["arrives"])


def _expert_hours(state: DayState, payload: dict[str, Any]) -> None:
    state.hours[payload["expert"]] = [DayHours.model_validate(h) for h in payload["available"]]


def _room_closed(state: DayState, payload: dict[str, Any]) -> None:
    closed = [DayHours.model_validate(h) for h in payload["closed"]]
    state.closures.append(RoomClosure(venue=payload["venue"], room=payload["room"], closed=closed))


def _published(state: DayState, payload: dict[str, Any]) -> None:
    state._use(payload["version"])


FOLDS = {
    "patient.check_in": _arrival("checked_in"),
    "patient.no_show": _arrival("no_show"),
    "patient.call": _step("called"),
    "patient.done": _step("done"),
    "patient.skip": _skip,
    "patient.late": _late,
    "walk_in.options": _walk_in_options,
    "walk_in.booked": _walk_in_booked,
    "expert.hours": _expert_hours,
    "room.closed": _room_closed,
    "version.published": _published,
}
"""How each kind of event changes the day; the other kinds (logins, jobs) are audit only."""
