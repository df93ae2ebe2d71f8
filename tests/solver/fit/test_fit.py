"""`fit_walk_in` on tiny days: each rule biting and not, with exact options.

Every fit goes through `helpers.fit`, which adds the first options to the published plan
and runs the independent checker on the result.
"""

from __future__ import annotations

from typing import Any

from planner.model import TrainingSession, Unserved
from tests.solver.fit.helpers import fit, reason, times, walk_in
from tests.solver.schedule.helpers import expert, hours, patient, rooms, service, stop
from tests.support.plans import at, booked, plan_of

EMPTY = plan_of()


def day(**changes: Any) -> dict[str, Any]:
    """The tiny stop with nobody booked yet, unless `patients` says otherwise."""
    return stop(**{"patients": [], **changes})


def test_earliest_grid_starts_after_arrival() -> None:
    result = fit(day(), EMPTY, walk_in(["consult"], start="09:05"))
    assert times(result, "consult") == ["09:10 c1 hem-1", "09:20 c1 hem-1", "09:30 c1 hem-1"]


def test_published_appointments_stay_and_the_walk_in_goes_after_them() -> None:
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"))
    data = day(patients=[patient("p1", ["consult"])])
    result = fit(data, plan, walk_in(["consult"]), per_need=2)
    assert times(result, "consult") == ["09:30 c1 hem-1", "09:40 c1 hem-1"]


def test_a_free_expert_in_a_full_room_waits_and_a_parallel_room_takes_them() -> None:
    experts = [expert("hem-1", ["hematology"]), expert("hem-2", ["hematology"])]
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"))
    single = day(experts=experts, patients=[patient("p1", ["consult"])])
    assert times(fit(single, plan, walk_in(["consult"]), 1), "consult") == ["09:30 c1 hem-1"]
    double = {**single, "venues": rooms({"id": "c1", "kind": "consult", "parallel": 2})}
    assert times(fit(double, plan, walk_in(["consult"]), 1), "consult") == ["09:00 c1 hem-2"]


def test_leaving_cuts_the_options_and_the_reason_names_the_room() -> None:
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"))
    data = day(patients=[patient("p1", ["consult"])])
    assert times(fit(data, plan, walk_in(["consult"], end="10:00")), "consult") == [
        "09:30 c1 hem-1"
    ]
    result = fit(data, plan, walk_in(["consult"], end="09:50"))
    assert times(result, "consult") == []
    assert reason(result, "consult") == "no consult room is open and free (09:00–09:50)"


def test_after_order_books_the_first_service_first_whatever_the_listed_order() -> None:
    data = day(
        venues=rooms({"id": "c1", "kind": "consult"}, {"id": "lab", "kind": "sampling"}),
        experts=[expert("hem-1", ["hematology"]), expert("gen-1", ["genetics"])],
        services=[service("consult", ["hematology"]),
                  service("test", ["genetics"], 10, "sampling", after=["consult"])],
    )  # fmt: skip
    result = fit(data, EMPTY, walk_in(["test", "consult"]), per_need=2)
    assert [n.service for n in result.needs] == ["consult", "test"]
    assert times(result, "consult") == ["09:00 c1 hem-1", "09:10 c1 hem-1"]
    assert times(result, "test") == ["09:30 lab gen-1", "09:40 lab gen-1"]
    alone = fit(data, EMPTY, walk_in(["test"]), per_need=1)
    assert times(alone, "test") == ["09:00 lab gen-1"]


def test_the_patient_is_in_one_place_at_a_time() -> None:
    data = day(
        venues=rooms({"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"}),
        experts=[expert("hem-1", ["hematology"]), expert("gen-1", ["genetics"])],
        services=[service("consult", ["hematology"]), service("advice", ["genetics"])],
    )
    result = fit(data, EMPTY, walk_in(["consult", "advice"]), per_need=1)
    assert times(result, "consult") == ["09:00 c1 hem-1"]
    assert times(result, "advice") == ["09:30 c1 gen-1"]


def test_expert_hours_and_skills() -> None:
    experts = [expert("gen-1", ["genetics"]), expert("hem-1", ["hematology"], start="10:00")]
    result = fit(day(experts=experts), EMPTY, walk_in(["consult"]), per_need=1)
    assert times(result, "consult") == ["10:00 c1 hem-1"]
    late = fit(day(experts=experts), EMPTY, walk_in(["consult"], end="10:20"))
    assert reason(late, "consult") == (
        "no hematology expert is free when a consult room is free (09:00–10:20)"
    )


