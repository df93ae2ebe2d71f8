"""Each routing rule biting and not biting, on tiny scenarios (a km is a minute).

Every plan here also passes the independent checker (see `tiny.solve`).
"""

from __future__ import annotations

from tests.solver.routing.tiny import (
    clock,
    household,
    reasons,
    scenario,
    solve,
    team,
    visited,
    window,
)


def test_a_household_is_visited_in_its_window() -> None:
    result = solve(scenario([household("h1", windows=[window("14:00", "15:00")])]))
    (visit,) = result.routes[0].visits
    assert clock(visit.start) >= "14:00" and clock(visit.end) <= "15:00"


def test_the_whole_visit_fits_the_window_or_it_is_not_made() -> None:
    # A 30-minute visit in a 20-minute window cannot be made.
    result = solve(scenario([household("h1", windows=[window("14:00", "14:20")])]))
    assert result.routes == []
    assert reasons(result) == {"h1": "its 14:00–14:20 window is too short for the 30-minute visit"}


def test_of_two_windows_the_reachable_one_is_used() -> None:
    # 120.5 km away: the 08:00-09:00 window is out of reach from an 08:00 start.
    far = household("h1", km=120.5, windows=[window("08:00", "09:00"), window("16:00", "17:00")])
    (visit,) = (
        solve(scenario([far], [team(shift={"start": "08:00", "end": "19:00"})])).routes[0].visits
    )
    assert clock(visit.start) >= "16:00" and clock(visit.end) <= "17:00"


def test_two_windows_leave_their_gap_unused() -> None:
    # Three 30-minute visits close together; the morning window holds two of them, the
    # third waits for the afternoon window rather than start in the gap.
    two = [window("09:00", "10:30"), window("15:00", "16:00")]
    households = [household(f"h{i}", km=0.5 + 1.25 * i, windows=two) for i in range(3)]
    result = solve(scenario(households))
    starts = sorted(clock(v.start) for r in result.routes for v in r.visits)
    assert len(starts) == 3
    assert "09:00" <= starts[0] <= starts[1] <= "10:00"
    assert "15:00" <= starts[2] <= "15:30"


def test_a_window_out_of_reach_of_every_shift_is_explained() -> None:
    result = solve(scenario([household("h1", km=60.5, windows=[window("08:00", "08:45")])]))
    assert reasons(result) == {
        "h1": "its 08:00–08:45 window cannot be reached and left within any shift"
    }


def test_skills_send_the_team_that_has_them() -> None:
    teams = [team("team-a"), team("team-b", skills=["nurse"])]
    result = solve(scenario([household("h1", needs=["nurse"]), household("h2")], teams))
    assert visited(result)["h1"][0] == "team-b"
    assert "h2" in visited(result)


def test_a_household_no_team_can_serve_gets_its_reason() -> None:
    result = solve(scenario([household("h1", needs=["nurse"]), household("h2")]))
    assert set(visited(result)) == {"h2"}
    assert reasons(result) == {"h1": "no team with skill nurse"}


def test_no_team_with_the_skill_on_the_allowed_day() -> None:
    teams = [team("team-a", skills=["nurse"], days=["2025-07-07"]), team("team-b")]
    h1 = household("h1", needs=["nurse"], days=["2025-07-06"])
    result = solve(scenario([h1], teams, days=("2025-07-06", "2025-07-07")))
    assert reasons(result) == {"h1": "no team with skill nurse works on 6 July"}


def test_a_household_is_visited_on_a_day_it_allows() -> None:
    days = ("2025-07-06", "2025-07-07")
    result = solve(scenario([household("h1", days=["2025-07-07"])], days=days))
    assert visited(result) == {"h1": ("team-a", "2025-07-07")}
    result = solve(scenario([household("h1", days=["2025-07-06"])], days=days))
    assert visited(result) == {"h1": ("team-a", "2025-07-06")}


def test_teams_work_only_on_their_days() -> None:
    days = ("2025-07-06", "2025-07-07")
    teams = [team(days=["2025-07-06"])]
    result = solve(scenario([household("h1", days=["2025-07-07"])], teams, days=days))
    assert reasons(result) == {"h1": "no team works on 7 July"}


def test_the_team_is_back_by_the_end_of_its_shift() -> None:
    # 240.5 km out and back (482 minutes) plus 30 minutes: fits 08:00-17:00, not 08:00-16:00.
    assert visited(solve(scenario([household("h1", km=240.5)]))) == {"h1": ("team-a", "2025-07-06")}
    short = team(shift={"start": "08:00", "end": "16:00"})
    result = solve(scenario([household("h1", km=240.5)], [short]))
    assert reasons(result) == {"h1": "it cannot be reached and left within any team's shift"}


