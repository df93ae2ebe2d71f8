"""A severity-first greedy schedule, used only as CP-SAT's starting hint.

Jobs are taken most valuable first (weight per slot, then the least flexible) and put
at the earliest start where the patients, a room of the pool, a team of free experts and
each expert's lunch still fit. It keeps every hard rule, so CP-SAT starts from a full,
good plan and spends its time improving it rather than finding one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.model import Expert
from planner.model.spans import within
from solver.schedule.buffers import Hour, capped_hours, keeps_buffers
from solver.schedule.instance import Job, one_each
from solver.schedule.variables import JobVars, TrainingVars, Variables

Span = tuple[int, int]
Hints = list[tuple[cp_model.IntVar, int]]
"""(variable, value) pairs for `add_hint`."""


@dataclass
class Book:
    """What the greedy pass has booked so far."""

    expert: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))
    patient: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))
    pool: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))
    seen: Counter = field(default_factory=Counter)
    ends: dict[tuple[str, str], Span] = field(default_factory=dict)
    runs: dict[str, Span] = field(default_factory=dict)
    """Each sibling run's booked span: the next sibling goes right before or after it."""
    work: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))
    """Each expert's appointments alone, which their free minutes per hour count."""
    hours: dict[str, list[Hour]] = field(default_factory=dict)
    """The capped clock hours of experts who keep free minutes (`buffers`)."""


ORDERS: dict[str, Callable[[JobVars], tuple[float, int]]] = {
    "value per slot, least flexible first": lambda jv: (
        -jv.job.weight / jv.job.length,
        _flex(jv.job),
    ),
    "value per slot, leaving first": lambda jv: (
        -jv.job.weight / jv.job.length,
        jv.job.domain[-1][1],
    ),
    "value, least flexible first": lambda jv: (-jv.job.weight, _flex(jv.job)),
}
"""The orders tried; the plan serving the most weight is the hint."""


def greedy_hint(v: Variables) -> Hints:
    """(variable, value) pairs of the best greedy plan, for `add_hint`."""
    plans = [_greedy(v, order) for order in ORDERS.values()]
    return max(plans, key=lambda plan: plan[0])[1]


def _greedy(v: Variables, order: Callable[[JobVars], tuple[float, int]]) -> tuple[int, Hints]:
    """The weight served and the hints of one greedy pass in the given order."""
    book = Book(hours=capped_hours(v.instance))
    hints: Hints = []
    for tv in v.trainings:
        hints += _place_training(v, tv, book)
    served = 0
    for jv in sorted(v.jobs, key=order):
        placed = _place_job(v, jv, book)
        served += jv.job.weight * (placed[0][1] == 1)
        hints += placed
    for lunch in v.lunches:
        start = _lunch_start(v, book, lunch.expert, lunch.day, [])
        if start is not None:
            hints.append((lunch.start, start))
    return served, hints


def _bounds(v: Variables, var: cp_model.IntVar) -> tuple[int, int]:
    """The smallest and largest value in a variable's domain."""
    domain = list(v.model.proto.variables[var.index].domain)
    return domain[0], domain[-1]


def _flex(job: Job) -> int:
    return sum(b - a for a, b in job.domain)


