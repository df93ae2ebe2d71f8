"""The VROOM engine (PyPI `pyvroom`): a RoutingProblem solved by VROOM's local search.

VROOM expresses most of the household rules directly: several service-start windows
per stop, a lunch break with a window of start times per vehicle (`Break`), a driving
limit (`max_travel_time`), a distance limit, capacity, shifts, start and end depots,
and optional stops. What it cannot say exactly is mapped as follows:

- allowed vehicles become skills: one skill per distinct set of allowed vehicles, held
  by exactly the vehicles in that set, so a stop needs one skill (`skills`);
- drop penalties become VROOM priorities (0..100), which it maximises before it
  minimises cost: required stops get the top priorities, a little lower the lighter
  they are, and optional ones theirs in the ratio of their penalties (`priorities`).
  Unlike OR-Tools' tiers this is not lexicographic: enough optional visits could
  outweigh a required one;
- costs on working time, reassignment and preferred windows are left out (VROOM
  minimises distance alone).

VROOM times a lunch break at a stop's location, which `evaluate.earliest_starts` also
allows, but it may wait differently; so the answer's service starts are recomputed
with `earliest_starts`, and a route that does not keep every rule that way is
returned as it is, for the caller to repair (`relax.repair`). VROOM takes no seed
and stops on wall time: runs repeat only when the search ends before the time limit.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np
import vroom

from planner.model.words import gettext as _
from solver.limits import Limits
from solver.routing.evaluate import earliest_starts, in_words, objective_value
from solver.routing.ortools_engine import merged
from solver.routing.problem import RoutingProblem, RoutingSolution, Stop, Vehicle

ENGINE = "vroom"
PROFILE = "car"
TOP_PRIORITY = 100
"""VROOM's highest priority: required stops' (`priorities`)."""
OPTIONAL_TOP_PRIORITY = 8
"""The priority of the optional stops of highest penalty: a required visit outweighs
eleven of them, and the priority-1, 2 and 3 households keep their 4:2:1 ratio."""
REQUIRED_WEIGHT_STEP = 3
"""How much lower a required stop's priority is per unit of weight below the heaviest
required stop's: required households of priority 1, 2 and 3 (weights 4, 2 and 1) get
100, 94 and 91. VROOM still visits about as many households as it can (one more visit
wins over up to ten visits made heavier), but of nearly as many the heavier: on
over-full days of 500 and 1,000 households this raised the weighted visits by 8 and
11 % against one priority for all required stops, for 2.9 and 1.4 minutes more
driving per visit (docs/benchmarks.md, over-full days)."""
EXPLORATION_LEVEL = 5
"""VROOM's deepest search (1..5); the time limit ends it on large problems."""
NO_CAPACITY = 1 << 30


def solve_vroom(problem: RoutingProblem, limits: Limits) -> RoutingSolution:
    """Solve `problem` with VROOM within `limits.time_limit_s`.

    The routes are VROOM's; each one's starts are the earliest that keep every rule
    (`earliest_starts`), or empty where none do (the caller repairs such a route).
    """
    started = time.perf_counter()
    problem_input = build_input(problem)
    timeout = dt.timedelta(seconds=max(limits.time_limit_s, 0.1))
    threads = max(1, limits.workers or 1)
    answer = problem_input.solve(EXPLORATION_LEVEL, nb_threads=threads, timeout=timeout)
    routes = read_routes(answer.routes, len(problem.vehicles))
    starts = [earliest_starts(problem, v, route) or [] for v, route in enumerate(routes)]
    served = {s for route in routes for s in route}
    dropped = [s for s in range(len(problem.stops)) if s not in served]
    objective = objective_value(problem, routes, dropped)
    wall = time.perf_counter() - started
    limits.report(_("VROOM's plan: {routes}", routes=in_words(problem, routes)))
    return RoutingSolution(routes, starts, ENGINE, objective, wall, dropped)


def build_input(problem: RoutingProblem) -> vroom.Input:
    """The VROOM input of `problem`: matrices, one vehicle per vehicle, one job per stop."""
    problem_input = vroom.Input()
    problem_input.set_durations_matrix(PROFILE, _uint(problem.duration))
    problem_input.set_costs_matrix(PROFILE, _uint(problem.distance))
    problem_input.set_distances_matrix(PROFILE, _uint(problem.distance))
    held, needed = skills(problem)
    ranks = priorities(problem.stops)
    capacity = any(v.capacity is not None for v in problem.vehicles)
    for v, vehicle in enumerate(problem.vehicles):
        problem_input.add_vehicle(_vehicle(v, vehicle, held[v], capacity))
    for s, stop in enumerate(problem.stops):
        problem_input.add_job(
            vroom.Job(
                id=s,
                location=problem.node(s),
                default_service=stop.service,
                delivery=vroom.Amount([stop.demand] if capacity else []),
                skills=needed[s],
                priority=ranks[s],
                time_windows=[vroom.TimeWindow(w.start, w.end) for w in merged(stop.windows)],
            )
        )
    return problem_input


