"""The tiny stop of `tests/support/checked_stop.py` and a plan for it that keeps every rule,
fresh for each checker test to mutate."""

from __future__ import annotations

import pytest

from planner.model import Plan, Scenario
from tests.support.checked_stop import plan_data, scenario_data


@pytest.fixture
def scenario() -> Scenario:
    """The tiny stop."""
    return Scenario.model_validate(scenario_data())


@pytest.fixture
def plan() -> Plan:
    """A fresh valid plan of the tiny stop, for each test to mutate."""
    return Plan.model_validate(plan_data())
