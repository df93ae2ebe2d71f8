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

Steps 2 and 3 run side by side on a `part_runs.PartRunner` (worker processes or a Dask
cluster, passed in by the jobs layer): the parts of step 2 all at once, and in step 3
batches of pairs that share no group. Each task carries its part, not the whole problem.

One model of every vehicle and stop at once is slower to give a first plan and worse at
the time limit on county-sized problems (benchmarks/routing.py, README).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

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
from solver.routing.engines import EngineError
from solver.routing.evaluate import in_words, route_cost, route_violations
from solver.routing.part_runs import InProcess, PartRunner, part_task, route_part
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
        pairs_tried: how many pairs of groups were routed together.
    """

    solution: RoutingSolution
    first_plan_s: float
    parts: int
    pairs_improved: int
    pairs_tried: int = 0


def solve_decomposed(
    problem: RoutingProblem,
    limits: Limits,
    engine: str = "auto",
    runner: PartRunner | None = None,
) -> Decomposed:
    """Solve `problem` in parts within `limits`; the routes keep every rule of the problem.

    The `runner` routes the parts (and pairs that share no group) side by side; by
    default they are routed one after another in this process.

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
    runs = (runner or InProcess(), (routes, starts))
    engines = _first_plan(problem, clusters, limits, engine, first_by, runs)
    repair(problem, routes, starts)
    regroup(clusters, routes)
    first_plan_s = time.perf_counter() - started
    limits.report(_("first plan: {routes}", routes=in_words(problem, routes)))
    reserve = REPAIR_SHARE * limits.time_limit_s + REPAIR_S_PER_STOP * len(problem.stops)
    improved, tried = _borders(problem, clusters, limits, deadline - reserve, runs)
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
            "final plan: {routes} ({groups} groups, {improved} of {tried} pairs improved)",
            routes=in_words(problem, routes),
            groups=len(clusters),
            improved=improved,
            tried=tried,
        )
    )
    return Decomposed(solution, first_plan_s, len(clusters), improved, tried)


Lists = tuple[list[list[int]], list[list[int]]]


def _first_plan(
    problem: RoutingProblem,
    clusters: list[Cluster],
    limits: Limits,
    engine: str,
    first_by: float,
    runs: tuple[PartRunner, Lists],
) -> set[str]:
    """Route each group's part with the per-problem engines; return the engines' names.

    The parts run side by side on the runner's `width` workers and share the worker
    time left until `first_by` by their number of stops. A Ctrl-C does not cut this
    short: the first plan is what a stop keeps (and a worker cannot see the Ctrl-C).
    The engines say nothing of a part (their households would be the part's).
    """
    runner, into = runs
    parts = [make_part(problem, c.vehicles, c.stops) for c in clusters]
    parts = [part for part in parts if part.stops]
    limits.report(
        _(
            "first plan: routing {count} groups, {width} at a time",
            count=len(parts),
            width=runner.width,
        )
    )
    worker_s = (first_by - time.perf_counter()) * min(runner.width, max(len(parts), 1))
    total = sum(len(part.stops) for part in parts)
    tasks = [
        part_task(
            part.problem,
            limits.with_time(max(worker_s * len(part.stops) / total, MIN_PART_S)),
            engine,
        )
        for part in parts
    ]
    engines: set[str] = set()
    for part, solution in zip(parts, runner.map(route_part, tasks), strict=True):
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
    problem: RoutingProblem,
    clusters: list[Cluster],
    limits: Limits,
    until: float,
    runs: tuple[PartRunner, Lists],
) -> tuple[int, int]:
    """Route pairs of neighbouring groups together until `until`; return how many improved,
    and how many were tried.

    In rounds: each round tries every pair in which a group changed since the pair was
    last tried, those leaving the most unserved first, in batches of pairs that share no
    group (so that their answers can all be kept), as many as the runner runs at once.
    """
    runner, (routes, _starts) = runs
    pairs = _neighbour_pairs(problem, clusters)
    changed_at = [0] * len(clusters)  # the batch at which each group last changed
    tried_at: dict[tuple[int, int], int] = {}
    step, improved, tries = 1, 0, 0
    while True:
        fresh = [p for p in pairs if tried_at.get(p, -1) < max(changed_at[p[0]], changed_at[p[1]])]
        fresh.sort(key=lambda p: _dropped_value(problem, clusters, p, routes), reverse=True)
        if not fresh:
            return improved, tries
        while fresh:
            if time.perf_counter() + MIN_PART_S >= until or limits.stop.is_set():
                return improved, tries
            batch = _disjoint(fresh, runner.width)
            fresh = [p for p in fresh if p not in batch]
            budget = min(PAIR_S, until - time.perf_counter())
            for pair in _route_pairs(problem, clusters, batch, limits.with_time(budget), runs):
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
            tried_at.update((pair, step) for pair in batch)
            tries += len(batch)
            step += 1


def _disjoint(pairs: list[tuple[int, int]], most: int) -> list[tuple[int, int]]:
    """The first pairs, in order, that share no group with an earlier one: at most `most`."""
    batch: list[tuple[int, int]] = []
    busy: set[int] = set()
    for pair in pairs:
        if len(batch) == most:
            break
        if not busy.intersection(pair):
            batch.append(pair)
            busy.update(pair)
    return batch


def _route_pairs(
    problem: RoutingProblem,
    clusters: list[Cluster],
    batch: list[tuple[int, int]],
    limits: Limits,
    runs: tuple[PartRunner, Lists],
) -> list[tuple[int, int]]:
    """Route each pair's two groups together from their current routes, side by side;
    keep each answer that is better. Return the pairs kept."""
    runner, (routes, starts) = runs
    parts = [
        make_part(problem, clusters[a].vehicles + clusters[b].vehicles,
                  clusters[a].stops + clusters[b].stops)
        for a, b in batch
    ]  # fmt: skip
    currents = [RoutingSolution(part.local_routes(routes), [], "current", 0, 0.0) for part in parts]
    tasks = [
        part_task(part.problem, limits, "ortools", current)
        for part, current in zip(parts, currents, strict=True)
    ]
    kept: list[tuple[int, int]] = []
    answers = runner.map(route_part, tasks)
    for pair, part, current, solution in zip(batch, parts, currents, answers, strict=True):
        if not any(solution.routes) or score(part, solution.routes) >= score(part, current.routes):
            continue
        part.write_back(solution, routes, starts)
        regroup([clusters[pair[0]], clusters[pair[1]]], routes)
        kept.append(pair)
    return kept


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
