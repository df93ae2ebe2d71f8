"""Re-plan hints: a household's home team and day, a preferred window, the published routes."""

from __future__ import annotations

import datetime as dt

from planner.model import TimeRange
from solver.limits import Limits
from solver.routing import RouteHints, route_visits
from solver.routing.hints import apply_hints
from solver.routing.households import build_visit_problem
from tests.solver.routing.tiny import (
    DAY,
    LIMITS_S,
    household,
    north,
    scenario,
    solve,
    team,
    violations,
    visited,
    window,
)

D1 = dt.date.fromisoformat(DAY)
MORNING = TimeRange.model_validate({"start": "08:00", "end": "11:00"})


def _two_teams() -> list[dict[str, object]]:
    """team-a at the base, team-b 10 km north, next to the households."""
    return [team("team-a"), team("team-b", start=north(10.5))]


def test_a_household_stays_on_its_home_team_though_another_is_closer() -> None:
    # Team A drives 17 km for it, team B 4 km: less than a move off the home team costs.
    s = scenario([household("h1", 8.5)], teams=_two_teams())
    assert visited(solve(s)) == {"h1": ("team-b", DAY)}  # not biting: the nearer team
    hints = RouteHints(home={"h1": ("team-a", D1)})
    result = route_visits(s, Limits(time_limit_s=LIMITS_S), "auto", hints=hints)
    assert visited(result) == {"h1": ("team-a", DAY)}
    assert violations(s, result) == []


def test_a_household_missed_in_the_morning_is_visited_in_the_afternoon() -> None:
    windows = [window("08:00", "11:00"), window("15:00", "18:00")]
    s = scenario([household("h1", 10.5, windows=windows)])
    first = solve(s)
    assert f"{first.routes[0].visits[0].start:%H}" < "11"  # not biting: early is cheaper
    hints = RouteHints(avoid={"h1": MORNING})
    result = route_visits(s, Limits(time_limit_s=LIMITS_S), "auto", hints=hints)
    assert f"{result.routes[0].visits[0].start:%H:%M}" >= "15:00"
    assert violations(s, result) == []


def test_hints_set_home_vehicles_preferred_starts_and_initial_routes() -> None:
    windows = [window("08:00", "11:00"), window("15:00", "18:00")]
    s = scenario(
        [household("h1", 10.5, windows=windows), household("h2", 20.5)],
        teams=_two_teams(),
    )
    first = solve(s)
    vp = build_visit_problem(s)
    hints = RouteHints(home={"h2": ("team-b", D1)}, avoid={"h1": MORNING}, initial=first.routes)
    initial = apply_hints(vp, hints)
    h1, h2 = vp.problem.stops
    assert (h1.home, h2.home) == (None, 1)
    assert h1.preferred is not None and (h1.preferred.start, h1.preferred.end) == (900, 1050)
    assert h2.preferred is None
    assert vp.problem.reassign_cost > 0 and vp.problem.preference_cost > 0
    assert initial is not None
    expected = {v: [] for v in range(2)}
    for route in first.routes:
        v = 0 if route.team == "team-a" else 1
        expected[v] = [0 if visit.household == "h1" else 1 for visit in route.visits]
    assert initial.routes == [expected[0], expected[1]]


def test_no_other_window_means_no_preference() -> None:
    s = scenario([household("h1", 10.5, windows=[window("08:00", "11:00")])])
    vp = build_visit_problem(s)
    assert apply_hints(vp, RouteHints(avoid={"h1": MORNING})) is None
    assert vp.problem.stops[0].preferred is None


def test_a_mop_up_visit_is_kept_before_another_required_household() -> None:
    # Two hours of shift: either household fits alone (51 or 91 minutes), not both (121).
    short = [team(shift={"start": "08:00", "end": "10:00"})]
    s = scenario([household("h1", 10.5), household("h2", 30.5)], teams=short)
    assert list(visited(route_visits(s, Limits(time_limit_s=LIMITS_S), "ortools"))) == ["h1"]
    result = route_visits(
        s, Limits(time_limit_s=LIMITS_S), "auto", hints=RouteHints(first=frozenset({"h2"}))
    )
    assert list(visited(result)) == ["h2"]
    assert violations(s, result) == []
