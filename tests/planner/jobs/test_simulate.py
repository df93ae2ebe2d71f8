"""`planner simulate`'s job: the files it writes, with the keys DESIGN.md promises, and two
plans compared on the same chance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.fcfs import fcfs_plan
from planner.files.scenario import load_scenario
from planner.jobs.simulate import simulate
from planner.model import Plan, Scenario
from planner.model.variability import Variability, no_chance
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def longyan() -> tuple[Scenario, Plan]:
    scenario = load_scenario(ROOT / "scenarios" / "longyan.yaml")
    return scenario, fcfs_plan(scenario)


def test_writes_the_contract_keys(longyan: tuple[Scenario, Plan], tmp_path: Path) -> None:
    scenario, plan = longyan
    done = simulate(scenario, plan, Variability(), tmp_path, runs=200, seed=4, lang="en")
    data = json.loads((tmp_path / "simulation.json").read_text(encoding="utf-8"))
    assert (data["runs"], data["seed"]) == (200, 4)
    assert {"mean", "p10", "p90"} <= set(data["served"])
    assert {"mean", "p50", "p90"} <= set(data["delay_min"])
    assert {"mean", "p90"} <= set(data["overtime_min"])
    assert {"p50", "p90"} <= set(data["finish"])
    assert {"mean", "p50", "p90"} <= set(data["wait_min"])
    assert {"arrived", "served", "turned_away"} <= set(data["walk_ins"])
    for key in ("served", "delay_min", "overtime_min", "wait_min"):
        assert all(isinstance(v, float) for v in data[key].values()), key
    assert [e["expert"] for e in data["overtime_by_expert"]]
    assert data["served"]["p10"] <= data["served"]["mean"] <= data["served"]["p90"] <= 54
    assert data["finish"]["p50"] <= data["finish"]["p90"]  # ISO times of one zone
    assert data["finish"]["planned"] == "2025-03-15T16:30:00+08:00"
    assert (tmp_path / "simulation.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert done.summary.startswith("200 runs (seed 4): ")
    assert "walk-ins: " in done.summary and str(tmp_path) in done.summary


def test_with_no_chance_the_json_shows_the_plan(
    longyan: tuple[Scenario, Plan], tmp_path: Path
) -> None:
    scenario, plan = longyan
    simulate(scenario, plan, no_chance(), tmp_path, runs=10)
    data = json.loads((tmp_path / "simulation.json").read_text(encoding="utf-8"))
    assert data["served"]["mean"] == data["served"]["p10"] == len(plan.appointments)
    assert data["delay_min"]["max"] == 0 and data["overtime_min"]["max"] == 0
    assert data["finish"]["p90"] == data["finish"]["planned"]


def test_a_plan_against_itself_differs_in_nothing(
    longyan: tuple[Scenario, Plan], tmp_path: Path
) -> None:
    scenario, plan = longyan
    done = simulate(scenario, plan, Variability(), tmp_path, runs=100, compare=plan)
    data = json.loads((tmp_path / "simulation.json").read_text(encoding="utf-8"))
    differences = data["compare"]["differences"]
    assert {d["measure"] for d in differences} >= {"served", "overtime_min", "mean_wait_min"}
    assert all(d["mean"] == 0 and d["ci95"] == [0, 0] and d["better"] == "same"
               for d in differences)  # fmt: skip
    assert done.comparison is not None


def test_a_thinner_plan_serves_fewer_on_the_same_chance(
    longyan: tuple[Scenario, Plan], tmp_path: Path
) -> None:
    scenario, plan = longyan
    thinner = plan.model_copy(update={"appointments": plan.appointments[5:]})
    done = simulate(scenario, plan, Variability(walk_ins_per_hour=0), tmp_path, runs=200,
                    compare=thinner)  # fmt: skip
    assert done.comparison is not None
    served = next(d for d in done.comparison.differences if d.measure == "served")
    # Common random numbers: the five dropped appointments are the whole difference.
    assert served.better == "A" and -5 <= served.low <= served.mean <= served.high < 0
