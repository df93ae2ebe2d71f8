"""The table of rules in `solver/schedule/model.py` stays complete and true."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from planner.check import SCHEDULE_RULES
from planner.model import Scenario
from solver.limits import Limits
from solver.schedule.instance import DOMAIN_RULES, GROUPING_RULES
from solver.schedule.model import RULES, build_model, require_mandatory
from solver.schedule.objective import LEVELS, Level, Weighted
from solver.schedule.rules import HARD_RULES
from solver.schedule.solve import solve_model
from solver.schedule.variables import course_window, lunch_window
from tests.solver.schedule.helpers import assert_valid, clock, patient, stop

HERE = Path(__file__).parent


def test_every_rule_of_every_registry_is_in_the_table_once() -> None:
    built = [rule.built_by for rule in RULES]
    registries = [*GROUPING_RULES, *DOMAIN_RULES, lunch_window, course_window, *HARD_RULES]
    assert sorted(f.__name__ for f in built) == sorted(f.__name__ for f in registries)


def test_every_check_named_is_a_rule_of_the_plan_checker() -> None:
    checks = {rule.__name__ for rule in SCHEDULE_RULES}
    assert sorted({c for rule in RULES for c in rule.checks} - checks) == []


def test_every_test_named_exists() -> None:
    defined = set(re.findall(r"^def (test_\w+)", _test_sources(), re.MULTILINE))
    assert sorted({t for rule in RULES for t in rule.tests} - defined) == []
    assert all(rule.tests for rule in RULES)


def _test_sources() -> str:
    return "".join(path.read_text(encoding="utf-8") for path in HERE.glob("test_*.py"))


def test_a_caller_can_fix_a_job_and_add_a_level_before_solving() -> None:
    scenario = Scenario.model_validate(stop(patients=[patient("p1", ["consult"]),
                                                      patient("p2", ["consult"])]))  # fmt: skip
    v = build_model(scenario)
    require_mandatory(v)
    assert v.job_of("p1", "mdt") is None
    found = v.job_of("p1", "consult")
    assert found is not None
    jv, index = found
    v.model.add(jv.member_start(index) == v.instance.grid.floor(dt.date(2025, 7, 5), 10 * 60))
    p2 = v.job_of("p2", "consult")
    assert p2 is not None
    late = Level("p2-late", (Weighted("p2_start", lambda _: -p2[0].start),))
    result = solve_model(v, Limits(time_limit_s=3, seed=1), levels=[LEVELS[0], late])
    assert_valid(scenario, result)
    assert [(a.patient, clock(a.start)) for a in result.appointments] == [
        ("p1", "10:00"),
        ("p2", "11:30"),
    ]
    assert result.terms["p2_start"] < 0
