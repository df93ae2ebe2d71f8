"""Large routing problems in parts: cluster first, route each part, improve across borders.

1. `clusters.make_clusters` groups the vehicles (a team's days) and gives each stop to
   one group, balanced by hours.
2. First plan: each group's part is routed by the per-problem engines
   (`engines.solve_problem`), with a short time each, so that a whole plan exists early;
   then repaired as in step 4.
3. Borders: two neighbouring groups at a time are routed together, from their current
   routes (OR-Tools' guided local search), so that stops move between them and a stop
   one group dropped can ride with the other. The pair's new routes are kept only when
   they are better: fewer required stops dropped, then less optional penalty, then less
   distance. In rounds, pairs with dropped stops first; a pair is tried again once
   either group has changed.
4. `repair`: a required stop still dropped takes the place of optional ones where it
   fits, and any stop still dropped goes into a route where it fits.

One model of every vehicle and stop at once is slower to give a first plan and worse at
the time limit on county-sized problems (benchmarks/routing.py, README).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

import numpy as np

from planner.model.words import gettext as _
from solver.limits import (
    CLUSTER_MAX_S,
    CLUSTER_SHARE,
    FIRST_PLAN_MAX_S,
    FIRST_PLAN_SHARE,
    MIN_PART_S,
    PAIR_S,
    REPAIR_S_PER_STOP,
    REPAIR_SHARE,
    Limits,
)
from solver.routing.clusters import Cluster, make_clusters
from solver.routing.engines import EngineError, solve_problem
from solver.routing.evaluate import in_words, route_cost, route_violations
from solver.routing.ortools_engine import solve_ortools
from solver.routing.parts import Part, make_part
from solver.routing.problem import RoutingProblem, RoutingSolution
from solver.routing.repair import clear_way_for_required, insert_dropped, swap_in_required

NEIGHBOURS = 3
"""Each group's border is tried with its nearest groups (centre to centre)."""

Score = tuple[int, int, int]


@dataclass
class Decomposed:
    """The routes of a problem solved in parts.

    Attributes:
        solution: routes and starts of every vehicle, in the whole problem's numbers.
        first_plan_s: seconds until the first whole plan existed.
        parts: how many groups the vehicles were split into.
        pairs_improved: how many pairs of groups were routed together for the better.
    """

    solution: RoutingSolution
    first_plan_s: float
    parts: int
    pairs_improved: int


def solve_decomposed(problem: RoutingProblem, limits: Limits, engine: str = "auto") -> Decomposed:
    """Solve `problem` in parts within `limits`; the routes keep every rule of the problem.

    Raises:
        EngineError: an engine's answer, or the joined routes, break a rule.
    """
    started = time.perf_counter()
    deadline = started + limits.time_limit_s
    cluster_s = min(CLUSTER_SHARE * limits.time_limit_s, CLUSTER_MAX_S)
    clusters = make_clusters(problem, limits.with_time(cluster_s))
    routes: list[list[int]] = [[] for _ in problem.vehicles]
    starts: list[list[int]] = [[] for _ in problem.vehicles]
    first_by = started + min(FIRST_PLAN_SHARE * limits.time_limit_s, FIRST_PLAN_MAX_S)
    engines = _first_plan(problem, clusters, limits, engine, first_by, (routes, starts))
    repair(problem, routes, starts)
    regroup(clusters, routes)
    first_plan_s = time.perf_counter() - started
    limits.report(_("first plan: {routes}", routes=in_words(problem, routes)))
    reserve = REPAIR_SHARE * limits.time_limit_s + REPAIR_S_PER_STOP * len(problem.stops)
    improved = _borders(problem, clusters, limits, deadline - reserve, (routes, starts))
    repair(problem, routes, starts)
    served = {s for route in routes for s in route}
    dropped = [s for s in range(len(problem.stops)) if s not in served]
    objective = sum(route_cost(problem, v, r) for v, r in enumerate(routes))
    objective += sum(problem.stops[s].penalty for s in dropped)
    name = "+".join(sorted(engines)) + " in parts"
    solution = RoutingSolution(
        routes, starts, name, objective, time.perf_counter() - started, dropped, "feasible"
    )
    broken = route_violations(problem, solution)
    if broken:
        raise EngineError(f"the joined routes break rules: {broken[:5]}")
    limits.report(
        _(
            "final plan: {routes} ({groups} groups, {improved} pairs improved)",
            routes=in_words(problem, routes),
            groups=len(clusters),
            improved=improved,
        )
    )
    return Decomposed(solution, first_plan_s, len(clusters), improved)


Lists = tuple[list[list[int]], list[list[int]]]


def _first_plan(
    problem: RoutingProblem,
    clusters: list[Cluster],
    limits: Limits,
    engine: str,
    first_by: float,
    into: Lists,
) -> set[str]:
    """Route each group's part with the per-problem engines; return the engines' names.

    The parts share the time left until `first_by` by their number of stops. A Ctrl-C
    does not cut this short: the first plan is what a stop keeps. The engines say nothing
    of a part (their households would be the part's); each group routed is said instead.
    """
    unstoppable = replace(limits, stop=threading.Event(), progress=None)
    engines: set[str] = set()
    left_stops = sum(len(c.stops) for c in clusters)
    for done, cluster in enumerate(clusters, 1):
        limits.report(_("first plan: routing group {done} of {count}", done=done,
                        count=len(clusters)))  # fmt: skip
        part = make_part(problem, cluster.vehicles, cluster.stops)
        share = len(cluster.stops) / max(left_stops, 1)
        left_stops -= len(cluster.stops)
        budget = max((first_by - time.perf_counter()) * share, MIN_PART_S)
        if not part.stops:
            continue
        solution = solve_problem(part.problem, unstoppable.with_time(budget), engine)
        engines.add(solution.engine)
        if any(solution.routes):
            part.write_back(solution, *into)
    return engines


