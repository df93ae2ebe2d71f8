"""A solved route as a day: late departure, arrivals, and where lunch goes."""

from __future__ import annotations

from solver.routing.problem import BreakRule
from solver.routing.timeline import build_day

SHIFT = (480, 1080)  # 08:00-18:00
NOON = BreakRule(earliest=720, latest=750, duration=45)  # 45 min starting 12:00-12:30


def test_the_team_leaves_as_late_as_reaches_its_first_visit() -> None:
    day = build_day([30, 10, 20], [600, 700], [60, 60], SHIFT, None)
    assert (day.depart, day.arrive, day.back) == (570, [600, 670], 780)
    assert day.lunch is None


def test_lunch_at_the_base_before_leaving() -> None:
    day = build_day([30, 30], [900], [60], SHIFT, NOON)
    assert day.lunch == (720, 765) and day.depart == 870


def test_lunch_in_the_village_before_a_visit() -> None:
    # Visits end 11:00, next starts 13:00, 30 min apart: drive, then eat there.
    day = build_day([30, 30, 30], [600, 780], [60, 60], SHIFT, NOON)
    assert day.lunch == (720, 765)
    assert day.arrive[1] == 690


def test_lunch_before_driving_on_when_only_that_fits() -> None:
    # The visit ends 12:00; the next starts 13:30 after a 45-minute drive: eat first.
    day = build_day([30, 45, 30], [660, 810], [60, 60], SHIFT, NOON)
    assert day.lunch == (720, 765)
    assert day.arrive[1] == 810


def test_lunch_on_the_road_when_no_stop_has_room() -> None:
    # 11:00-12:00 visit, then a 70-minute drive to a 13:45 visit: neither end of the drive
    # holds 45 minutes inside the lunch window, but the gap does.
    day = build_day([30, 70, 30], [660, 825], [60, 60], SHIFT, NOON)
    assert day.lunch == (720, 765)
    assert day.arrive[1] == 790


def test_lunch_back_at_the_base_after_a_morning_round() -> None:
    day = build_day([30, 30], [540], [60], SHIFT, NOON)
    assert day.back == 630 and day.lunch == (720, 765)