def test_a_published_lunch_break_stays_where_it_is() -> None:
    plan = plan_of(breaks={"hem-1": [("11:30", "12:00")]})
    data = day(experts=[expert("hem-1", ["hematology"],
                               lunch={"window": {"start": "11:30", "end": "13:00"},
                                      "duration_min": 30})])  # fmt: skip
    plan = plan.model_copy(
        update={"appointments": [booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30")]}
    )
    data["patients"] = [patient("p1", ["consult"])]
    result = fit(data, plan, walk_in(["consult"], start="11:10", end="13:00"))
    assert times(result, "consult") == ["12:00 c1 hem-1", "12:10 c1 hem-1", "12:20 c1 hem-1"]
    assert all(o.lunch == () for n in result.needs for o in n.options)


def test_an_expert_who_starts_working_still_gets_lunch() -> None:
    lunch = {"window": {"start": "11:30", "end": "12:30"}, "duration_min": 30}
    data = day(experts=[expert("hem-1", ["hematology"], lunch=lunch)])
    result = fit(data, EMPTY, walk_in(["consult"], start="11:30", end="12:30"))
    assert times(result, "consult") == ["11:30 c1 hem-1", "12:00 c1 hem-1"]
    first, second = result.needs[0].options
    assert [(e, b.start, b.end) for e, b in first.lunch] == [("hem-1", at("12:00"), at("12:30"))]
    assert [(e, b.start, b.end) for e, b in second.lunch] == [("hem-1", at("11:30"), at("12:00"))]
    tight = {"window": {"start": "11:30", "end": "12:00"}, "duration_min": 30}
    data = day(experts=[expert("hem-1", ["hematology"], lunch=tight)])
    result = fit(data, EMPTY, walk_in(["consult"], start="11:20", end="12:40"), per_need=1)
    assert times(result, "consult") == ["12:00 c1 hem-1"]


def test_the_daily_patient_limit_holds() -> None:
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"))
    limited = day(experts=[expert("hem-1", ["hematology"], max_patients_per_day=1)],
                  patients=[patient("p1", ["consult"])])  # fmt: skip
    result = fit(limited, plan, walk_in(["consult"]))
    assert reason(result, "consult") == (
        "no hematology expert is free when a consult room is free (09:00–12:00)"
    )
    limited["experts"][0]["max_patients_per_day"] = 2
    assert times(fit(limited, plan, walk_in(["consult"]), 1), "consult") == ["09:30 c1 hem-1"]


def test_venue_hours_and_closed_rooms() -> None:
    data = day(venues=rooms({"id": "c1", "kind": "consult"}, open_from="10:00"))
    assert times(fit(data, EMPTY, walk_in(["consult"]), 1), "consult") == ["10:00 c1 hem-1"]
    closed = {"id": "c1", "kind": "consult", "closed": hours("09:00", "10:30")}
    data = day(
        venues=rooms(closed, {"id": "c2", "kind": "consult", "closed": hours("09:00", "09:20")})
    )
    assert times(fit(data, EMPTY, walk_in(["consult"]), 2), "consult") == [
        "09:20 c2 hem-1",
        "09:30 c2 hem-1",
    ]


def test_a_course_holds_its_hall_and_its_lecturers() -> None:
    data = day(
        venues=rooms({"id": "hall", "kind": "consult", "seats": 50}),
        trainings=[{"id": "course", "title": "Course", "date": "2025-07-05",
                    "window": {"start": "09:00", "end": "10:00"}, "duration_min": 60,
                    "lecturers": ["hematology"], "expected": 40, "room_kind": "consult"}],
    )  # fmt: skip
    session = TrainingSession(training="course", lecturers=["hem-1"], venue="hosp",
                              room="hall", start=at("09:00"), end=at("10:00"))  # fmt: skip
    plan = plan_of(trainings=[session])
    assert times(fit(data, plan, walk_in(["consult"]), 1), "consult") == ["10:00 hall hem-1"]


def test_a_family_block_grows_at_either_end_in_its_own_room() -> None:
    data = day(
        venues=rooms({"id": "lab1", "kind": "sampling"}, {"id": "lab2", "kind": "sampling"}),
        experts=[expert("gen-1", ["genetics"]), expert("gen-2", ["genetics"])],
        services=[service("hla", ["genetics"], 10, "sampling", family_block=True)],
        patients=[patient("p1", ["hla"], family="f1"), patient("p2", ["hla"], family="f1")],
    )
    plan = plan_of(booked("p1", "hla", ["gen-1"], "lab2", "09:00", "09:10"),
                   booked("p2", "hla", ["gen-1"], "lab2", "09:10", "09:20"))  # fmt: skip
    parent = walk_in(["hla"], start="08:00", family="f1", relation="parent")
    assert times(fit(data, plan, parent), "hla") == ["08:50 lab2 gen-1", "09:20 lab2 gen-1"]
    late = walk_in(["hla"], start="09:30", family="f1", relation="parent")
    result = fit(data, plan, late)
    assert reason(result, "hla") == (
        "the hla must be right before or after the family's hla (09:00–09:20), "
        "and neither time is free"
    )
    stranger = walk_in(["hla"], start="08:00")
    assert times(fit(data, plan, stranger, 1), "hla") == ["08:00 lab1 gen-1"]


def test_a_sibling_joins_the_run_and_a_parent_does_not_have_to() -> None:
    data = day(
        venues=rooms({"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"}),
        experts=[expert("hem-1", ["hematology"]), expert("hem-2", ["hematology"])],
        patients=[patient("p1", ["consult"], family="f1")],
    )
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"))
    sibling = walk_in(["consult"], start="08:00", family="f1", relation="sibling")
    assert times(fit(data, plan, sibling), "consult") == ["08:30 c1 hem-1", "09:30 c1 hem-1"]
    parent = walk_in(["consult"], start="08:00", family="f1", relation="parent")
    assert times(fit(data, plan, parent, 1), "consult") == ["08:00 c1 hem-1"]


def test_an_unserved_published_need_stays_unserved() -> None:
    gone = Unserved(patient="p1", service="consult", reason="no time")
    plan = plan_of(unserved=[gone])
    result = fit(day(patients=[patient("p1", ["consult"])]), plan, walk_in(["consult"]), 1)
    assert times(result, "consult") == ["09:00 c1 hem-1"]


def test_a_duration_off_the_grid_is_explained() -> None:
    data = day(services=[service("consult", ["hematology"], minutes=25)])
    result = fit(data, EMPTY, walk_in(["consult"]))
    assert reason(result, "consult") == (
        "consult lasts 25 min, which is not a whole number of 10-minute slots"
    )


def test_nothing_starts_before_the_now_of_a_re_planned_day() -> None:
    data = day(history={"now": "2025-07-05T09:40"})
    result = fit(data, EMPTY, walk_in(["consult"]), per_need=1)
    assert times(result, "consult") == ["09:40 c1 hem-1"]
