"""Driving legs recomputed from the scenario's travel model, independently of the router.

The convention, shared with the router: road km = great-circle km (mean Earth radius
6371.009 km, as geopy's great_circle rounds it) x circuity; minutes = ceil(road km /
speed x 60). A measured matrix (columns from,to,minutes[,km]; ids of teams for their
start and end, and of households) overrides the minutes, and the km where it gives
them. A pair the matrix lacks falls back to the formula.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from geopy.distance import great_circle

from planner.model import Location, Travel
from planner.model.errors import InputError

ROUNDING_SLACK = 1e-9
"""Keeps float noise (12.000000001 minutes) from adding a minute to a leg."""


@dataclass(frozen=True)
class Leg:
    """One drive: its road distance and its time in whole minutes."""

    km: float
    minutes: int


class TravelModel:
    """Legs between team bases and households."""

    def __init__(self, travel: Travel, base_dir: Path) -> None:
        self.travel = travel
        self.matrix = read_matrix(base_dir / travel.matrix) if travel.matrix else {}

    def leg(self, origin: tuple[str, Location], target: tuple[str, Location]) -> Leg:
        """The drive from `origin` to `target`, each given as (id, location)."""
        line_km = great_circle((origin[1].lat, origin[1].lon), (target[1].lat, target[1].lon)).km
        road_km = line_km * self.travel.circuity
        measured = self.matrix.get((origin[0], target[0]))
        if measured is not None:
            minutes, km = measured
            return Leg(road_km if km is None else km, minutes)
        hours = road_km / self.travel.speed_kmh
        return Leg(road_km, math.ceil(hours * 60 - ROUNDING_SLACK))


def read_matrix(path: Path) -> dict[tuple[str, str], tuple[int, float | None]]:
    """Read a travel matrix CSV into {(from, to): (minutes, km or None)}.

    Raises:
        InputError: the file is missing, lacks a column, or holds a bad number.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: travel matrix cannot be read: {exc.strerror}") from None
    rows = csv.DictReader(text.splitlines())
    missing = {"from", "to", "minutes"} - set(rows.fieldnames or [])
    if missing:
        raise InputError(f"{path.name}:1: travel matrix lacks columns {', '.join(sorted(missing))}")
    matrix: dict[tuple[str, str], tuple[int, float | None]] = {}
    for line, row in enumerate(rows, start=2):
        try:
            minutes = math.ceil(float(row["minutes"]) - ROUNDING_SLACK)
            km = float(row["km"]) if row.get("km") not in (None, "") else None
        except ValueError:
            raise InputError(
                f"{path.name}:{line}: minutes and km must be numbers, got "
                f"{row['minutes']!r} and {row.get('km')!r}"
            ) from None
        matrix[(row["from"].strip(), row["to"].strip())] = (minutes, km)
    return matrix
