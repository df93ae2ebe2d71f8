"""The published plan inside the re-planning model: its hint, and what departing from it costs.

Each job that the published plan booked has a `Published` placing in slots. The model
starts from those placings that still fit (the hint), counts the published bookings it
drops (`dropped_published`) and how far the others depart from it (`departures`): an
appointment moved in time, to another room pool or to another expert counts
`MOVE_WEIGHT`, plus one per minute it moved. Rooms within a pool are handed out after the
solve, each booking back in its published room when that room is free.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.model import Appointment, History, Scenario, TrainingSession
from planner.model.spans import within
from solver.schedule.extract import Booked
from solver.schedule.grid import starts
from solver.schedule.instance import Pool
from solver.schedule.variables import JobVars, TrainingVars, Variables

MOVE_WEIGHT = 24 * 60
"""What changing one appointment (its time, room or experts) costs, in minutes of time
moved: more than any move in time, so the count of changes comes first and the minutes
only choose between plans with as many changes (another expert at the same time before
the same expert later)."""

Hints = list[tuple[cp_model.IntVar, int]]


@dataclass(frozen=True)
class Published:
    """Where and when the published plan had a job: start slot, experts by skill, pool, room."""

    start: int
    experts: dict[str, str]
    pool: str | None
    room: str


@dataclass
class Keep:
    """The published placings of the jobs and courses still to plan, by their ids."""

    jobs: dict[str, Published] = field(default_factory=dict)
    trainings: dict[str, Published] = field(default_factory=dict)
    lunches: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    unfit: int = 0
    """Published appointments of patients still here that can no longer stay as they are:
    the fewest changes any re-plan must make."""


def published_placings(
    v: Variables, appointments: list[Appointment], sessions: list[TrainingSession], breaks: dict
) -> Keep:
    """The published placing of every job whose members all had an appointment."""
    scenario = v.instance.scenario
    pools = {(p.venue.id, r.id): p.id for p in v.instance.pools for r in p.rooms}
    booked = {(a.patient, a.service): a for a in appointments}
    keep = Keep()
    for jv in v.jobs:
        own = [booked.get((p.id, jv.job.service.id)) for p in jv.job.members]
        found = [a for a in own if a is not None]
        if len(found) != len(own):
            continue
        first = min(found, key=lambda a: a.start)
        keep.jobs[jv.job.id] = Published(
            slot(v, first.start), _by_skill(scenario, jv.job.service.needs, first.experts),
            pools.get((first.venue, first.room)), first.room,
        )  # fmt: skip
    fitting = sum(len(jv.job.members) for jv in v.jobs
                  if jv.job.id in keep.jobs and _fits(v, jv, keep.jobs[jv.job.id]))  # fmt: skip
    present = {p.id for p in scenario.patients if not p.absent}
    keep.unfit = sum(a.patient in present for a in appointments) - fitting
    for t in sessions:
        training = next((x for x in scenario.trainings if x.id == t.training), None)
        if training is not None:
            keep.trainings[t.training] = Published(
                slot(v, t.start), _by_skill(scenario, training.lecturers, t.lecturers),
                pools.get((t.venue, t.room)), t.room,
            )  # fmt: skip
    for expert, items in breaks.items():
        for b in items:
            keep.lunches[(expert, scenario.localize(b.start).date())] = slot(v, b.start)
    return keep


def slot(v: Variables, moment: dt.datetime) -> int:
    """The slot at which a moment falls (rounded down onto the grid)."""
    local = v.instance.scenario.localize(moment)
    return v.instance.grid.floor(local.date(), local.hour * 60 + local.minute)


def _by_skill(scenario: Scenario, skills: list[str], people: list[str]) -> dict[str, str]:
    """Which of `people` covered which skill (in the plan's order when it fits)."""
    experts = {e.id: e for e in scenario.experts}
    out: dict[str, str] = {}
    for skill, person in zip(skills, people, strict=False):
        if person in experts and skill in experts[person].skills:
            out[skill] = person
    return out


def hint(v: Variables, keep: Keep) -> Hints:
    """The published placings that still fit, as CP-SAT's starting point; the rest off."""
    hints: Hints = []
    for jv in v.jobs:
        placed = keep.jobs.get(jv.job.id)
        fits = placed is not None and _fits(v, jv, placed)
        hints.append((jv.present, int(fits)))
        if placed is None or not fits:
            continue
        hints.append((jv.start, placed.start))
        hints += [(lit, int(placed.experts.get(s) == e)) for (s, e), lit in jv.assign.items()]
        hints += [(lit, int(pool == placed.pool)) for pool, lit in jv.pools.items()]
    for tv in v.trainings:
        placed = keep.trainings.get(tv.training.id)
        if placed is not None:
            hints.append((tv.start, placed.start))
            hints += [(lit, int(placed.experts.get(s) == e)) for (s, e), lit in tv.lecturer.items()]
            hints += [(lit, int(pool == placed.pool)) for pool, lit in tv.halls.items()]
    for lunch in v.lunches:
        start = keep.lunches.get((lunch.expert.id, lunch.day))
        if start is not None:
            hints.append((lunch.start, start))
    # A job with one room pool uses its presence literal as the pool's: hint it once.
    return list({var.index: (var, val) for var, val in reversed(hints)}.values())


def _fits(v: Variables, jv: JobVars, placed: Published) -> bool:
    """Whether the published placing keeps every rule of the day as it now is."""
    length = jv.job.length
    if not within(jv.job.domain, placed.start) or placed.pool not in jv.pools:
        return False
    pool = next(p for p in v.instance.pools if p.id == placed.pool)
    if not within(starts(pool.open, length), placed.start):
        return False
    for skill in jv.job.service.needs:
        expert = placed.experts.get(skill)
        if expert is None or (skill, expert) not in jv.assign:
            return False
        if not within(starts(v.instance.available[expert], length), placed.start):
            return False
    return True


def dropped_published(v: Variables, keep: Keep) -> cp_model.LinearExprT:
    """Published appointments (one per family member) that the new plan does not keep.

    Those whose published placing still fits count more than all the others together: when
    not every booking can stay, the ones the changes hit go first.
    """
    published = [jv for jv in v.jobs if jv.job.id in keep.jobs]
    fitting = [jv for jv in published if _fits(v, jv, keep.jobs[jv.job.id])]
    hit = [jv for jv in published if jv not in fitting]
    first = 1 + sum(len(jv.job.members) for jv in hit)
    dropped = [first * len(jv.job.members) * (1 - jv.present) for jv in fitting]
    return sum(dropped) + sum(len(jv.job.members) * (1 - jv.present) for jv in hit)


@dataclass
class Departures:
    """How far a plan departs from the published one: bookings moved (one per family
    member), and minutes moved."""

    moved: cp_model.LinearExpr
    minutes: cp_model.LinearExpr
    most: int
    """The most bookings that can move: one more move never outweighs `most` + 1 of
    anything counted above it."""

    @property
    def changes(self) -> cp_model.LinearExpr:
        """What departing costs: `MOVE_WEIGHT` per move, plus the minutes moved."""
        return MOVE_WEIGHT * self.moved + self.minutes


def departures(v: Variables, keep: Keep) -> Departures:
    """The moves and minutes moved of every published job and course still to plan."""
    slot_min = v.instance.scenario.slot_min
    moved, minutes, most = [], [], 0
    for item, placed, name, members in _published_items(v, keep):
        move, shift = _departure(v, name, item, placed)
        moved.append(members * move)
        minutes.append(members * slot_min * shift)
        most += members
    return Departures(cp_model.LinearExpr.sum(moved), cp_model.LinearExpr.sum(minutes), most)


def _published_items(
    v: Variables, keep: Keep
) -> list[tuple[JobVars | TrainingVars, Published, str, int]]:
    items: list[tuple[JobVars | TrainingVars, Published, str, int]] = []
    for jv in v.jobs:
        if (placed := keep.jobs.get(jv.job.id)) is not None:
            items.append((jv, placed, jv.job.id, len(jv.job.members)))
    for tv in v.trainings:
        if (placed := keep.trainings.get(tv.training.id)) is not None:
            items.append((tv, placed, f"training:{tv.training.id}", 1))
    return items


def _departure(
    v: Variables, name: str, item: JobVars | TrainingVars, placed: Published
) -> tuple[cp_model.IntVar, cp_model.IntVar]:
    """Whether the item moved (time, experts or room pool), and by how many slots."""
    model = v.model
    present = item.present if isinstance(item, JobVars) else item.required
    people = item.assign if isinstance(item, JobVars) else item.lecturer
    pools = item.pools if isinstance(item, JobVars) else item.halls
    moved = model.new_bool_var(f"moved[{name}]")
    shift = model.new_int_var(0, 10 * v.instance.grid.per_day, f"shift[{name}]")
    model.add(item.start == placed.start).only_enforce_if([moved.negated(), present])
    model.add(shift >= item.start - placed.start).only_enforce_if(present)
    model.add(shift >= placed.start - item.start).only_enforce_if(present)
    for skill, expert in placed.experts.items():
        lit = people.get((skill, expert))
        model.add(moved >= present - lit if lit is not None else moved >= present)
    pool = pools.get(placed.pool) if placed.pool else None
    model.add(moved >= present - pool if pool is not None else moved >= present)
    return moved, shift


def keep_rooms(v: Variables, booked: list[Booked], keep: Keep, history: History) -> list[str]:
    """The room of each booking, the published one wherever it can be.

    The history's bookings after `now` hold their rooms. Bookings kept at their published
    time and pool go back to their published rooms first, then the others take free rooms
    in order of start. Should that leave one without a room (kept bookings can split a
    pool's free time), all go in order of start instead, the published room first when it
    is free: in that order a free room always exists while the pool's count fits (as in
    `rooms.lanes`).
    """
    held: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for a in history.appointments:
        held[a.room].append((slot(v, a.start), slot(v, a.end)))
    unchanged = [
        i
        for i, b in enumerate(booked)
        if (placed := keep.jobs.get(b.jv.job.id)) is not None
        and (placed.start, placed.pool) == (b.start, b.pool)
    ]
    rest = [i for i in range(len(booked)) if i not in set(unchanged)]
    rooms = _hand_out(v, booked, keep, held, unchanged + rest)
    return rooms or _hand_out(v, booked, keep, held, list(range(len(booked))), fallback=True) or []


def _hand_out(v: Variables, booked: list[Booked], keep: Keep,
              held: dict[str, list[tuple[int, int]]], order: list[int],
              fallback: bool = False) -> list[str] | None:  # fmt: skip
    """Rooms for the bookings taken in `order`; None when one finds no free room."""
    pools = {p.id: p for p in v.instance.pools}
    busy = {room: list(spans) for room, spans in held.items()}
    rooms = [""] * len(booked)
    for i in order:
        b = booked[i]
        pool, end = pools[b.pool], b.start + b.jv.job.length
        placed = keep.jobs.get(b.jv.job.id)
        room = _free_room(pool, busy, [placed.room] if placed else [], b.start, end)
        if room is None and not fallback:
            return None
        rooms[i] = room or pool.rooms[0].id
        busy.setdefault(rooms[i], []).append((b.start, end))
    return rooms


def _free_room(
    pool: Pool, busy: dict[str, list[tuple[int, int]]], wanted: list[str], start: int, end: int
) -> str | None:
    def load(room: str) -> int:
        return sum(1 for a, b in busy.get(room, []) if a < end and start < b)

    free = [r.id for r in pool.rooms if load(r.id) < pool.parallel]
    return next((r for r in wanted if r in free), free[0] if free else None)
