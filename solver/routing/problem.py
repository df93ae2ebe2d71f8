"""A generic vehicle-routing problem with time windows, in integers.

Both the home visits (via `households.py`) and the Solomon benchmark instances are
turned into a `RoutingProblem`; every engine solves this one type. Times are in integer
ticks (minutes for home visits, tenths for Solomon), distances in integer units (metres
for home visits, tenths for Solomon). Node 0..len(depots)-1 are depots; the stops follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from solver.result import SolveStatus


@dataclass(frozen=True)
class Window:
    """Service may *start* at any tick in [start, end]."""

    start: int
    end: int


@dataclass(frozen=True)
class BreakRule:
    """A break of `duration` ticks starting in [earliest, latest] (ticks of the day)."""

    earliest: int
    latest: int
    duration: int


@dataclass(frozen=True)
class Stop:
    """A place to serve once.

    Attributes:
        id: the domain id (household id, or Solomon customer number as text).
        windows: service-start windows; empty means any time in the vehicle's shift.
        service: service duration in ticks.
        demand: load taken (Solomon capacity); 0 for home visits.
        required: a required stop is never dropped while a plan that serves all
            required stops exists.
        penalty: the cost of dropping an optional stop (higher = kept first); on a
            required stop, what dropping it costs beyond any other required stop (a
            re-plan's mop-up visits go first).
        vehicles: indices of the vehicles allowed to serve it (skills and days).
        home: the vehicle it was planned on before (a re-plan); serving it on another
            costs `RoutingProblem.reassign_cost`.
        preferred: service preferably starts in here (a re-plan: away from the window
            in which nobody was at home); each tick outside costs
            `RoutingProblem.preference_cost`.
        promised: a re-plan's promise (a visit the published plan gave a team and day
            that still exist): dropping it costs more than dropping every other stop
            together, required or not. The re-plan holds it to that vehicle through
            `vehicles`.
        weight: what serving it is worth against other stops of its tier (a household's
            priority weight, required or not); the over-full engines (`over_full.py`)
            serve the heavier ones first where that drives no further.
    """

    id: str
    windows: tuple[Window, ...]
    service: int
    demand: int = 0
    required: bool = True
    penalty: int = 0
    vehicles: frozenset[int] = frozenset()
    home: int | None = None
    preferred: Window | None = None
    promised: bool = False
    weight: int = 1


@dataclass(frozen=True)
class Vehicle:
    """One route: a team on a day (or one Solomon vehicle).

    `max_drive` limits the ticks spent driving, `max_distance` the distance driven.
    """

    id: str
    day: int
    start_depot: int
    end_depot: int
    shift: Window
    capacity: int | None = None
    max_drive: int | None = None
    lunch: BreakRule | None = None
    max_distance: int | None = None


@dataclass
class RoutingProblem:
    """Stops, vehicles and the travel matrices between all nodes (depots first)."""

    depots: list[str]
    stops: list[Stop]
    vehicles: list[Vehicle]
    duration: npt.NDArray[np.int64]
    distance: npt.NDArray[np.int64]
    objective: str = "distance"  # what is minimised besides drop penalties
    span_cost: int = 0
    """Cost per tick of each vehicle's working span (end - start): late departures."""
    global_span_cost: int = 0
    """Cost per tick of the latest end minus the earliest start over all vehicles."""
    finish_cost: int = 0
    """Cost per tick of each used vehicle's return after its shift start: finish early."""
    reassign_cost: int = 0
    """Cost of serving a stop on another vehicle than its `home`."""
    preference_cost: int = 0
    """Cost per tick that a stop's service starts outside its `preferred` window."""

    def __post_init__(self) -> None:
        found = problem_errors(self)
        if found:
            raise ValueError("invalid routing problem: " + "; ".join(found[:5]))

    def node(self, stop_index: int) -> int:
        """The matrix node of a stop."""
        return len(self.depots) + stop_index


def problem_errors(problem: RoutingProblem) -> list[str]:
    """What makes `problem` malformed, in words; empty if nothing.

    Engines trust these facts (square non-negative matrices over depots and stops, depots
    and vehicles that exist, windows that are not reversed), so a builder that breaks one
    fails where it builds the problem rather than as a wrong route later.
    """
    nodes = len(problem.depots) + len(problem.stops)
    found = [
        f"{name} matrix is {matrix.shape}, expected ({nodes}, {nodes})"
        for name, matrix in (("duration", problem.duration), ("distance", problem.distance))
        if matrix.shape != (nodes, nodes)
    ]
    found += [
        f"{name} matrix has negative entries"
        for name, matrix in (("duration", problem.duration), ("distance", problem.distance))
        if matrix.size and matrix.min() < 0
    ]
    for v in problem.vehicles:
        found += [
            f"vehicle {v.id}: depot {depot} is not one of the {len(problem.depots)} depots"
            for depot in (v.start_depot, v.end_depot)
            if not 0 <= depot < len(problem.depots)
        ]
        if v.shift.start > v.shift.end:
            found.append(f"vehicle {v.id}: its shift ends before it starts")
        if v.lunch is not None and (v.lunch.earliest > v.lunch.latest or v.lunch.duration < 0):
            found.append(f"vehicle {v.id}: its lunch break has no possible start")
    for s in problem.stops:
        if s.service < 0 or s.demand < 0 or s.penalty < 0:
            found.append(f"stop {s.id}: negative service, demand or penalty")
        if any(w.start > w.end for w in s.windows):
            found.append(f"stop {s.id}: a window ends before it starts")
        if any(not 0 <= v < len(problem.vehicles) for v in s.vehicles):
            found.append(f"stop {s.id}: allowed on a vehicle that does not exist")
        if s.home is not None and not 0 <= s.home < len(problem.vehicles):
            found.append(f"stop {s.id}: its home vehicle does not exist")
    return found


@dataclass
class RoutingSolution:
    """Routes as stop indices per vehicle, with their service start ticks."""

    routes: list[list[int]]
    starts: list[list[int]]
    engine: str
    objective: int
    wall_s: float
    dropped: list[int] = field(default_factory=list)
    status: SolveStatus = "feasible"
