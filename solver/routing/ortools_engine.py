"""The OR-Tools routing engine: one adapter from a `RoutingProblem` to a RoutingModel.

Each rule of the problem is one function that adds it to the model: the time dimension
with shifts and windows (several windows per stop: a range with the gaps removed), lunch
breaks as break intervals, a separate drive-time dimension for the daily driving limit,
load for capacities, allowed vehicles (skills, days), and disjunctions whose
penalties are lexicographic: a re-plan's promised stops above all others, required
stops above every optional one. Search: parallel cheapest
insertion, then guided local search until the time limit or `limits.stop`.

OR-Tools routing has no seed and stops on wall time, so runs repeat only in what they
find within the same number of search steps; `limits.deterministic` cannot change that.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from planner.model.words import N_
from solver.limits import REQUIRED_FIRST_SHARE, Limits
from solver.routing.evaluate import in_words
from solver.routing.problem import RoutingProblem, RoutingSolution, Window

TIME = "time"
DRIVE = "drive"
DISTANCE = "distance"
LOAD = "load"
PROGRESS_EVERY_S = 1.0
ROUTING_INFEASIBLE = routing_enums_pb2.RoutingSearchStatus.ROUTING_INFEASIBLE

Rule = Callable[["Model"], None]


class Model:
    """The OR-Tools objects of one solve, with the problem they were built from."""

    def __init__(self, problem: RoutingProblem) -> None:
        self.problem = problem
        depots = len(problem.depots)
        self.manager = pywrapcp.RoutingIndexManager(
            depots + len(problem.stops),
            len(problem.vehicles),
            [v.start_depot for v in problem.vehicles],
            [v.end_depot for v in problem.vehicles],
        )
        self.routing = pywrapcp.RoutingModel(self.manager)
        self.service = [0] * depots + [stop.service for stop in problem.stops]
        self.horizon = max(v.shift.end for v in problem.vehicles) + 1

    def index(self, stop: int) -> int:
        """The routing index of a stop."""
        return int(self.manager.NodeToIndex(self.problem.node(stop)))

    def matrix(self, values: list[list[int]]) -> int:
        """Register a transit matrix over the nodes and return its callback id."""
        return int(self.routing.RegisterTransitMatrix(values))


def add_arc_costs(model: Model) -> None:
    """What is minimised along the routes: distance, or driving time.

    Stops with a `home` vehicle cost `reassign_cost` more to reach on any other: the
    arc costs then differ by vehicle.
    """
    p = model.problem
    source = p.duration if p.objective == "duration" else p.distance
    homes = [(s, stop.home) for s, stop in enumerate(p.stops) if stop.home is not None]
    if not homes or not p.reassign_cost:
        model.routing.SetArcCostEvaluatorOfAllVehicles(model.matrix(source.tolist()))
        return
    for v in range(len(p.vehicles)):
        away = np.zeros(source.shape[1], dtype=np.int64)
        for s, home in homes:
            if home != v:
                away[p.node(s)] = p.reassign_cost
        callback = model.matrix((source + away[np.newaxis, :]).tolist())
        model.routing.SetArcCostEvaluatorOfVehicle(callback, v)


def add_time(model: Model) -> None:
    """Service then travel moves the clock; vehicles work within their shifts."""
    p = model.problem
    transit = (p.duration + [[s] for s in model.service]).tolist()
    callback = model.matrix(transit)
    model.routing.AddDimension(callback, model.horizon, model.horizon, False, TIME)
    dimension = model.routing.GetDimensionOrDie(TIME)
    for v, vehicle in enumerate(p.vehicles):
        for index in (model.routing.Start(v), model.routing.End(v)):
            dimension.CumulVar(index).SetRange(vehicle.shift.start, vehicle.shift.end)
    dimension.SetSpanCostCoefficientForAllVehicles(p.span_cost)
    dimension.SetGlobalSpanCostCoefficient(p.global_span_cost)
    if p.finish_cost:
        for v, vehicle in enumerate(p.vehicles):
            end = model.routing.End(v)
            dimension.SetCumulVarSoftUpperBound(end, vehicle.shift.start, p.finish_cost)


def add_windows(model: Model) -> None:
    """A visit starts inside one of its stop's windows; the gaps between them are removed."""
    dimension = model.routing.GetDimensionOrDie(TIME)
    for s, stop in enumerate(model.problem.stops):
        windows = merged(stop.windows)
        if not windows:
            continue
        cumul = dimension.CumulVar(model.index(s))
        cumul.SetRange(windows[0].start, windows[-1].end)
        for before, after in itertools.pairwise(windows):
            cumul.RemoveInterval(before.end + 1, after.start - 1)


