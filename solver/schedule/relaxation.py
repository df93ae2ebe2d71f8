"""A time-indexed relaxation of the first level: an upper bound on the weight served.

Every job, lunch and course gets one variable per start slot. In every slot each expert
does at most one thing (likewise each patient, and each room kind up to its rooms), each
expert sees at most their daily limit of patients, and a service that must follow
another for the same patient starts after it ends (and, if asked, two served siblings of
a run are apart but within the run's length of each other). Every plan of the real model
is a solution of it, so its optimum, and the optimum of its linear relaxation, bound
what any plan serves. It drops the rest of siblings seen back to back, the order of a
family's draws and the rooms' identities.

Who does the work is kept in one of two ways. *By expert*: each skill a job needs is
shared out, as fractions, among the experts with the skill on duty for the whole of it.
*Pooled*: in every slot the work needing a group of skills is counted against the
experts of the group on duty then, which lends one expert's unused daily limit or hours
to another. By expert is tighter (the hard 120-patient day of seed 1: 538.3 against
539.7) but has a variable per job, start and able expert: it is built while those stay
within `RELAXATION_MAX_SHARES`.

CP-SAT's own bound comes from pooled cumulatives per day, whose energy reasoning loses
the slot structure; on two-day stops this LP is far tighter (`rules.add_relaxation_bound`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.linear_solver.pywraplp import Variable as Var

from planner.model.spans import inside, within
from solver.highs import Found, HighsProcess
from solver.limits import RELAXATION_MAX_SHARES
from solver.schedule.instance import Instance, Job
from solver.schedule.variables import course_window, lunch_window

Cover = dict[int, list[tuple[Var, int]]]
"""Per slot: (start variable, how many units it takes) of everything covering the slot."""

INFINITY = math.inf


@dataclass(frozen=True)
class ZeroOne:
    """What HiGHS found on the 0-1 model (`Relaxation.integer_solve`)."""

    bound: int | None
    """The most weight served that it proved (rounded down: weights are whole); None
    when it proved none."""
    starts: dict[str, int]
    """Its best plan: the start slot of each job served, by id (empty: no plan)."""


class Relaxation:
    """The time-indexed relaxation of one scenario's first level."""

    def __init__(
        self, instance: Instance, integer: bool = False, by_expert: bool | None = None,
        siblings: bool = False,
    ) -> None:  # fmt: skip
        """Build it: the linear relaxation (GLOP), or with `integer` the 0-1 model (SCIP,
        which proved the hard 120-patient day of seed 1 optimal in 26 s, where CP-SAT
        proved only 613 in 120 s);
        by expert, pooled, or (None) by expert when it is small enough; with `siblings`,
        two served siblings of a run apart and within the run's length of each other.

        The planner's LP is built without `siblings` (they moved none of its bounds
        measured) and its 0-1 model for HiGHS with them, so that HiGHS's plans are plans
        of the real model more often (`guided.HighsBeside`)."""
        self.instance = instance
        self.integer = integer
        self.model = pywraplp.Solver.CreateSolver("SCIP" if integer else "GLOP")
        self.jobs = [job for job in self.instance.jobs if not job.problem]
        if by_expert is None:
            by_expert = _shares(instance, self.jobs) <= RELAXATION_MAX_SHARES
        self.by_expert = by_expert
        self.skills: dict[frozenset, Cover] = {}
        if not by_expert:
            needs = [job.service.needs for job in self.jobs]
            self.skills = {frozenset([s]): defaultdict(list) for n in needs for s in n}
            self.skills |= {frozenset(n): defaultdict(list) for n in needs if n}
        self.experts: dict[str, Cover] = defaultdict(lambda: defaultdict(list))
        self.seen: dict[tuple[str, dt.date], list[tuple[Var, int]]] = defaultdict(list)
        self.patients: dict[str, Cover] = defaultdict(lambda: defaultdict(list))
        self.rooms: dict[str, Cover] = defaultdict(lambda: defaultdict(list))
        self.served: list[tuple[Job, Var]] = []
        self.starts: dict[str, dict[int, Var]] = {}
        for job in self.jobs:
            self._job(job)
        self._mandatory()
        self._capacities()
        self._after_order()
        if siblings:
            self._siblings_back_to_back()

    def _var(self, name: str) -> Var:
        return self.model.Var(0, 1, self.integer, name)

    def _starts(
        self, slots: list[int], skills: list[str], length: int, name: str, on: float | None,
        patients: int = 0,
    ) -> dict[int, Var]:  # fmt: skip
        """A variable per start slot at which each of `skills` has an expert on duty for
        all `length` slots, staffed (`_staff`) and counting `patients` towards daily
        limits; they sum to `on` (or to at most 1)."""
        starts = {}
        for t in slots:
            able = [self._able(skill, t, length) for skill in skills]
            if all(able):
                starts[t] = lit = self._var(f"{name}@{t}")
                self._staff(
                    lit, f"{name}@{t}", t, length, list(zip(skills, able, strict=True)), patients
                )
        _at_most(self.model, [(x, 1) for x in starts.values()], on if on is not None else 1)
        if on is not None:
            _at_least(self.model, [(x, 1) for x in starts.values()], on)
        return starts

    def _able(self, skill: str, start: int, length: int) -> list[str]:
        """The experts with `skill` on duty from `start` for `length` slots."""
        available = self.instance.available
        return [
            e.id
            for e in self.instance.scenario.experts
            if skill in e.skills and inside((start, start + length), available[e.id])
        ]

    def _staff(
        self, lit: Var, name: str, start: int, length: int, able: list[tuple[str, list[str]]],
        patients: int,
    ) -> None:  # fmt: skip
        """By expert, each skill shared among its able experts, each share counting
        towards that expert's slots and daily patients; pooled, one unit per skill
        against each group of skills that holds it."""
        if not self.by_expert:
            for group, cover in self.skills.items():
                if units := sum(1 for skill, _ in able if skill in group):
                    _cover(cover, lit, start, length, units)
            return
        day = self.instance.grid.day_of(start)
        for skill, experts in able:
            shares = [(self._var(f"{name},{skill}:{e}"), e) for e in experts]
            _equal(self.model, [(x, 1) for x, _ in shares] + [(lit, -1)], 0)
            for share, expert_id in shares:
                _cover(self.experts[expert_id], share, start, length, 1)
                if patients:
                    self.seen[(expert_id, day)].append((share, patients))

    def _job(self, job: Job) -> None:
        slots = [t for a, b in job.domain for t in range(a, b)]
        needs, members = list(job.service.needs), len(job.members)
        starts = self._starts(slots, needs, job.length, job.id, None, members)
        self.starts[job.id] = starts
        served = self._var(f"serve[{job.id}]")
        _equal(self.model, [(x, 1) for x in starts.values()] + [(served, -1)], 0)
        self.served.append((job, served))
        for t, lit in starts.items():
            for index, member in enumerate(job.members):
                _cover(self.patients[member.id], lit, t + index * job.unit, job.unit, 1)
            _cover(self.rooms[job.service.room_kind], lit, t, job.length, 1)

    def _mandatory(self) -> None:
        """Each expert's lunch on each of their dates (counted only while on duty), and
        each course with a lecturer per listed skill, forced on."""
        scenario, grid = self.instance.scenario, self.instance.grid
        for expert in scenario.experts:
            rule = scenario.lunch_for(expert)
            covers = [self.experts[expert.id]] if self.by_expert else [
                cover for group, cover in self.skills.items() if group & set(expert.skills)
            ]  # fmt: skip
            for day in sorted({h.date for h in expert.available}) if rule else []:
                assert rule is not None
                lo, hi = lunch_window(grid, rule, day)
                slots, name = list(range(lo, hi + 1)), f"lunch[{expert.id},{day}]"
                starts = self._starts(slots, [], 0, name, 1)  # no skills: every slot
                on_duty = self.instance.available[expert.id]
                for t, lit in starts.items():
                    for slot in range(t, t + grid.slots(rule.duration_min)):
                        for cover in covers if within(on_duty, slot) else []:
                            cover[slot].append((lit, 1))
        for training in scenario.trainings:
            lo, hi = course_window(grid, training)
            length = grid.slots(training.duration_min)
            slots = list(range(lo, hi + 1))
            self._starts(slots, list(training.lecturers), length, f"course[{training.id}]", 1)

    def _capacities(self) -> None:
        """Each expert one thing at a time (pooled: each group of skills within its
        experts on duty) and their patients within their daily limits; patients one at
        a time, rooms per kind."""
        scenario, available = self.instance.scenario, self.instance.available
        for cover in self.experts.values():
            for terms in cover.values():
                _at_most(self.model, terms, 1)
        for (expert_id, _), terms in self.seen.items():
            limit = scenario.max_patients_for(self.instance.expert(expert_id))
            if limit is not None and sum(n for _, n in terms) > limit:
                _at_most(self.model, terms, limit)
        for group, cover in self.skills.items():
            experts = [e.id for e in scenario.experts if group & set(e.skills)]
            for slot, terms in cover.items():
                on_duty = sum(1 for e in experts if within(available[e], slot))
                _at_most(self.model, terms, on_duty)
        if not self.by_expert:
            self._pooled_patient_limits()
        for cover in self.patients.values():
            for terms in cover.values():
                if len(terms) > 1:
                    _at_most(self.model, terms, 1)
        capacity: dict[str, int] = defaultdict(int)
        for pool in self.instance.pools:
            capacity[pool.kind] += pool.capacity
        for kind, cover in self.rooms.items():
            for terms in cover.values():
                _at_most(self.model, terms, capacity[kind])

    def _after_order(self) -> None:
        """A service that must follow another for the same patient: when both are
        served, it starts after the other ends. For each start slot `t` of the later
        one, it started by `t` and the earlier one ending after it are at most one."""
        where = {(p.id, job.service.id): (job, i) for job in self.jobs
                 for i, p in enumerate(job.members)}  # fmt: skip
        for (patient_id, _), (job, index) in where.items():
            for service_id in job.service.after:
                if (patient_id, service_id) not in where:
                    continue
                first, first_index = where[(patient_id, service_id)]
                ends = {t: t + (first_index + 1) * first.unit for t in self.starts[first.id]}
                begun: list[tuple[Var, int]] = []
                for t, lit in sorted(self.starts[job.id].items()):
                    begun.append((lit, 1))
                    late = [(x, 1) for u, x in self.starts[first.id].items()
                            if ends[u] > t + index * job.unit]  # fmt: skip
                    if late:
                        _at_most(self.model, begun + late, 1)

    def _siblings_back_to_back(self) -> None:
        """Siblings of a run are seen back to back: two served siblings do not overlap and
        fit together within the run's whole length. For each start slot `t` of one, it
        started at `t` and the other served by a start that breaks this are at most one."""
        runs: dict[str, list[Job]] = defaultdict(list)
        for job in self.jobs:
            if job.run is not None:
                runs[job.run].append(job)
        served = {job.id: lit for job, lit in self.served}
        for members in runs.values():
            total = sum(job.length for job in members)
            for one, other in ((a, b) for a in members for b in members if a is not b):
                for t, lit in self.starts[one.id].items():
                    fits = [(x, -1) for u, x in self.starts[other.id].items()
                            if _together(t, one.length, u, other.length, total)]  # fmt: skip
                    _at_most(self.model, [(lit, 1), (served[other.id], 1), *fits], 1)

    def _pooled_patient_limits(self) -> None:
        """The patients seen by a skill's experts on a date, within the sum of their
        daily limits (when all of them have one; jobs that could fall on two dates are
        left out, which only loosens it)."""
        scenario, grid = self.instance.scenario, self.instance.grid
        for skill in sorted({s for job in self.jobs for s in job.service.needs}):
            limits = [scenario.max_patients_for(e) for e in scenario.experts if skill in e.skills]
            if not limits or any(limit is None for limit in limits):
                continue
            by_day: dict[object, list[tuple[Var, int]]] = defaultdict(list)
            for job, served in self.served:
                days = {grid.day_of(a) for a, _ in job.domain}
                if skill in job.service.needs and len(days) == 1:
                    by_day[days.pop()].append((served, len(job.members)))
            for terms in by_day.values():
                _at_most(self.model, terms, sum(limit or 0 for limit in limits))

    def _objective(self) -> pywraplp.Objective:
        """Maximise the weight served."""
        objective = self.model.Objective()
        for job, served in self.served:
            objective.SetCoefficient(served, job.weight)
        objective.SetMaximization()
        return objective

    def solve(self, time_limit_s: float) -> tuple[str, float, float, int]:
        """Status, best value found, proven upper bound, and the servable weight."""
        objective = self._objective()
        self.model.SetTimeLimit(max(1, int(time_limit_s * 1000)))
        status = self.model.Solve()
        servable = sum(job.weight for job, _ in self.served)
        # An LP stopped early bounds nothing; a 0-1 search stopped early still has a bound.
        usable = (pywraplp.Solver.OPTIMAL,) if not self.integer else (
            pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)  # fmt: skip
        if status not in usable:
            return "unknown", 0.0, float(servable), servable
        name = "optimal" if status == pywraplp.Solver.OPTIMAL else "feasible"
        bound = objective.Value() if name == "optimal" else objective.BestBound()
        return name, objective.Value(), bound, servable

    def mps(self) -> str:
        """The model maximising the weight served, as MPS text with each variable named
        `V` and its index (`zero_one` reads them so), and no patient's id in it."""
        self._objective()
        return self.model.ExportModelAsMpsFormat(fixed_format=False, obfuscate=True)

    def integer_solve(self, time_limit_s: float) -> ZeroOne:
        """HiGHS's branch and cut on the 0-1 model for at most `time_limit_s`, in a
        process of its own (`solver/highs.py`): the most weight served it proves, and
        its best plan."""
        assert self.integer, "the 0-1 model"
        return self.zero_one(HighsProcess(self.mps(), time_limit_s).wait())

    def zero_one(self, found: Found) -> ZeroOne:
        """What HiGHS found on this 0-1 model (`HighsProcess`): its bound in whole weight
        (weights are whole) and the start slot of each job its plan serves."""
        ones = {int(name.removeprefix("V")) for name in found.ones}
        starts = {job: t for job, lits in self.starts.items()
                  for t, lit in lits.items() if lit.index() in ones}  # fmt: skip
        bound = None if found.bound is None else math.floor(found.bound + 1e-6)
        return ZeroOne(bound, starts)

    def support(self, least: float) -> dict[str, list[int]]:
        """After a solve: per job served at least `least`, its start slots taken at least
        `least`."""
        return {
            job.id: [t for t, x in self.starts[job.id].items() if x.solution_value() >= least]
            for job, served in self.served
            if served.solution_value() >= least
        }


