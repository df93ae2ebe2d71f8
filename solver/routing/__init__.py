"""Home-visit routing: teams x days as vehicles, households as stops.

`route_visits` builds the integer problem (`households.py`), hands it to an engine
(`engines.solve_problem`), or for a large problem to the decomposition
(`decompose.solve_decomposed`, which routes it in parts with those engines), and reads
the answer back into the plan's routes and unvisited households, each with its reason.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from planner.model import Route, Scenario, Unvisited
from solver.limits import Limits
from solver.result import SolveFigures
from solver.routing.decompose import solve_decomposed
from solver.routing.engines import solve_problem
from solver.routing.evaluate import route_cost
from solver.routing.hints import RouteHints, apply_hints
from solver.routing.households import VisitProblem, build_visit_problem
from solver.routing.insertion import DRIVE, FITS, HOURS, OpenRoutes, insertion_issue
from solver.routing.part_runs import PartRunner
from solver.routing.problem import RoutingProblem, RoutingSolution
from solver.routing.reasons import dropped_code, dropped_reason
from solver.routing.timeline import to_route

__all__ = [
    "DECOMPOSE_ABOVE_STOPS",
    "DECOMPOSE_ABOVE_VEHICLES",
    "RouteHints",
    "VisitsResult",
    "route_visits",
]

DECOMPOSE_ABOVE_STOPS = 300
DECOMPOSE_ABOVE_VEHICLES = 30
"""Problems above both sizes are routed in parts. Measured at 60 s (benchmarks/routing.py,
README): 500 households with 50 team-days, parts 318 visited and 6 required missed
against one model's 315 and 26; with 24 team-days, parts 176 and 96 against 182 and 91."""


@dataclass
class VisitsResult(SolveFigures):
    """The routes of the home visits, with the figures every solve reports.

    `objective` is the engine's objective (metres driven plus the penalties of dropped
    households, plus the working-time costs the problem sets); routing heuristics prove
    no bound, so `bound` and `gap` stay None. `terms` holds the metres driven and the
    drop penalties of the routes returned.

    Attributes:
        routes: one per team and day that visits anyone, in team and day order.
        unvisited: every household left out, with its reason.
        engine: which engine's routes were kept.
        first_plan_s: seconds until a whole first plan existed (the wall time when
            the problem was solved in one piece).
    """

    routes: list[Route] = field(default_factory=list)
    unvisited: list[Unvisited] = field(default_factory=list)
    engine: str = "none"
    first_plan_s: float = 0.0

    def info_extra(self) -> dict[str, Any]:
        """The routing's status and engine in the plan's `solver` block."""
        return {"routing_status": self.status, "routing_engine": self.engine}


def route_visits(
    scenario: Scenario,
    limits: Limits,
    engine: str = "auto",
    *,
    parts: bool | None = None,
    hints: RouteHints | None = None,
    runner: PartRunner | None = None,
) -> VisitsResult:
    """Route the scenario's visit teams over its visit days.

    Args:
        scenario: a scenario with visits.
        limits: time limit (of the whole routing step), seed, progress and stop.
        engine: the engine of each solve ("auto", "ortools" or "pyvrp").
        parts: route in parts (True), in one piece (False), or in parts above
            DECOMPOSE_ABOVE_STOPS households and DECOMPOSE_ABOVE_VEHICLES team-days (None).
        hints: a re-plan's hints: keep households on the team and day they were planned
            on where they can, start from the published routes (in one piece), and steer
            mop-up visits away from the window in which nobody was at home.
        runner: routes the parts side by side (`part_runs`); by default one after another.
    """
    started = time.perf_counter()
    vp = build_visit_problem(scenario)
    initial = apply_hints(vp, hints) if hints is not None else None
    solution, first_plan_s = _solve(vp.problem, limits, engine, parts, started, initial, runner)
    routes = [
        to_route(vp, scenario, v, stops, starts)
        for v, (stops, starts) in enumerate(zip(solution.routes, solution.starts, strict=True))
        if stops
    ]
    driven = sum(route_cost(vp.problem, v, r) for v, r in enumerate(solution.routes))
    return VisitsResult(
        solution.status,
        seed=limits.seed,
        time_limit_s=limits.time_limit_s,
        wall_s=time.perf_counter() - started,
        objective=float(solution.objective),
        terms={
            "distance_m": float(driven),
            "drop_penalty": float(sum(vp.problem.stops[s].penalty for s in solution.dropped)),
        },
        routes=routes,
        unvisited=_unvisited(scenario, vp, solution),
        engine=solution.engine,
        first_plan_s=first_plan_s,
    )


def _solve(
    problem: RoutingProblem,
    limits: Limits,
    engine: str,
    parts: bool | None,
    started: float,
    initial: RoutingSolution | None = None,
    runner: PartRunner | None = None,
) -> tuple[RoutingSolution, float]:
    """The problem's routes, in parts or in one piece, and when the first plan existed.

    A re-plan's `initial` routes are improved in one piece.
    """
    if not problem.stops or not problem.vehicles:
        return RoutingSolution([], [], "none", 0, 0.0, list(range(len(problem.stops)))), 0.0
    built_s = time.perf_counter() - started
    rest = limits.with_time(max(0.5, limits.time_limit_s - built_s))
    if initial is not None:
        parts = False
    elif parts is None:
        parts = (
            len(problem.stops) > DECOMPOSE_ABOVE_STOPS
            and len(problem.vehicles) > DECOMPOSE_ABOVE_VEHICLES
        )
    if parts:
        decomposed = solve_decomposed(problem, rest, engine, runner)
        return decomposed.solution, built_s + decomposed.first_plan_s
    solution = solve_problem(problem, rest, engine, initial)
    return solution, time.perf_counter() - started


def _unvisited(scenario: Scenario, vp: VisitProblem, solution: RoutingSolution) -> list[Unvisited]:
    """Households left out before the search and by it, in scenario order."""
    assert scenario.visits is not None
    served = {vp.households[s].id for route in solution.routes for s in route}
    reasons = {h: ("cannot_be_visited", why) for h, why in vp.excluded.items()}
    open_routes = OpenRoutes(vp.problem, solution.routes)
    for s, household in enumerate(vp.households):
        if household.id in served:
            continue
        allowed = sorted(vp.problem.stops[s].vehicles)
        # A route with no open position cannot take the stop for its hours.
        open_to = open_routes.vehicles(s)
        issues = {
            v: insertion_issue(vp.problem, v, solution.routes[v], s) if v in open_to else HOURS
            for v in allowed
        }
        fits_on = next((vp.vehicles[v] for v, issue in issues.items() if issue == FITS), None)
        drive = all(issue == DRIVE for issue in issues.values())
        reasons[household.id] = (
            dropped_code(fits_on, drive),
            dropped_reason(household, [vp.vehicles[v] for v in allowed], fits_on, drive),
        )
    return [
        Unvisited(household=h.id, code=reasons[h.id][0], reason=reasons[h.id][1])
        for h in scenario.visits.households
        if h.id in reasons
    ]
