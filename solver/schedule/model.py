"""The CP-SAT model of a stop's schedule, in one place: every rule, where it is built,
the plan checker's rule that verifies it, and the tests that show it biting.

Solving (`solve.py`), diagnosis, the re-planner and the benchmarks all start from
`build_model`, which returns the `Variables`: per job its presence, start, experts and
rooms, per course and lunch its `required` literal. A caller may add hints, fixings and
penalty terms to `v.model` before solving, and pass its own objective levels to
`solve.solve_model`.

A rule is built in one of four places, each an ordered registry:
- `instance.GROUPING_RULES`: how needs become jobs (a family block is one job);
- `instance.DOMAIN_RULES`: which start slots a job has at all (a job with none is
  unserved before the search, with that rule's reason);
- `variables.lunch_window`, `variables.course_window`: the domains of the mandatory parts;
- `rules.HARD_RULES`: the `add_*` constraints between variables.

`RULES` maps each of them to the `check_*` rule of `planner/check` that verifies it in a
plan and to the tests in `tests/solver/schedule/test_rules.py` (and `test_solve.py`) that
show it biting; `tests/solver/schedule/test_model.py` keeps the table complete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.model import Scenario
from solver.schedule import instance as ins
from solver.schedule import rules
from solver.schedule import variables as var
from solver.schedule.instance import build_instance
from solver.schedule.variables import Variables, create_variables


@dataclass(frozen=True)
class Rule:
    """One hard rule: the function that builds it, its checker rules, its tests."""

    built_by: Callable[..., object]
    checks: tuple[str, ...]
    tests: tuple[str, ...]


RULES: list[Rule] = [
    Rule(ins.family_block, ("check_family_block",),
         ("test_family_block_runs_back_to_back_in_one_room",
          "test_family_block_bites_and_can_be_switched_off")),
    Rule(ins.sibling_runs, ("check_siblings_back_to_back",), ("test_siblings_back_to_back",)),
    Rule(ins.came, ("check_no_shows",), ("test_an_absent_patient_is_not_booked",)),
    Rule(ins.on_the_slot_grid, ("check_slot_grid", "check_service_duration"),
         ("test_durations_must_fit_the_slot_grid",)),
    Rule(ins.within_stays, ("check_patient_presence",),
         ("test_patients_are_seen_within_their_stay_one_thing_at_a_time",)),
    Rule(ins.in_open_rooms, ("check_room_hours", "check_service_room", "check_room_closed"),
         ("test_venue_opening_hours", "test_a_service_needs_a_room_of_its_kind",
          "test_a_closed_room_is_not_used_while_closed")),
    Rule(ins.experts_on_duty, ("check_expert_availability",),
         ("test_experts_work_only_within_their_hours",)),
    Rule(ins.distinct_experts, ("check_service_experts",),
         ("test_a_service_needs_one_expert_per_skill_together",)),
    Rule(var.lunch_window, ("check_expert_lunch",),
         ("test_lunch_break_is_kept_within_its_window", "test_an_expert_override_of_lunch_wins")),
    Rule(var.course_window, ("check_training_time",), ("test_a_course_keeps_its_window",)),
    Rule(rules.add_service_staffing, ("check_service_experts",),
         ("test_a_service_needs_one_expert_per_skill_together",)),
    Rule(rules.add_room_choice, ("check_service_room",),
         ("test_a_service_needs_a_room_of_its_kind",)),
    Rule(rules.add_expert_hours, ("check_expert_availability",),
         ("test_experts_work_only_within_their_hours",
          "test_course_lecturers_are_out_of_the_clinic")),
    Rule(rules.add_room_hours, ("check_room_hours", "check_room_closed"),
         ("test_venue_opening_hours", "test_rooms_closed_at_different_times_are_told_apart")),
    Rule(rules.add_expert_no_overlap, ("check_expert_overlap", "check_expert_lunch"),
         ("test_an_expert_sees_one_patient_at_a_time",
          "test_course_lecturers_are_out_of_the_clinic")),
    Rule(rules.add_room_capacity, ("check_room_capacity",), ("test_room_parallel_capacity",)),
    Rule(rules.add_patient_no_overlap, ("check_patient_overlap",),
         ("test_patients_are_seen_within_their_stay_one_thing_at_a_time",)),
    Rule(rules.add_after_order, ("check_after_order",), ("test_after_order",)),
    Rule(rules.add_siblings_back_to_back, ("check_siblings_back_to_back",),
         ("test_siblings_back_to_back",
          "test_siblings_run_in_any_order_and_one_who_cannot_fit_is_left_out_alone")),
    Rule(rules.add_expert_max_patients, ("check_expert_max_patients",),
         ("test_daily_patient_limit",)),
    Rule(rules.add_expert_buffers, ("check_expert_buffers",),
         ("test_buffers_keep_free_minutes_in_every_hour",
          "test_without_buffers_the_model_is_unchanged")),
    Rule(rules.add_training_staffing,
         ("check_training_once", "check_training_lecturers", "check_training_room"),
         ("test_course_lecturers_are_out_of_the_clinic",
          "test_course_hall_must_seat_the_expected_attendance")),
    # Redundant: it forbids nothing the rules above allow, so no checker rule matches it.
    Rule(rules.add_skill_capacity, (),
         ("test_a_small_generated_stop_is_proven_optimal_on_the_primary",)),
    Rule(rules.add_relaxation_bound, (),
         ("test_the_relaxation_bounds_the_proven_optimum_of_a_small_stop",
          "test_the_relaxation_bound_cuts_no_checked_plan_of_a_tiny_day")),
]  # fmt: skip
"""Every hard rule of the schedule, in the order it is built."""


def build_model(
    scenario: Scenario, before_rules: Callable[[Variables], None] | None = None
) -> Variables:
    """The model with every hard rule; the mandatory parts are not yet forced on.

    Diagnosis leaves them as assumptions; `require_mandatory` forces them on to plan.
    `before_rules` may add fixed busy intervals (a re-planned day's history) that the
    rules must see.
    """
    model = cp_model.CpModel()
    variables = create_variables(model, build_instance(scenario))
    if before_rules is not None:
        before_rules(variables)
    for rule in rules.HARD_RULES:
        rule(variables)
    return variables


def required_literals(v: Variables) -> list[cp_model.IntVar]:
    """The literals of the mandatory parts: every course and every lunch."""
    return [tv.required for tv in v.trainings] + [lunch.required for lunch in v.lunches]


def require_mandatory(v: Variables) -> None:
    """Force every course and every lunch into the plan."""
    for literal in required_literals(v):
        v.model.add(literal == 1)