def add_preferred_times(model: Model) -> None:
    """Each tick a service starts outside its stop's `preferred` window costs
    `preference_cost` (soft bounds on the time dimension)."""
    p = model.problem
    if not p.preference_cost:
        return
    dimension = model.routing.GetDimensionOrDie(TIME)
    for s, stop in enumerate(p.stops):
        if stop.preferred is None:
            continue
        index = model.index(s)
        dimension.SetCumulVarSoftLowerBound(index, stop.preferred.start, p.preference_cost)
        dimension.SetCumulVarSoftUpperBound(index, stop.preferred.end, p.preference_cost)


def add_breaks(model: Model) -> None:
    """A lunch break of each vehicle with a rule, never during a visit."""
    routing = model.routing
    dimension = routing.GetDimensionOrDie(TIME)
    visit_transits = [0] * routing.Size()
    for index in range(routing.Size()):
        if not routing.IsStart(index):
            visit_transits[index] = model.service[model.manager.IndexToNode(index)]
    for v, vehicle in enumerate(model.problem.vehicles):
        rule = vehicle.lunch
        if rule is None:
            continue
        lunch = routing.solver().FixedDurationIntervalVar(
            rule.earliest, rule.latest, rule.duration, False, f"lunch[{vehicle.id}]"
        )
        dimension.SetBreakIntervalsOfVehicle([lunch], v, visit_transits)


def add_max_drive(model: Model) -> None:
    """A vehicle drives no more than its daily limit (travel only, no service or waiting)."""
    p = model.problem
    _add_vehicle_limit(model, p.duration, [v.max_drive for v in p.vehicles], DRIVE)


def add_max_distance(model: Model) -> None:
    """A vehicle drives no further than its distance limit."""
    p = model.problem
    _add_vehicle_limit(model, p.distance, [v.max_distance for v in p.vehicles], DISTANCE)


def _add_vehicle_limit(
    model: Model, matrix: np.ndarray, limits: list[int | None], name: str
) -> None:
    """A dimension summing `matrix` along each route, capped at the vehicle's limit (none:
    uncapped); nothing is added when no vehicle has a limit."""
    if all(limit is None for limit in limits):
        return
    unlimited = int(matrix.sum()) + 1
    capacities = [limit if limit is not None else unlimited for limit in limits]
    callback = model.matrix(matrix.tolist())
    model.routing.AddDimensionWithVehicleCapacity(callback, 0, capacities, True, name)


def add_capacity(model: Model) -> None:
    """A vehicle carries no more than its capacity (Solomon demand)."""
    p = model.problem
    if all(v.capacity is None for v in p.vehicles):
        return
    demand = [0] * len(p.depots) + [stop.demand for stop in p.stops]
    callback = model.routing.RegisterUnaryTransitVector(demand)
    unlimited = sum(demand) + 1
    capacity = [v.capacity if v.capacity is not None else unlimited for v in p.vehicles]
    model.routing.AddDimensionWithVehicleCapacity(callback, 0, capacity, True, LOAD)


def add_allowed_vehicles(model: Model) -> None:
    """A stop rides only on the vehicles listed for it (skills and days); none listed = any."""
    everyone = len(model.problem.vehicles)
    for s, stop in enumerate(model.problem.stops):
        if stop.vehicles and len(stop.vehicles) < everyone:
            # The vehicle variable directly: SetAllowedVehiclesForIndex's Python binding
            # rejects every list in OR-Tools 9.15. -1 keeps the stop droppable.
            vehicle = model.routing.VehicleVar(model.index(s))
            vehicle.SetValues([-1, *sorted(stop.vehicles)])


