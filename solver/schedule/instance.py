"""The scheduling instance: the scenario turned into jobs, room pools and expert hours.

A *job* is what the model books as one piece: a single need, or a family's block of HLA
draws (one room, back to back, the same experts), which is served whole or not at all.
Siblings who need the same service are separate jobs of one *run* (`Job.run`): those who
are served are seen back to back, and a sibling who cannot fit is left out alone rather
than taking the family's other children with them. Each job carries the slots where it
could start at all, so that the model only sees starts that respect stays, opening
hours and someone's availability.

Identical rooms (same venue, kind and `parallel`, not a course hall) form one *pool*:
the model only counts how many are in use, and rooms are assigned after the solve. This
removes the symmetry between identical rooms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from planner.model import Expert, Patient, Room, Scenario, Service, Training, Venue
from solver.schedule.grid import Grid, Spans, first_date, intersect, merge, shift, starts


@dataclass
class Pool:
    """Identical rooms of one venue: capacity is rooms x parallel."""

    id: str
    venue: Venue
    kind: str
    rooms: list[Room]
    parallel: int
    open: Spans

    @property
    def capacity(self) -> int:
        """Appointments the pool holds at once."""
        return len(self.rooms) * self.parallel


@dataclass
class Job:
    """One bookable piece: a service for one patient, or a family's block."""

    id: str
    service: Service
    members: list[Patient]
    unit: int
    weight: int
    domain: Spans = field(default_factory=list)
    pools: list[Pool] = field(default_factory=list)
    experts: dict[str, list[Expert]] = field(default_factory=dict)
    problem: str | None = None
    run: str | None = None
    """Siblings' jobs for one service share a run: the served ones are back to back."""

    @property
    def length(self) -> int:
        """Slots the whole job takes."""
        return self.unit * len(self.members)


@dataclass
class Instance:
    """Everything the model needs, indexed once."""

    scenario: Scenario
    grid: Grid
    jobs: list[Job]
    pools: list[Pool]
    hall_pools: dict[str, list[Pool]]
    available: dict[str, Spans]
    stays: dict[str, Spans]

    def expert(self, expert_id: str) -> Expert:
        """An expert by id."""
        return next(e for e in self.scenario.experts if e.id == expert_id)


def build_instance(scenario: Scenario) -> Instance:
    """Jobs, pools and slot spans of a scenario."""
    grid = Grid(first_date(scenario), scenario.slot_min)
    pools, hall_pools = _pools(scenario, grid)
    available = {e.id: grid.hours(e.available) for e in scenario.experts}
    stays = {p.id: grid.stay(scenario, p.arrives, p.leaves) for p in scenario.patients}
    instance = Instance(scenario, grid, [], pools, hall_pools, available, stays)
    instance.jobs = [_job(instance, *group) for group in _groups(scenario)]
    return instance


def _groups(scenario: Scenario) -> list[tuple[Service, list[Patient], str | None]]:
    """Who is booked together for which service, and which siblings share a run."""
    families: dict[str, list[Patient]] = defaultdict(list)
    for patient in scenario.patients:
        families[patient.family].append(patient)
    groups: list[tuple[Service, list[Patient], str | None]] = []
    for family, members in families.items():
        for service in scenario.services:
            # Someone who did not come is left out of the family's block and run, alone.
            absent = [p for p in members if service.id in p.needs and p.absent]
            groups += [(service, [p], None) for p in absent]
            wanting = [p for p in members if service.id in p.needs and not p.absent]
            if service.family_block and scenario.rules.family_block:
                groups += [(service, wanting, None)] if wanting else []
                continue
            children = [p for p in wanting if p.is_child]
            chained = scenario.rules.siblings_back_to_back and len(children) > 1
            run = f"{family}/{service.id}" if chained else None
            groups += [(service, [p], run if p in children else None) for p in wanting]
    return groups


def _job(instance: Instance, service: Service, members: list[Patient], run: str | None) -> Job:
    scenario = instance.scenario
    weight = sum(scenario.weights.severity[p.severity] for p in members)
    job_id = f"{service.id}[{','.join(p.id for p in members)}]"
    unit = service.duration_min // scenario.slot_min
    job = Job(job_id, service, members, unit, weight, run=run)
    absent = [p.id for p in members if p.absent]
    if absent:
        job.problem = f"{', '.join(absent)} did not come"
        return job
    if service.duration_min % scenario.slot_min:
        job.problem = (
            f"{service.id} lasts {service.duration_min} min, which is not a whole number "
            f"of {scenario.slot_min}-minute slots"
        )
        return job
    domain = _stay_starts(instance, job)
    if not domain:
        job.problem = _too_short(instance, job)
        return job
    job.pools = [p for p in instance.pools if p.kind == service.room_kind]
    opened = merge([s for p in job.pools for s in starts(p.open, job.length)])
    if not intersect(domain, opened):
        job.problem = f"no {service.room_kind} room is open while {_who(instance, job)}"
        return job
    domain = intersect(domain, opened)
    for skill in service.needs:
        able = [e for e in scenario.experts if skill in e.skills]
        fits = [e for e in able if intersect(domain, starts(instance.available[e.id], job.length))]
        if not fits:
            job.problem = f"no expert with skill '{skill}' is on duty while {_who(instance, job)}"
            return job
        job.experts[skill] = fits
        domain = intersect(
            domain, merge([s for e in fits for s in starts(instance.available[e.id], job.length)])
        )
    job.domain = domain
    if not one_each(service.needs, {k: [e.id for e in es] for k, es in job.experts.items()}):
        job.problem = (
            f"{service.id} needs {len(service.needs)} different experts for "
            f"{', '.join(service.needs)}, and no such team is on duty while {_who(instance, job)}"
        )
    elif not domain:
        job.problem = (
            f"the experts for {service.id} are not on duty together while {_who(instance, job)}"
        )
    return job


