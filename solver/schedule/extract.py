"""From solver values to the plan's appointments, trainings and breaks.

Rooms of a pool are identical, so the model only counts them; `rooms.py` hands them out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.model import Appointment, Break, TrainingSession
from solver.schedule.variables import JobVars, TrainingVars, Variables

Value = Callable[[cp_model.LinearExprT], int]


@dataclass(frozen=True)
class Booked:
    """A served job with its chosen start, experts and pool."""

    jv: JobVars
    start: int
    experts: list[str]
    pool: str


def booked_jobs(v: Variables, value: Value) -> list[Booked]:
    """Every served job, in order of start."""
    out = []
    for jv in v.jobs:
        if not value(jv.present):
            continue
        experts = [
            next(e for (s, e), lit in jv.assign.items() if s == skill and value(lit))
            for skill in jv.job.service.needs
        ]
        pool = next(p for p, lit in jv.pools.items() if value(lit))
        out.append(Booked(jv, value(jv.start), experts, pool))
    return sorted(out, key=lambda b: (b.start, b.jv.job.id))


def appointments(v: Variables, booked: list[Booked], rooms: list[str]) -> list[Appointment]:
    """One appointment per member of each booking, in the booking's room."""
    grid, scenario = v.instance.grid, v.instance.scenario
    pools = {p.id: p for p in v.instance.pools}
    out = []
    for b, room in zip(booked, rooms, strict=True):
        for index, patient in enumerate(b.jv.job.members):
            begin = b.start + index * b.jv.job.unit
            appointment = Appointment(
                patient=patient.id, service=b.jv.job.service.id, experts=b.experts,
                venue=pools[b.pool].venue.id, room=room, start=grid.moment(scenario, begin),
                end=grid.moment(scenario, begin + b.jv.job.unit),
            )  # fmt: skip
            out.append(appointment)
    return sorted(out, key=lambda a: (a.start, a.room, a.patient))


def trainings(v: Variables, value: Value) -> list[TrainingSession]:
    """The courses as planned (a course a re-plan had to cancel is left out)."""
    return [_session(v, tv, value) for tv in v.trainings if value(tv.required)]


def _session(v: Variables, tv: TrainingVars, value: Value) -> TrainingSession:
    grid, scenario = v.instance.grid, v.instance.scenario
    start = grid.moment(scenario, value(tv.start))
    lecturers = [
        next(e for (s, e), lit in tv.lecturer.items() if s == skill and value(lit))
        for skill in tv.training.lecturers
    ]
    pool_id = next(p for p, lit in tv.halls.items() if value(lit))
    pool = next(p for p in v.instance.pools if p.id == pool_id)
    return TrainingSession(
        training=tv.training.id, lecturers=lecturers, venue=pool.venue.id, room=pool.rooms[0].id,
        start=start, end=start + dt.timedelta(minutes=tv.training.duration_min),
    )  # fmt: skip


def lunch_breaks(
    v: Variables, value: Value, busy_days: dict[str, set[dt.date]]
) -> dict[str, list[Break]]:
    """Each expert's lunch on the days they work."""
    grid, scenario = v.instance.grid, v.instance.scenario
    out: dict[str, list[Break]] = defaultdict(list)
    for lunch in v.lunches:
        if lunch.day in busy_days.get(lunch.expert.id, set()):
            begin = value(lunch.start)
            out[lunch.expert.id].append(
                Break(
                    start=grid.moment(scenario, begin),
                    end=grid.moment(scenario, begin + lunch.length),
                )
            )
    return dict(out)


def working_days(
    appointments: list[Appointment], sessions: list[TrainingSession]
) -> dict[str, set[dt.date]]:
    """The dates on which each expert has an appointment or a lecture."""
    days: dict[str, set[dt.date]] = defaultdict(set)
    for a in appointments:
        for expert in a.experts:
            days[expert].add(a.start.date())
    for t in sessions:
        for expert in t.lecturers:
            days[expert].add(t.start.date())
    return days
