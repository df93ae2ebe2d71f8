"""`plan_tour`: build the tour model and optimise its levels one after the other.

Each level of `LEVELS` is minimised with the levels above held at the values found,
starting from the previous level's solution (the greedy's for the first level).
"""

from __future__ import annotations

import threading
import time

from ortools.sat.python import cp_model

from planner.model.tour import Tour
from solver.limits import Limits
from solver.tour.diagnosis import diagnose
from solver.tour.greedy import greedy_solution
from solver.tour.instance import build_instance
from solver.tour.objective import LEVELS
from solver.tour.reasons import unfilled_needs, unscheduled_stops
from solver.tour.result import TourResult
from solver.tour.rules import HARD_RULES
from solver.tour.solution import Solution, stop_plans
from solver.tour.variables import TourVariables, create_variables

SHARES = (0.15, 0.3, 0.8, 1.0)
"""Share of the time still left that each level may use (travel is the hard one)."""

NAMES = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible",
         cp_model.INFEASIBLE: "infeasible", cp_model.UNKNOWN: "unknown"}  # fmt: skip


def build_model(tour: Tour) -> TourVariables:
    """The tour model with every hard rule of `HARD_RULES`."""
    v = create_variables(build_instance(tour))
    for rule in HARD_RULES:
        rule(v)
    return v


def plan_tour(tour: Tour, limits: Limits) -> TourResult:
    """The dates and experts of every stop, optimised level by level.

    Returns:
        The result, or status "infeasible" with a diagnosis naming the conflicting
        stops, or "unknown" when no solution was found in time.
    """
    started = time.perf_counter()
    v = build_model(tour)
    exprs = [level.term(v) for level in LEVELS]  # all built before the first hint
    _hint(v, greedy_solution(v.inst))
    run = _Run(v, limits, started)
    for index, expr in enumerate(exprs):
        if not run.solve(index, expr):
            break
    if run.best is None:
        infeasible = run.levels.get(LEVELS[0].name) == "infeasible"
        diagnosis = diagnose(v.inst) if infeasible else []
        return TourResult("infeasible" if infeasible else "unknown", diagnosis=diagnosis,
                          levels=run.levels, wall_s=_since(started))  # fmt: skip
    sol = _solution(v, run.best)
    proven = len(run.levels) == len(LEVELS) and all(s == "optimal" for s in run.levels.values())
    terms = {lv.name: float(run.best.value(e)) for lv, e in zip(LEVELS, exprs, strict=True)}
    terms["needs_filled"] = float(sol.needs_filled())
    terms["travel_km_total"] = float(sol.travel_km(v.inst))
    return TourResult(
        "optimal" if proven else "feasible",
        stops=stop_plans(v.inst, sol),
        unfilled=unfilled_needs(v.inst, sol, proven),
        unscheduled=unscheduled_stops(v.inst, sol, proven),
        objective=terms[LEVELS[0].name] * 1e6 + terms[LEVELS[1].name],
        bound=run.bounds[0] * 1e6 + run.bounds[1],
        gap=max(run.gaps.values(), default=0.0),
        wall_s=_since(started), terms=terms, levels=dict(run.levels),
    )  # fmt: skip


def _hint(v: TourVariables, sol: Solution) -> None:
    """Hint a full solution so the first level starts from a feasible point."""
    v.model.clear_hints()
    assigned = set(sol.assigned)
    pairs = {(e, s) for e, s, _k in sol.assigned}
    for s, var in enumerate(v.scheduled):
        v.model.add_hint(var, s in sol.starts)
        v.model.add_hint(
            v.start[s], sol.starts.get(s, v.inst.starts[s][0] if v.inst.starts[s] else 0)
        )
    for key, var in v.assign.items():
        v.model.add_hint(var, key in assigned)
    for pair, var in v.at.items():
        v.model.add_hint(var, pair in pairs)


def _solution(v: TourVariables, solver: cp_model.CpSolver) -> Solution:
    sol = Solution()
    for s, var in enumerate(v.scheduled):
        if solver.boolean_value(var):
            sol.starts[s] = int(solver.value(v.start[s]))
    sol.assigned = [key for key, var in v.assign.items() if solver.boolean_value(var)]
    return sol


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


class _Run:
    """The lexicographic solve: the best solver so far, each level's status, bound, gap."""

    def __init__(self, v: TourVariables, limits: Limits, started: float) -> None:
        self.v, self.limits, self.started = v, limits, started
        self.best: cp_model.CpSolver | None = None
        self.levels: dict[str, str] = {}
        self.bounds: list[float] = [0.0] * len(LEVELS)
        self.gaps: dict[str, float] = {}

    def solve(self, index: int, expr: cp_model.LinearExprT) -> bool:
        """Minimise level `index`, then hold it. False when the run should end."""
        name = LEVELS[index].name
        left = self.limits.time_limit_s - (time.perf_counter() - self.started)
        budget = left * SHARES[index]
        if budget <= 0.05 or self.limits.stop.is_set():
            return False
        model = self.v.model
        model.minimize(expr)
        solver = _solver(self.limits, budget, self.limits.time_limit_s * _fixed_share(index))
        status = _solve_watched(solver, model, _Progress(self.limits, self.started, name))
        self.levels[name] = NAMES.get(status, "unknown")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        value, bound = solver.objective_value, solver.best_objective_bound
        self.bounds[index] = bound
        self.gaps[name] = round((value - bound) / value, 6) if value > 0 else 0.0
        self.best = solver
        model.add(expr <= round(value))
        model.clear_hints()
        for i, val in enumerate(solver.response_proto.solution):
            model.add_hint(model.get_int_var_from_proto_index(i), val)
        return not self.limits.stop.is_set()


def _fixed_share(index: int) -> float:
    """Share of the limit as deterministic time, fixed so that runs repeat."""
    return (0.15, 0.25, 0.45, 0.15)[index]


def _solver(limits: Limits, budget: float, deterministic_s: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, budget)
    solver.parameters.random_seed = limits.seed
    solver.parameters.catch_sigint_signal = False  # Ctrl-C belongs to the caller
    if limits.deterministic:
        solver.parameters.num_workers = 1
        solver.parameters.max_deterministic_time = deterministic_s
        solver.parameters.max_time_in_seconds = limits.time_limit_s  # a safety cap
    else:
        solver.parameters.num_workers = limits.workers or 8
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
