"""Shipped and generated scenarios validate; generated ones survive load, dump, load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.files.scenario import dump_scenario, load_scenario
from planner.files.schema import schema_text
from planner.model.synthetic import CITIES, GenerateOptions, generate
from tests.conftest import ROOT, SCENARIOS


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenario_validates(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.patients and scenario.experts and scenario.trainings
    assert path.read_text("utf-8").startswith(
        "# yaml-language-server: $schema=../scenario.schema.json"
    )


def test_shipped_scenarios_carry_the_articles_figures() -> None:
    zhaotong = load_scenario(ROOT / "scenarios" / "zhaotong.yaml")
    children = [p for p in zhaotong.patients if p.name and p.name.startswith("Child")]
    assert len(children) == 19
    assert sum("genetic-test" in p.needs for p in zhaotong.patients) == 4
    assert len({p.family for p in zhaotong.patients if "hla" in p.needs}) == 3
    assert sum("fertility" in p.needs for p in zhaotong.patients) == 9
    course = zhaotong.trainings[0]
    assert (course.registered, course.expected) == (160, 240)
    longyan = load_scenario(ROOT / "scenarios" / "longyan.yaml")
    assert len(longyan.patients) > 40
    assert sum(p.severity == "severe" for p in longyan.patients) == 10
    assert {e.name for e in longyan.experts} >= {"Director Wang Xiaodong", "Professor Wang Chengyi"}
    sandu = load_scenario(ROOT / "scenarios" / "sandu.yaml")
    assert sandu.visits is not None and len(sandu.visits.households) >= 20


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "scenario.schema.json").read_text("utf-8")
    assert committed == schema_text(), "run: planner schema > scenario.schema.json"
    assert json.loads(committed)["additionalProperties"] is False


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    patients=st.integers(0, 60),
    households=st.integers(0, 40),
    seed=st.integers(0, 10_000),
    city=st.sampled_from(sorted(CITIES)),
)
def test_generated_scenarios_round_trip(
    tmp_path: Path, patients: int, households: int, seed: int, city: str
) -> None:
    scenario = generate(GenerateOptions(patients, households, seed, city=city))
    assert len(scenario.patients) == patients
    assert len(scenario.visits.households if scenario.visits else []) == households
    path = tmp_path / f"gen-{seed}.yaml"
    path.write_text(dump_scenario(scenario), "utf-8")
    again = load_scenario(path)
    assert again.model_dump() == scenario.model_dump()
    assert dump_scenario(again) == dump_scenario(scenario)


def test_generation_is_deterministic() -> None:
    one = dump_scenario(generate(GenerateOptions(30, 10, seed=7)))
    assert one == dump_scenario(generate(GenerateOptions(30, 10, seed=7)))
    assert one != dump_scenario(generate(GenerateOptions(30, 10, seed=8)))


def test_generated_stop_is_over_subscribed_with_families() -> None:
    scenario = generate(GenerateOptions(patients=120, households=0, seed=1))
    demand = sum(
        s.duration_min * len(s.needs)
        for p in scenario.patients
        for s in scenario.services
        if s.id in p.needs
    )
    supply = sum(h.end_min - h.start_min for e in scenario.experts for h in e.available)
    assert demand > 1.3 * supply  # over-subscribed: not every need can be served
    assert any(p.relation == "parent" and p.needs == ["hla"] for p in scenario.patients)
    assert {p.severity for p in scenario.patients} >= {"severe", "intermediate"}
