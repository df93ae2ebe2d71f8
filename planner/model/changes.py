"""The changes file of `planner replan`: what happened to a clinic day under way.

`apply_changes` turns a scenario and its changes into the scenario of the day as it now
is: walk-ins added, no-shows marked absent, late arrivals moved, experts' hours replaced
and rooms closed. The history (what started before `now`) is added by the re-planner,
which knows the published plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, field_validator

from planner.model.clinic import Patient
from planner.model.common import DayHours, Id, Strict
from planner.model.errors import InputError
from planner.model.plan import Appointment
from planner.model.references import Loc, Problem, format_loc
from planner.model.scenario import Scenario
from planner.model.words import N_
from planner.model.words import gettext as _

VisitState = Literal["visited", "not_home", "refused", "moved"]


class LateArrival(Strict):
    """A patient who comes later than the scenario said."""

    patient: Id
    arrives: dt.datetime


class ExpertHours(Strict):
    """An expert's new hours on site; they replace the scenario's. `[]` means absent."""

    id: Id
    available: list[DayHours]


class RoomClosure(Strict):
    """Spans in which a room cannot be used (a leak, a power cut, lent to another ward)."""

    venue: Id
    room: Id
    closed: list[DayHours] = Field(min_length=1)


class VisitStatus(Strict):
    """What a visiting team found at a household."""

    household: Id
    status: VisitState
    at: dt.datetime | None = None
    note: str = ""
    team: Id | None = None
    day: dt.date | None = None


class Booking(Strict):
    """A walk-in's need booked at the desk (`planner fit --book`): the re-plan keeps it.

    Its times, room and experts are pinned in `planner replan`; when they can no longer
    be kept (an expert gone, a room closed, the patient not here), the need is re-planned
    like any other and the diff says why.
    """

    need: Id = Field(description="the service booked")
    start: dt.datetime
    end: dt.datetime
    venue: Id | None = Field(default=None, description="needed only when rooms share ids")
    room: Id
    experts: list[Id] = Field(min_length=1, description="one per skill, in the service's order")
    option: str | None = Field(default=None, description="the letter the desk offered")


class WalkIn(Patient):
    """A walk-in: a patient as in the scenario, with the bookings the desk promised."""

    booked: list[Booking] = Field(
        default_factory=list, description="needs booked at the desk, kept by the re-plan"
    )

    def patient(self) -> Patient:
        """The walk-in as a patient of the day's scenario."""
        return Patient.model_validate(self.model_dump(exclude={"booked"}))


class StatusFile(Strict):
    """Visit statuses kept in a CSV file exported by the route maps."""

    file: str


class Changes(Strict):
    """Everything that differs from the published plan's scenario, as of `now`."""

    now: dt.datetime = Field(
        description="local time: what started before this stays exactly as it happened"
    )
    walk_ins: list[WalkIn] = Field(
        default_factory=list,
        description="patients, as in the scenario; `booked`: what the desk promised them",
    )
    no_shows: list[Id] = Field(
        default_factory=list,
        description="patients who did not come: their open needs are released",
    )
    late: list[LateArrival] = Field(default_factory=list)
    experts: list[ExpertHours] = Field(default_factory=list)
    rooms: list[RoomClosure] = Field(default_factory=list)
    visits: list[VisitStatus | StatusFile] = Field(
        default_factory=list, description="statuses, or `{file: status.csv}` entries"
    )

    @field_validator("walk_ins", mode="before")
    @classmethod
    def _patients(cls, value: Any) -> Any:
        """Patients of the scenario's kind are walk-ins with nothing booked."""
        if not isinstance(value, list):
            return value
        return [
            v.model_dump() if isinstance(v, Patient) and not isinstance(v, WalkIn) else v
            for v in value
        ]

    @field_validator("visits", mode="before")
    @classmethod
    def _one_file(cls, value: Any) -> Any:
        """`visits: {file: status.csv}` is a list of one file."""
        return [value] if isinstance(value, dict) else value


