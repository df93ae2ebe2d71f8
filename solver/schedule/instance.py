"""The scheduling instance: the scenario turned into jobs, room pools and expert hours.

A *job* is what the model books as one piece: a single need, or a family's block of HLA
draws (one room, back to back, the same experts), which is served whole or not at all.
Siblings who need the same service are separate jobs of one *run* (`Job.run`): those who
are served are seen back to back, and a sibling who cannot fit is left out alone rather
than taking the family's other children with them (`GROUPING_RULES`). Each job carries
the slots where it could start at all (`DOMAIN_RULES`): stays, opening hours, experts.

Identical rooms (same venue, kind and `parallel`, not a course hall) form one *pool*:
the model only counts how many are in use, and rooms are assigned after the solve. This
removes the symmetry between identical rooms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from planner.model import Expert, Patient, Room, Scenario, Service, Training, Venue
from planner.model.spans import intersect, merge, minus
from planner.model.words import gettext as _
from solver.schedule.grid import Grid, Spans, first_date, shift, starts


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
    problem_code: str = ""
    """The reason code of `problem` (`PROBLEM_CODES`), stable across languages."""
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


Group = tuple[Service, list[Patient], str | None]
"""Who is booked together for which service, and the sibling run they belong to."""


def _groups(scenario: Scenario) -> list[Group]:
    """Every family's needs as jobs: the first grouping rule that applies decides."""
    families: dict[str, list[Patient]] = defaultdict(list)
    for patient in scenario.patients:
        families[patient.family].append(patient)
    groups: list[Group] = []
    for family, members in families.items():
        for service in scenario.services:
            # Someone who did not come is left out of the family's block and run, alone.
            absent = [p for p in members if service.id in p.needs and p.absent]
            groups += [(service, [p], None) for p in absent]
            wanting = [p for p in members if service.id in p.needs and not p.absent]
            if wanting:
                groups += next(
                    found
                    for rule in GROUPING_RULES
                    if (found := rule(scenario, family, service, wanting)) is not None
                )
    return groups


GroupingRule = Callable[[Scenario, str, Service, list[Patient]], list[Group] | None]
"""A rule built into the jobs themselves: how a family's members who want one service
are booked, or None when the rule does not apply to them."""


def family_block(
    scenario: Scenario, family: str, service: Service, wanting: list[Patient]
) -> list[Group] | None:
    """A family_block service (HLA) is one job for the whole family: one room, back to
    back, the same experts, served whole or not at all."""
    if service.family_block and scenario.rules.family_block:
        return [(service, wanting, None)]
    return None


def sibling_runs(
    scenario: Scenario, family: str, service: Service, wanting: list[Patient]
) -> list[Group]:
    """One job per person; siblings who want the service share a run (served ones are
    back to back, see `rules.add_siblings_back_to_back`)."""
    children = [p for p in wanting if p.is_child]
    chained = scenario.rules.siblings_back_to_back and len(children) > 1
    run = f"{family}/{service.id}" if chained else None
    return [(service, [p], run if p in children else None) for p in wanting]


GROUPING_RULES: list[GroupingRule] = [family_block, sibling_runs]
"""How needs become jobs, tried in order; the last one always applies."""


def _job(instance: Instance, service: Service, members: list[Patient], run: str | None) -> Job:
    scenario = instance.scenario
    weight = sum(scenario.weights.severity[p.severity] for p in members)
    job_id = f"{service.id}[{','.join(p.id for p in members)}]"
    unit = service.duration_min // scenario.slot_min
    job = Job(job_id, service, members, unit, weight, run=run)
    for rule in DOMAIN_RULES:
        job.problem = rule(instance, job)
        if job.problem:
            job.problem_code = PROBLEM_CODES[rule.__name__]
            job.domain = []  # a job with a static problem gets no variables at all
            break
    return job


DomainRule = Callable[[Instance, Job], str | None]
"""A rule built into a job's start slots: it narrows `job.domain` (and may fill in the
job's pools or experts) and returns the reason, in words, when no start is left."""


def came(instance: Instance, job: Job) -> str | None:
    """Nobody is booked who did not come (a no-show of a re-planned day)."""
    absent = [p for p in job.members if p.absent]
    if not absent:
        return None
    if len(absent) == len(job.members):
        return _("did not come")
    # Reasons reach the call list: name people as the desk knows them, never by their id.
    names = ", ".join(p.name or _("a family member") for p in absent)
    return _("{names} did not come, and the family is seen together", names=names)


def on_the_slot_grid(instance: Instance, job: Job) -> str | None:
    """A service lasts a whole number of slots."""
    slot, service = instance.scenario.slot_min, job.service
    if service.duration_min % slot:
        return _("{service} lasts {duration_min} min, which is not a whole number of "
                 "{slot}-minute slots", service=service.id, duration_min=service.duration_min,
                 slot=slot)  # fmt: skip
    return None


