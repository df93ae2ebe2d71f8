"""The checker's violations speak the run's language, whole messages included."""

from __future__ import annotations

import pytest

from planner.model import Plan, Scenario
from planner.model.words import speak
from tests.planner.check.test_schedule import (
    Mutation,
    _block_with_gap,
    _clinic_in_the_hall,
    _expert_twice,
    _hall_too_small,
    _lunch_over_work,
    _no_course,
    messages,
)

CHINESE = [
    (_no_course, ["training-once: 培训 course 没有安排"]),
    (_hall_too_small, ["training-room: 培训 course 预计 60 人，安排在只有 50 个座位的诊室 hall"]),
    (_expert_twice, ["service-experts: p01/mdt 重复列出了 hem-1"]),
    (_block_with_gap, [
        "family-block: 家庭 f01 的 hla 预约没有首尾相接：p01 10:00-10:10，之后 p02 10:20-10:30"]),
    (_lunch_over_work, [
        "expert-lunch: gen-1 的午休（09:30-09:40）与 p01/genetic-test（09:30-09:40）重叠"]),
    (_clinic_in_the_hall, [
        "training-room: p03/consult 在诊室 hall（08:40-09:00），"
        "与 培训 course（08:00-09:00）同时"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "expected"), CHINESE, ids=[m.__name__.strip("_") for m, _ in CHINESE]
)
def test_a_violation_in_chinese(
    scenario: Scenario, plan: Plan, mutate: Mutation, expected: list[str]
) -> None:
    mutate(scenario, plan)
    speak("zh")
    assert messages(scenario, plan) == expected
