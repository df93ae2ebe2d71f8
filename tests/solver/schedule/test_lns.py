"""The clinic-day LNS: each neighbourhood frees what it says and holds the rest, and a
search through it ends in a checked plan of the whole stop."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time

import pytest
from ortools.sat.python import cp_model

from planner.model import Scenario
from planner.model.synthetic import GenerateOptions, generate
from solver import lexicographic
from solver.lexicographic import Lexicographic
from solver.limits import LNS_STALL_S, Limits
from solver.schedule import lns, neighbourhoods, schedule_stop
from solver.schedule import solve as solve_module
from solver.schedule.model import build_model, require_mandatory
from solver.schedule.neighbourhoods import (
    KINDS,
    Neighbourhood,
    all_choices,
    course_choices,
    job_choices,
    of_expert_day,
    of_room_afternoon,
    of_severity,
    of_time_window,
    sub_model,
    trimmed,
)
from solver.schedule.objective import unserved_weight
from solver.schedule.variables import Variables
from tests.solver.schedule.helpers import DAY, assert_valid, expert, patient, rooms, service, stop

DATE = dt.date.fromisoformat(DAY)
BOOKED = {"consult[p1]": "09:00", "consult[p2]": "10:00", "consult[p3]": "13:00",
          "draw[p3]": "14:00", "consult[p4]": "15:00"}  # fmt: skip
"""The incumbent's bookings; p5's consult is left unserved."""
LUNCHES = {"hem-1": "11:30", "hem-2": "12:00", "gen-1": "11:30"}


def tiny_day() -> tuple[Variables, list[int]]:
    """Two haematologists (hem-1 leaves at noon), a geneticist, a consult room and a lab;
    the incumbent books everyone at `BOOKED` but p5, lunches at `LUNCHES`."""
    data = stop(
        venues=rooms({"id": "c1", "kind": "consult"}, {"id": "lab", "kind": "sampling"}),
        experts=[expert("hem-1", ["hematology"], "08:00", "12:00"),
                 expert("hem-2", ["hematology"]), expert("gen-1", ["genetics"])],
        services=[service("consult", ["hematology"]),
                  service("draw", ["genetics"], 10, "sampling")],
        patients=[patient("p1", ["consult"], severity="severe"),
                  patient("p2", ["consult"], severity="carrier"),
                  patient("p3", ["consult", "draw"], "13:00", "17:00", severity="severe"),
                  patient("p4", ["consult"], "14:00", "17:00", severity="unknown"),
                  patient("p5", ["consult"], "13:00", "17:00", severity="severe")],
        defaults={"lunch": {"window": {"start": "11:30", "end": "13:30"}, "duration_min": 30}},
    )  # fmt: skip
    v = build_model(Scenario.model_validate(data))
    require_mandatory(v)
    grid = v.instance.grid
    pinned = v.model.clone()  # the model itself stays free
    for jv in v.jobs:
        at = BOOKED.get(jv.job.id)
        pinned.add(jv.present == int(at is not None))
        if at is not None:
            pinned.add(jv.start == grid.floor(DATE, _minute(at)))
    for lunch in v.lunches:
        pinned.add(lunch.start == grid.floor(DATE, _minute(LUNCHES[lunch.expert.id])))
    return v, solution(pinned)


def course_day() -> tuple[Variables, list[int]]:
    """Either expert can teach the course, but only gen-1 can see p1, who is there only
    while it is on; the incumbent has gen-1 teach, and p1 unseen."""
    data = stop(
        venues=rooms({"id": "lab", "kind": "sampling"},
                     {"id": "hall", "kind": "lecture", "seats": 100}),
        experts=[expert("hem-1", ["hematology"]), expert("gen-1", ["hematology", "genetics"])],
        services=[service("draw", ["genetics"], 10, "sampling")],
        patients=[patient("p1", ["draw"], "09:00", "11:00")],
        trainings=[{"id": "course", "title": "Course", "date": DAY,
                    "window": {"start": "09:00", "end": "11:00"}, "duration_min": 120,
                    "lecturers": ["hematology"], "expected": 80}],
    )  # fmt: skip
    v = build_model(Scenario.model_validate(data))
    require_mandatory(v)
    pinned = v.model.clone()
    pinned.add(v.trainings[0].teaches["gen-1"] == 1)
    return v, solution(pinned)


def solution(pinned: cp_model.CpModel) -> list[int]:
    """A plan of a copy of the model with some choices pinned: each variable's value, by index."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(pinned) == cp_model.OPTIMAL
    return list(solver.response_proto.solution)


