"""The time-indexed relaxation bounds what any checked plan serves, and is tight where
only the hours count."""

from __future__ import annotations

from benchmarks.relaxation import Relaxation
from planner.generate import GenerateOptions, generate
from planner.model import Scenario
from tests.solver.schedule.helpers import patient, solve, stop


def test_the_relaxation_bounds_the_proven_optimum_of_a_small_stop() -> None:
    scenario = generate(GenerateOptions(patients=12, households=0, seed=3))
    result = solve(scenario, seconds=5.0)  # checked by the helper
    status, _, bound, servable = Relaxation(scenario).solve(10.0)
    assert result.levels["served"] == "optimal" and status == "OPTIMAL"
    assert result.objective <= bound <= servable


def test_the_relaxation_counts_the_hours_of_a_crowded_morning() -> None:
    # Six patients here from 09:00 to 10:00, each wanting a 30-minute consult, one
    # haematologist and one room: two fit, and the relaxation knows it.
    crowd = [patient(f"p{i}", ["consult"], end="10:00") for i in range(6)]
    scenario = Scenario.model_validate(stop(patients=crowd))
    status, best, bound, servable = Relaxation(scenario).solve(10.0)
    assert status == "OPTIMAL"
    assert best == bound == solve(scenario).objective
    assert servable == 3 * bound
