"""The model's legs: the great circle on the mean Earth radius, rounded up to whole minutes
unless measured."""

from __future__ import annotations

import math

import pytest

from planner.model import Location, Travel
from planner.model.travel import EARTH_RADIUS_KM, MeasuredLeg, TravelModel, great_circle_km


def test_a_degree_of_a_meridian_is_the_mean_radius_times_pi_over_180() -> None:
    one_degree = great_circle_km(Location(lat=27.0, lon=103.0), Location(lat=28.0, lon=103.0))
    assert one_degree == pytest.approx(EARTH_RADIUS_KM * math.pi / 180, rel=1e-12)
    assert one_degree == pytest.approx(111.1951, abs=1e-4)


def test_a_leg_rounds_up_to_whole_minutes_unless_measured() -> None:
    base, village = Location(lat=27.0, lon=103.0), Location(lat=27.1, lon=103.0)
    model = TravelModel(Travel(circuity=1.0, speed_kmh=60), {("h1", "team-a"): MeasuredLeg(40)})
    out = model.leg(("team-a", base), ("h1", village))
    assert out.km == pytest.approx(11.1196, abs=1e-4)
    assert out.minutes == 12  # 11.12 km at 60 km/h is 11.12 minutes: rounded up
    back = model.leg(("h1", village), ("team-a", base))
    assert (back.km, back.minutes) == (out.km, 40)  # measured minutes, the formula's km
