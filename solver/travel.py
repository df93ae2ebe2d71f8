"""Driving distances and times between points, vectorised with numpy.

The convention is the model's (`planner/model/travel.py`, where the plan checker
computes it one leg at a time): road km = great-circle km on a sphere of the mean Earth
radius x circuity; minutes = ceil(road km / speed x 60). The measured legs of a travel
matrix, read with the scenario, override the minutes of the pairs they list, and their
km where they give them; pairs they lack keep the formula.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from planner.model import Location, Travel
from planner.model.travel import EARTH_RADIUS_KM, ROUNDING_SLACK, MeasuredTimes


@dataclass(frozen=True)
class TravelMatrix:
    """Road km and whole driving minutes between every pair of points, in point order."""

    ids: list[str]
    km: npt.NDArray[np.float64]
    minutes: npt.NDArray[np.int64]

    def metres(self) -> npt.NDArray[np.int64]:
        """The km in whole metres."""
        metres = np.empty(self.km.shape, dtype=np.int64)
        for start in range(0, len(metres), ROWS_AT_A_TIME):
            block = slice(start, start + ROWS_AT_A_TIME)
            metres[block] = np.rint(self.km[block] * 1000)
        return metres


Points = list[tuple[str, Location]]
"""(id, location) pairs."""
Ends = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]
"""Latitudes and longitudes in degrees."""

ROWS_AT_A_TIME = 128
"""Rows computed at a time, in one reused buffer: no n x n temporary is ever made. At
10,000 points each would be 800 MB, which takes seconds just to fault in; the 10,000-point
matrices took 57 s whole and take 25 s in blocks (docs/benchmarks.md)."""


def great_circle_km(lat: npt.ArrayLike, lon: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The n x n great-circle distances in km between points given in degrees."""
    ends = (np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64))
    km, _ = _matrices(ends, ends, None)
    return km


def build_travel(
    points: Points, travel: Travel, measured: MeasuredTimes | None = None
) -> TravelMatrix:
    """The travel matrix between `points`, each an (id, location) pair.

    Ids name the points in `measured` (the scenario's `measured_times`): team ids stand
    for a team's start and end, household ids for households. Several points may share
    an id.
    """
    km, minutes = legs(points, points, travel, measured)
    return TravelMatrix(ids=[point_id for point_id, _ in points], km=km, minutes=minutes)


def legs(
    origins: Points, targets: Points, travel: Travel, measured: MeasuredTimes | None = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Road km and whole minutes from each of `origins` (rows) to each of `targets`."""
    km, minutes = _matrices(_degrees(origins), _degrees(targets), travel)
    if measured:
        _override([i for i, _ in origins], [i for i, _ in targets], km, minutes, measured)
    return km, minutes


def _degrees(points: Points) -> Ends:
    lat = np.array([loc.lat for _, loc in points], dtype=np.float64)
    return lat, np.array([loc.lon for _, loc in points], dtype=np.float64)


def _matrices(
    rows: Ends, columns: Ends, travel: Travel | None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Great-circle km from each row point to each column point (lat, lon in degrees);
    given `travel`, road km instead and their minutes."""
    phi, lam = np.radians(rows[0]), np.radians(rows[1])
    phi_to, lam_to = np.radians(columns[0]), np.radians(columns[1])
    cos_phi, cos_to = np.cos(phi), np.cos(phi_to)
    shape = (len(phi), len(phi_to))
    km = np.empty(shape)
    minutes = np.empty(shape if travel else (0, 0), dtype=np.int64)
    scale = 2 * EARTH_RADIUS_KM * (travel.circuity if travel else 1.0)
    h_buffer, across_buffer = np.empty((2, min(ROWS_AT_A_TIME, shape[0]), shape[1]))
    for start in range(0, shape[0], ROWS_AT_A_TIME):
        block = slice(start, start + ROWS_AT_A_TIME)
        h = h_buffer[: len(phi[block])]
        across = across_buffer[: len(h)]
        # Haversine: accurate for the short legs that home visits are made of.
        np.subtract(phi[block, None], phi_to[None, :], out=h)
        np.square(np.sin(np.multiply(h, 0.5, out=h), out=h), out=h)
        np.subtract(lam[block, None], lam_to[None, :], out=across)
        np.square(np.sin(np.multiply(across, 0.5, out=across), out=across), out=across)
        across *= cos_phi[block, None]
        across *= cos_to[None, :]
        h += across
        np.clip(h, 0.0, 1.0, out=h)
        np.multiply(np.arcsin(np.sqrt(h, out=h), out=h), scale, out=km[block])
        if travel:
            np.multiply(km[block], 60 / travel.speed_kmh, out=h)
            h -= ROUNDING_SLACK
            np.maximum(np.ceil(h, out=h), 0, out=h)
            minutes[block] = h
    return km, minutes


def _override(
    origins: list[str],
    targets: list[str],
    km: npt.NDArray[np.float64],
    minutes: npt.NDArray[np.int64],
    measured: MeasuredTimes,
) -> None:
    """Write the measured pairs into the matrices, for every point that bears their ids."""
    rows, columns = _where(origins), _where(targets)
    for (origin, target), leg in measured.items():
        for i in rows.get(origin, []):
            for j in columns.get(target, []):
                minutes[i, j] = leg.minutes
                if leg.km is not None:
                    km[i, j] = leg.km


def _where(ids: list[str]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for index, point_id in enumerate(ids):
        where.setdefault(point_id, []).append(index)
    return where