def test_a_full_shift_drops_optional_households_with_their_priority() -> None:
    # Four 60-minute visits next door; the 08:00-11:00 shift holds two of them.
    households = [
        household("h1", km=0.5, service_min=60, required=False, priority=3),
        household("h2", km=0.5, service_min=60, required=False, priority=1),
        household("h3", km=0.5, service_min=60, required=False, priority=3),
        household("h4", km=0.5, service_min=60, required=False, priority=2),
    ]
    result = solve(scenario(households, [team(shift={"start": "08:00", "end": "11:00"})]))
    assert set(visited(result)) == {"h2", "h4"}
    assert reasons(result)["h1"] == (
        "optional, dropped (priority 3 of 3): the hours of the teams that can visit it "
        "(team-a on 6 July) were full"
    )


def test_required_households_come_before_optional_ones() -> None:
    households = [
        household("h1", km=0.5, service_min=60, required=False, priority=1),
        household("h2", km=0.5, service_min=60, required=True),
        household("h3", km=0.5, service_min=60, required=False, priority=1),
    ]
    result = solve(scenario(households, [team(shift={"start": "08:00", "end": "10:00"})]))
    assert "h2" in visited(result)
    assert len(visited(result)) == 1


def test_required_households_that_cannot_all_fit_say_so() -> None:
    households = [household(f"h{i}", km=0.5, service_min=60) for i in range(3)]
    result = solve(scenario(households, [team(shift={"start": "08:00", "end": "10:00"})]))
    assert len(visited(result)) == 1
    assert all(
        r.startswith("required, but the search found no plan that visits every required")
        for r in reasons(result).values()
    )


def test_lunch_is_taken_in_its_window_and_never_during_a_visit() -> None:
    lunch = {"window": window("12:00", "13:00"), "duration_min": 45}
    households = [household(f"h{i}", km=0.5 + 1.25 * i, service_min=60) for i in range(7)]
    result = solve(scenario(households, lunch=lunch))
    assert len(visited(result)) == 7
    (route,) = result.routes
    (meal,) = route.breaks
    assert clock(meal.start) >= "12:00" and clock(meal.end) <= "13:00"
    assert (meal.end - meal.start).total_seconds() == 45 * 60


def test_lunch_takes_its_time_from_visits() -> None:
    # A 30-minute visit whose only window is the lunch hour: without lunch it is made,
    # with a 45-minute lunch in the same hour it cannot be.
    h1 = household("h1", km=0.5, windows=[window("12:00", "13:00")], required=False)
    assert set(visited(solve(scenario([h1])))) == {"h1"}
    lunch = {"window": window("12:00", "13:00"), "duration_min": 45}
    result = solve(scenario([h1], lunch=lunch))
    assert visited(result) == {}
    assert reasons(result)["h1"].startswith("optional, dropped")


def test_a_team_lunch_rule_overrides_the_visits_rule() -> None:
    lunch = {"window": window("12:00", "13:00"), "duration_min": 45}
    own = {"window": window("13:00", "14:00"), "duration_min": 30}
    result = solve(scenario([household("h1")], [team(lunch=own)], lunch=lunch))
    (meal,) = result.routes[0].breaks
    assert clock(meal.start) >= "13:00" and clock(meal.end) <= "14:00"


def test_the_daily_driving_limit() -> None:
    # 100.5 km each way: 202 minutes of driving.
    assert visited(solve(scenario([household("h1", km=100.5)], [team(max_drive_min=240)])))
    result = solve(scenario([household("h1", km=100.5)], [team(max_drive_min=180)]))
    assert reasons(result) == {
        "h1": "the drive there and back is longer than any team's daily driving limit"
    }


def test_the_driving_limit_splits_opposite_households() -> None:
    # North and south 50.5 km: each alone is 102 minutes, both together 204.
    households = [household("h1", km=50.5), household("h2", km=-50.5, required=False)]
    assert len(visited(solve(scenario(households, [team(max_drive_min=300)])))) == 2
    result = solve(scenario(households, [team(max_drive_min=180)]))
    assert set(visited(result)) == {"h1"}
    assert reasons(result)["h2"] == (
        "optional, dropped (priority 2 of 3): the teams that can visit it "
        "(team-a on 6 July) had used up their driving time"
    )
    days = ("2025-07-06", "2025-07-07")
    result = solve(scenario(households, [team(max_drive_min=180)], days=days))
    assert {day for _, day in visited(result).values()} == set(days)


def test_times_arrive_start_end_and_totals() -> None:
    result = solve(scenario([household("h1", km=30.5, windows=[window("10:00", "12:00")])]))
    (route,) = result.routes
    (visit,) = route.visits
    assert route.drive_min == 62
    assert abs(route.distance_km - 61.0) < 0.01
    assert clock(visit.start) == "10:00" and clock(visit.end) == "10:30"
    # The team leaves as late as still reaches the window on time.
    assert route.depart is not None and clock(route.depart) == "09:29"
    assert clock(visit.arrive) == "10:00"