def _vehicle(v: int, vehicle: Vehicle, skills: set[int], capacity: bool) -> vroom.Vehicle:
    """One VROOM vehicle: its depots, shift, lunch, limits and skills."""
    breaks = []
    if vehicle.lunch is not None:
        lunch = vehicle.lunch
        window = vroom.TimeWindow(lunch.earliest, lunch.latest)
        breaks.append(vroom.Break(v, time_windows=[window], service=lunch.duration))
    limits = {} if vehicle.max_distance is None else {"max_distance": vehicle.max_distance}
    return vroom.Vehicle(
        id=v,
        start=vehicle.start_depot,
        end=vehicle.end_depot,
        profile=PROFILE,
        capacity=[NO_CAPACITY if vehicle.capacity is None else vehicle.capacity]
        if capacity
        else [],
        skills=skills,
        time_window=vroom.TimeWindow(vehicle.shift.start, vehicle.shift.end),
        breaks=breaks,
        max_travel_time=vehicle.max_drive,
        **limits,
    )


def skills(problem: RoutingProblem) -> tuple[list[set[int]], list[set[int]]]:
    """The skills each vehicle holds and each stop needs: one skill (from 1) per distinct
    set of allowed vehicles, held by the vehicles in that set and needed by its stops; a
    stop that any vehicle may serve needs none."""
    groups = sorted({stop.vehicles for stop in problem.stops if stop.vehicles}, key=sorted)
    skill_of = {group: k + 1 for k, group in enumerate(groups)}
    held = [{skill_of[g] for g in groups if v in g} for v in range(len(problem.vehicles))]
    needed = [{skill_of[stop.vehicles]} if stop.vehicles else set() for stop in problem.stops]
    return held, needed


def priorities(stops: list[Stop]) -> list[int]:
    """VROOM priorities in the ratios of the drop penalties, required stops on top.

    An optional stop gets its penalty's share of the highest optional penalty, times
    OPTIONAL_TOP_PRIORITY (at least 1 when its penalty is not zero). A required stop gets
    TOP_PRIORITY, less the headroom that the required stops' own penalties need (a
    re-plan's mop-up visits go first), plus its penalty on the same scale, at most
    OPTIONAL_TOP_PRIORITY above the others. One without a penalty then gets
    REQUIRED_WEIGHT_STEP less for each unit of weight it lacks against the heaviest
    required stop, but never as little as an optional stop; so a mop-up visit, however
    light, stays above every other required stop.
    """
    optional = [s.penalty for s in stops if not s.required and s.penalty > 0]
    required = [s.penalty for s in stops if s.required and s.penalty > 0]
    top = max(optional or required or [0])

    def scaled(penalty: int) -> int:
        if penalty <= 0:
            return 0
        return min(OPTIONAL_TOP_PRIORITY, max(1, round(OPTIONAL_TOP_PRIORITY * penalty / top)))

    base = TOP_PRIORITY - max((scaled(p) for p in required), default=0)
    heaviest = max((s.weight for s in stops if s.required), default=0)

    def of_required(stop: Stop) -> int:
        if stop.penalty > 0:
            return base + scaled(stop.penalty)
        lighter = REQUIRED_WEIGHT_STEP * (heaviest - stop.weight)
        return max(OPTIONAL_TOP_PRIORITY + 1, base - lighter)

    return [of_required(s) if s.required else scaled(s.penalty) for s in stops]


def read_routes(table: Any, vehicles: int) -> list[list[int]]:
    """The stop indices each vehicle visits, in order, from VROOM's table of steps (a
    pandas DataFrame: one row per step, in route order; a job's id is its stop index)."""
    routes: list[list[int]] = [[] for _ in range(vehicles)]
    if "id" not in table.columns:  # no job served: VROOM's table has no id column
        return routes
    jobs = table[table["type"] == "job"]
    for vehicle, job in zip(jobs["vehicle_id"], jobs["id"], strict=True):
        routes[int(vehicle)].append(int(job))
    return routes


def _uint(matrix: np.ndarray) -> np.ndarray:
    """A matrix as VROOM's unsigned 32-bit integers."""
    return np.ascontiguousarray(matrix, dtype=np.uint32)