def change_problems(scenario: Scenario, changes: Changes) -> list[Problem]:
    """Every reference in `changes` that does not fit `scenario`, at its key path."""
    patients = {p.id for p in scenario.patients}
    problems = _now_problems(scenario, changes)
    problems += _walk_in_problems(scenario, changes, patients)
    for i, patient in enumerate(changes.no_shows):
        problems += _unknown(("no_shows", i), N_("patient"), patient, patients)
    leaves = {p.id: scenario.localize(p.leaves) for p in scenario.patients}
    for i, late in enumerate(changes.late):
        problems += _unknown(("late", i, "patient"), N_("patient"), late.patient, patients)
        if late.patient in leaves and scenario.localize(late.arrives) >= leaves[late.patient]:
            message = (
                f"{late.patient} arrives at {late.arrives:%Y-%m-%d %H:%M}, not before "
                f"leaving at {leaves[late.patient]:%Y-%m-%d %H:%M}"
            )
            problems.append(Problem(("late", i, "arrives"), message))
    experts = {e.id for e in scenario.experts}
    for i, hours in enumerate(changes.experts):
        problems += _unknown(("experts", i, "id"), N_("expert"), hours.id, experts)
    venues = {v.id: {r.id for r in v.rooms} for v in scenario.venues}
    for i, closure in enumerate(changes.rooms):
        if closure.venue not in venues:
            problems += _unknown(("rooms", i, "venue"), N_("venue"), closure.venue, set(venues))
        else:
            rooms = venues[closure.venue]
            problems += _unknown(("rooms", i, "room"), N_("room"), closure.room, rooms)
    households = {h.id for h in scenario.visits.households} if scenario.visits else set()
    for i, status in enumerate(changes.visits):
        if isinstance(status, VisitStatus):
            loc = ("visits", i, "household")
            problems += _unknown(loc, "household", status.household, households)
    return problems


def _now_problems(scenario: Scenario, changes: Changes) -> list[Problem]:
    days = sorted({*scenario.clinic_dates(), *(scenario.visits.days if scenario.visits else [])})
    if scenario.localize(changes.now).date() in days:
        return []
    shown = ", ".join(day.isoformat() for day in days) or "none"
    message = f"{changes.now:%Y-%m-%d %H:%M} is not on a day of the stop ({shown})"
    return [Problem(("now",), message)]


def _walk_in_problems(scenario: Scenario, changes: Changes, patients: set[str]) -> list[Problem]:
    services = {s.id for s in scenario.services}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, walk_in in enumerate(changes.walk_ins):
        loc: Loc = ("walk_ins", i, "id")
        if walk_in.id in patients:
            problems.append(
                Problem(loc, _("patient id '{id}' is already in the scenario", id=walk_in.id))
            )
        elif walk_in.id in seen:
            first = format_loc(("walk_ins", seen[walk_in.id]))
            problems.append(
                Problem(
                    loc,
                    _("duplicate walk-in id '{id}' (first at {first})", id=walk_in.id, first=first),
                )
            )
        seen.setdefault(walk_in.id, i)
        for j, need in enumerate(walk_in.needs):
            problems += _unknown(("walk_ins", i, "needs", j), N_("service"), need, services)
        for j, booking in enumerate(walk_in.booked):
            problems += _booking_problems(scenario, walk_in, booking, ("walk_ins", i, "booked", j))
    return problems


