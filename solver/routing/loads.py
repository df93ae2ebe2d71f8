"""What a stop takes from a route and what a group of vehicles can give, in minutes.

The balanced assignment (`clusters.py`) weighs stops by their load (service and a leg
from a near stop) and groups by their capacity near a centre (shifts less lunch and the
trip out and back, within the driving limit), and gives each group its share of the
whole load and of the required load.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.routing.problem import RoutingProblem
from solver.travel import ROWS_AT_A_TIME

NEIGHBOUR_STOPS = 4
"""A stop's load counts the mean drive from its nearest stops, as the leg into it."""
BALANCE_SLACK = 0.05
"""A group may be loaded this much above the mean load-to-capacity ratio."""


def stop_loads(problem: RoutingProblem) -> tuple[list[int], list[int]]:
    """Minutes a stop takes from a route (its service and a leg from a near stop), and
    that leg alone."""
    count = len(problem.stops)
    first = problem.node(0) if count else 0
    legs = problem.duration[first : first + count, first : first + count]
    near = min(NEIGHBOUR_STOPS, count - 1)
    leg = np.zeros(count)
    # A block of rows at a time, each row's nearest legs picked, not sorted: a province's
    # 10,000 x 10,000 legs copied whole and sorted took 20 s.
    for start in range(0, count if near > 0 else 0, ROWS_AT_A_TIME):
        block = legs[start : start + ROWS_AT_A_TIME].astype(np.float64)
        rows = np.arange(len(block))
        block[rows, start + rows] = np.inf
        leg[start : start + len(block)] = np.partition(block, near - 1, axis=1)[:, :near].mean(
            axis=1
        )
    into = [round(float(x)) for x in leg]
    return [stop.service + into[s] for s, stop in enumerate(problem.stops)], into


@dataclass(frozen=True)
class Loads:
    """What each stop takes from a route, and what a minute of driving limit is worth.

    Attributes:
        load: minutes a stop takes: its service and a leg from a near stop.
        required: whether each stop is required.
        per_drive_min: minutes of load one minute of driving carries, on average: a
            vehicle whose driving limit leaves it little driving near its centre serves
            little there, however long its shift.
    """

    load: list[int]
    required: list[bool]
    per_drive_min: float


def capacity(problem: RoutingProblem, group: list[int], centre: int, loads: Loads) -> int:
    """Minutes of load the group's vehicles can carry at stops near `centre`.

    Each vehicle: its shift less lunch and the drive out to the centre and back, and no
    more than its driving limit left after that trip allows.
    """
    node = problem.node(centre)
    total = 0
    for v in group:
        vehicle = problem.vehicles[v]
        lunch = vehicle.lunch.duration if vehicle.lunch is not None else 0
        out = problem.duration[vehicle.start_depot, node]
        trip = int(out + problem.duration[node, vehicle.end_depot])
        hours = vehicle.shift.end - vehicle.shift.start - lunch - trip
        if vehicle.max_drive is not None:
            hours = min(hours, int((vehicle.max_drive - trip) * loads.per_drive_min))
        total += max(hours, 0)
    return total


def shares(
    problem: RoutingProblem, groups: list[list[int]], centres: list[int], loads: Loads
) -> tuple[list[int], list[int]]:
    """Each group's share of the whole load and of the required load, in minutes.

    A group's capacity times the ratio of all load to all capacity (at least 1: a group
    is given at least what it can carry), plus BALANCE_SLACK; the same for the required
    load alone, so that no group is given more required stops than its share.
    """
    caps = [capacity(problem, group, centres[k], loads) for k, group in enumerate(groups)]
    total = max(sum(caps), 1)
    ratio = max(sum(loads.load) / total, 1.0) * (1 + BALANCE_SLACK)
    required = sum(x for x, r in zip(loads.load, loads.required, strict=True) if r)
    required_ratio = required / total * (1 + BALANCE_SLACK)
    return [int(c * ratio) for c in caps], [int(c * required_ratio) for c in caps]