def _minute(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def jobs(v: Variables, hood: Neighbourhood) -> set[str]:
    """The ids of the jobs a neighbourhood frees."""
    return {v.jobs[i].job.id for i in hood.jobs}


def lunches(v: Variables, hood: Neighbourhood) -> set[str]:
    """The experts whose lunch a neighbourhood frees."""
    return {v.lunches[i].expert.id for i in hood.lunches}


def test_an_expert_day_frees_the_jobs_that_expert_could_do_and_their_lunch() -> None:
    v, _ = tiny_day()
    hood = of_expert_day(v, "hem-1", DATE)
    assert jobs(v, hood) == {"consult[p1]", "consult[p2]"}  # the others come after noon
    assert lunches(v, hood) == {"hem-1"}
    assert jobs(v, of_expert_day(v, "gen-1", DATE)) == {"draw[p3]"}


def test_a_room_afternoon_frees_its_afternoon_bookings_and_the_unserved_that_fit() -> None:
    v, values = tiny_day()
    consult = next(p.id for p in v.instance.pools if p.kind == "consult")
    hood = of_room_afternoon(v, values, consult, DATE)
    assert jobs(v, hood) == {"consult[p3]", "consult[p4]", "consult[p5]"}
    assert lunches(v, hood) == set()
    lab = next(p.id for p in v.instance.pools if p.kind == "sampling")
    assert jobs(v, of_room_afternoon(v, values, lab, DATE)) == {"draw[p3]"}


def test_a_time_window_frees_every_room_within_it_and_the_lunches_that_start_in_it() -> None:
    v, values = tiny_day()
    morning = of_time_window(v, values, DATE, 9 * 60)
    assert (jobs(v, morning), lunches(v, morning)) == ({"consult[p1]", "consult[p2]"}, set())
    noon = of_time_window(v, values, DATE, 11 * 60)
    assert (jobs(v, noon), lunches(v, noon)) == (set(), {"hem-1", "hem-2", "gen-1"})
    early_afternoon = of_time_window(v, values, DATE, 13 * 60)
    assert jobs(v, early_afternoon) == {"consult[p3]", "draw[p3]", "consult[p5]"}


def test_a_severity_class_frees_every_job_of_its_patients() -> None:
    v, _ = tiny_day()
    assert jobs(v, of_severity(v, "severe", DATE)) == {
        "consult[p1]", "consult[p3]", "draw[p3]", "consult[p5]"
    }  # fmt: skip
    assert jobs(v, of_severity(v, "carrier", DATE)) == {"consult[p2]"}


def test_a_course_neighbourhood_lets_another_expert_teach_so_a_patient_is_seen() -> None:
    v, values = course_day()
    (tv,) = v.trainings
    (draw,) = v.jobs
    assert values[draw.present.index] == 0
    v.model.minimize(unserved_weight(v))
    hood = neighbourhoods.course(v, values, random.Random(0))
    assert hood is not None and hood.trainings == {0} and jobs(v, hood) == {"draw[p1]"}
    for kind_hood, served in ((of_expert_day(v, "gen-1", DATE), 0), (hood, 1)):
        solver = cp_model.CpSolver()
        assert solver.solve(sub_model(v, values, kind_hood)) == cp_model.OPTIMAL
        assert solver.value(draw.present) == served
    assert solver.value(tv.teaches["hem-1"]) == 1


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_a_neighbourhood_holds_every_other_choice_at_the_incumbent(
    kind: neighbourhoods.Kind,
) -> None:
    v, values = course_day() if kind is neighbourhoods.course else tiny_day()
    for seed in range(4):
        hood = kind(v, values, random.Random(seed))
        assert hood is not None
        part = sub_model(v, values, hood)
        free = neighbourhoods.freed(v, hood)
        assert free == (
            {var.index for i in hood.jobs for var in job_choices(v.jobs[i])}
            | {v.lunches[i].start.index for i in hood.lunches}
            | {var.index for i in hood.trainings for var in course_choices(v.trainings[i])}
        )
        for index in all_choices(v):
            domain = list(part.proto.variables[index].domain)
            if index in free:
                assert domain == list(v.model.proto.variables[index].domain)
            else:
                assert domain == [values[index], values[index]]


def test_a_neighbourhood_search_finds_what_its_part_allows_and_no_more() -> None:
    v, values = tiny_day()
    v.model.minimize(unserved_weight(v))
    # p5 fits only in the consult room's afternoon: freeing the morning cannot serve them.
    for hood, served in ((of_time_window(v, values, DATE, 9 * 60), 0),
                         (of_room_afternoon(v, values, _consult(v), DATE), 1)):  # fmt: skip
        part = sub_model(v, values, hood)
        part.clear_hints()
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.solve(part) == cp_model.OPTIMAL
        p5 = next(jv for jv in v.jobs if jv.job.id == "consult[p5]")
        assert solver.value(p5.present) == served


def _consult(v: Variables) -> str:
    return next(p.id for p in v.instance.pools if p.kind == "consult")


def test_a_trimmed_neighbourhood_frees_a_run_of_its_jobs_close_in_time() -> None:
    v, values = tiny_day()
    hood = of_expert_day(v, "hem-2", DATE)  # five consults, 09:00 to 15:00, and a lunch
    assert trimmed(v, values, hood, 5, random.Random(0)) is hood
    slot = {i: neighbourhoods._when(v.jobs[i], values) for i in hood.jobs}
    lunch = next(i for i, lunch in enumerate(v.lunches) if lunch.expert.id == "hem-2")
    noon = values[v.lunches[lunch].start.index]
    runs, lunched = set(), set()
    for seed in range(40):
        size = 2 + seed % 2
        cut = trimmed(v, values, hood, size, random.Random(seed))
        assert len(cut.jobs) == size and cut.jobs <= hood.jobs
        lo, last = min(slot[i] for i in cut.jobs), max(slot[i] for i in cut.jobs)
        hi = max(slot[i] + v.jobs[i].job.length for i in cut.jobs)
        # No job left out lies between those kept: they are a run in time.
        assert not [i for i in hood.jobs - cut.jobs if lo < slot[i] < last]
        # hem-2's lunch is freed only when the kept jobs span it.
        assert cut.lunches == (frozenset([lunch]) if lo <= noon < hi else frozenset())
        runs.add(cut.jobs)
        lunched.add(bool(cut.lunches))
    assert len(runs) > 2 and lunched == {True, False}  # the anchor is drawn


def test_a_kind_frees_more_after_quick_proofs_and_fewer_after_timeouts() -> None:
    assert lns.resize(40, 40, cp_model.INFEASIBLE) == 50  # cut to 40 and proven: grow
    assert lns.resize(40, 12, cp_model.INFEASIBLE) == 40  # not cut: nothing learnt
    assert lns.resize(40, 40, cp_model.UNKNOWN) == 32  # out of time: shrink
    assert lns.resize(10, 9, cp_model.UNKNOWN) == 8  # never below LNS_MIN_JOBS
    assert lns.resize(40, 40, cp_model.FEASIBLE) == 40  # improved: keep the size
    assert lns.resize(40, 40, None) == 40  # a failed solve


def test_the_roulette_draws_the_kinds_that_improve() -> None:
    roulette = lns.Roulette(list(KINDS), random.Random(0))
    for _ in range(20):
        roulette.reward("time_window", True)
        roulette.reward("expert_day", False)
    assert roulette.scores["time_window"] > 0.8
    assert roulette.scores["expert_day"] == pytest.approx(0.1)  # the floor: still drawn
    drawn = [roulette.draw().__name__ for _ in range(400)]
    assert drawn.count("time_window") > drawn.count("expert_day") > 0


def test_an_lns_result_is_a_checked_plan_of_the_whole_stop(monkeypatch) -> None:
    searches: list[lns.Search] = []

    def spied(*args: object) -> lns.Search:
        searches.append(lns.adaptive_search(*args))  # type: ignore[arg-type]
        return searches[-1]

    # A short proof, so that the LNS gets most of the first level's time: long enough for
    # a first plan on a loaded machine (0.5 s once was not), on a day large enough not to
    # be proven in it (a 60-patient day once was).
    monkeypatch.setattr(solve_module, "PROOF_MIN_S", 1.0)
    monkeypatch.setattr(solve_module, "PROOF_SHARE", 0.05)
    monkeypatch.setattr(solve_module, "adaptive_search", spied)
    scenario = generate(GenerateOptions(patients=80, households=0, seed=3, hard=True))
    result = schedule_stop(scenario, Limits(time_limit_s=8.0, seed=1, workers=2))
    assert result.status in ("optimal", "feasible")
    assert_valid(scenario, result)
    assert len(searches) == 1
    search = searches[0]
    assert sum(tried for tried, _ in search.steps.values()) > 1
    assert "cpsat" in search.steps and set(search.steps) & {k.__name__ for k in KINDS}
    served = result.terms["served_weight"]
    assert served == sum(jv.job.weight for jv in _jobs(scenario)) - search.best.objective_value


def _jobs(scenario: Scenario) -> list:
    return build_model(scenario).jobs


def _solved_day() -> tuple[Variables, list[int], cp_model.CpSolver]:
    """The tiny day, its values, and a solver that has served as much as it can."""
    v, values = tiny_day()
    v.model.minimize(unserved_weight(v))
    incumbent = cp_model.CpSolver()
    incumbent.parameters.num_workers = 1
    incumbent.solve(v.model)
    return v, values, incumbent


def test_a_neighbourhood_whose_solve_fails_is_a_failed_step_not_a_failed_stop() -> None:
    v, values, incumbent = _solved_day()
    run = Lexicographic(v.model, Limits(time_limit_s=2.0, seed=1, workers=1), 0.0)
    level = lexicographic.Level("served", unserved_weight(v))

    def fails(*args: object, **options: object) -> None:
        raise IndexError("absl::container_internal::raw_hash_map<>::at")

    run.solve_once = fails  # type: ignore[method-assign,assignment]
    search = lns.Search(v, run, level, incumbent, lns.Roulette(list(KINDS), random.Random(0)))
    hood = of_room_afternoon(v, values, _consult(v), DATE)
    assert search.step(hood, search.incumbent(), 1.0) == (False, None)
    assert search.steps == {"failed": [1, 0]}
    assert search.best is incumbent


def test_our_steps_start_from_the_better_of_our_plan_and_cpsats_running_one() -> None:
    v, values, incumbent = _solved_day()
    run = Lexicographic(v.model, Limits(time_limit_s=2.0, seed=1, workers=1), 0.0)
    level = lexicographic.Level("served", unserved_weight(v))
    search = lns.Search(v, run, level, incumbent, lns.Roulette(list(KINDS), random.Random(0)))
    ours = list(incumbent.response_proto.solution)
    search.see(incumbent.objective_value + 1, values)
    assert search.incumbent() == (incumbent.objective_value, ours)  # CP-SAT's is worse
    search.see(incumbent.objective_value - 1, values)
    assert search.incumbent() == (incumbent.objective_value - 1, values)


def test_cpsat_is_restarted_from_our_plan_only_when_it_has_stalled_behind_it() -> None:
    v, _, incumbent = _solved_day()
    run = Lexicographic(v.model, Limits(time_limit_s=2.0, seed=1, workers=1), 0.0)
    level = lexicographic.Level("served", unserved_weight(v))
    search = lns.Search(v, run, level, incumbent, lns.Roulette(list(KINDS), random.Random(0)))
    ours, now = incumbent.objective_value, time.perf_counter()
    search.turn = now, ours + 1  # CP-SAT's solve is one weight unit behind our steps' plan
    assert not search.stalled()  # but it found that plan just now
    search.turn = now - LNS_STALL_S, ours + 1
    assert search.stalled()
    search.see(ours, [])  # it has caught up
    assert not search.stalled()
    search.turn = now - LNS_STALL_S, ours
    assert not search.stalled()  # long without a better plan, but ours is no better


def test_cpsats_solve_ends_when_our_steps_hand_over() -> None:
    scenario = generate(GenerateOptions(patients=120, households=0, seed=1, hard=True))
    v = build_model(scenario)
    require_mandatory(v)
    v.model.minimize(unserved_weight(v))
    run = Lexicographic(v.model, Limits(time_limit_s=30.0, seed=1, workers=2), 0.0)
    level = lexicographic.Level("served", unserved_weight(v))
    status, first = run.solve_once(level, 2.0)
    assert status == cp_model.FEASIBLE
    search = lns.Search(v, run, level, first, lns.Roulette(list(KINDS), random.Random(0)))
    threading.Timer(1.0, search.handover.set).start()
    began = time.perf_counter()
    assert search.cpsat(None, 30.0)  # LNS alone proves nothing: only the handover ends it
    assert time.perf_counter() - began < 5.0
