"""The PyVRP engine: a RoutingProblem solved by PyVRP's iterated local search.

PyVRP expresses windows (several per stop, as a mutually exclusive client group with
one client per window), optional stops (prizes equal to the drop penalty), capacity,
shifts, distance limits, start and end depots, and allowed vehicles (a routing profile
per vehicle type in which the stops it may not serve lie out of reach). It has no lunch
breaks and no limit on driving time, and no cost on working time (span, finish):
`solve_pyvrp` refuses those with `Unsupported`.

`engines.solve_problem` checks every solution against the rules
(`evaluate.route_violations`) before returning it.
"""

from __future__ import annotations

import time
import warnings
from typing import Any

import numpy as np
import numpy.typing as npt
import pyvrp
from pyvrp import Client, ClientGroup, Depot, Location, ProblemData, VehicleType
from pyvrp.exceptions import PenaltyBoundWarning

from planner.model.words import gettext as _
from solver.limits import Limits
from solver.routing.evaluate import earliest_starts, objective_value
from solver.routing.problem import RoutingProblem, RoutingSolution, Vehicle

ENGINE = "pyvrp"
OBJECTIVES = ("distance",)
# Distance of an edge that a vehicle type may not take: more than any prize, small
# enough that route sums cannot overflow. (Its duration is past every shift end.)
UNREACHABLE = 1 << 40
PROGRESS_EVERY_S = 1.0
NO_LIMIT = int(np.iinfo(np.int64).max)  # PyVRP's own "no limit" on a route's distance
# In deterministic mode the search stops after this many iterations per second of the
# time limit (set low, so that the count, not the clock, ends it on a busy machine).
DETERMINISTIC_ITERATIONS_PER_S = 300
# PyVRP reports the cost of an infeasible best solution as (about) the largest integer.
NOTHING_FEASIBLE = float(1 << 62)

Matrix = npt.NDArray[np.int64]


class Unsupported(ValueError):
    """The problem holds a rule that PyVRP cannot express exactly."""


def unsupported_features(problem: RoutingProblem) -> list[str]:
    """The rules of `problem` that PyVRP cannot keep, in words; empty if none."""
    found = []
    if any(v.lunch is not None for v in problem.vehicles):
        found.append("lunch breaks (Vehicle.lunch)")
    if any(v.max_drive is not None for v in problem.vehicles):
        found.append("a maximum driving time (Vehicle.max_drive)")
    if problem.span_cost or problem.global_span_cost or problem.finish_cost:
        found.append("costs on working time (span_cost, global_span_cost, finish_cost)")
    if problem.reassign_cost and any(stop.home is not None for stop in problem.stops):
        found.append("costs for moving a stop off its vehicle (Stop.home)")
    if any(stop.promised for stop in problem.stops):
        found.append("promised stops kept above required ones (Stop.promised)")
    if problem.preference_cost and any(stop.preferred is not None for stop in problem.stops):
        found.append("preferred service times (Stop.preferred)")
    if problem.objective not in OBJECTIVES:
        found.append(f"the objective {problem.objective!r} (known: {', '.join(OBJECTIVES)})")
    return found


def solve_pyvrp(
    problem: RoutingProblem,
    limits: Limits,
    *,
    give_up_s: float | None = None,
    initial: RoutingSolution | None = None,
) -> RoutingSolution:
    """Solve `problem` with PyVRP within `limits.time_limit_s`, seeded by `limits.seed`.

    Args:
        problem: the integer routing problem.
        limits: time limit, seed and stop event (set by Ctrl-C: the best so far is kept).
            PyVRP stops on wall time, so runs repeat only in deterministic mode, which
            stops after a number of iterations (DETERMINISTIC_ITERATIONS_PER_S) and
            repeats unless the time limit comes first.
        give_up_s: stop after this many seconds if nothing feasible has been found.
        initial: routes (with their starts) to start the search from.

    Raises:
        Unsupported: the problem has rules PyVRP cannot express.
    """
    missing = unsupported_features(problem)
    if missing:
        raise Unsupported("PyVRP cannot express " + "; ".join(missing))
    started = time.perf_counter()
    translation = Translation(problem)
    first = None if initial is None else translation.pyvrp_solution(initial)
    with warnings.catch_warnings():
        # Infeasible problems are reported through the solution's status instead.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = pyvrp.solve(
            translation.data,
            stop=_Deadline(limits, started, give_up_s),
            seed=limits.seed,
            collect_stats=False,
            display=False,
            initial_solution=first,
        )
    return translation.solution(result.best, time.perf_counter() - started)