def add_disjunctions(model: Model) -> None:
    """Stops may be dropped at a penalty, in lexicographic tiers: a promised stop costs more
    than all other stops together, a required one more than all optional ones (and each
    its own `penalty` more again: a re-plan's mop-up visit goes before the others)."""
    p = model.problem
    required = required_penalty(p)
    promise = promise_penalty(p, required)
    for s, stop in enumerate(p.stops):
        penalty = stop.penalty + (required if stop.required else 0)
        model.routing.AddDisjunction([model.index(s)], penalty + (promise if stop.promised else 0))


def required_penalty(problem: RoutingProblem) -> int:
    """More than dropping every optional stop, driving every arc of every route at once
    and paying every reassignment and preference cost."""
    optional = sum(stop.penalty for stop in problem.stops if not stop.required)
    arcs = int(problem.distance.max(initial=0)) + int(problem.duration.max(initial=0))
    arcs += problem.reassign_cost
    horizon = max((v.shift.end for v in problem.vehicles), default=0)
    spans = (problem.span_cost + problem.global_span_cost + problem.finish_cost) * horizon
    preferences = problem.preference_cost * horizon * len(problem.stops)
    nodes = len(problem.depots) + len(problem.stops)
    return optional + (nodes + 1) * arcs + (len(problem.vehicles) + 1) * spans + preferences + 1


def promise_penalty(problem: RoutingProblem, required: int) -> int:
    """What dropping a promised stop costs beyond its tier below: more than dropping every
    stop that is not promised, with `required` covering every route cost; 0 with no
    promised stop."""
    if not any(stop.promised for stop in problem.stops):
        return 0
    others = [stop for stop in problem.stops if not stop.promised]
    return sum(stop.penalty + (required if stop.required else 0) for stop in others) + required


RULES: list[Rule] = [
    add_arc_costs,
    add_time,
    add_windows,
    add_preferred_times,
    add_breaks,
    add_max_drive,
    add_max_distance,
    add_capacity,
    add_allowed_vehicles,
    add_disjunctions,
]
"""Every rule of the model, in the order it is built."""


def merged(windows: tuple[Window, ...]) -> list[Window]:
    """Windows sorted, with overlapping or touching ones joined."""
    out: list[Window] = []
    for w in sorted(windows, key=lambda w: (w.start, w.end)):
        if out and w.start <= out[-1].end + 1:
            out[-1] = Window(out[-1].start, max(out[-1].end, w.end))
        else:
            out.append(w)
    return out


def search_parameters(limits: Limits) -> pywrapcp.RoutingSearchParameters:
    """Parallel cheapest insertion, then guided local search for the time limit."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(1, int(limits.time_limit_s * 1000)))
    return params


def solve_ortools(
    problem: RoutingProblem, limits: Limits, initial: RoutingSolution | None = None
) -> RoutingSolution:
    """Solve `problem` with OR-Tools routing, from `initial` routes if given.

    Without initial routes, a problem with both required and optional stops is first
    solved for its required stops alone (a share of the time), and those routes start
    the full search: with the optional stops competing for the same hours from the
    start, insertion and local search can strand a required stop that needs a route of
    its own. The search ends at the time limit or as soon as `limits.stop` is set,
    keeping the best solution found.
    """
    started = time.perf_counter()
    kinds = {stop.required for stop in problem.stops}
    if initial is None and kinds == {True, False}:
        initial = required_first(
            problem, limits.with_time(REQUIRED_FIRST_SHARE * limits.time_limit_s)
        )
        rest = limits.time_limit_s - (time.perf_counter() - started)
        limits = limits.with_time(max(rest, 0.1))
    solution = search(problem, limits, initial)
    solution.wall_s = time.perf_counter() - started
    return solution


def required_first(problem: RoutingProblem, limits: Limits) -> RoutingSolution:
    """Routes for the required stops alone, in the full problem's stop indices."""
    keep = [s for s, stop in enumerate(problem.stops) if stop.required]
    nodes = list(range(len(problem.depots))) + [problem.node(s) for s in keep]
    grid = np.ix_(nodes, nodes)
    sub = dataclasses.replace(
        problem,
        stops=[problem.stops[s] for s in keep],
        duration=problem.duration[grid],
        distance=problem.distance[grid],
    )
    solution = search(sub, limits, None, what=N_("required households"))
    routes = [[keep[s] for s in route] for route in solution.routes]
    return RoutingSolution(routes, [], "ortools", solution.objective, solution.wall_s)


