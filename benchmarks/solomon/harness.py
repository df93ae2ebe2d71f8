"""Solve one Solomon instance through the routing engines and judge the answer.

Engine "households" sends the instance down the path `auto` takes for a home-visit
problem: each vehicle gets a zero-minute lunch that may fall anywhere in its shift and
a driving limit no route can reach, so the answer's distance stays comparable with the
best-known solutions while the household rules are all in the model.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

from benchmarks.solomon.instance import (
    DATA,
    best_known,
    cost,
    read_instance,
    routing_problem,
    violations,
)
from solver.limits import Limits
from solver.routing.engines import ENGINES, solve_problem
from solver.routing.problem import BreakRule, RoutingProblem

HOUSEHOLDS = "households"
HARNESS_ENGINES = (*ENGINES, HOUSEHOLDS)


def solve_file(
    path: Path, time_limit_s: float, engine: str = "auto", seed: int = 1
) -> dict[str, Any]:
    """One harness entry: the routes, their recomputed distance, the gap and the checks.

    Keys: instance (and name), distance (and cost), vehicles, routes (Solomon customer
    numbers), bks, gap_pct, feasible, problems, wall_s, engine, seed, time_limit_s.
    """
    instance = read_instance(path)
    problem = routing_problem(instance)
    if engine == HOUSEHOLDS:
        problem = with_household_rules(problem)
    started = time.perf_counter()
    limits = Limits(time_limit_s=time_limit_s, seed=seed)
    solution = solve_problem(problem, limits, "auto" if engine == HOUSEHOLDS else engine)
    wall_s = time.perf_counter() - started
    routes = [[int(problem.stops[s].id) for s in route] for route in solution.routes if route]
    distance = cost(instance, routes)
    problems = violations(instance, routes)
    table = path.parent / "bks.csv"
    bks = best_known(instance.name, table if table.is_file() else DATA / "bks.csv")
    return {
        "instance": instance.name,
        "name": instance.name,
        "distance": distance,
        "cost": distance,
        "vehicles": len(routes),
        "routes": routes,
        "bks": bks,
        "gap_pct": None if bks is None else round(100 * (distance - bks) / bks, 3),
        "feasible": not problems,
        "problems": problems,
        "wall_s": round(wall_s, 2),
        "engine": solution.engine,
        "seed": seed,
        "time_limit_s": time_limit_s,
    }


def with_household_rules(problem: RoutingProblem) -> RoutingProblem:
    """The problem with each vehicle's lunch (zero minutes, anywhere in the shift) and a
    driving limit above the longest route possible (every arc at its longest)."""
    nodes = len(problem.depots) + len(problem.stops)
    unreachable = int(problem.duration.max(initial=0)) * (nodes + 1) + 1
    vehicles = [
        dataclasses.replace(
            v, lunch=BreakRule(v.shift.start, v.shift.end, 0), max_drive=unreachable
        )
        for v in problem.vehicles
    ]
    return dataclasses.replace(problem, vehicles=vehicles)
