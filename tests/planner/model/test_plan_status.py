"""Statuses in a coordinator's words, in both languages."""

from __future__ import annotations

import pytest

from planner.model.plan import Plan, SolverInfo
from planner.model.plan_status import plan_status_words, status_code, status_words


@pytest.mark.parametrize(
    ("status", "gap", "code"),
    [
        ("optimal", 0.0, "proven"),
        ("feasible", 0.0, "proven"),  # the target equals the bound: nothing better exists
        ("feasible", 0.031, "within"),
        ("feasible", None, "good"),
        ("infeasible", None, "impossible"),
        ("unknown", None, "not_found"),
        (None, None, "not_found"),
    ],
)
def test_status_codes(status: str | None, gap: float | None, code: str) -> None:
    assert status_code(status, gap) == code


def test_the_words_in_english_and_chinese() -> None:
    assert status_words("feasible", 0.031, "en") == "good plan, within 3.1 % of the best possible"
    assert status_words("feasible", 0.031, "zh") == "较好的方案，与可能的最优相差不超过 3.1 %"
    assert status_words("feasible", 0.0, "en") == "proven best plan"
    assert status_words("feasible", 0.0, "zh") == "已证明的最优方案"
    assert status_words("infeasible", None, "en") == "no plan possible"
    assert status_words("infeasible", None, "zh") == "无可行方案"


def test_a_tiny_gap_is_never_shown_as_nothing() -> None:
    assert status_words("feasible", 0.00004, "en") == "good plan, within 0.1 % of the best possible"
    assert status_words("feasible", 0.0301, "en") == "good plan, within 3.1 % of the best possible"


def test_a_plan_with_clinic_and_routes_says_both() -> None:
    info = SolverInfo(wall_s=1, objective=229, bound=229, gap=0.0, schedule_status="feasible",
                      routing_status="feasible")  # fmt: skip
    plan = Plan(scenario="s", status="feasible", solver=info)
    assert plan_status_words(plan, "en") == (
        "clinic: proven best plan; home visits: good plan "
        "(how close to the best possible is not known)"
    )
    assert plan_status_words(plan, "zh").startswith("义诊：已证明的最优方案；入户随访：")
