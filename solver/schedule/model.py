"""The CP-SAT model of a stop's schedule, built in one place.

Solving, diagnosis and the benchmarks all start from `build_model`.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from planner.model import Scenario
from solver.schedule.instance import build_instance
from solver.schedule.rules import HARD_RULES
from solver.schedule.variables import Variables, create_variables


def build_model(
    scenario: Scenario, before_rules: Callable[[Variables], None] | None = None
) -> Variables:
    """The model with every hard rule; mandatory parts are not yet forced on.

    `before_rules` may add fixed busy intervals (a re-planned day's history) that the
    rules must see.
    """
    model = cp_model.CpModel()
    variables = create_variables(model, build_instance(scenario))
    if before_rules is not None:
        before_rules(variables)
    for rule in HARD_RULES:
        rule(variables)
    return variables


def required_literals(v: Variables) -> list[cp_model.IntVar]:
    """The literals of the mandatory parts: every course and every lunch."""
    return [tv.required for tv in v.trainings] + [lunch.required for lunch in v.lunches]
