"""Home-visit routing: teams x days as vehicles, households as stops.

`route_visits` builds the integer problem (`households.py`), hands it to an engine
(`engines.solve_problem`), and reads the answer back into the plan's routes and
unvisited households, each with its reason.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from planner.model import Route, Scenario, Unvisited
from solver.limits import Limits
from solver.result import SolveFigures
from solver.routing.engines import solve_problem
from solver.routing.evaluate import route_cost
from solver.routing.households import VisitProblem, build_visit_problem
from solver.routing.insertion import DRIVE, FITS, HOURS, insertion_issue
from solver.routing.problem import RoutingSolution
from solver.routing.reasons import dropped_reason
from solver.routing.timeline import to_route

__all__ = ["VisitsResult", "route_visits"]


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
    """

    routes: list[Route] = field(default_factory=list)
    unvisited: list[Unvisited] = field(default_factory=list)
    engine: str = "none"

    def info_extra(self) -> dict[str, Any]:
        """The routing's status and engine in the plan's `solver` block."""
        return {"routing_status": self.status, "routing_engine": self.engine}


def route_visits(scenario: Scenario, limits: Limits, engine: str = "auto") -> VisitsResult:
    """Route the scenario's visit teams over its visit days.

    Raises:
        InputError: the travel matrix file is missing or malformed.
    """
    started = time.perf_counter()
    vp = build_visit_problem(scenario)
    if vp.problem.stops and vp.problem.vehicles:
        remaining = max(0.5, limits.time_limit_s - (time.perf_counter() - started))
        solution = solve_problem(vp.problem, limits.with_time(remaining), engine)
    else:
        solution = RoutingSolution([], [], "none", 0, 0.0, list(range(len(vp.problem.stops))))
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
