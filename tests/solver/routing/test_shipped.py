"""The shipped scenarios' home visits, routed and checked by the independent checker."""

from __future__ import annotations

import pytest

from planner.files.scenario import load_scenario
from planner.model import Scenario
from tests.conftest import ROOT
from tests.solver.routing.tiny import reasons, solve, visited

SHIPPED = ["zhaotong", "sandu", "longyan"]


def _visits_only(name: str) -> Scenario:
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    return scenario.model_copy(update={"patients": [], "trainings": []})


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_visits_are_routed_and_pass_the_checker(name: str) -> None:
    scenario = _visits_only(name)
    assert scenario.visits is not None and scenario.visits.households
    result = solve(scenario, engine="auto", time_limit_s=2.0)
    assert result.status in ("feasible", "optimal")
    required = {h.id for h in scenario.visits.households if h.required}
    assert required <= set(visited(result)), reasons(result)
    assert result.routes
    for route in result.routes:
        assert route.depart is not None and route.back is not None
        assert route.drive_min > 0 and route.distance_km > 0


def test_zhaotong_with_or_tools_alone() -> None:
    scenario = _visits_only("zhaotong")
    result = solve(scenario, engine="ortools", time_limit_s=1.0)
    assert result.engine == "ortools"
    assert scenario.visits is not None
    assert len(visited(result)) + len(result.unvisited) == len(scenario.visits.households)
