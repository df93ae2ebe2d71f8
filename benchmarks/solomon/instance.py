"""Solomon VRPTW instances in VRPLIB form: reading, the DIMACS convention, checking.

The convention (see data/README.md): the distance and the travel time between two
points are the Euclidean distance truncated to one decimal. The solver works in tenths
(`int(10 * d)`), with windows and service times scaled by ten; the cost and the
feasibility of an answer are recomputed here in float from the coordinates alone.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from solver.routing.problem import RoutingProblem, Stop, Vehicle, Window

DATA = Path(__file__).parent / "data"
SCALE = 10  # ticks per unit: distances, times and windows in tenths
TOLERANCE = 1e-6  # float slack when checking sums of tenths


class FormatError(ValueError):
    """A .vrp or .sol file that does not follow the format."""


@dataclass(frozen=True)
class Instance:
    """A Solomon instance; index 0 is the depot, index k is customer k."""

    name: str
    capacity: int
    vehicles: int
    service: float
    coords: list[tuple[float, float]]
    demand: list[int]
    windows: list[tuple[float, float]]

    @property
    def customers(self) -> int:
        return len(self.coords) - 1


def read_instance(path: Path) -> Instance:
    """Read a VRPLIB CVRPTW file with the depot as node 1."""
    header: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if line.endswith("_SECTION"):
            current = line
            sections[current] = []
        elif current is None:
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip()
        else:
            sections[current].append(line.split())
    try:
        size = int(header["DIMENSION"])
        coords = [(float(x), float(y)) for _, x, y in sections["NODE_COORD_SECTION"][:size]]
        demand = [int(d) for _, d in sections["DEMAND_SECTION"][:size]]
        windows = [(float(a), float(b)) for _, a, b in sections["TIME_WINDOW_SECTION"][:size]]
        depot = int(sections["DEPOT_SECTION"][0][0])
        instance = Instance(
            name=header.get("NAME", path.stem),
            capacity=int(header["CAPACITY"]),
            vehicles=int(header["VEHICLES"]),
            service=float(header.get("SERVICE_TIME", 0)),
            coords=coords,
            demand=demand,
            windows=windows,
        )
    except (KeyError, ValueError, IndexError) as error:
        raise FormatError(f"{path}: not a VRPLIB CVRPTW instance ({error!r})") from error
    if depot != 1 or len(coords) != size:
        raise FormatError(f"{path}: expected {size} nodes with the depot as node 1")
    return instance


def read_solution(path: Path) -> tuple[list[list[int]], float]:
    """The routes (customer numbers) and the stated cost of a .sol file."""
    routes, cost = [], math.nan
    for line in path.read_text().splitlines():
        if line.startswith("Route"):
            routes.append([int(c) for c in line.partition(":")[2].split()])
        elif line.startswith("Cost"):
            cost = float(line.split()[1])
    return routes, cost


def best_known(name: str, table: Path = DATA / "bks.csv") -> float | None:
    """The best-known distance of an instance, if the table has it."""
    with table.open() as f:
        for row in csv.DictReader(f):
            if row["instance"] == name:
                return float(row["distance"])
    return None


def dimacs(instance: Instance, a: int, b: int) -> float:
    """Distance and travel time from node a to b: Euclidean, truncated to one decimal."""
    (xa, ya), (xb, yb) = instance.coords[a], instance.coords[b]
    return math.floor(SCALE * math.hypot(xa - xb, ya - yb)) / SCALE


def routing_problem(instance: Instance) -> RoutingProblem:
    """The instance as an integer RoutingProblem in tenths, minimising distance."""
    xy = np.array(instance.coords)
    gaps = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    ticks = np.floor(SCALE * gaps).astype(np.int64)
    stops = [
        Stop(
            id=str(k),
            windows=(Window(_tick(ready), _tick(due)),),
            service=_tick(instance.service),
            demand=instance.demand[k],
        )
        for k, (ready, due) in enumerate(instance.windows)
        if k > 0
    ]
    open_, close = instance.windows[0]
    vehicles = [
        Vehicle(
            id=f"vehicle-{v + 1}",
            day=0,
            start_depot=0,
            end_depot=0,
            shift=Window(_tick(open_), _tick(close)),
            capacity=instance.capacity,
        )
        for v in range(instance.vehicles)
    ]
    return RoutingProblem(["depot"], stops, vehicles, duration=ticks, distance=ticks.copy())


def _tick(value: float) -> int:
    return round(SCALE * value)


def cost(instance: Instance, routes: list[list[int]]) -> float:
    """Total distance of routes of customer numbers, depot to depot, in float."""
    total = 0.0
    for route in routes:
        nodes = [0, *route, 0]
        total += sum(dimacs(instance, a, b) for a, b in pairwise(nodes))
    return round(total, 1)


def violations(instance: Instance, routes: list[list[int]]) -> list[str]:
    """What breaks the instance's rules: coverage, vehicle count, capacity, windows."""
    found = []
    seen = [c for route in routes for c in route]
    if sorted(seen) != list(range(1, instance.customers + 1)):
        found.append("not every customer exactly once")
    used = [r for r in routes if r]
    if len(used) > instance.vehicles:
        found.append(f"{len(used)} routes, more than {instance.vehicles} vehicles")
    for i, route in enumerate(used, start=1):
        if any(not 1 <= c <= instance.customers for c in route):
            found.append(f"route {i} names an unknown customer")
            continue
        load = sum(instance.demand[c] for c in route)
        if load > instance.capacity:
            found.append(f"route {i} carries {load}, more than {instance.capacity}")
        found += _late(instance, i, route)
    return found


def _late(instance: Instance, number: int, route: list[int]) -> list[str]:
    found = []
    clock, here = instance.windows[0][0], 0
    for c in route:
        ready, due = instance.windows[c]
        start = max(clock + dimacs(instance, here, c), ready)
        if start > due + TOLERANCE:
            found.append(f"route {number} reaches customer {c} at {start:.1f}, after {due:g}")
        clock, here = start + instance.service, c
    back = clock + dimacs(instance, here, 0)
    if back > instance.windows[0][1] + TOLERANCE:
        found.append(f"route {number} is back at {back:.1f}, after {instance.windows[0][1]:g}")
    return found
