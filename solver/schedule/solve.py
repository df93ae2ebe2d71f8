"""`schedule_stop`: build the CP-SAT model and optimise its levels one after the other.

Each level of `LEVELS` is minimised with every level above it held at the value found,
starting from the previous level's solution as a hint. The first level (needs served)
gets most of the time; its proven bound gives the reported gap.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.model import Scenario
from solver.limits import Limits
from solver.schedule import extract
from solver.schedule.diagnosis import diagnose, precheck
from solver.schedule.greedy import greedy_hint
from solver.schedule.model import build_model, required_literals
from solver.schedule.objective import LEVELS
from solver.schedule.reasons import unserved_needs
from solver.schedule.result import ScheduleResult, ScheduleStatus
from solver.schedule.rooms import ROOM_MAX_S, ROOM_SHARE, assign_rooms, room_changes
from solver.schedule.variables import Variables

PRIMARY_SHARE = 0.75
"""Share of the time the first level may use; the rest goes to the lower levels."""

RESERVE_SHARE = 0.05
"""Share of the time limit kept back for handing out rooms (`rooms.ROOM_SHARE`), reading
the plan and explaining the unserved."""

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
        return ScheduleResult("infeasible", diagnosis=problems, wall_s=_since(started))
    v = build_model(scenario)
    for literal in required_literals(v):
        v.model.add(literal == 1)
    expressions = [
        [(name, term(v)) for name, term in level.terms] for level in LEVELS
    ]  # built before the first solve, so every level's variables exist in every hint
    run = _Run(v, limits, started)
    for level, terms in zip(LEVELS, expressions, strict=True):
        expr = sum(expr for _, expr in terms)
        if not run.solve(level.name, expr):
            break
    if not run.values:
        status: ScheduleStatus = (
            "infeasible" if run.levels.get(LEVELS[0].name) == "infeasible" else "unknown"
        )
        diagnosis = diagnose(scenario, limits) if status == "infeasible" else []
        wall_s = _since(started)
        return ScheduleResult(status, diagnosis=diagnosis, levels=run.levels, wall_s=wall_s)
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
    terms = {name: float(run.value(expr)) for level in expressions for name, expr in level}
    terms["served_weight"] = float(served)
    terms["room_changes"] = float(room_changes(v, booked, rooms))
    optimal = all(s == "optimal" for s in run.levels.values()) and len(run.levels) == len(LEVELS)
    return ScheduleResult(
        "optimal" if optimal else "feasible",
        appointments=appointments,
        trainings=sessions,
        unserved=unserved_needs(v, appointments, sessions, breaks),
        breaks=breaks,
        objective=float(served),
        bound=float(bound),
        gap=round((bound - served) / bound, 6) if bound > 0 else 0.0,
        wall_s=_since(started),
        terms=terms,
        levels=dict(run.levels),
        level_s=dict(run.level_s),
    )


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


@dataclass
class _Run:
    """The state of the lexicographic solve: best values and each level's status."""

    v: Variables
    limits: Limits
    started: float

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
        left = len(LEVELS) - len(self.levels)
        share = PRIMARY_SHARE if not self.levels else 1.0 / left
        return remaining * share if left > 1 else remaining

    def solve(self, name: str, expr: cp_model.LinearExprT) -> bool:
        """Minimise one level; hold it at the value found. False when the run should end."""
        budget = self._budget()
        if budget <= 0.05 or self.limits.stop.is_set():
            return False
        model = self.v.model
        model.minimize(expr)
        model.clear_hints()
        if self.values:
            for index, val in enumerate(self.values):
                model.add_hint(model.get_int_var_from_proto_index(index), val)
        else:
            for var, val in greedy_hint(self.v):
                model.add_hint(var, val)
        solver = _solver(self.limits, budget)
        if self.limits.deterministic:
            # Deterministic time, from fixed shares of the limit, so that runs repeat.
            fixed = self.limits.time_limit_s * (1 - RESERVE_SHARE)
            share = PRIMARY_SHARE if not self.levels else (1 - PRIMARY_SHARE) / (len(LEVELS) - 1)
            solver.parameters.max_deterministic_time = fixed * share
            solver.parameters.max_time_in_seconds = self.limits.time_limit_s  # a safety cap
        status = _solve_watched(solver, model, _Progress(self.limits, self.started, name))
        self.levels[name] = NAMES.get(status, "unknown")
        self.level_s[name] = _since(self.started)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        self.values = list(solver.response_proto.solution)
        self.best = solver
        if name == LEVELS[0].name:
            self.primary_bound = solver.best_objective_bound
        model.add(expr <= round(solver.objective_value))
        return not self.limits.stop.is_set()


PORTFOLIO_WORKERS = 8
"""Workers when the caller leaves it to us. CP-SAT's bound comes from a portfolio of
subsolvers (LP, core, LNS); with 8 of them on a 2-core machine the 120-patient bound was
far tighter than with 2 (596 against 722 in 30 s, before the redundant capacities)."""


def _solver(limits: Limits, budget: float) -> cp_model.CpSolver:
    """A solver with the time, seed and workers of `limits` (one worker when deterministic)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, budget)
    solver.parameters.random_seed = limits.seed
    # Ctrl-C belongs to the caller, who sets `limits.stop`; CP-SAT's own handler would
    # end only the level under way.
    solver.parameters.catch_sigint_signal = False
    if limits.deterministic:
        solver.parameters.num_workers = 1
    elif limits.workers:
        solver.parameters.num_workers = limits.workers
    else:
        solver.parameters.num_workers = PORTFOLIO_WORKERS
    return solver


def _solve_watched(
    solver: cp_model.CpSolver, model: cp_model.CpModel, callback: _Progress
) -> cp_model.CpSolverStatus:
    """Solve, stopping the search as soon as the caller sets `limits.stop`."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if callback.limits.stop.is_set():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(model, callback)
    finally:
        done.set()
        watcher.join()


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution: elapsed time, level, objective and bound."""

    def __init__(self, limits: Limits, started: float, level: str) -> None:
        super().__init__()
        self.limits, self.started, self.level = limits, started, level

    def on_solution_callback(self) -> None:
        elapsed = time.perf_counter() - self.started
        self.limits.report(
            f"{elapsed:7.2f}s  {self.level}: objective {self.objective_value:g}  "
            f"bound {self.best_objective_bound:g}"
        )
        if self.limits.stop.is_set():
            self.stop_search()