def _clash(spans: list[Span], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def _place_training(v: Variables, tv: TrainingVars, book: Book) -> Hints:
    lo, hi = _bounds(v, tv.start)
    for start in range(lo, hi + 1):
        end = start + tv.length
        halls = [p for p in tv.halls if not _clash(book.pool[p], start, end)]
        able = {
            s: [e for (k, e), _ in tv.lecturer.items() if k == s and _on_duty(v, e, start, end)]
            for s in tv.training.lecturers
        }
        team = _team(tv.training.lecturers, able)
        if halls and team is not None:
            hints: Hints = [(tv.start, start), (tv.halls[halls[0]], 1)]
            for (skill, expert_id), lit in tv.lecturer.items():
                hints.append((lit, int(team.get(skill) == expert_id)))
            for expert_id in team.values():
                book.expert[expert_id].append((start, end))
            capacity = next(p.capacity for p in v.instance.pools if p.id == halls[0])
            book.pool[halls[0]] += [(start, end)] * capacity
            return hints
    return []


def _on_duty(v: Variables, expert_id: str, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in v.instance.available[expert_id])


def _team(skills: list[str], able: dict[str, list[str]]) -> dict[str, str] | None:
    """One distinct expert per skill, preferring those listed first."""
    if not skills:
        return {}
    for expert_id in able.get(skills[0], []):
        rest = {k: [e for e in es if e != expert_id] for k, es in able.items()}
        team = _team(skills[1:], rest)
        if team is not None:
            return {skills[0]: expert_id, **team}
    return None


def _place_job(v: Variables, jv: JobVars, book: Book) -> Hints:
    job = jv.job
    run = book.runs.get(job.run) if job.run else None
    options = (start for lo, hi in job.domain for start in range(lo, hi))
    if run is not None:  # a sibling is booked: right after the run, or right before it
        options = (t for t in (run[1], run[0] - job.length) if within(job.domain, t))
    for start in options:
        placed = _try(v, jv, book, start)
        if placed is not None:
            if job.run:
                end = start + job.length
                book.runs[job.run] = (min(start, run[0]), max(end, run[1])) if run else (start, end)
            return placed
    return [(jv.present, 0)]


def _try(v: Variables, jv: JobVars, book: Book, start: int) -> Hints | None:
    job, end = jv.job, start + jv.job.length
    for index, p in enumerate(job.members):
        own = (start + index * job.unit, start + (index + 1) * job.unit)
        if _clash(book.patient[p.id], *own) or not _order_ok(v, job, p.id, own, book):
            return None
    pool = next((p for p in jv.pools if _pool_free(v, book, p, start, end)), None)
    if pool is None:
        return None
    able = {
        skill: [e.id for e in _by_fewest_skills(experts) if _free(v, book, e, job, start, end)]
        for skill, experts in job.experts.items()
    }
    if not one_each(job.service.needs, able):
        return None
    team = _team(job.service.needs, able)
    assert team is not None
    for expert_id in team.values():
        book.expert[expert_id].append((start, end))
        book.work[expert_id].append((start, end))
        book.seen[(expert_id, v.instance.grid.day_of(start))] += len(job.members)
    for index, p in enumerate(job.members):
        own = (start + index * job.unit, start + (index + 1) * job.unit)
        book.patient[p.id].append(own)
        book.ends[(p.id, job.service.id)] = own
    book.pool[pool].append((start, end))
    hints: Hints = [(jv.present, 1), (jv.start, start)]
    hints += [(lit, int(p == pool)) for p, lit in jv.pools.items() if lit is not jv.present]
    hints += [(lit, int(team[k] == e)) for (k, e), lit in jv.assign.items()]
    return hints


def _order_ok(v: Variables, job: Job, patient_id: str, own: Span, book: Book) -> bool:
    """The patient's booked services keep `after` order with this one, both ways."""
    for before in job.service.after:
        done = book.ends.get((patient_id, before))
        if done is not None and done[1] > own[0]:
            return False
    for other in v.instance.scenario.services:
        if job.service.id in other.after:
            later = book.ends.get((patient_id, other.id))
            if later is not None and later[0] < own[1]:
                return False
    return True


def _pool_free(v: Variables, book: Book, pool_id: str, start: int, end: int) -> bool:
    pool = next(p for p in v.instance.pools if p.id == pool_id)
    spans = book.pool[pool_id]
    return all(sum(a <= t < b for a, b in spans) < pool.capacity for t in range(start, end))


def _by_fewest_skills(experts: list[Expert]) -> list[Expert]:
    return sorted(experts, key=lambda e: len(e.skills))


def _free(v: Variables, book: Book, expert: Expert, job: Job, start: int, end: int) -> bool:
    if not _on_duty(v, expert.id, start, end) or _clash(book.expert[expert.id], start, end):
        return False
    day = v.instance.grid.day_of(start)
    limit = v.instance.scenario.max_patients_for(expert)
    if limit is not None and book.seen[(expert.id, day)] + len(job.members) > limit:
        return False
    hours = book.hours.get(expert.id)
    if hours and not keeps_buffers(
        hours, book.work[expert.id], (start, end), v.instance.grid.slot_min
    ):
        return False
    if v.instance.scenario.lunch_for(expert) is None:
        return True
    return _lunch_start(v, book, expert, day, [(start, end)]) is not None


def _lunch_start(
    v: Variables, book: Book, expert: Expert, day: object, extra: list[Span]
) -> int | None:
    """The earliest start of a free lunch in the window, with `extra` booked too."""
    lunch = next((x for x in v.lunches if x.expert.id == expert.id and x.day == day), None)
    if lunch is None:
        return 0
    lo, hi = _bounds(v, lunch.start)
    taken = [*book.expert[expert.id], *extra]
    for start in range(lo, hi + 1):
        if not _clash(taken, start, start + lunch.length):
            return start
    return None
