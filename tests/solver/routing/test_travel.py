"""The solver's travel matrix: the checker's convention, vectorised, and matrix files."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from planner.files.scenario import load_scenario
from planner.model import Location, Travel
from planner.model.travel import MeasuredLeg, TravelModel
from solver.travel import build_travel, great_circle_km
from tests.solver.routing.tiny import household, north, solve, violations


def _points(count: int, seed: int = 0) -> list[tuple[str, Location]]:
    rng = random.Random(seed)
    return [
        (f"p{i}", Location(lat=27 + rng.uniform(-1, 1), lon=103 + rng.uniform(-1, 1)))
        for i in range(count)
    ]


def test_great_circle_of_a_known_pair() -> None:
    # One degree of longitude on the equator.
    km = great_circle_km([0.0, 0.0], [0.0, 1.0])
    assert km[0, 1] == pytest.approx(2 * math.pi * 6371.009 / 360, rel=1e-12)
    assert km[0, 0] == 0.0 and km[1, 0] == km[0, 1]


def test_legs_agree_with_the_checker_minute_for_minute() -> None:
    points = _points(60)
    travel = Travel(circuity=1.45, speed_kmh=32)
    matrix = build_travel(points, travel)
    model = TravelModel(travel, {})
    for i, j in random.Random(1).sample([(i, j) for i in range(60) for j in range(60)], 400):
        leg = model.leg(points[i], points[j])
        assert matrix.minutes[i, j] == leg.minutes
        assert matrix.km[i, j] == pytest.approx(leg.km, rel=1e-9, abs=1e-9)


def test_a_two_thousand_point_matrix_is_built_whole() -> None:
    matrix = build_travel(_points(2000), Travel())
    assert matrix.minutes.shape == (2000, 2000)
    assert (matrix.minutes.diagonal() == 0).all()
    assert (matrix.minutes == matrix.minutes.T).all()


def test_measured_legs_override_the_pairs_they_list() -> None:
    measured = {("team-a", "h1"): MeasuredLeg(75, 50), ("h1", "team-a"): MeasuredLeg(80)}
    points = [("team-a", Location(lat=27, lon=103)), ("h1", Location(lat=27.1, lon=103))]
    matrix = build_travel(points, Travel(matrix="times.csv"), measured)
    assert matrix.minutes[0, 1] == 75 and matrix.km[0, 1] == 50
    formula = build_travel(points, Travel())
    assert matrix.minutes[1, 0] == 80
    assert matrix.km[1, 0] == formula.km[1, 0]  # no km given: the formula's
    assert formula.minutes[0, 1] != 75


def test_routes_follow_a_measured_matrix(tmp_path: Path) -> None:
    # The straight line says 11 minutes; the navigation export says 95 and 70 km.
    h1 = household("h1", km=10.5)
    location = north(10.5)
    (tmp_path / "times.csv").write_text("from,to,minutes,km\nteam-a,h1,95,70\nh1,team-a,95,70\n")
    (tmp_path / "stop.yaml").write_text(
        "name: Matrix\nvisits:\n  days: [2025-07-06]\n"
        "  travel: {circuity: 1.0, speed_kmh: 60, matrix: times.csv}\n"
        "  teams:\n    - {id: team-a, start: {lat: 27.0, lon: 103.0}, "
        'shift: {start: "08:00", end: "18:00"}}\n'
        f"  households:\n    - {{id: h1, village: V, location: {{lat: {location['lat']}, "
        f"lon: {location['lon']}}}, service_min: {h1['service_min']}}}\n"
    )
    scenario = load_scenario(tmp_path / "stop.yaml")
    result = solve(scenario)
    (route,) = result.routes
    assert route.drive_min == 190
    assert route.distance_km == pytest.approx(140)
    (visit,) = route.visits
    assert route.depart is not None
    assert (visit.arrive - route.depart).total_seconds() == 95 * 60
    assert violations(scenario, result) == []