def _shares(instance: Instance, jobs: list[Job]) -> int:
    """About how many variables sharing jobs among experts the by-expert relaxation
    would have: a job's start slots times the experts with each skill it needs."""
    experts = instance.scenario.experts
    able = {s: sum(1 for e in experts if s in e.skills) for j in jobs for s in j.service.needs}
    return sum(
        sum(b - a for a, b in job.domain) * sum(able[s] for s in job.service.needs) for job in jobs
    )


def _together(start: int, length: int, other: int, other_length: int, total: int) -> bool:
    """Whether two appointments are apart and span at most `total` slots together."""
    apart = start + length <= other or other + other_length <= start
    return apart and max(start + length, other + other_length) - min(start, other) <= total


def _cover(cover: Cover, lit: Var, start: int, length: int, units: int) -> None:
    for slot in range(start, start + length):
        cover[slot].append((lit, units))


def _at_most(model: pywraplp.Solver, terms: list[tuple[Var, int]], bound: float) -> None:
    constraint = model.Constraint(-INFINITY, bound)
    for var, coefficient in terms:
        constraint.SetCoefficient(var, coefficient + constraint.GetCoefficient(var))


def _at_least(model: pywraplp.Solver, terms: list[tuple[Var, int]], bound: float) -> None:
    constraint = model.Constraint(bound, INFINITY)
    for var, coefficient in terms:
        constraint.SetCoefficient(var, coefficient + constraint.GetCoefficient(var))


def _equal(model: pywraplp.Solver, terms: list[tuple[Var, int]], value: float) -> None:
    constraint = model.Constraint(value, value)
    for var, coefficient in terms:
        constraint.SetCoefficient(var, coefficient + constraint.GetCoefficient(var))