def one_each(skills: list[str], able: dict[str, list[str]], taken: tuple[str, ...] = ()) -> bool:
    """Whether each skill can go to a different expert among those `able` for it."""
    if not skills:
        return True
    return any(
        one_each(skills[1:], able, (*taken, e)) for e in able.get(skills[0], []) if e not in taken
    )


def _stay_starts(instance: Instance, job: Job) -> Spans:
    """Starts at which every member is present for their own part of the job."""
    domain: Spans | None = None
    for index, patient in enumerate(job.members):
        own = shift(starts(instance.stays[patient.id], job.unit), -index * job.unit)
        domain = own if domain is None else intersect(domain, own)
    return domain or []


def _too_short(instance: Instance, job: Job) -> str:
    minutes = job.length * instance.scenario.slot_min
    if len(job.members) == 1:
        return f"the stay is shorter than the {minutes}-minute {job.service.id}"
    return (
        f"the family's {len(job.members)} {job.service.id} appointments back to back "
        f"({minutes} min) do not fit in the time they are all here"
    )


def _who(instance: Instance, job: Job) -> str:
    """`the patient is here (09:00–12:00)`, or the family, with the hours they are here."""
    grid = instance.grid
    spans = [s for p in job.members for s in instance.stays[p.id]]
    who = "the patient is" if len(job.members) == 1 else "the family is"
    if not spans:
        return f"{who} here"
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    return f"{who} here ({grid.clock(first)}–{grid.clock(last)})"


def _pools(scenario: Scenario, grid: Grid) -> tuple[list[Pool], dict[str, list[Pool]]]:
    """Room pools, and for each training the single-room pools it may use."""
    halls: dict[str, list[tuple[Venue, Room]]] = {
        t.id: [(v, r) for v in scenario.venues for r in v.rooms if _hall_fits(t, v, r)]
        for t in scenario.trainings
    }
    hall_keys = {(v.id, r.id) for pairs in halls.values() for v, r in pairs}
    pools: list[Pool] = []
    by_key: dict[tuple[str, str], Pool] = {}
    for venue in scenario.venues:
        opened = grid.hours(venue.open)
        # Rooms closed at different times are not identical: they go to different pools.
        grouped: dict[tuple[str, int, str], list[Room]] = defaultdict(list)
        for room in venue.rooms:
            if (venue.id, room.id) in hall_keys:
                pool_id = f"{venue.id}/{room.id}"
                room_open = _minus(opened, _closed(grid, room))
                pool = Pool(pool_id, venue, room.kind, [room], room.parallel, room_open)
                pools.append(pool)
                by_key[(venue.id, room.id)] = pool
            else:
                grouped[(room.kind, room.parallel, repr(_closed(grid, room)))].append(room)
        for (kind, parallel, _), rooms in grouped.items():
            closed = _closed(grid, rooms[0])
            pool_id = f"{venue.id}/{kind}x{parallel}" + (f"/{rooms[0].id}" if closed else "")
            pools.append(Pool(pool_id, venue, kind, rooms, parallel, _minus(opened, closed)))
    hall_pools = {t: [by_key[(v.id, r.id)] for v, r in pairs] for t, pairs in halls.items()}
    return pools, hall_pools


def _closed(grid: Grid, room: Room) -> Spans:
    """The slots a room is closed, widened onto the grid (a slot partly closed is closed)."""
    return merge(
        [(grid.floor(c.date, c.start_min), grid.ceil(c.date, c.end_min)) for c in room.closed]
    )


def _minus(spans: Spans, holes: Spans) -> Spans:
    """`spans` without the slots in `holes` (both sorted and disjoint)."""
    out: Spans = []
    for a, b in spans:
        cursor = a
        for lo, hi in holes:
            if lo > cursor:
                out.append((cursor, min(b, lo)))
            cursor = max(cursor, hi)
        if cursor < b:
            out.append((cursor, b))
    return [(a, b) for a, b in out if a < b]


def _hall_fits(training: Training, venue: Venue, room: Room) -> bool:
    right_venue = training.venue in (None, venue.id)
    seats = room.seats is not None and room.seats >= training.expected
    return right_venue and room.kind == training.room_kind and seats
