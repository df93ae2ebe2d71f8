"""Driving distances and times between points, vectorised with numpy.

The convention (the plan checker recomputes it on its own code path): road km =
great-circle km on a sphere of the mean Earth radius x circuity; minutes =
ceil(road km / speed x 60). A measured matrix file (CSV with columns
from,to,minutes[,km]) overrides the minutes of the pairs it lists, and their km where
it gives them; pairs it lacks keep the formula.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from planner.model import Location, Travel
from planner.model.errors import InputError

EARTH_RADIUS_KM = 6371.009
"""The mean Earth radius as geopy rounds it (the checker's great_circle), not the IUGG
6371.0088: legs of a whole number of minutes would otherwise differ by one."""
ROUNDING_SLACK = 1e-9
"""Keeps float noise (12.000000001 minutes) from adding a minute to a leg."""

Measured = dict[tuple[str, str], tuple[int, float | None]]


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
    points: list[tuple[str, Location]], travel: Travel, base_dir: Path | None = None
) -> TravelMatrix:
    """The travel matrix between `points`, each an (id, location) pair.

    Ids name the points in a matrix file: team ids stand for a team's start and end,
    household ids for households. Several points may share an id.

    Raises:
        InputError: the matrix file is missing or malformed.
    """
    ids = [point_id for point_id, _ in points]
    lat = [loc.lat for _, loc in points]
    lon = [loc.lon for _, loc in points]
    km = great_circle_km(lat, lon) * travel.circuity
    minutes = np.ceil(km / travel.speed_kmh * 60 - ROUNDING_SLACK).astype(np.int64)
    np.maximum(minutes, 0, out=minutes)
    if travel.matrix:
        measured = read_matrix(Path(base_dir or Path.cwd()) / travel.matrix)
        _override(ids, km, minutes, measured)
    return TravelMatrix(ids=ids, km=km, minutes=minutes)


def _override(
    ids: list[str],
    km: npt.NDArray[np.float64],
    minutes: npt.NDArray[np.int64],
    measured: Measured,
) -> None:
    """Write the measured pairs into the matrices, for every point that bears their ids."""
    where: dict[str, list[int]] = {}
    for index, point_id in enumerate(ids):
        where.setdefault(point_id, []).append(index)
    for (origin, target), (mins, dist) in measured.items():
        for i in where.get(origin, []):
            for j in where.get(target, []):
                minutes[i, j] = mins
                if dist is not None:
                    km[i, j] = dist


def read_matrix(path: Path) -> Measured:
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
    measured: Measured = {}
    for line, row in enumerate(rows, start=2):
        try:
            mins = math.ceil(float(row["minutes"]) - ROUNDING_SLACK)
            dist = float(row["km"]) if row.get("km") not in (None, "") else None
        except (TypeError, ValueError):
            raise InputError(
                f"{path.name}:{line}: minutes and km must be numbers, got "
                f"{row.get('minutes')!r} and {row.get('km')!r}"
            ) from None
        if mins < 0 or (dist is not None and dist < 0):
            raise InputError(f"{path.name}:{line}: minutes and km cannot be negative")
        measured[(row["from"].strip(), row["to"].strip())] = (mins, dist)
    return measured