class _Deadline:
    """PyVRP's stopping criterion: the time limit or the caller's stop event."""

    def __init__(self, limits: Limits, started: float, give_up_s: float | None) -> None:
        self._limits = limits
        self._started = started
        self._give_up_s = limits.time_limit_s if give_up_s is None else give_up_s
        self._best = float("inf")
        self._reported = 0.0
        self._iterations = 0
        self._max_iterations = (
            int(DETERMINISTIC_ITERATIONS_PER_S * limits.time_limit_s)
            if limits.deterministic
            else None
        )

    def __call__(self, best_cost: float) -> bool:
        elapsed = time.perf_counter() - self._started
        self._iterations += 1
        if self._max_iterations is not None and self._iterations > self._max_iterations:
            return True
        feasible = best_cost < NOTHING_FEASIBLE
        if feasible and best_cost < self._best and elapsed - self._reported >= PROGRESS_EVERY_S:
            self._best = best_cost
            self._reported = elapsed
            # PyVRP passes its best cost alone (metres driven plus the drop penalties of
            # the households left out), a figure that means nothing to a coordinator.
            self._limits.report(_("found a better set of routes: shorter, or visiting more"))
        hopeless = best_cost >= NOTHING_FEASIBLE and elapsed >= self._give_up_s
        return elapsed >= self._limits.time_limit_s or hopeless or self._limits.stop.is_set()


