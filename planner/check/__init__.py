"""The independent plan checker: every hard rule, verified from the plan and the scenario.

It shares no code with the solvers (nothing from `solver/` is imported here), so that a
bug in a model cannot hide itself by being checked with the same code. Plan files are
read by `planner.files.plan.load_plan`.
"""

from __future__ import annotations

from planner.check.context import Context
from planner.check.routes import ROUTE_RULES, RouteContext
from planner.check.schedule import SCHEDULE_RULES
from planner.check.violation import Violation
from planner.model import Plan, Scenario

__all__ = ["ROUTE_RULES", "SCHEDULE_RULES", "Violation", "check_plan"]


def check_plan(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Every hard rule the plan breaks, schedule rules first, then route rules.

    Violations keep the order of the rule registries; within a rule they are sorted by
    message, so the same plan always gives the same list.
    """
    schedule, routes = Context(scenario, plan), RouteContext(scenario, plan)
    found: list[Violation] = []
    for rule in SCHEDULE_RULES:
        found += sorted(set(rule(schedule)))
    for route_rule in ROUTE_RULES:
        found += sorted(set(route_rule(routes)))
    return found
