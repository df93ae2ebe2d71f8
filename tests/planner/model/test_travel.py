"""The model's legs: the haversine gives geopy's great circle, minute for minute."""

from __future__ import annotations

import random

import pytest
from geopy.distance import great_circle

from planner.model import Location, Travel
from planner.model.travel import MeasuredLeg, TravelModel, great_circle_km


def test_the_haversine_agrees_with_geopys_great_circle() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        a = Location(lat=27 + rng.uniform(-2, 2), lon=103 + rng.uniform(-2, 2))
        b = Location(lat=27 + rng.uniform(-2, 2), lon=103 + rng.uniform(-2, 2))
        expected = great_circle((a.lat, a.lon), (b.lat, b.lon)).km
        assert great_circle_km(a, b) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_a_leg_rounds_up_to_whole_minutes_unless_measured() -> None:
    base, village = Location(lat=27.0, lon=103.0), Location(lat=27.1, lon=103.0)
    model = TravelModel(Travel(circuity=1.0, speed_kmh=60), {("h1", "team-a"): MeasuredLeg(40)})
    out = model.leg(("team-a", base), ("h1", village))
    assert out.km == pytest.approx(11.1196, abs=1e-4)
    assert out.minutes == 12  # 11.12 km at 60 km/h is 11.12 minutes: rounded up
    back = model.leg(("h1", village), ("team-a", base))
    assert (back.km, back.minutes) == (out.km, 40)  # measured minutes, the formula's km
