"""Where the true optimum of a stop's first level lies: a time-indexed relaxation.

Run it as `python -m benchmarks.relaxation --size 120 --seed 2 --time-limit 90`. It
drops who the experts are: every job, lunch and course gets one literal per start slot,
and in every slot the work needing a skill group is counted against the experts of the
group on duty then (likewise each patient, each room kind and the daily patient limits
pooled per skill). Any plan of the real model is a solution of it, so its proven upper
bound is an upper bound on the severity-weighted needs any plan can serve; the gap
between it and CP-SAT's own bound says how much a stronger relaxation could still move
the reported gap. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from planner.generate import GenerateOptions, generate
from planner.model import Scenario
from solver.schedule.grid import within
from solver.schedule.instance import Instance, Job, build_instance
from solver.schedule.variables import course_window, lunch_window

Cover = dict[int, list[tuple[cp_model.IntVar, int]]]
"""Per slot: (start literal, how many units it takes) of everything covering the slot."""


class Relaxation:
    """The time-indexed relaxation of one scenario's first level."""

    def __init__(self, scenario: Scenario) -> None:
        self.instance: Instance = build_instance(scenario)
        self.model = cp_model.CpModel()
        self.jobs = [job for job in self.instance.jobs if not job.problem]
        self.groups = {frozenset([s]) for j in self.jobs for s in j.service.needs}
        self.groups |= {frozenset(j.service.needs) for j in self.jobs if j.service.needs}
        self.skills: dict[frozenset, Cover] = {g: defaultdict(list) for g in self.groups}
        self.patients: dict[str, Cover] = defaultdict(lambda: defaultdict(list))
        self.rooms: dict[str, Cover] = defaultdict(lambda: defaultdict(list))
        self.served: list[tuple[Job, cp_model.IntVar]] = []
        for job in self.jobs:
            self._job(job)
        self._mandatory()
        self._capacities()
        self._patient_limits()

    def _starts(self, spans: list[tuple[int, int]], name: str) -> dict[int, cp_model.IntVar]:
        return {t: self.model.new_bool_var(f"{name}@{t}") for a, b in spans for t in range(a, b)}

    def _job(self, job: Job) -> None:
        starts = self._starts(job.domain, job.id)
        served = self.model.new_bool_var(f"serve[{job.id}]")
        self.model.add(sum(starts.values()) == served)
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
                starts = self._starts([(lo, hi + 1)], f"lunch[{expert.id},{day}]")
                self.model.add(sum(starts.values()) == 1)
                on_duty = self.instance.available[expert.id]
                for t, lit in starts.items():
                    for group, cover in self.skills.items():
                        if group & set(expert.skills):
                            for slot in range(t, t + grid.slots(rule.duration_min)):
                                if within(on_duty, slot):
                                    cover[slot].append((lit, 1))
        for training in scenario.trainings:
            lo, hi = course_window(grid, training)
            starts = self._starts([(lo, hi + 1)], f"course[{training.id}]")
            self.model.add(sum(starts.values()) == 1)
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
                self.model.add(sum(units * lit for lit, units in terms) <= on_duty)
        for cover in self.patients.values():
            for terms in cover.values():
                if len(terms) > 1:
                    self.model.add(sum(lit for lit, _ in terms) <= 1)
        capacity: dict[str, int] = defaultdict(int)
        for pool in self.instance.pools:
            capacity[pool.kind] += pool.capacity
        for kind, cover in self.rooms.items():
            for terms in cover.values():
                self.model.add(sum(lit for lit, _ in terms) <= capacity[kind])

    def _patient_limits(self) -> None:
        """The patients seen by a skill's experts on a date, within the sum of their
        daily limits (when all of them have one; jobs that could fall on two dates are
        left out, which only loosens it)."""
        scenario, grid = self.instance.scenario, self.instance.grid
        for skill in sorted({s for job in self.jobs for s in job.service.needs}):
            limits = [scenario.max_patients_for(e) for e in scenario.experts if skill in e.skills]
            if not limits or any(limit is None for limit in limits):
                continue
            by_day: dict[object, list] = defaultdict(list)
            for job, served in self.served:
                days = {grid.day_of(a) for a, _ in job.domain}
                if skill in job.service.needs and len(days) == 1:
                    by_day[days.pop()].append(len(job.members) * served)
            for terms in by_day.values():
                self.model.add(sum(terms) <= sum(limit or 0 for limit in limits))

    def solve(self, time_limit_s: float) -> tuple[str, float, float, int]:
        """Status, best relaxed value, proven upper bound, and the servable weight."""
        self.model.maximize(sum(job.weight * lit for job, lit in self.served))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit_s
        solver.parameters.num_workers = 8
        status = solver.solve(self.model)
        servable = sum(job.weight for job, _ in self.served)
        best = solver.objective_value if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else 0
        return solver.status_name(status), best, solver.best_objective_bound, servable


def _cover(cover: Cover, lit: cp_model.IntVar, start: int, length: int, units: int) -> None:
    for slot in range(start, start + length):
        cover[slot].append((lit, units))


def main(argv: Sequence[str] | None = None) -> None:
    """Build and solve the relaxation of one generated stop; print its figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relaxation", description=__doc__)
    parser.add_argument("--size", type=int, default=120, help="patients")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--days", type=int, default=None, help="clinic days (default by size)")
    parser.add_argument("--time-limit", type=float, default=90.0, help="seconds")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    options = GenerateOptions(patients=args.size, households=0, seed=args.seed, days=args.days)
    status, best, bound, servable = Relaxation(generate(options)).solve(args.time_limit)
    print(
        f"{args.size} patients, seed {args.seed}: relaxation {status}, best {best:g}, "
        f"upper bound {bound:g} of {servable} servable, {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
