"""Cluster first: the vehicles in groups, and each stop given to one group.

A group is one team's days (consecutive vehicles with the same start depot, at most
`GROUP_SIZE` of them). Each group gets a centre (a stop) and a capacity in minutes: its
vehicles' shifts, less lunch and the drive out to the centre and back. Each stop goes to
one group that may serve it (skills, days), near the group's centre, with every group
loaded in the same proportion to its capacity: a balanced assignment solved by CP-SAT,
with a regret greedy as its hint and fallback. Centres move to the medoid of their stops
between rounds, as in k-medoids.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model

from solver.limits import Limits
from solver.routing.loads import Loads, shares, stop_loads
from solver.routing.problem import RoutingProblem

GROUP_SIZE = 10
"""Vehicles per group: about 100 stops per sub-problem on a county campaign."""
CANDIDATES = 6
"""Groups a stop may join: the nearest that may serve it."""
ROUNDS = 3
"""Greedy assignments and medoid moves before the CP-SAT assignment."""
OVERLOAD_COST = 1_000
"""Cost of each minute of load above a group's share, against minutes of distance."""
REQUIRED_OVERLOAD_COST = 100_000
"""Cost of each minute of required load above a group's share."""


@dataclass
class Cluster:
    """A group of vehicles and the stops given to it.

    Attributes:
        vehicles: vehicle indices of the problem.
        stops: stop indices of the problem, given to this group.
        centre: the stop at the group's centre.
    """

    vehicles: list[int]
    stops: list[int]
    centre: int


def make_clusters(problem: RoutingProblem, limits: Limits) -> list[Cluster]:
    """Group the vehicles and give every stop that some vehicle may serve to one group."""
    groups = vehicle_groups(problem)
    allowed = _allowed_groups(problem, groups)
    load, leg = stop_loads(problem)
    loads = Loads(
        load=load,
        required=[stop.required for stop in problem.stops],
        per_drive_min=sum(load) / max(sum(leg), 1),
    )
    centres = _first_centres(problem, len(groups), random.Random(limits.seed))
    assignment: list[int] = []
    for _ in range(ROUNDS):
        assignment = greedy_assign(problem, groups, centres, allowed, loads)
        centres = _medoids(problem, assignment, centres)
    assignment = cp_assign(problem, groups, centres, allowed, loads, assignment, limits)
    centres = _medoids(problem, assignment, centres)
    return [
        Cluster(group, [s for s, g in enumerate(assignment) if g == k], centres[k])
        for k, group in enumerate(groups)
    ]


def vehicle_groups(problem: RoutingProblem) -> list[list[int]]:
    """Runs of vehicles with the same start depot (a team's days), cut at GROUP_SIZE."""
    groups: list[list[int]] = []
    for v, vehicle in enumerate(problem.vehicles):
        last = groups[-1] if groups else None
        same = last is not None and problem.vehicles[last[-1]].start_depot == vehicle.start_depot
        if last is not None and same and len(last) < GROUP_SIZE:
            last.append(v)
        else:
            groups.append([v])
    return groups


def greedy_assign(
    problem: RoutingProblem,
    groups: list[list[int]],
    centres: list[int],
    allowed: list[list[int]],
    loads: Loads,
) -> list[int]:
    """Required stops first, the least flexible first: each to its nearest group with room.

    A stop no group has room for goes to the allowed group loaded least, for its size.
    """
    total_share, required_share = shares(problem, groups, centres, loads)
    near = _distances(problem, centres)
    used, used_required = [0] * len(groups), [0] * len(groups)
    assignment = [-1] * len(problem.stops)

    def regret(s: int) -> float:
        d = sorted(near[g][s] for g in allowed[s])
        return d[1] - d[0] if len(d) > 1 else float("inf")

    def room(s: int, g: int) -> bool:
        fits = used[g] + loads.load[s] <= total_share[g]
        return fits and (
            not loads.required[s] or used_required[g] + loads.load[s] <= required_share[g]
        )

    for s in sorted(range(len(problem.stops)), key=lambda s: (not loads.required[s], -regret(s))):
        if not allowed[s]:
            continue
        fits = [g for g in allowed[s] if room(s, g)]
        if fits:
            g = min(fits, key=lambda g: near[g][s])
        else:
            g = min(allowed[s], key=lambda g: (used[g] + loads.load[s]) / max(total_share[g], 1))
        assignment[s] = g
        used[g] += loads.load[s]
        used_required[g] += loads.load[s] if loads.required[s] else 0
    return assignment


