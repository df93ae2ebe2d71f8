"""A time-indexed relaxation of the first level: an upper bound on the weight served.

It drops who the experts are: every job, lunch and course gets one variable per start
slot, and in every slot the work needing a skill group is counted against the experts of
the group on duty then (likewise each patient, each room kind, and the daily patient
limits pooled per skill). Every plan of the real model is a solution of it, so its
optimum, and the optimum of its linear relaxation, bound what any plan serves. CP-SAT's
own bound comes from pooled cumulatives per day, whose energy reasoning loses the slot
structure; on two-day stops this LP is far tighter (`model.add_relaxation_bound`).
"""

from __future__ import annotations

import math
from collections import defaultdict

from ortools.linear_solver import pywraplp
from ortools.linear_solver.pywraplp import Variable as Var

from planner.model.spans import within
from solver.schedule.instance import Instance, Job
from solver.schedule.variables import course_window, lunch_window

Cover = dict[int, list[tuple[Var, int]]]
"""Per slot: (start variable, how many units it takes) of everything covering the slot."""

INFINITY = math.inf


class Relaxation:
    """The time-indexed relaxation of one scenario's first level."""

    def __init__(self, instance: Instance, integer: bool = False) -> None:
        """Build it: the linear relaxation (GLOP), or with `integer` the 0-1 model (CP-SAT)."""
        self.instance = instance
        self.integer = integer
        self.model = pywraplp.Solver.CreateSolver("CP_SAT" if integer else "GLOP")
        self.jobs = [job for job in self.instance.jobs if not job.problem]
        self.groups = {frozenset([s]) for j in self.jobs for s in j.service.needs}
        self.groups |= {frozenset(j.service.needs) for j in self.jobs if j.service.needs}
        self.skills: dict[frozenset, Cover] = {g: defaultdict(list) for g in self.groups}
        self.patients: dict[str, Cover] = defaultdict(lambda: defaultdict(list))
        self.rooms: dict[str, Cover] = defaultdict(lambda: defaultdict(list))
        self.served: list[tuple[Job, Var]] = []
        self.starts: dict[str, dict[int, Var]] = {}
        for job in self.jobs:
            self._job(job)
        self._mandatory()
        self._capacities()
        self._patient_limits()

    def _var(self, name: str) -> Var:
        return self.model.Var(0, 1, self.integer, name)

    def _starts(self, spans: list[tuple[int, int]], name: str, on: float | None) -> dict[int, Var]:
        """A variable per start slot; they sum to `on` (or to a new served variable)."""
        starts = {t: self._var(f"{name}@{t}") for a, b in spans for t in range(a, b)}
        _at_most(self.model, [(x, 1) for x in starts.values()], on if on is not None else 1)
        if on is not None:
            _at_least(self.model, [(x, 1) for x in starts.values()], on)
        return starts

    def _job(self, job: Job) -> None:
        starts = self._starts(job.domain, job.id, None)
        self.starts[job.id] = starts
        served = self._var(f"serve[{job.id}]")
        _equal(self.model, [(x, 1) for x in starts.values()] + [(served, -1)], 0)
        self.served.append((job, served))
        for t, lit in starts.items():
            for group, cover in self.skills.items():
                if units := len(group & set(job.service.needs)):
                    _cover(cover, lit, t, job.length, units)
            for index, member in enumerate(job.members):
                _cover(self.patients[member.id], lit, t + index * job.unit, job.unit, 1)
            _cover(self.rooms[job.service.room_kind], lit, t, job.length, 1)

    def _mandatory(self) -> None:
        """Lunches (counted only while their expert is on duty) and courses, forced on."""
        scenario, grid = self.instance.scenario, self.instance.grid
        for expert in scenario.experts:
            rule = scenario.lunch_for(expert)
            for day in sorted({h.date for h in expert.available}) if rule else []:
                assert rule is not None
                lo, hi = lunch_window(grid, rule, day)
                starts = self._starts([(lo, hi + 1)], f"lunch[{expert.id},{day}]", 1)
                on_duty = self.instance.available[expert.id]
                for t, lit in starts.items():
                    for group, cover in self.skills.items():
                        if group & set(expert.skills):
                            for slot in range(t, t + grid.slots(rule.duration_min)):
                                if within(on_duty, slot):
                                    cover[slot].append((lit, 1))
        for training in scenario.trainings:
            lo, hi = course_window(grid, training)
            starts = self._starts([(lo, hi + 1)], f"course[{training.id}]", 1)
            for t, lit in starts.items():
                for group, cover in self.skills.items():
                    if units := sum(1 for s in training.lecturers if s in group):
                        _cover(cover, lit, t, grid.slots(training.duration_min), units)

    def _capacities(self) -> None:
        """Skill groups against experts on duty, patients one at a time, rooms per kind."""
        scenario, available = self.instance.scenario, self.instance.available
        for group, cover in self.skills.items():
            experts = [e.id for e in scenario.experts if group & set(e.skills)]
            for slot, terms in cover.items():
                on_duty = sum(1 for e in experts if within(available[e], slot))
                _at_most(self.model, terms, on_duty)
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

    def _patient_limits(self) -> None:
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

    def solve(self, time_limit_s: float) -> tuple[str, float, float, int]:
        """Status, best value found, proven upper bound, and the servable weight."""
        objective = self.model.Objective()
        for job, served in self.served:
            objective.SetCoefficient(served, job.weight)
        objective.SetMaximization()
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

    def support(self, least: float) -> dict[str, list[int]]:
        """After a solve: per job served at least `least`, its start slots taken at least
        `least`."""
        return {
            job.id: [t for t, x in self.starts[job.id].items() if x.solution_value() >= least]
            for job, served in self.served
            if served.solution_value() >= least
        }


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