def repair(problem: RoutingProblem, routes: list[list[int]], starts: list[list[int]]) -> None:
    """Required stops still dropped in, at the cost of optional ones; then any that fit."""
    insert_dropped(problem, routes, starts)
    swap_in_required(problem, routes, starts)
    clear_way_for_required(problem, routes, starts)
    insert_dropped(problem, routes, starts)


def _borders(
    problem: RoutingProblem, clusters: list[Cluster], limits: Limits, until: float, into: Lists
) -> int:
    """Route pairs of neighbouring groups together until `until`; return how many improved.

    In rounds: each round tries every pair in which a group changed since the pair was
    last tried, those leaving the most unserved first.
    """
    routes, _starts = into
    pairs = _neighbour_pairs(problem, clusters)
    changed_at = [0] * len(clusters)  # the step at which each group last changed
    tried_at: dict[tuple[int, int], int] = {}
    step, improved = 1, 0
    while True:
        fresh = [p for p in pairs if tried_at.get(p, -1) < max(changed_at[p[0]], changed_at[p[1]])]
        fresh.sort(key=lambda p: _dropped_value(problem, clusters, p, routes), reverse=True)
        for pair in fresh:
            if time.perf_counter() + MIN_PART_S >= until or limits.stop.is_set():
                return improved
            tried_at[pair] = step
            budget = min(PAIR_S, until - time.perf_counter())
            if _route_pair(problem, clusters, pair, limits.with_time(budget), into):
                changed_at[pair[0]] = changed_at[pair[1]] = step
                improved += 1
                limits.report(
                    _(
                        "groups {first} and {second} routed together: {routes}",
                        first=pair[0],
                        second=pair[1],
                        routes=in_words(problem, routes),
                    )
                )
            step += 1
        if not fresh:
            return improved


def _route_pair(
    problem: RoutingProblem,
    clusters: list[Cluster],
    pair: tuple[int, int],
    limits: Limits,
    into: Lists,
) -> bool:
    """Route two groups together from their current routes; keep the answer if better."""
    routes, starts = into
    a, b = clusters[pair[0]], clusters[pair[1]]
    part = make_part(problem, a.vehicles + b.vehicles, a.stops + b.stops)
    current = RoutingSolution(part.local_routes(routes), [], "current", 0, 0.0)
    # Quiet: the pair's households are not the plan's; an improved pair is said whole.
    solution = solve_ortools(part.problem, replace(limits, progress=None), current)
    if not any(solution.routes) or score(part, solution.routes) >= score(part, current.routes):
        return False
    part.write_back(solution, routes, starts)
    regroup([a, b], routes)
    return True


def regroup(clusters: list[Cluster], routes: list[list[int]]) -> None:
    """A served stop belongs to the group whose vehicle serves it; a dropped one stays.

    The groups' stops are what their parts are made of, so a stop moved between groups
    (by a pair's routes or by the repairs) must move with it, or two parts hold it.
    """
    owner = {s: g for g, c in enumerate(clusters) for v in c.vehicles for s in routes[v]}
    for g, cluster in enumerate(clusters):
        kept = [s for s in cluster.stops if owner.get(s, g) == g]
        cluster.stops = sorted(set(kept).union(s for s, h in owner.items() if h == g))


def score(part: Part, routes: list[list[int]]) -> Score:
    """Required stops dropped, optional penalty dropped, distance: lower is better."""
    served = {s for route in routes for s in route}
    dropped = [part.problem.stops[s] for s in range(len(part.stops)) if s not in served]
    distance = sum(route_cost(part.problem, v, r) for v, r in enumerate(routes))
    return (
        sum(stop.required for stop in dropped),
        sum(stop.penalty for stop in dropped if not stop.required),
        distance,
    )


def _neighbour_pairs(problem: RoutingProblem, clusters: list[Cluster]) -> list[tuple[int, int]]:
    """Each group with its NEIGHBOURS nearest groups, centre to centre, as sorted pairs."""
    nodes = [problem.node(c.centre) for c in clusters]
    between = problem.duration[np.ix_(nodes, nodes)]
    pairs: set[tuple[int, int]] = set()
    for g in range(len(clusters)):
        order = [h for h in np.argsort(between[g], kind="stable").tolist() if h != g]
        pairs.update((min(g, h), max(g, h)) for h in order[:NEIGHBOURS])
    return sorted(pairs)


def _dropped_value(
    problem: RoutingProblem, clusters: list[Cluster], pair: tuple[int, int], routes: list[list[int]]
) -> tuple[int, int]:
    """Required stops, then optional penalty, that the pair's groups leave unserved."""
    served = {s for g in pair for v in clusters[g].vehicles for s in routes[v]}
    dropped = [problem.stops[s] for g in pair for s in clusters[g].stops if s not in served]
    return sum(s.required for s in dropped), sum(s.penalty for s in dropped)
