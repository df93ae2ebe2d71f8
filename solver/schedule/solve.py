"""`schedule_stop`: build the CP-SAT model and optimise its levels one after the other.

`solve_model` does the optimising on a model built by `model.build_model`, so that a
caller (the re-planner) can add its own constraints, hints and levels first. Each level
of `LEVELS` is minimised with every level above it held at the value found,
starting from the previous level's solution as a hint. The first level (needs served)
gets most of the time; its proven bound gives the reported gap.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.model import Scenario
from solver.cpsat import solve_watched
from solver.limits import (
    DETERMINISTIC_WALL_CAP,
    PRIMARY_SHARE,
    PROOF_MIN_S,
    PROOF_SHARE,
    RESERVE_SHARE,
    ROOM_MAX_S,
    ROOM_SHARE,
    Limits,
)
from solver.result import wall_since
from solver.schedule import extract
from solver.schedule.days import choices_by_day, search_by_day
from solver.schedule.diagnosis import diagnose, precheck
from solver.schedule.greedy import greedy_hint
from solver.schedule.model import build_model, require_mandatory
from solver.schedule.objective import LEVELS, Level
from solver.schedule.reasons import unserved_needs
from solver.schedule.result import ScheduleResult, ScheduleStatus
from solver.schedule.rooms import assign_rooms, room_changes
from solver.schedule.variables import Variables

NAMES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
    cp_model.MODEL_INVALID: "invalid",
}


def schedule_stop(scenario: Scenario, limits: Limits) -> ScheduleResult:
    """Plan the clinic and the course of one stop.

    Args:
        scenario: a validated scenario.
        limits: time limit, seed, workers, progress and stop controls.

    Returns:
        The schedule, or status "infeasible" with a diagnosis, or "unknown".
    """
    started = time.perf_counter()
    problems = precheck(scenario)
    if problems:
        return ScheduleResult(
            "infeasible", limits.seed, limits.time_limit_s, wall_since(started), diagnosis=problems
        )
    v = build_model(scenario)
    require_mandatory(v)
    return solve_model(v, limits, started=started)


def solve_model(
    v: Variables,
    limits: Limits,
    levels: Sequence[Level] = LEVELS,
    started: float | None = None,
) -> ScheduleResult:
    """Minimise `levels` in order on a built model, each with those above held.

    A caller may have added hints, fixings and constraints to `v.model`, and may pass
    levels with terms of its own. The first level's proven bound gives the result's
    bound and gap, which count served weight when it is `LEVELS`' first (needs served).

    Args:
        v: the model from `model.build_model`, mandatory parts forced on or not.
        limits: time limit, seed, workers, progress and stop controls.
        levels: the lexicographic objective, most important first.
        started: `time.perf_counter()` when the whole solve began (default: now).
    """
    started = time.perf_counter() if started is None else started
    weights = v.instance.scenario.weights
    expressions = [
        [(t.name, t.weight(weights), t.term(v)) for t in level.terms] for level in levels
    ]  # built before the first solve, so every level's variables exist in every hint
    run = _Run(v, limits, started, len(levels))
    for level, terms in zip(levels, expressions, strict=True):
        if not run.solve(level.name, sum(weight * expr for _, weight, expr in terms)):
            break
    if not run.values:
        first = run.levels.get(levels[0].name)
        status: ScheduleStatus = "infeasible" if first == "infeasible" else "unknown"
        scenario = v.instance.scenario
        diagnosis = diagnose(scenario, limits) if status == "infeasible" else []
        wall_s = wall_since(started)
        return ScheduleResult(
            status, limits.seed, limits.time_limit_s, wall_s, diagnosis=diagnosis, levels=run.levels
        )
    return _result(v, run, expressions, started)


def _result(v: Variables, run: _Run, expressions: list, started: float) -> ScheduleResult:
    value = run.value
    booked = extract.booked_jobs(v, value)
    sessions = extract.trainings(v, value)
    limits = run.limits
    room_s = 0.0 if limits.stop.is_set() else min(ROOM_MAX_S, ROOM_SHARE * limits.time_limit_s)
    rooms = assign_rooms(v, booked, room_s, limits.deterministic)
    appointments = extract.appointments(v, booked, rooms)
    breaks = extract.lunch_breaks(v, value, extract.working_days(appointments, sessions))
    servable = sum(jv.job.weight for jv in v.jobs)  # jobs with a static problem never are
    served = sum(b.jv.job.weight for b in booked)
    bound = servable - run.primary_bound
    terms = {name: float(run.value(expr)) for level in expressions for name, _, expr in level}
    terms["served_weight"] = float(served)
    terms["room_changes"] = float(room_changes(v, booked, rooms))
    optimal = all(s == "optimal" for s in run.levels.values()) and len(run.levels) == run.count
    return ScheduleResult(
        "optimal" if optimal else "feasible",
        seed=limits.seed,
        time_limit_s=limits.time_limit_s,
        appointments=appointments,
        trainings=sessions,
        unserved=unserved_needs(v, appointments, sessions, breaks),
        breaks=breaks,
        objective=float(served),
        bound=float(bound),
        gap=round((bound - served) / bound, 6) if bound > 0 else 0.0,
        wall_s=wall_since(started),
        terms=terms,
        levels=dict(run.levels),
        level_s=dict(run.level_s),
    )


@dataclass
class _Run:
    """The state of the lexicographic solve: best values and each level's status."""

    v: Variables
    limits: Limits
    started: float
    count: int
    """How many levels there are."""

    def __post_init__(self) -> None:
        self.values: list[int] = []
        self.best: cp_model.CpSolver | None = None
        self.levels: dict[str, str] = {}
        self.level_s: dict[str, float] = {}
        self.primary_bound = 0.0

    def value(self, expr: cp_model.LinearExprT) -> int:
        """A variable's or linear expression's value in the best solution so far."""
        assert self.best is not None
        return int(self.best.value(expr))

    def _budget(self) -> float:
        """Wall seconds for the next level: a share of what is left."""
        budget_s = self.limits.time_limit_s * (1 - RESERVE_SHARE)
        remaining = budget_s - (time.perf_counter() - self.started)
        left = self.count - len(self.levels)
        share = PRIMARY_SHARE if not self.levels else 1.0 / left
        return remaining * share if left > 1 else remaining

    def solve(self, name: str, expr: cp_model.LinearExprT) -> bool:
        """Minimise one level; hold it at the value found. False when the run should end."""
        budget = self._budget()
        if self.limits.stop.is_set() or (budget <= 0.05 and not self.limits.deterministic):
            return False  # deterministic levels run on their own clock, whatever the wall says
        model = self.v.model
        model.minimize(expr)
        if self.values:
            model.clear_hints()
            for index, val in enumerate(self.values):
                model.add_hint(model.get_int_var_from_proto_index(index), val)
        elif not model.proto.solution_hint.vars:  # a caller's own hint goes first
            for var, val in greedy_hint(self.v):
                model.add_hint(var, val)
        if not self.levels and not self.limits.deterministic:
            status, solver = self._prove_then_search(model, budget, name)
        else:
            status, solver = self._one_solve(model, budget, name)
        self.levels[name] = NAMES.get(status, "unknown")
        self.level_s[name] = wall_since(self.started)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        self.values = list(solver.response_proto.solution)
        self.best = solver
        model.add(expr <= round(solver.objective_value))
        return not self.limits.stop.is_set()

    def _one_solve(
        self, model: cp_model.CpModel, budget: float, name: str
    ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        """One CP-SAT solve of the level within `budget` (deterministic time when asked)."""
        solver = _solver(self.limits, budget)
        if self.limits.deterministic:
            # Deterministic time, from fixed shares of the limit, so that runs repeat.
            fixed = self.limits.time_limit_s * (1 - RESERVE_SHARE)
            share = (
                PRIMARY_SHARE if not self.levels else (1 - PRIMARY_SHARE) / max(1, self.count - 1)
            )
            solver.parameters.max_deterministic_time = fixed * share
            solver.parameters.max_time_in_seconds = (
                DETERMINISTIC_WALL_CAP * self.limits.time_limit_s
            )
        status = solve_watched(solver, model, self.limits, self.started, name)
        if not self.levels:
            self.primary_bound = solver.best_objective_bound
        return status, solver

    def _prove_then_search(
        self, model: cp_model.CpModel, budget: float, name: str
    ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        """The first level in two phases: the whole portfolio for `PROOF_SHARE` of the
        budget, which proves small stops optimal and finds the bound of large ones at
        its root, then LNS workers alone from its best plan for the rest: on a stop of
        several days, one day at a time with the others held (`days.py`).

        On a large stop the bound stops moving after the root, while the portfolio's
        bound workers keep half the cores; LNS alone serves more in the same time.
        """
        began = time.perf_counter()
        first = min(budget, max(budget * PROOF_SHARE, PROOF_MIN_S))
        status, proof = self._one_solve(model, first, name)
        left = budget - (time.perf_counter() - began)
        if left <= 0.05 or self.limits.stop.is_set() or status != cp_model.FEASIBLE:
            if status == cp_model.UNKNOWN and left > 0.05 and not self.limits.stop.is_set():
                return self._one_solve(model, left, name)  # no plan yet: the portfolio goes on
            return status, proof
        days = choices_by_day(self.v)
        if len(days) > 1:
            best = search_by_day(model, days, proof, left, self._search, name)
            return self._proven(best), best
        model.clear_hints()
        for index, value in enumerate(proof.response_proto.solution):
            model.add_hint(model.get_int_var_from_proto_index(index), value)
        found, search = self._search(model, left, name)
        if found not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return status, proof
        if search.objective_value > proof.objective_value:
            return status, proof  # LNS starts from the hint, so this is only a safeguard
        self.primary_bound = max(self.primary_bound, search.best_objective_bound)
        return self._proven(search), search

    def _search(
        self, model: cp_model.CpModel, budget: float, name: str
    ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        """LNS workers alone on `model`, from its hint, for `budget` seconds."""
        search = _solver(self.limits, budget)
        search.parameters.use_lns_only = True
        return solve_watched(search, model, self.limits, self.started, name), search

    def _proven(self, solver: cp_model.CpSolver) -> cp_model.CpSolverStatus:
        """Optimal when the solution reaches the first level's proven bound."""
        proven = solver.objective_value <= math.ceil(self.primary_bound - 1e-6)
        return cp_model.OPTIMAL if proven else cp_model.FEASIBLE


def _solver(limits: Limits, budget: float) -> cp_model.CpSolver:
    """A solver with the time, seed and workers of `limits`."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, budget)
    solver.parameters.random_seed = limits.seed
    # Ctrl-C belongs to the caller, who sets `limits.stop`; CP-SAT's own handler would
    # end only the level under way.
    solver.parameters.catch_sigint_signal = False
    solver.parameters.num_workers = limits.cpsat_workers
    return solver