def within_stays(instance: Instance, job: Job) -> str | None:
    """Every member is here for their own part of the job (a family block back to back)."""
    job.domain = _stay_starts(instance, job)
    return None if job.domain else _too_short(instance, job)


def in_open_rooms(instance: Instance, job: Job) -> str | None:
    """The job starts when some room of its kind is open for all of it."""
    job.pools = [p for p in instance.pools if p.kind == job.service.room_kind]
    opened = merge([s for p in job.pools for s in starts(p.open, job.length)])
    job.domain = intersect(job.domain, opened)
    if not job.domain:
        return _("no {room_kind} room is open while {who}", room_kind=job.service.room_kind,
                 who=_who(instance, job))  # fmt: skip
    return None


def experts_on_duty(instance: Instance, job: Job) -> str | None:
    """For each skill, the job starts when some expert who has it is on duty for all of it."""
    for skill in job.service.needs:
        able = [e for e in instance.scenario.experts if skill in e.skills]
        on_duty = [
            e for e in able if intersect(job.domain, starts(instance.available[e.id], job.length))
        ]
        if not on_duty:
            return _("no expert with skill '{skill}' is on duty while {who}", skill=skill,
                     who=_who(instance, job))  # fmt: skip
        job.experts[skill] = on_duty
        job.domain = intersect(
            job.domain,
            merge([s for e in on_duty for s in starts(instance.available[e.id], job.length)]),
        )
    return None


def distinct_experts(instance: Instance, job: Job) -> str | None:
    """A different expert for each skill the service needs, all on duty together."""
    service = job.service
    if not one_each(service.needs, {k: [e.id for e in es] for k, es in job.experts.items()}):
        return _("{service} needs {count} different experts for {skills}, and no such team is "
                 "on duty while {who}", service=service.id, count=len(service.needs),
                 skills=", ".join(service.needs), who=_who(instance, job))  # fmt: skip
    if not job.domain:
        return _("the experts for {service} are not on duty together while {who}",
                 service=service.id, who=_who(instance, job))  # fmt: skip
    return None


DOMAIN_RULES: list[DomainRule] = [
    came,
    on_the_slot_grid,
    within_stays,
    in_open_rooms,
    experts_on_duty,
    distinct_experts,
]
"""The rules built into every job's start slots, in the order they narrow them. A job
whose slots run out never gets variables; its rule's reason is why its needs go unserved."""

PROBLEM_CODES = {
    "came": "did_not_come",
    "on_the_slot_grid": "off_the_slot_grid",
    "within_stays": "stay_too_short",
    "in_open_rooms": "no_room_open",
    "experts_on_duty": "no_expert_on_duty",
    "distinct_experts": "no_team_on_duty",
}
"""Each domain rule's reason code in `plan.json` (docs/outputs-and-maps.md)."""


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
        return _("the stay is shorter than the {minutes}-minute {service}", minutes=minutes,
                 service=job.service.id)  # fmt: skip
    return _("the family's {count} {service} appointments back to back ({minutes} min) do not "
             "fit in the time they are all here", count=len(job.members), service=job.service.id,
             minutes=minutes)  # fmt: skip


def _who(instance: Instance, job: Job) -> str:
    """`the patient is here (09:00–12:00)`, or the family, with the hours they are here."""
    grid = instance.grid
    spans = [s for p in job.members for s in instance.stays[p.id]]
    alone = len(job.members) == 1
    if not spans:
        return _("the patient is here") if alone else _("the family is here")
    first, last = min(a for a, _b in spans), max(b for _a, b in spans)
    hours = f"{grid.clock(first)}–{grid.clock(last)}"
    if alone:
        return _("the patient is here ({hours})", hours=hours)
    return _("the family is here ({hours})", hours=hours)


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
                room_open = minus(opened, grid.covering(room.closed))
                pool = Pool(pool_id, venue, room.kind, [room], room.parallel, room_open)
                pools.append(pool)
                by_key[(venue.id, room.id)] = pool
            else:
                grouped[(room.kind, room.parallel, repr(grid.covering(room.closed)))].append(room)
        for (kind, parallel, _hall), rooms in grouped.items():
            closed = grid.covering(rooms[0].closed)
            pool_id = f"{venue.id}/{kind}x{parallel}" + (f"/{rooms[0].id}" if closed else "")
            pools.append(Pool(pool_id, venue, kind, rooms, parallel, minus(opened, closed)))
    hall_pools = {t: [by_key[(v.id, r.id)] for v, r in pairs] for t, pairs in halls.items()}
    return pools, hall_pools


def _hall_fits(training: Training, venue: Venue, room: Room) -> bool:
    right_venue = training.venue in (None, venue.id)
    seats = room.seats is not None and room.seats >= training.expected
    return right_venue and room.kind == training.room_kind and seats
