"""The replay's rules (`START_RULES`), each biting on a tiny day, and the whole simulator on
the shipped stops: exact with no chance, and moving the right way with more of it."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from benchmarks.fcfs import fcfs_plan
from planner.check import check_plan
from planner.files.scenario import load_scenario
from planner.model import Scenario
from planner.model.variability import Variability, no_chance
from solver.simulate import simulate
from solver.simulate.replay import START_RULES
from tests.conftest import SCENARIOS
from tests.solver.schedule.helpers import expert, patient, rooms, service, stop
from tests.solver.simulate.helpers import booked, chance_of, plan_of, replay_day

HERE = Path(__file__).parent


def test_every_start_rule_names_a_test_that_exists() -> None:
    sources = "".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_*.py"))
    defined = set(re.findall(r"^def (test_\w+)", sources, re.MULTILINE))
    assert sorted({rule[2] for rule in START_RULES} - defined) == []


def two_in_a_row(first: str = "09:00", second: str = "09:30", **extra: object) -> tuple:
    """p1 then p2 with hem-1 in c1, 30 minutes each; p1 severe, p2 a carrier."""
    data = stop(patients=[patient("p1", ["consult"], "08:00", "12:00", severity="severe"),
                          patient("p2", ["consult"], "08:00", "12:00", severity="carrier")],
                **extra)  # fmt: skip
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", first, _later(first)),
                   booked("p2", "consult", ["hem-1"], "c1", second, _later(second)))  # fmt: skip
    return data, plan


def _later(clock: str, minutes: int = 30) -> str:
    hour, minute = map(int, clock.split(":"))
    total = hour * 60 + minute + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


def test_a_no_show_lets_the_next_family_in_early() -> None:
    data, plan = two_in_a_row()
    run = replay_day(data, plan, chance_of(no_show={"severe": 1.0}))
    assert np.isnan(run.starts("p1", "consult")).all()
    assert (run.starts("p2", "consult") == 9 * 60).all()  # into p1's gap, not at 09:30
    # Without a no-show, an idle expert does not call the next family early.
    data, plan = two_in_a_row("08:00", "09:30")
    run = replay_day(data, plan, no_chance())
    assert (run.starts("p2", "consult") == 9 * 60 + 30).all()


def test_a_no_show_gap_is_filled_only_by_a_family_already_there() -> None:
    data, plan = two_in_a_row()
    late = np.full((50, 2), 9 * 60 + 20.0)  # p2 comes at 09:20
    run = replay_day(data, plan, chance_of(no_show={"severe": 1.0}), arrival=late)
    assert (run.starts("p2", "consult") == 9 * 60 + 20).all()


def test_a_late_family_delays_its_appointment_only() -> None:
    data, plan = two_in_a_row("09:00", "10:00")
    run = replay_day(data, plan, chance_of(arrival_late_min={"severe": 90}), runs=200)
    arrival = run.chance.arrival[:, 0] % 1440
    assert np.allclose(run.starts("p1", "consult"), np.maximum(9 * 60, arrival))
    assert (run.starts("p1", "consult") > 9 * 60).mean() > 0.3
    overrun = np.maximum(run.ends("p1", "consult"), 10 * 60)
    assert np.allclose(run.starts("p2", "consult"), overrun)


def test_a_late_expert_pushes_the_queue() -> None:
    data, plan = two_in_a_row()
    run = replay_day(data, plan, chance_of(expert_late={"probability": 1.0, "minutes": 45}))
    # hem-1 is on duty from 08:00: late by 45 minutes, on site at 08:45, before p1's 09:00.
    assert (run.starts("p1", "consult") == 9 * 60).all()
    late = replay_day(data, plan, chance_of(expert_late={"probability": 1.0, "minutes": 75}))
    assert (late.starts("p1", "consult") == 9 * 60 + 15).all()
    assert (late.starts("p2", "consult") == 9 * 60 + 45).all()


def test_overruns_push_the_queue() -> None:
    data, plan = two_in_a_row()
    run = replay_day(data, plan, chance_of(service_cv=0.8), runs=300)
    assert np.allclose(run.starts("p2", "consult"),
                       np.maximum(9 * 60 + 30, run.ends("p1", "consult")))  # fmt: skip
    assert (run.starts("p2", "consult") > 9 * 60 + 30).mean() > 0.2
    lengths = run.ends("p1", "consult") - run.starts("p1", "consult")
    assert abs(lengths.mean() - 30) < 3  # lognormal with the planned length as its mean


def test_a_parallel_room_is_that_many_queues() -> None:
    lab = rooms({"id": "lab", "kind": "consult", "parallel": 2})
    experts = [expert("a", ["hematology"]), expert("b", ["hematology"]),
               expert("c", ["hematology"])]  # fmt: skip
    patients = [patient(p, ["consult"], "08:00", "12:00") for p in ("p1", "p2", "p3")]
    data = stop(venues=lab, experts=experts, patients=patients)
    plan = plan_of(booked("p1", "consult", ["a"], "lab", "09:00", "09:30"),
                   booked("p2", "consult", ["b"], "lab", "09:00", "09:30"),
                   booked("p3", "consult", ["c"], "lab", "09:30", "10:00"))  # fmt: skip
    scenario = Scenario.model_validate(data)
    assert check_plan(scenario, plan) == []
    runs = 20
    ready = np.full((runs, 3, 1), 8 * 60.0)
    ready[:, 0, 0] = 10 * 60  # a comes at 10:00: p1 holds one place of the lab until 10:30
    run = replay_day(scenario, plan, no_chance(), runs=runs, expert_ready=ready)
    assert (run.starts("p1", "consult") == 10 * 60).all()
    assert (run.starts("p2", "consult") == 9 * 60).all()
    assert (run.starts("p3", "consult") == 9 * 60 + 30).all()  # p2's place is free again


def test_after_order_holds_under_chance() -> None:
    data = stop(
        venues=rooms({"id": "c1", "kind": "consult"}, {"id": "lab", "kind": "sampling"}),
        experts=[expert("hem-1", ["hematology"]), expert("gen-1", ["genetics"])],
        services=[service("consult", ["hematology"]),
                  service("test", ["genetics"], 10, "sampling", after=["consult"])],
        patients=[patient("p1", ["consult", "test"])],
    )  # fmt: skip
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"),
                   booked("p1", "test", ["gen-1"], "lab", "09:30", "09:40"))  # fmt: skip
    run = replay_day(data, plan, chance_of(service_cv=1.0), runs=300)
    assert (run.starts("p1", "test") >= run.ends("p1", "consult")).all()
    assert (run.starts("p1", "test") > 9 * 60 + 30).mean() > 0.2


@pytest.fixture(scope="module", params=SCENARIOS, ids=[p.stem for p in SCENARIOS])
def shipped(request: pytest.FixtureRequest) -> tuple:
    scenario = load_scenario(request.param)
    plan = fcfs_plan(scenario)
    assert check_plan(scenario.model_copy(update={"visits": None}), plan) == []
    return scenario, plan


def test_no_chance_replays_the_shipped_plans_exactly(shipped: tuple) -> None:
    scenario, plan = shipped
    result = simulate(scenario, plan, no_chance(), runs=20, seed=3)
    assert result.appointments == len(plan.appointments) > 0
    assert result.served.p10 == result.served.max == len(plan.appointments)
    assert result.delay_min.max == 0 and result.delay_min.p10 == 0
    assert result.overtime_min.max == 0
    for day in result.days:
        assert set(day.finish_min) == {day.planned_finish_min}
    assert result.walk_ins.arrived.max == 0


def test_every_family_absent_serves_nothing(shipped: tuple) -> None:
    scenario, plan = shipped
    result = simulate(scenario, plan, chance_of(no_show=1.0), runs=20)
    assert result.served.max == 0
    assert result.wait_min.max == 0 and result.delay_min.max == 0


def test_more_spread_more_p90_delay(shipped: tuple) -> None:
    scenario, plan = shipped
    p90 = [simulate(scenario, plan, chance_of(service_cv=cv), runs=200, seed=5).delay_min.p90
           for cv in (0.1, 0.4, 0.8)]  # fmt: skip
    assert p90[0] < p90[1] < p90[2]


def test_more_no_shows_fewer_served(shipped: tuple) -> None:
    scenario, plan = shipped
    served = [simulate(scenario, plan, chance_of(no_show=p), runs=200, seed=5).served.mean
              for p in (0.05, 0.2, 0.4)]  # fmt: skip
    assert served[0] > served[1] > served[2]


def test_the_same_seed_gives_the_same_figures(shipped: tuple) -> None:
    scenario, plan = shipped
    first = simulate(scenario, plan, Variability(), runs=100, seed=11)
    again = simulate(scenario, plan, Variability(), runs=100, seed=11)
    other = simulate(scenario, plan, Variability(), runs=100, seed=12)
    assert first.per_run == again.per_run
    assert (first.served, first.delay_min) == (again.served, again.delay_min)
    assert first.days == again.days
    assert first.per_run != other.per_run


def test_a_day_under_way_keeps_what_happened_and_chance_acts_after_now() -> None:
    data, plan = two_in_a_row("09:00", "10:30")
    seen = plan.appointments[0].model_dump(mode="json")
    data["history"] = {"now": "2025-07-05T10:00", "appointments": [seen]}
    wild = chance_of(no_show=1.0, arrival_late_min=60, service_cv=1.0, walk_ins_per_hour=6,
                     expert_late={"probability": 1.0, "minutes": 120})  # fmt: skip
    run = replay_day(data, plan, wild, runs=100)
    assert (run.starts("p1", "consult") == 9 * 60).all()  # it happened as published
    assert (run.ends("p1", "consult") == 9 * 60 + 30).all()
    assert np.isnan(run.starts("p2", "consult")).all()  # p2 may still stay away
    assert not run.chance.absent[:, 0].any() and (run.chance.arrival[:, 0] % 1440 == 480).all()
    walk_ins = [w for each in run.chance.walk_ins for w in each]
    assert walk_ins and min(w.arrival for w in walk_ins) >= 10 * 60