class Translation:
    """A RoutingProblem as PyVRP ProblemData, and PyVRP solutions back as routes.

    Locations follow the problem's nodes (depots first). A stop becomes one client per
    window; vehicles with the same rules and allowed stops become one vehicle type.
    """

    def __init__(self, problem: RoutingProblem) -> None:
        self.problem = problem
        self.client_stop: list[int] = []  # the stop each PyVRP client stands for
        self.type_vehicles: list[list[int]] = []
        clients, groups = self._clients()
        vehicle_types, matrices = self._vehicle_types()
        locations = [Location(0, 0) for _ in range(len(problem.depots) + len(problem.stops))]
        depots = [Depot(location=i) for i in range(len(problem.depots))]
        # PyVRP's stubs type matrices loosely; these are square int64 arrays.
        distances: list[Any] = [m[0] for m in matrices]
        durations: list[Any] = [m[1] for m in matrices]
        self.data = ProblemData(
            locations=locations,
            clients=clients,
            depots=depots,
            vehicle_types=vehicle_types,
            distance_matrices=distances,
            duration_matrices=durations,
            groups=groups,
        )

    def _has_load(self) -> bool:
        p = self.problem
        return any(s.demand for s in p.stops) or any(v.capacity is not None for v in p.vehicles)

    def _clients(self) -> tuple[list[Client], list[ClientGroup]]:
        p = self.problem
        clients: list[Client] = []
        groups: list[ClientGroup] = []
        load = [1] if self._has_load() else []
        for index, stop in enumerate(p.stops):
            windows = [(w.start, w.end) for w in stop.windows] or [(0, UNREACHABLE)]
            required = stop.required
            prize = 0 if required else stop.penalty
            alone = len(windows) == 1
            members = []
            for early, late in windows:
                members.append(len(clients))
                clients.append(
                    Client(
                        location=p.node(index),
                        delivery=[stop.demand * x for x in load],
                        service_duration=stop.service,
                        tw_early=early,
                        tw_late=late,
                        prize=prize,
                        required=required and alone,
                        group=None if alone else len(groups),
                        name=stop.id,
                    )
                )
                self.client_stop.append(index)
            if not alone:
                groups.append(ClientGroup(members, required=required, name=stop.id))
        return clients, groups

    def _allowed(self, vehicle: int) -> frozenset[int]:
        return frozenset(
            i for i, s in enumerate(self.problem.stops) if not s.vehicles or vehicle in s.vehicles
        )

    def _vehicle_types(self) -> tuple[list[VehicleType], list[tuple[Matrix, Matrix]]]:
        p = self.problem
        everything = frozenset(range(len(p.stops)))
        profiles: dict[frozenset[int], int] = {}
        matrices: list[tuple[Matrix, Matrix]] = []
        kinds: dict[tuple[object, ...], int] = {}
        types: list[tuple[Vehicle, int]] = []
        for v, vehicle in enumerate(p.vehicles):
            allowed = self._allowed(v)
            if allowed not in profiles:
                profiles[allowed] = len(matrices)
                matrices.append(self._profile(everything - allowed))
            key = (
                vehicle.start_depot,
                vehicle.end_depot,
                vehicle.shift,
                vehicle.capacity,
                vehicle.max_distance,
                allowed,
            )
            if key not in kinds:
                kinds[key] = len(types)
                types.append((vehicle, profiles[allowed]))
                self.type_vehicles.append([])
            self.type_vehicles[kinds[key]].append(v)
        vehicle_types = [
            self._vehicle_type(vehicle, profile, len(group))
            for (vehicle, profile), group in zip(types, self.type_vehicles, strict=True)
        ]
        return vehicle_types, matrices

    def _vehicle_type(self, vehicle: Vehicle, profile: int, count: int) -> VehicleType:
        if not self._has_load():
            capacity = []
        elif vehicle.capacity is None:
            capacity = [sum(s.demand for s in self.problem.stops)]
        else:
            capacity = [vehicle.capacity]
        return VehicleType(
            num_available=count,
            capacity=capacity,
            start_depot=vehicle.start_depot,
            end_depot=vehicle.end_depot,
            tw_early=vehicle.shift.start,
            tw_late=vehicle.shift.end,
            max_distance=NO_LIMIT if vehicle.max_distance is None else vehicle.max_distance,
            profile=profile,
            name=vehicle.id,
        )

    def _profile(self, barred: frozenset[int]) -> tuple[Matrix, Matrix]:
        """Distance and duration matrices in which the `barred` stops are out of reach."""
        p = self.problem
        distance = np.array(p.distance, dtype=np.int64)
        duration = np.array(p.duration, dtype=np.int64)
        nodes = [p.node(i) for i in sorted(barred)]
        past_every_shift = max(v.shift.end for v in p.vehicles) + 1
        for matrix, barrier in ((distance, UNREACHABLE), (duration, past_every_shift)):
            matrix[nodes, :] = barrier
            matrix[:, nodes] = barrier
            np.fill_diagonal(matrix, 0)
        return distance, duration

    def pyvrp_solution(self, solution: RoutingSolution) -> pyvrp.Solution:
        """Routes with their service starts as a PyVRP solution; each stop becomes the
        client of the window its start falls in."""
        clients: dict[int, list[int]] = {}
        for client, stop in enumerate(self.client_stop):
            clients.setdefault(stop, []).append(client)
        type_of = {v: t for t, group in enumerate(self.type_vehicles) for v in group}
        routes = []
        for v, (route, starts) in enumerate(zip(solution.routes, solution.starts, strict=True)):
            if route:
                visits = [self._client(clients[s], t) for s, t in zip(route, starts, strict=True)]
                routes.append(pyvrp.Route(self.data, visits, type_of[v]))
        return pyvrp.Solution(self.data, routes)

    def _client(self, candidates: list[int], start: int) -> int:
        """The client whose window holds `start` (the first if none)."""
        clients = self.data.clients()
        return next(
            (c for c in candidates if clients[c].tw_early <= start <= clients[c].tw_late),
            candidates[0],
        )

    def solution(self, best: pyvrp.Solution, wall_s: float) -> RoutingSolution:
        """The problem's routes of a PyVRP solution, with earliest service starts."""
        routes: list[list[int]] = [[] for _ in self.problem.vehicles]
        free = [list(group) for group in self.type_vehicles]
        for route in best.routes():
            vehicle = free[route.vehicle_type()].pop(0)
            routes[vehicle] = [self.client_stop[a.idx] for a in route if a.is_client()]
        starts = [earliest_starts(self.problem, v, r) or [] for v, r in enumerate(routes)]
        served = {s for r in routes for s in r}
        dropped = [i for i in range(len(self.problem.stops)) if i not in served]
        return RoutingSolution(
            routes=routes,
            starts=starts,
            engine=ENGINE,
            objective=objective_value(self.problem, routes, dropped),
            wall_s=wall_s,
            dropped=dropped,
            status="feasible" if best.is_feasible() else "infeasible",
        )
