"""The simulator's outside checks, kept small: Lindley's exact means, the one-expert day
against them, and the SimPy model of the same rules, run by run."""

from __future__ import annotations

import math

import pytest

from benchmarks.fcfs import fcfs_plan
from benchmarks.simulate import analytic, lindley_means, steady_state_wait
from planner.files.scenario import load_scenario
from tests.conftest import SCENARIOS


def test_lindley_means_start_exactly_and_tend_to_the_long_run_wait() -> None:
    means = lindley_means(120, 15, 12)
    assert means[0] == 0
    assert means[1] == pytest.approx(12 * math.exp(-15 / 12))  # E[max(0, S - a)]
    assert means[2] > means[1]
    assert means[-1] == pytest.approx(steady_state_wait(15, 12), rel=0.02)


def test_the_simulated_one_expert_day_meets_the_exact_mean() -> None:
    result = analytic(runs=20000, seed=3)
    low, high = result["ci"]
    margin = high - low  # two confidence half-widths: about 4 standard errors
    assert low - margin / 2 <= result["exact"] <= high + margin / 2
    assert result["steady_state"] > result["exact"]  # the day starts empty


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_simpy_replays_the_same_day_the_same_way(path: object) -> None:
    pytest.importorskip("simpy")
    from benchmarks.simulate import against_simpy

    scenario = load_scenario(path)  # type: ignore[arg-type]
    result = against_simpy(scenario, fcfs_plan(scenario), runs=60, seed=4)
    assert result["max_start_difference"] < 1e-6
    assert result["simulator"] == result["simpy"]
    assert result["simulator"]["mean_delay"][0] > 1  # chance did move the day
