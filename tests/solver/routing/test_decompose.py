"""The decomposition's rules: groups, parts, the assignment, the repairs, a checked plan."""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path

from benchmarks.greedy import greedy_routes
from planner.check import check_plan
from planner.files.plan import load_plan
from planner.files.scenario import dump_scenario, load_scenario
from planner.jobs.generate import generate as generate_job
from planner.model import Plan, Scenario, SolverInfo
from planner.model.synthetic import GenerateOptions, generate
from solver.limits import Limits
from solver.routing import VisitsResult, route_visits
from solver.routing.clusters import make_clusters, vehicle_groups
from solver.routing.evaluate import earliest_starts
from solver.routing.households import build_visit_problem
from solver.routing.insertion import OpenRoutes, open_positions
from solver.routing.parts import make_part
from solver.routing.repair import clear_way_for_required, insert_dropped, swap_in_required
from tests.solver.routing.tiny import household, north, scenario, team, violations

COUNTY = GenerateOptions(patients=0, households=200, teams=5, visit_days=2, seed=3)
"""200 households and 5 teams over 2 days: more households than hours."""


@cache
def county() -> tuple[Scenario, VisitsResult]:
    s = generate(COUNTY)
    return s, route_visits(s, Limits(time_limit_s=12, seed=1), parts=True)


def test_a_group_is_one_teams_days_cut_at_ten() -> None:
    teams = [team("team-a"), team("team-b", start=north(5.5))]
    days = tuple(f"2025-07-{d:02d}" for d in range(1, 13))
    problem = build_visit_problem(scenario([household("h1")], teams, days)).problem
    assert vehicle_groups(problem) == [list(range(10)), [10, 11], list(range(12, 22)), [22, 23]]


def test_a_part_keeps_its_own_depots_and_renumbers_allowed_vehicles() -> None:
    teams = [team("team-a"), team("team-b", start=north(5.5), skills=["nurse"])]
    homes = [household("h1"), household("h2", 20.5, needs=["nurse"])]
    problem = build_visit_problem(scenario(homes, teams)).problem
    part = make_part(problem, [1], [0, 1])
    assert part.problem.depots == ["team-b"]
    assert (part.problem.vehicles[0].start_depot, part.problem.vehicles[0].end_depot) == (0, 0)
    assert [stop.id for stop in part.problem.stops] == ["h1", "h2"]
    assert [stop.vehicles for stop in part.problem.stops] == [frozenset({0}), frozenset({0})]
    alone = make_part(problem, [0], [0, 1])  # team-a lacks the nurse h2 needs
    assert [stop.id for stop in alone.problem.stops] == ["h1"]


def test_every_household_goes_to_one_group_with_the_skills_it_needs() -> None:
    s = generate(COUNTY)
    problem = build_visit_problem(s).problem
    clusters = make_clusters(problem, Limits(time_limit_s=2, seed=1))
    given = sorted(stop for cluster in clusters for stop in cluster.stops)
    assert given == list(range(len(problem.stops)))
    for cluster in clusters:
        for stop in cluster.stops:
            assert problem.stops[stop].vehicles & set(cluster.vehicles)


def test_positions_left_out_are_those_the_hours_cannot_hold() -> None:
    # 08:00-10:00 with 30-minute visits: h1 is 11 minutes out, h2 31 minutes further on.
    tight = team(shift={"start": "08:00", "end": "10:00"})
    homes = [household("h1", 10.5), household("h2", 41.5), household("h3", 10.5)]
    problem = build_visit_problem(scenario(homes, [tight])).problem
    assert open_positions(problem, 0, [0], 2) == [0, 1]  # 11 + 30 + 0 + 30 + 11 = 82
    assert open_positions(problem, 0, [0], 1) == []  # 11 + 30 + 31 + 30 + 42 = 144 > 120


def test_the_routes_open_to_a_stop_are_those_with_an_open_position() -> None:
    problem = build_visit_problem(generate(COUNTY)).problem
    routes = [list(range(v * 15, v * 15 + 3 + v % 2)) for v in range(len(problem.vehicles))]
    open_routes = OpenRoutes(problem, routes)
    routes[1] = [190, 191, 192, 193]
    open_routes.update(1, routes[1])
    for stop in range(len(problem.stops)):
        expected = {v for v, r in enumerate(routes) if open_positions(problem, v, r, stop)}
        assert open_routes.vehicles(stop) == expected
    assert any(open_routes.vehicles(stop) for stop in range(len(problem.stops)))
    assert any(not open_routes.vehicles(stop) for stop in range(len(problem.stops)))


def test_a_dropped_household_that_fits_is_inserted_where_it_adds_least() -> None:
    homes = [household("h1", 10.5), household("h2", 15.0), household("h3", 20.5)]
    problem = build_visit_problem(scenario(homes)).problem
    routes, starts = [[0, 2]], [earliest_starts(problem, 0, [0, 2]) or []]
    assert insert_dropped(problem, routes, starts) == [1]
    assert routes == [[0, 1, 2]]
    assert starts == [[491, 526, 562]]  # legs of 11, 5 and 6 minutes