def _booking_problems(
    scenario: Scenario, walk_in: WalkIn, booking: Booking, loc: Loc
) -> list[Problem]:
    """A booking of a need the walk-in has, once, in a room and with experts that exist,
    as long as the service lasts."""
    if booking.need not in walk_in.needs:
        message = (
            f"'{booking.need}' is not one of {walk_in.id}'s needs ({', '.join(walk_in.needs)})"
        )
        return [Problem((*loc, "need"), message)]
    if [b.need for b in walk_in.booked].index(booking.need) != loc[-1]:
        return [Problem((*loc, "need"), _("'{need}' is booked twice", need=booking.need))]
    problems: list[Problem] = []
    venues = [v for v in scenario.venues if booking.venue in (None, v.id)]
    if booking.venue is not None and not venues:
        problems += _unknown(
            (*loc, "venue"), N_("venue"), booking.venue, {v.id for v in scenario.venues}
        )
    elif not any(r.id == booking.room for v in venues for r in v.rooms):
        problems += _unknown(
            (*loc, "room"), N_("room"), booking.room, {r.id for v in venues for r in v.rooms}
        )
    experts = {e.id for e in scenario.experts}
    for k, expert in enumerate(booking.experts):
        problems += _unknown((*loc, "experts", k), N_("expert"), expert, experts)
    service = next((s for s in scenario.services if s.id == booking.need), None)
    length = scenario.localize(booking.end) - scenario.localize(booking.start)
    if service is not None and length != dt.timedelta(minutes=service.duration_min):
        minutes = int(length.total_seconds() // 60)
        message = f"lasts {minutes} min, but {service.id} takes {service.duration_min} min"
        problems.append(Problem((*loc, "end"), message))
    return problems


def booked_appointments(scenario: Scenario, changes: Changes) -> list[Appointment]:
    """The walk-ins' bookings as appointments in the scenario's time zone (the changes
    checked against the scenario already)."""
    booked = []
    for walk_in in changes.walk_ins:
        for b in walk_in.booked:
            venue = b.venue or next(
                v.id for v in scenario.venues if any(r.id == b.room for r in v.rooms)
            )
            booked.append(Appointment(
                patient=walk_in.id, service=b.need, experts=list(b.experts), venue=venue,
                room=b.room, start=scenario.localize(b.start), end=scenario.localize(b.end),
            ))  # fmt: skip
    return booked


def _unknown(loc: Loc, kind: str, value: str, known: set[str]) -> list[Problem]:
    if value in known:
        return []
    ordered = sorted(known)
    shown = ", ".join(ordered[:6]) + (", ..." if len(ordered) > 6 else "")
    return [
        Problem(
            loc,
            _(
                "unknown {kind} '{value}' (known: {listed})",
                kind=_(kind),
                value=value,
                listed=shown or _("none"),
            ),
        )
    ]


def apply_changes(scenario: Scenario, changes: Changes) -> Scenario:
    """The scenario of the day as it now is (without its history).

    Raises:
        InputError: a reference in `changes` does not fit the scenario.
    """
    problems = change_problems(scenario, changes)
    if problems:
        raise InputError([f"changes: {p.path}: {p.message}" for p in problems])
    day = scenario.model_copy(deep=True)
    day._base_dir = scenario.base_dir
    absent = set(changes.no_shows)
    late = {entry.patient: entry.arrives for entry in changes.late}
    for patient in day.patients:
        patient.absent = patient.absent or patient.id in absent
        if patient.id in late:
            _arrive_late(day, patient, late[patient.id])
    day.patients += [walk_in.patient() for walk_in in changes.walk_ins]
    hours = {entry.id: entry.available for entry in changes.experts}
    for expert in day.experts:
        if expert.id in hours:
            expert.available = [span.model_copy() for span in hours[expert.id]]
    for closure in changes.rooms:
        venue = next(v for v in day.venues if v.id == closure.venue)
        room = next(r for r in venue.rooms if r.id == closure.room)
        room.closed = [*room.closed, *(span.model_copy() for span in closure.closed)]
    return day


def _arrive_late(day: Scenario, patient: Patient, arrives: dt.datetime) -> None:
    if day.localize(arrives) >= day.localize(patient.leaves):
        raise InputError(
            _(
                "changes: late: patient '{id}' arrives at {arrives:%Y-%m-%d %H:%M}, "
                "not before leaving at {leaves:%Y-%m-%d %H:%M}",
                id=patient.id,
                arrives=arrives,
                leaves=patient.leaves,
            )
        )
    patient.arrives = arrives
