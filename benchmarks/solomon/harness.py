"""Solve one Solomon instance through the routing engines and judge the answer."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from benchmarks.solomon.instance import best_known, cost, read_instance, routing_problem, violations
from solver.limits import Limits
from solver.routing.engines import solve_problem


def solve_file(
    path: Path, time_limit_s: float, engine: str = "auto", seed: int = 1
) -> dict[str, Any]:
    """One harness entry: the routes, their recomputed distance, the gap and the checks.

    Keys: instance (and name), distance (and cost), vehicles, routes (Solomon customer
    numbers), bks, gap_pct, feasible, problems, wall_s, engine, seed, time_limit_s.
    """
    instance = read_instance(path)
    problem = routing_problem(instance)
    started = time.perf_counter()
    solution = solve_problem(problem, Limits(time_limit_s=time_limit_s, seed=seed), engine)
    wall_s = time.perf_counter() - started
    routes = [[int(problem.stops[s].id) for s in route] for route in solution.routes if route]
    distance = cost(instance, routes)
    problems = violations(instance, routes)
    bks = best_known(instance.name)
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
