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


def great_circle_km(lat: npt.ArrayLike, lon: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The n x n great-circle distances in km between points given in degrees."""
    phi = np.radians(np.asarray(lat, dtype=np.float64))
    lam = np.radians(np.asarray(lon, dtype=np.float64))
    d_phi = phi[:, None] - phi[None, :]
    d_lam = lam[:, None] - lam[None, :]
    cos_phi = np.cos(phi)
    # Haversine: accurate for the short legs that home visits are made of.
    h = np.sin(d_phi / 2) ** 2 + cos_phi[:, None] * cos_phi[None, :] * np.sin(d_lam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def build_travel(
    points: list[tuple[str, Location]], travel: Travel, measured: MeasuredTimes | None = None
) -> TravelMatrix:
    """The travel matrix between `points`, each an (id, location) pair.

    Ids name the points in `measured` (the scenario's `measured_times`): team ids stand
    for a team's start and end, household ids for households. Several points may share
    an id.
    """
    ids = [point_id for point_id, _ in points]
    lat = [loc.lat for _, loc in points]
    lon = [loc.lon for _, loc in points]
    km = great_circle_km(lat, lon) * travel.circuity
    minutes = np.ceil(km / travel.speed_kmh * 60 - ROUNDING_SLACK).astype(np.int64)
    np.maximum(minutes, 0, out=minutes)
    if measured:
        _override(ids, km, minutes, measured)
    return TravelMatrix(ids=ids, km=km, minutes=minutes)


def _override(
    ids: list[str],
    km: npt.NDArray[np.float64],
    minutes: npt.NDArray[np.int64],
    measured: MeasuredTimes,
) -> None:
    """Write the measured pairs into the matrices, for every point that bears their ids."""
    where: dict[str, list[int]] = {}
    for index, point_id in enumerate(ids):
        where.setdefault(point_id, []).append(index)
    for (origin, target), leg in measured.items():
        for i in where.get(origin, []):
            for j in where.get(target, []):
                minutes[i, j] = leg.minutes
                if leg.km is not None:
                    km[i, j] = leg.km