def cp_assign(
    problem: RoutingProblem,
    groups: list[list[int]],
    centres: list[int],
    allowed: list[list[int]],
    loads: Loads,
    hint: list[int],
    limits: Limits,
) -> list[int]:
    """The balanced assignment of stops to groups, CP-SAT's or else the hint.

    Each stop joins one of its CANDIDATES nearest allowed groups (or the hint's group);
    each group's load and required load keep to their shares (`shares`), at
    OVERLOAD_COST and REQUIRED_OVERLOAD_COST a minute above; the distances from the
    centres are minimised.
    """
    model = cp_model.CpModel()
    chosen = _assignment_model(model, problem, groups, centres, allowed, loads, hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(limits.time_limit_s, 0.1)
    solver.parameters.num_workers = 1 if limits.deterministic else (limits.workers or 2)
    solver.parameters.random_seed = limits.seed
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return hint
    answer = list(hint)
    for (s, g), x in chosen.items():
        if solver.value(x):
            answer[s] = g
    return answer


def _assignment_model(
    model: cp_model.CpModel,
    problem: RoutingProblem,
    groups: list[list[int]],
    centres: list[int],
    allowed: list[list[int]],
    loads: Loads,
    hint: list[int],
) -> dict[tuple[int, int], cp_model.IntVar]:
    """Build `cp_assign`'s model; return the literal of each (stop, group) choice."""
    near = _distances(problem, centres)
    total_share, required_share = shares(problem, groups, centres, loads)
    chosen: dict[tuple[int, int], cp_model.IntVar] = {}
    for s in range(len(problem.stops)):
        options = sorted(allowed[s], key=lambda g: near[g][s])[:CANDIDATES]
        if hint[s] >= 0 and hint[s] not in options:
            options.append(hint[s])
        for g in options:
            chosen[s, g] = model.new_bool_var(f"assign[{problem.stops[s].id},{g}]")
            model.add_hint(chosen[s, g], hint[s] == g)
        if options:
            model.add_exactly_one(chosen[s, g] for g in options)
    cost = [near[g][s] * x for (s, g), x in chosen.items()]
    most = sum(loads.load)
    for g in range(len(groups)):
        mine = [(s, x) for (s, h), x in chosen.items() if h == g]
        over = model.new_int_var(0, most, f"over[{g}]")
        model.add(sum(loads.load[s] * x for s, x in mine) <= total_share[g] + over)
        required_over = model.new_int_var(0, most, f"required_over[{g}]")
        required = sum(loads.load[s] * x for s, x in mine if loads.required[s])
        model.add(required <= required_share[g] + required_over)
        cost += [OVERLOAD_COST * over, REQUIRED_OVERLOAD_COST * required_over]
    model.minimize(sum(cost))
    return chosen


def _allowed_groups(problem: RoutingProblem, groups: list[list[int]]) -> list[list[int]]:
    """The groups with a vehicle that may serve each stop."""
    return [
        [g for g, group in enumerate(groups) if not stop.vehicles or stop.vehicles & set(group)]
        for stop in problem.stops
    ]


def _distances(problem: RoutingProblem, centres: list[int]) -> list[list[int]]:
    """Minutes from each centre to each stop and back, halved: near[group][stop]."""
    nodes = [problem.node(s) for s in range(len(problem.stops))]
    rows = [problem.node(c) for c in centres]
    there = problem.duration[np.ix_(rows, nodes)]
    back = problem.duration[np.ix_(nodes, rows)].T
    return ((there + back) // 2).tolist()


def _first_centres(problem: RoutingProblem, count: int, rng: random.Random) -> list[int]:
    """k-medoids++: each next centre drawn with odds by its squared distance to the last.

    One row of minutes per centre drawn: a province's stop-to-stop matrix as floats would
    take 800 MB.
    """
    stops = len(problem.stops)
    nodes = np.array([problem.node(s) for s in range(stops)])

    def legs(stop: int) -> npt.NDArray[np.float64]:
        return problem.duration[problem.node(stop), nodes].astype(np.float64)

    centres = [rng.randrange(stops)]
    nearest = legs(centres[0])
    while len(centres) < min(count, stops):
        weights = (nearest**2).tolist()
        pick = (
            rng.choices(range(stops), weights=weights)[0]
            if sum(weights) > 0
            else rng.randrange(stops)
        )
        centres.append(pick)
        np.minimum(nearest, legs(pick), out=nearest)
    while len(centres) < count:  # fewer stops than groups: some groups share a centre
        centres.append(centres[len(centres) % stops])
    return centres


def _medoids(problem: RoutingProblem, assignment: list[int], centres: list[int]) -> list[int]:
    """The stop of each group nearest to all the group's other stops (in minutes)."""
    moved = list(centres)
    for g in range(len(centres)):
        mine = [s for s, h in enumerate(assignment) if h == g]
        if not mine:
            continue
        nodes = [problem.node(s) for s in mine]
        total = problem.duration[np.ix_(nodes, nodes)].sum(axis=1)
        moved[g] = mine[int(np.argmin(total))]
    return moved
