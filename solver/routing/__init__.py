"""Home-visit routing: teams x days as vehicles, households as stops.

`route_visits` builds the integer problem (`households.py`), hands it to an engine
(`engines.solve_problem`), and reads the answer back into the plan's routes and
unvisited households, each with its reason.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from planner.model import Route, Scenario, Unvisited
from solver.limits import Limits
from solver.routing.engines import solve_problem
from solver.routing.hints import RouteHints, apply_hints
from solver.routing.households import VisitProblem, build_visit_problem
from solver.routing.insertion import DRIVE, FITS, HOURS, insertion_issue
from solver.routing.problem import RoutingSolution
from solver.routing.reasons import dropped_reason
from solver.routing.timeline import to_route

__all__ = ["RouteHints", "VisitsResult", "route_visits"]


@dataclass
class VisitsResult:
    """The routes of the home visits.

    Attributes:
        routes: one per team and day that visits anyone, in team and day order.
        unvisited: every household left out, with its reason.
        status: "optimal", "feasible", "infeasible" or "unknown".
        engine: which engine's routes were kept.
        objective: the engine's objective (metres driven plus penalties).
        wall_s: wall time of the whole routing step.
    """

    routes: list[Route]
    unvisited: list[Unvisited]
    status: str
    engine: str
    objective: float
    wall_s: float


def route_visits(
    scenario: Scenario, limits: Limits, engine: str = "auto", hints: RouteHints | None = None
) -> VisitsResult:
    """Route the scenario's visit teams over its visit days.

    `hints` (a re-plan) keep households on the team and day they were planned on where
    they can, start from the published routes, and steer mop-up visits away from the
    window in which nobody was at home.

    Raises:
        InputError: the travel matrix file is missing or malformed.
    """
    started = time.perf_counter()
    vp = build_visit_problem(scenario)
    initial = apply_hints(vp, hints) if hints is not None else None
    if vp.problem.stops and vp.problem.vehicles:
        remaining = max(0.5, limits.time_limit_s - (time.perf_counter() - started))
        solution = solve_problem(vp.problem, limits.with_time(remaining), engine, initial)
    else:
        solution = RoutingSolution([], [], "none", 0, 0.0, list(range(len(vp.problem.stops))))
    routes = [
        to_route(vp, scenario, v, stops, starts)
        for v, (stops, starts) in enumerate(zip(solution.routes, solution.starts, strict=True))
        if stops
    ]
    return VisitsResult(
        routes=routes,
        unvisited=_unvisited(scenario, vp, solution),
        status=solution.status,
        engine=solution.engine,
        objective=float(solution.objective),
        wall_s=time.perf_counter() - started,
    )


def _unvisited(scenario: Scenario, vp: VisitProblem, solution: RoutingSolution) -> list[Unvisited]:
    """Households left out before the search and by it, in scenario order."""
    assert scenario.visits is not None
    served = {vp.households[s].id for route in solution.routes for s in route}
    reasons = dict(vp.excluded)
    for s, household in enumerate(vp.households):
        if household.id in served:
            continue
        allowed = sorted(vp.problem.stops[s].vehicles)
        issues = {
            v: insertion_issue(vp.problem, v, solution.routes[v], s) if solution.routes else HOURS
            for v in allowed
        }
        fits_on = next((vp.vehicles[v] for v, issue in issues.items() if issue == FITS), None)
        drive = all(issue == DRIVE for issue in issues.values())
        reasons[household.id] = dropped_reason(
            household, [vp.vehicles[v] for v in allowed], fits_on, drive
        )
    return [
        Unvisited(household=h.id, reason=reasons[h.id])
        for h in scenario.visits.households
        if h.id in reasons
    ]
