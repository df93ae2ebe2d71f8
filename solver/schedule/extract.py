"""From solver values to the plan's appointments, trainings and breaks.

Rooms of a pool are identical, so the model only counts them; here each booking gets
its room. Bookings are laid into the pool's lanes (rooms x parallel) in order of start,
which always succeeds when the count never exceeds the lanes (interval graphs need no
more colours than their largest overlap). Among free lanes, the room an expert was last
in comes first, which keeps room changes down.
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


def appointments(v: Variables, booked: list[Booked]) -> tuple[list[Appointment], int]:
    """The appointments with rooms assigned, and how many room changes experts make."""
    grid, scenario = v.instance.grid, v.instance.scenario
    pools = {p.id: p for p in v.instance.pools}
    lanes_free: dict[str, list[int]] = {}
    last_room: dict[str, str] = {}
    changes = 0
    out = []
    for b in booked:
        pool = pools[b.pool]
        free_at = lanes_free.setdefault(pool.id, [-1] * pool.capacity)
        free = [i for i, t in enumerate(free_at) if t <= b.start]
        wanted = {last_room.get(e) for e in b.experts}
        lane = next((i for i in free if pool.rooms[i // pool.parallel].id in wanted), free[0])
        free_at[lane] = b.start + b.jv.job.length
        room = pool.rooms[lane // pool.parallel].id
        for expert in b.experts:
            changes += last_room.get(expert, room) != room
            last_room[expert] = room
        for index, patient in enumerate(b.jv.job.members):
            begin = b.start + index * b.jv.job.unit
            appointment = Appointment(
                patient=patient.id, service=b.jv.job.service.id, experts=b.experts,
                venue=pool.venue.id, room=room, start=grid.moment(scenario, begin),
                end=grid.moment(scenario, begin + b.jv.job.unit),
            )  # fmt: skip
            out.append(appointment)
    return sorted(out, key=lambda a: (a.start, a.room, a.patient)), changes


def trainings(v: Variables, value: Value) -> list[TrainingSession]:
    """The courses as planned."""
    return [_session(v, tv, value) for tv in v.trainings]


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