def search(
    problem: RoutingProblem,
    limits: Limits,
    initial: RoutingSolution | None,
    what: str = "households",
) -> RoutingSolution:
    """One OR-Tools search: the model's rules, then insertion and guided local search."""
    started = time.perf_counter()
    model = Model(problem)
    for rule in RULES:
        rule(model)
    params = search_parameters(limits)
    watch(model, limits, started, what)
    routing = model.routing
    if initial is not None:
        routing.CloseModelWithParameters(params)
        first = routing.ReadAssignmentFromRoutes(start_routes(model, initial), True)
        solution = None
        if first is not None:
            solution = routing.SolveFromAssignmentWithParameters(first, params)
        if solution is None:  # unreadable routes, or (rarely, seen once) a failed restart
            rest = limits.time_limit_s - (time.perf_counter() - started)
            solution = routing.SolveWithParameters(
                search_parameters(limits.with_time(max(rest, 1.0)))
            )
    else:
        solution = routing.SolveWithParameters(params)
    return extract(model, solution, time.perf_counter() - started)


def start_routes(model: Model, initial: RoutingSolution) -> list[list[int]]:
    """An initial solution's routes as routing indices, one list per vehicle."""
    routes = [[model.index(s) for s in route] for route in initial.routes]
    return routes + [[] for _ in range(len(model.problem.vehicles) - len(routes))]


def watch(model: Model, limits: Limits, started: float, what: str = "households") -> None:
    """Stop the search when `limits.stop` is set; say a solution better than any before
    (guided local search also passes through worse ones), at most every `PROGRESS_EVERY_S`."""
    routing = model.routing
    routing.AddSearchMonitor(routing.solver().CustomLimit(limits.stop.is_set))
    said_at, best = [-PROGRESS_EVERY_S], [-1]

    def on_solution() -> None:
        cost, elapsed = routing.CostVar().Min(), time.perf_counter() - started
        if 0 <= best[0] <= cost:
            return
        best[0] = cost
        if limits.progress is not None and elapsed - said_at[0] >= PROGRESS_EVERY_S:
            said_at[0] = elapsed
            limits.report(in_words(model.problem, current_routes(model), what))

    routing.AddAtSolutionCallback(on_solution)


def current_routes(model: Model) -> list[list[int]]:
    """The routes of the solution under the search's hands, as stop indices."""
    routing, depots = model.routing, len(model.problem.depots)
    routes: list[list[int]] = []
    for v in range(len(model.problem.vehicles)):
        route, index = [], routing.NextVar(routing.Start(v)).Value()
        while not routing.IsEnd(index):
            route.append(model.manager.IndexToNode(index) - depots)
            index = routing.NextVar(index).Value()
        routes.append(route)
    return routes


def extract(model: Model, solution: pywrapcp.Assignment | None, wall_s: float) -> RoutingSolution:
    """The routes, start ticks and dropped stops of an OR-Tools assignment."""
    p = model.problem
    if solution is None:
        infeasible = model.routing.status() == ROUTING_INFEASIBLE
        empty: list[list[int]] = [[] for _ in p.vehicles]
        return RoutingSolution(empty, [[] for _ in p.vehicles], "ortools", 0, wall_s, [],
                               "infeasible" if infeasible else "unknown")  # fmt: skip
    dimension = model.routing.GetDimensionOrDie(TIME)
    depots = len(p.depots)
    routes: list[list[int]] = []
    starts: list[list[int]] = []
    for v in range(len(p.vehicles)):
        route, start = [], []
        index = solution.Value(model.routing.NextVar(model.routing.Start(v)))
        while not model.routing.IsEnd(index):
            route.append(model.manager.IndexToNode(index) - depots)
            start.append(solution.Min(dimension.CumulVar(index)))
            index = solution.Value(model.routing.NextVar(index))
        routes.append(route)
        starts.append(start)
    served = {s for route in routes for s in route}
    dropped = [s for s in range(len(p.stops)) if s not in served]
    objective = int(solution.ObjectiveValue())
    return RoutingSolution(routes, starts, "ortools", objective, wall_s, dropped, "feasible")
