"""`solve_stop` reads the schedule's and the routes' figures the same way."""

from __future__ import annotations

from typing import get_args

from planner.check import check_plan
from planner.jobs.solve import solve_stop
from planner.model import Scenario
from solver.limits import Limits
from solver.result import SolveFigures, SolveStatus
from tests.solver.routing import tiny
from tests.solver.schedule import helpers

SCHEDULE_TERMS = {"unserved_weight", "weighted_wait_min", "load_imbalance_min", "finish_min",
                  "served_weight", "room_changes"}  # fmt: skip


def _clinic_and_visits() -> Scenario:
    data = helpers.stop()
    data["visits"] = {
        "days": [tiny.DAY],
        "travel": {"circuity": 1.0, "speed_kmh": 60},
        "teams": [tiny.team()],
        "households": [tiny.household("h1")],
    }
    return Scenario.model_validate(data)


def test_both_solvers_report_the_same_figures() -> None:
    schedule = helpers.solve(helpers.stop(), seconds=2.0)
    routes = tiny.solve(tiny.scenario([tiny.household("h1")]), time_limit_s=1.0)
    for result, limit in ((schedule, 2.0), (routes, 1.0)):
        assert isinstance(result, SolveFigures)
        assert result.status in get_args(SolveStatus)
        assert (result.seed, result.time_limit_s) == (1, limit)
        assert 0 < result.wall_s < 2 * limit
    assert set(schedule.terms) == SCHEDULE_TERMS
    assert routes.terms == {"distance_m": 21000.0, "drop_penalty": 0.0}
    assert (routes.bound, routes.gap) == (None, None)
    assert schedule.solver_info().schedule_status == schedule.status
    assert routes.solver_info().routing_engine == routes.engine == "ortools"


def test_the_plan_holds_the_schedule_figures_and_the_routes_as_terms() -> None:
    scenario = _clinic_and_visits()
    plan = solve_stop(scenario, Limits(time_limit_s=4, seed=3))
    assert check_plan(scenario, plan) == []
    info = plan.solver
    assert (info.seed, info.time_limit_s, info.schedule_status) == (3, 4, "optimal")
    assert (info.objective, info.bound, info.gap) == (2, 2, 0)
    assert info.routing_status == "feasible"
    assert info.routing_engine in ("pyvrp", "pyvrp+ortools")  # the household path
    routing = {k for k in info.terms if k.startswith("routing_")}
    assert routing == {"routing_objective", "routing_wall_s", "routing_distance_m",
                       "routing_drop_penalty"}  # fmt: skip
    assert set(info.terms) - routing == SCHEDULE_TERMS
