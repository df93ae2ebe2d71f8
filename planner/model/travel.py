"""Driving legs between team bases and households: the convention, and measured times.

Road km = great-circle km (on a sphere of the mean Earth radius) x circuity; minutes =
ceil(road km / speed x 60). A measured travel matrix (read by `planner/files/` while the
scenario loads; ids of teams for their start and end, and of households) overrides the
minutes of the pairs it lists, and their km where it gives them; a pair it lacks keeps
the formula. The router computes the same legs vectorised (`solver/travel.py`), with
these constants; the checker computes them here, one leg at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geopy.distance import great_circle

from planner.model.common import Location
from planner.model.visits import Travel

EARTH_RADIUS_KM = 6371.009
"""The mean Earth radius as geopy rounds it, not the IUGG 6371.0088: legs of a whole
number of minutes would otherwise differ by one from plans made before."""
ROUNDING_SLACK = 1e-9
"""Keeps float noise (12.000000001 minutes) from adding a minute to a leg."""


@dataclass(frozen=True)
class Leg:
    """One drive: its road distance and its time in whole minutes."""

    km: float
    minutes: int


@dataclass(frozen=True)
class MeasuredLeg:
    """One row of a travel matrix: whole minutes, and the road km if the file gives them."""

    minutes: int
    km: float | None = None


MeasuredTimes = dict[tuple[str, str], MeasuredLeg]
"""The measured legs of a travel matrix, by (from id, to id)."""


def great_circle_km(a: Location, b: Location) -> float:
    """The great-circle distance between two points (geopy's, on the mean Earth radius)."""
    return float(great_circle((a.lat, a.lon), (b.lat, b.lon), radius=EARTH_RADIUS_KM).km)


class TravelModel:
    """Legs between team bases and households, one at a time."""

    def __init__(self, travel: Travel, measured: MeasuredTimes) -> None:
        self.travel = travel
        self.measured = measured

    def leg(self, origin: tuple[str, Location], target: tuple[str, Location]) -> Leg:
        """The drive from `origin` to `target`, each given as (id, location)."""
        road_km = great_circle_km(origin[1], target[1]) * self.travel.circuity
        measured = self.measured.get((origin[0], target[0]))
        if measured is not None:
            return Leg(road_km if measured.km is None else measured.km, measured.minutes)
        hours = road_km / self.travel.speed_kmh
        return Leg(road_km, math.ceil(hours * 60 - ROUNDING_SLACK))