def test_a_required_household_takes_an_optional_ones_place() -> None:
    # Room for one 30-minute visit only: the optional one is taken off for the required.
    short = team(shift={"start": "08:00", "end": "09:00"})
    homes = [household("opt", 10.5, required=False), household("req", 10.5)]
    problem = build_visit_problem(scenario(homes, [short])).problem
    routes, starts = [[0]], [earliest_starts(problem, 0, [0]) or []]
    assert swap_in_required(problem, routes, starts) == [0]
    assert routes == [[1]]


def test_a_required_household_may_take_a_whole_route_of_optional_ones() -> None:
    # Two 45-minute optional visits fill 08:00-10:00; the 90-minute required one needs
    # both gone, which one swap cannot do.
    short = team(shift={"start": "08:00", "end": "10:00"})
    homes = [
        household("o1", 5.5, required=False, service_min=45),
        household("o2", 5.5, required=False, service_min=45),
        household("req", 5.5, service_min=90),
    ]
    problem = build_visit_problem(scenario(homes, [short])).problem
    routes = [[0, 1]]
    starts = [earliest_starts(problem, 0, [0, 1]) or []]
    assert swap_in_required(problem, routes, starts) == []
    assert sorted(clear_way_for_required(problem, routes, starts)) == [0, 1]
    assert routes == [[2]]


def test_an_optional_household_never_takes_a_required_ones_place() -> None:
    short = team(shift={"start": "08:00", "end": "09:00"})
    homes = [household("req", 10.5), household("opt", 10.5, required=False)]
    problem = build_visit_problem(scenario(homes, [short])).problem
    routes, starts = [[0]], [earliest_starts(problem, 0, [0]) or []]
    assert swap_in_required(problem, routes, starts) == []
    assert clear_way_for_required(problem, routes, starts) == []
    assert routes == [[0]]


def test_the_plan_in_parts_passes_planner_check(tmp_path: Path) -> None:
    s, result = county()
    plan = Plan(scenario=s.name, status="feasible", routes=result.routes,
                unvisited=result.unvisited,
                solver=SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0))  # fmt: skip
    scenario_file, plan_file = tmp_path / "county.yaml", tmp_path / "plan.json"
    scenario_file.write_text(_generated_yaml(), encoding="utf-8")
    plan_file.write_text(plan.model_dump_json(), encoding="utf-8")
    assert check_plan(load_scenario(scenario_file), load_plan(plan_file)) == []  # exit 0
    assert s.visits is not None
    routed = [v.household for route in result.routes for v in route.visits]
    listed = [u.household for u in result.unvisited]
    assert sorted(routed + listed) == sorted(h.id for h in s.visits.households)
    assert result.engine.endswith("in parts")


def test_parts_visit_more_than_the_greedy_drivers_and_miss_no_more_required() -> None:
    s, result = county()
    assert s.visits is not None
    problem = build_visit_problem(s).problem
    required = {h.id for h in s.visits.households if h.required}
    missed = len([u for u in result.unvisited if u.household in required])
    for required_first in (False, True):
        greedy = greedy_routes(problem, required_first=required_first)
        assert sum(len(r.visits) for r in result.routes) >= sum(map(len, greedy.routes))
        assert missed <= sum(problem.stops[stop].required for stop in greedy.dropped)


def test_a_stop_keeps_the_first_plan_and_skips_the_borders() -> None:
    s = generate(COUNTY)
    stopped = threading.Event()
    stopped.set()  # Ctrl-C came before the solve: the first plan is still made, then kept
    lines: list[str] = []
    limits = Limits(time_limit_s=60, seed=1, stop=stopped, progress=lines.append)
    result = route_visits(s, limits, parts=True)
    assert violations(s, result) == []
    assert result.routes
    # The parts' engines are quiet: the groups sent are said, then the whole plan.
    assert lines[0] == "first plan: routing 5 groups, 1 at a time"
    plan = r"visited (\d+) of (\d+) households · [\d,]+ h driving(, \d+ required left out)?"
    assert re.fullmatch(f"first plan: {plan}", lines[1]), lines[1]
    final = re.fullmatch(f"final plan: {plan} \\(5 groups, 0 of 0 pairs improved\\)", lines[2])
    assert final is not None and len(lines) == 3, lines
    assert int(final.group(1)) == sum(len(r.visits) for r in result.routes)


def _generated_yaml() -> str:
    """`planner generate --patients 0 --households 200 --teams 5 --visit-days 2 --seed 3`:
    COUNTY as a user would make it, through the generate job and the YAML it prints."""
    return dump_scenario(generate_job(COUNTY))
