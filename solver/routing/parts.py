"""A part of a routing problem: some of its vehicles and some of its stops.

The decomposition solves parts on their own and writes their routes back. A part keeps
the depots of its vehicles (renumbered); its stops are renumbered in the order given,
and each stop's allowed vehicles are renumbered among the part's vehicles.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from solver.routing.problem import RoutingProblem, RoutingSolution


@dataclass
class Part:
    """A sub-problem and where its vehicles and stops sit in the whole problem."""

    problem: RoutingProblem
    vehicles: list[int]
    stops: list[int]

    def local_routes(self, routes: list[list[int]]) -> list[list[int]]:
        """The whole problem's routes of the part's vehicles, in the part's stop numbers.

        Stops outside the part are left out (the caller keeps them on their routes).
        """
        index = {s: k for k, s in enumerate(self.stops)}
        return [[index[s] for s in routes[v] if s in index] for v in self.vehicles]

    def write_back(
        self, solution: RoutingSolution, routes: list[list[int]], starts: list[list[int]]
    ) -> None:
        """Put the part's routes and start times into the whole problem's lists."""
        for k, v in enumerate(self.vehicles):
            routes[v] = [self.stops[s] for s in solution.routes[k]]
            starts[v] = list(solution.starts[k])


def make_part(problem: RoutingProblem, vehicles: list[int], stops: list[int]) -> Part:
    """The part of `problem` with these vehicles and those of these stops they may serve."""
    local_vehicle = {v: k for k, v in enumerate(vehicles)}
    kept = [s for s in stops if _allowed(problem, s, local_vehicle)]
    renumbered = [
        dataclasses.replace(
            problem.stops[s], vehicles=frozenset(sorted(_allowed(problem, s, local_vehicle)))
        )
        for s in kept
    ]
    # Only the part's depots: OR-Tools would take a depot no vehicle uses for a stop.
    depots = sorted({d for v in vehicles for d in _depots_of(problem, v)})
    depot_of = {d: k for k, d in enumerate(depots)}
    nodes = depots + [problem.node(s) for s in kept]
    grid = np.ix_(nodes, nodes)
    sub = dataclasses.replace(
        problem,
        depots=[problem.depots[d] for d in depots],
        stops=renumbered,
        vehicles=[
            dataclasses.replace(
                problem.vehicles[v],
                start_depot=depot_of[problem.vehicles[v].start_depot],
                end_depot=depot_of[problem.vehicles[v].end_depot],
            )
            for v in vehicles
        ],
        duration=problem.duration[grid],
        distance=problem.distance[grid],
    )
    return Part(sub, list(vehicles), kept)


def _depots_of(problem: RoutingProblem, vehicle: int) -> tuple[int, int]:
    v = problem.vehicles[vehicle]
    return v.start_depot, v.end_depot


def _allowed(problem: RoutingProblem, stop: int, local_vehicle: dict[int, int]) -> list[int]:
    """The part's vehicles (local numbers) that may serve the stop."""
    allowed = problem.stops[stop].vehicles
    return [k for v, k in local_vehicle.items() if not allowed or v in allowed]
