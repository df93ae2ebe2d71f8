"""The baseline a coordinator could drive by hand: the nearest feasible household next.

Each team-day (in the routing problem's order: team by team, day by day) leaves its base
at the start of its shift and goes on to the nearest household not yet visited that it
can still serve and get back from in time, keeping every rule the planner keeps
(skills, days, windows, lunch, driving limit: `evaluate.earliest_starts`), until none is
left that fits. Plainly, no household is preferred for being required; with
`required_first`, each team-day takes the nearest required household that fits for as
long as one does, and only then the nearest of any.
"""

from __future__ import annotations

import numpy as np

from solver.routing.evaluate import earliest_starts
from solver.routing.problem import RoutingProblem, RoutingSolution


def greedy_routes(problem: RoutingProblem, required_first: bool = False) -> RoutingSolution:
    """Routes built by the nearest-feasible-next rule, checked by the same timing rules."""
    left = set(range(len(problem.stops)))
    routes: list[list[int]] = []
    starts: list[list[int]] = []
    for v in range(len(problem.vehicles)):
        route: list[int] = []
        times: list[int] = []
        if required_first:
            route, times = _drive_on(problem, v, left, route, times, required_only=True)
        route, times = _drive_on(problem, v, left, route, times, required_only=False)
        routes.append(route)
        starts.append(times)
    dropped = sorted(left)
    return RoutingSolution(routes, starts, "greedy", 0, 0.0, dropped, "feasible")


def _drive_on(
    problem: RoutingProblem,
    v: int,
    left: set[int],
    route: list[int],
    times: list[int],
    required_only: bool,
) -> tuple[list[int], list[int]]:
    """One vehicle's day from the end of `route`: the nearest household that still fits,
    again and again; `left` loses the households visited."""
    allowed = sorted(
        s
        for s in left
        if (not problem.stops[s].vehicles or v in problem.stops[s].vehicles)
        and (problem.stops[s].required or not required_only)
    )
    here = problem.node(route[-1]) if route else problem.vehicles[v].start_depot
    while allowed:
        nodes = np.array([problem.node(s) for s in allowed])
        order = np.argsort(problem.duration[here, nodes], kind="stable")
        found = None
        for k in order.tolist():
            trial = [*route, allowed[k]]
            found = earliest_starts(problem, v, trial)
            if found is not None:
                route, times = trial, found
                here = problem.node(allowed[k])
                left.discard(allowed[k])
                del allowed[k]
                break
        if found is None:
            break
    return route, times
