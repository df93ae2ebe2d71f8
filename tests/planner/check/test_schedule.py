"""Each schedule rule, shown holding on a valid plan and catching a mutated one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from planner.check import SCHEDULE_RULES, Violation, check_plan
from planner.model import Break, Buffers, Plan, Room, Scenario, Unserved

TZ = dt.timezone(dt.timedelta(hours=8))
Mutation = Callable[[Scenario, Plan], None]


def at(clock: str, day: int = 5) -> dt.datetime:
    """An aware moment of the clinic day (or of day `day` of July 2025)."""
    hour, minute = map(int, clock.split(":"))
    return dt.datetime(2025, 7, day, hour, minute, tzinfo=TZ)


def move(plan: Plan, index: int, start: str, end: str) -> None:
    """Move appointment `index` of the plan to start-end."""
    plan.appointments[index].start, plan.appointments[index].end = at(start), at(end)


def messages(scenario: Scenario, plan: Plan) -> list[str]:
    """What the checker says, one line per violation."""
    return [str(v) for v in check_plan(scenario, plan)]


def test_the_valid_plan_keeps_every_rule(scenario: Scenario, plan: Plan) -> None:
    assert check_plan(scenario, plan) == []


def test_a_violation_reads_rule_then_message() -> None:
    violation = Violation("expert-overlap", "hem-1 is in p03/mdt (09:00-09:30)")
    assert str(violation) == "expert-overlap: hem-1 is in p03/mdt (09:00-09:30)"


def test_the_registry_is_one_ordered_list_of_named_rules() -> None:
    assert [rule.__name__ for rule in SCHEDULE_RULES][:4] == [
        "check_unknown_ids",
        "check_nothing_lost",
        "check_only_requested",
        "check_unserved_reasons",
    ]
    assert len(SCHEDULE_RULES) == len(set(SCHEDULE_RULES)) == 27


def _unknown_expert(s: Scenario, p: Plan) -> None:
    p.appointments[5].experts = ["hem-9"]


def _need_dropped(s: Scenario, p: Plan) -> None:
    p.unserved = []


def _need_twice(s: Scenario, p: Plan) -> None:
    p.unserved.append(Unserved(patient="p01", service="mdt", reason="also waiting"))


def _not_requested(s: Scenario, p: Plan) -> None:
    p.unserved.append(Unserved(patient="p03", service="hla", reason="no sampler"))


def _blank_reason(s: Scenario, p: Plan) -> None:
    p.unserved[0].reason = "  "


def _expert_without_skill(s: Scenario, p: Plan) -> None:
    p.appointments[6].experts = ["gen-1"]


def _expert_twice(s: Scenario, p: Plan) -> None:
    p.appointments[0].experts = ["hem-1", "hem-1"]


def _one_expert_short(s: Scenario, p: Plan) -> None:
    p.appointments[0].experts = ["hem-1"]


def _wrong_room_kind(s: Scenario, p: Plan) -> None:
    p.appointments[5].room = "lab"


def _too_long(s: Scenario, p: Plan) -> None:
    move(p, 6, "10:20", "10:50")


def _off_grid(s: Scenario, p: Plan) -> None:
    move(p, 1, "09:35", "09:45")


def _outside_hours(s: Scenario, p: Plan) -> None:
    s.experts[1].available[0].start = dt.time(10, 0)


def _double_booked(s: Scenario, p: Plan) -> None:
    move(p, 4, "09:00", "09:20")
    p.appointments[4].experts, p.appointments[4].room = ["hem-1"], "c2"


def _no_lunch(s: Scenario, p: Plan) -> None:
    del p.breaks["gen-1"]


def _short_lunch(s: Scenario, p: Plan) -> None:
    p.breaks["hem-2"] = [Break(start=at("12:00"), end=at("12:20"))]


def _lunch_over_work(s: Scenario, p: Plan) -> None:
    p.breaks["gen-1"].append(Break(start=at("09:30"), end=at("09:40")))


def _too_many_patients(s: Scenario, p: Plan) -> None:
    p.appointments[5].experts = ["hem-2"]


def _room_overfull(s: Scenario, p: Plan) -> None:
    move(p, 5, "09:30", "09:50")
    move(p, 6, "09:50", "10:10")
    p.appointments[5].room = "c1"


def _venue_opens_late(s: Scenario, p: Plan) -> None:
    s.venues[0].open[0].start = dt.time(8, 30)


def _patient_leaves_early(s: Scenario, p: Plan) -> None:
    s.patients[3].leaves = dt.datetime(2025, 7, 5, 10, 30)


def _patient_double_booked(s: Scenario, p: Plan) -> None:
    move(p, 4, "10:00", "10:20")


def _test_before_consultation(s: Scenario, p: Plan) -> None:
    s.patients[0].arrives = dt.datetime(2025, 7, 5, 8, 0)
    move(p, 1, "08:30", "08:40")


def _block_with_gap(s: Scenario, p: Plan) -> None:
    move(p, 3, "10:20", "10:30")


def _block_in_two_rooms(s: Scenario, p: Plan) -> None:
    s.venues[0].rooms.append(Room(id="lab2", kind="sampling"))
    p.appointments[3].room = "lab2"


def _siblings_apart(s: Scenario, p: Plan) -> None:
    move(p, 6, "10:30", "10:50")


def _no_course(s: Scenario, p: Plan) -> None:
    p.trainings = []


def _lecturer_without_skill(s: Scenario, p: Plan) -> None:
    p.trainings[0].lecturers = ["hem-2"]


def _course_outside_window(s: Scenario, p: Plan) -> None:
    s.trainings[0].window.start = dt.time(8, 30)


def _course_too_short(s: Scenario, p: Plan) -> None:
    p.trainings[0].end = at("08:50")


def _course_in_consult_room(s: Scenario, p: Plan) -> None:
    p.trainings[0].room = "c1"


def _hall_too_small(s: Scenario, p: Plan) -> None:
    s.trainings[0].expected = 60


def _no_free_minutes(s: Scenario, p: Plan) -> None:
    # hem-2 has p01/mdt 09:00-09:30 and p02/consult 09:30-09:50: 50 min in one hour
    s.buffers = Buffers(free_min_per_hour=5, experts={"hem-2": 15})


def _clinic_in_the_hall(s: Scenario, p: Plan) -> None:
    s.venues[0].rooms[0].kind = s.trainings[0].room_kind = "consult"
    s.rules.siblings_back_to_back = False
    s.patients[2].arrives = dt.datetime(2025, 7, 5, 8, 0)
    s.experts[1].max_patients_per_day = None
    move(p, 5, "08:40", "09:00")
    p.appointments[5].experts, p.appointments[5].room = ["hem-2"], "hall"


CAUGHT: list[tuple[Mutation, list[str]]] = [
    (_unknown_expert, ["unknown-id: appointment p03/consult names unknown expert 'hem-9'"]),
    (_need_dropped, ["nothing-lost: p05/consult is neither in appointments nor in unserved"]),
    (_need_twice, ["nothing-lost: p01/mdt appears 2 times (1 in appointments, 1 in unserved)"]),
    (_not_requested, ["not-requested: unserved p03/hla: p03 did not ask for hla"]),
    (_blank_reason, ["unserved-reason: unserved p05/consult gives no reason"]),
    (_expert_without_skill, [
        "service-experts: p04/consult has experts gen-1, who cannot cover hematology one each"]),
    (_expert_twice, ["service-experts: p01/mdt lists hem-1 more than once"]),
    (_one_expert_short, [
        "service-experts: p01/mdt has experts hem-1 for the skills hematology, transplant"]),
    (_wrong_room_kind, [
        "service-room: p03/consult is in room lab (sampling), not a consult room"]),
    (_too_long, [
        "service-duration: p04/consult lasts 30 min (10:20-10:50); consult takes 20 min"]),
    (_off_grid, [
        "slot-grid: p01/genetic-test ends at 09:45:00, off the 10-minute grid",
        "slot-grid: p01/genetic-test starts at 09:35:00, off the 10-minute grid"]),
    (_outside_hours, [
        "expert-availability: hem-2 is booked for p01/mdt on 2025-07-05 (09:00-09:30), "
        "outside their hours (10:00-17:00)",
        "expert-availability: hem-2 is booked for p02/consult on 2025-07-05 (09:30-09:50), "
        "outside their hours (10:00-17:00)"]),
    (_double_booked, [
        "expert-overlap: hem-1 is in p02/consult (09:00-09:20) and p01/mdt (09:00-09:30)"]),
    (_no_lunch, [
        "expert-lunch: gen-1 has no lunch break of 30 min within 12:00-13:30 on 2025-07-05"]),
    (_short_lunch, [
        "expert-lunch: hem-2 has no lunch break of 30 min within 12:00-13:30 on 2025-07-05"]),
    (_lunch_over_work, [
        "expert-lunch: gen-1's lunch break (09:30-09:40) overlaps p01/genetic-test (09:30-09:40)"]),
    (_too_many_patients, [
        "expert-max-patients: hem-2 sees 3 patients on 2025-07-05, more than 2"]),
    (_no_free_minutes, [
        "expert-buffers: hem-2 has 50 min of appointments on 2025-07-05 09:00-10:00, more "
        "than 45 (15 free min per hour)"]),
    (_room_overfull, [
        "room-capacity: room c1 holds 2 appointments at 09:30 (p02/consult, p03/consult), "
        "room for 1"]),
    (_venue_opens_late, [
        "room-hours: training course (2025-07-05 08:00-09:00) is outside the opening hours "
        "of hosp (08:30-18:00)"]),
    (_patient_leaves_early, [
        "patient-presence: p04/consult (2025-07-05 10:20-10:40) is outside p04's stay "
        "(2025-07-05 09:00-10:30)"]),
    (_patient_double_booked, [
        "patient-overlap: p02 is in p02/consult (10:00-10:20) and p02/hla (10:10-10:20)"]),
    (_test_before_consultation, [
        "after-order: p01/genetic-test starts 08:30, before p01/mdt ends 09:30"]),
    (_block_with_gap, [
        "family-block: family f01's hla appointments are not back to back: "
        "p01 10:00-10:10 then p02 10:20-10:30"]),
    (_block_in_two_rooms, [
        "family-block: family f01's hla appointments are in rooms hosp/lab, hosp/lab2"]),
    (_siblings_apart, [
        "siblings-back-to-back: siblings of family f02 for consult: "
        "p03 10:00-10:20 then p04 10:30-10:50"]),
    (_no_course, ["training-once: training course is not planned"]),
    (_lecturer_without_skill, [
        "training-lecturers: training course has experts hem-2, who cannot cover transplant "
        "one each"]),
    (_course_outside_window, [
        "training-time: training course runs 2025-07-05 08:00-09:00, outside its window "
        "2025-07-05 08:30-10:00"]),
    (_course_too_short, ["training-time: training course lasts 50 min, not 60"]),
    (_course_in_consult_room, [
        "training-room: training course expects 40 in room c1 with no stated seats",
        "training-room: training course is in room c1 (consult), not a lecture room"]),
    (_hall_too_small, ["training-room: training course expects 60 in room hall with 50 seats"]),
    (_clinic_in_the_hall, [
        "training-room: p03/consult is in room hall (08:40-09:00) during training course "
        "(08:00-09:00)"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "expected"), CAUGHT, ids=[m.__name__.strip("_") for m, _ in CAUGHT]
)
def test_each_rule_catches_its_mutation(
    scenario: Scenario, plan: Plan, mutate: Mutation, expected: list[str]
) -> None:
    mutate(scenario, plan)
    assert messages(scenario, plan) == expected


def test_family_rules_can_be_switched_off(scenario: Scenario, plan: Plan) -> None:
    _block_with_gap(scenario, plan)
    _siblings_apart(scenario, plan)
    assert [v.rule for v in check_plan(scenario, plan)] == [
        "family-block",
        "siblings-back-to-back",
    ]
    scenario.rules.family_block = scenario.rules.siblings_back_to_back = False
    assert check_plan(scenario, plan) == []


def test_precedence_does_not_apply_when_the_first_service_is_unserved(
    scenario: Scenario, plan: Plan
) -> None:
    _test_before_consultation(scenario, plan)
    del plan.appointments[0]
    plan.unserved.append(Unserved(patient="p01", service="mdt", reason="no transplant doctor"))
    assert messages(scenario, plan) == []


def test_times_in_another_offset_are_read_in_local_time(scenario: Scenario, plan: Plan) -> None:
    utc = dt.UTC
    for appointment in plan.appointments:
        appointment.start, appointment.end = (
            appointment.start.astimezone(utc),
            appointment.end.astimezone(utc),
        )
    assert check_plan(scenario, plan) == []
    plan.appointments[1].start = dt.datetime(2025, 7, 5, 1, 35, tzinfo=utc)
    assert [v.rule for v in check_plan(scenario, plan)] == ["service-duration", "slot-grid"]
