"""The first-come-first-served baseline on tiny clinics, with exact bookings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.fcfs import fcfs_plan
from planner.check import check_plan
from planner.model import Plan, Scenario, in_after_order

DAY = "2025-07-05"


def _clinic(patients: list[dict[str, Any]], **extra: Any) -> Scenario:
    """Two consult rooms, a lab, two haematologists (one also transplant), one geneticist."""
    expert = {"hospital": "H", "available": [{"date": DAY, "start": "08:00", "end": "12:00"}]}
    data: dict[str, Any] = {
        "name": "tiny clinic",
        "venues": [{"id": "hosp", "name": "Hospital", "location": {"lat": 27.0, "lon": 103.0},
                    "open": [{"date": DAY, "start": "08:00", "end": "12:00"}],
                    "rooms": [{"id": "hall", "kind": "lecture", "seats": 30},
                              {"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"},
                              {"id": "lab", "kind": "sampling"}]}],
        "experts": [{"id": "hem-1", "name": "A", "skills": ["hematology"], **expert},
                    {"id": "hem-2", "name": "B", "skills": ["hematology", "transplant"], **expert},
                    {"id": "gen-1", "name": "C", "skills": ["genetics"], **expert}],
        "services": [
            {"id": "consult", "name": "Consult", "duration_min": 20, "needs": ["hematology"],
             "room_kind": "consult"},
            {"id": "gene", "name": "Gene test", "duration_min": 10, "needs": ["genetics"],
             "room_kind": "sampling", "after": ["mdt"]},
            {"id": "mdt", "name": "MDT", "duration_min": 30,
             "needs": ["hematology", "transplant"], "room_kind": "consult"},
            {"id": "hla", "name": "HLA", "duration_min": 10, "needs": ["genetics"],
             "room_kind": "sampling", "family_block": True}],
        "patients": [{"family": p["id"], "leaves": f"{DAY}T12:00", **p} for p in patients],
        **extra,
    }  # fmt: skip
    return Scenario.model_validate(data)


def _patient(pid: str, arrives: str, needs: list[str], **extra: Any) -> dict[str, Any]:
    return {"id": pid, "arrives": f"{DAY}T{arrives}", "needs": needs, **extra}


def _bookings(plan: Plan) -> list[tuple[str, str, list[str], str, str, str]]:
    return [
        (a.patient, a.service, a.experts, a.room, f"{a.start:%H:%M}", f"{a.end:%H:%M}")
        for a in plan.appointments
    ]


def test_patients_are_booked_in_order_of_arrival_with_free_experts_and_rooms() -> None:
    scenario = _clinic([
        _patient("p1", "09:00", ["consult"]),
        _patient("p2", "08:30", ["mdt"]),
        _patient("p3", "08:30", ["consult"]),
        _patient("p4", "08:30", ["consult"], leaves=f"{DAY}T08:50"),
    ])  # fmt: skip
    plan = fcfs_plan(scenario)
    assert _bookings(plan) == [
        ("p2", "mdt", ["hem-1", "hem-2"], "c1", "08:30", "09:00"),
        ("p3", "consult", ["hem-1"], "c1", "09:00", "09:20"),
        ("p1", "consult", ["hem-2"], "c2", "09:00", "09:20"),
    ]
    assert [(u.patient, u.service, u.reason) for u in plan.unserved] == [
        ("p4", "consult", "no time found with the experts, a consult room and the patient all "
         "free before 08:50 (first come, first served)"),
    ]  # fmt: skip
    assert check_plan(scenario, plan) == []


def test_a_test_waits_for_the_consultation_it_follows() -> None:
    assert [s.id for s in in_after_order(_clinic([]).services)] == [
        "consult", "mdt", "gene", "hla"
    ]  # fmt: skip
    plan = fcfs_plan(_clinic([_patient("p1", "08:00", ["gene", "mdt"])]))
    assert _bookings(plan) == [
        ("p1", "mdt", ["hem-1", "hem-2"], "c1", "08:00", "08:30"),
        ("p1", "gene", ["gen-1"], "lab", "08:30", "08:40"),
    ]


def test_the_course_comes_first_and_takes_its_lecturer() -> None:
    course = {"id": "course", "title": "Course", "date": DAY, "duration_min": 60,
              "window": {"start": "08:00", "end": "10:00"}, "lecturers": ["transplant"],
              "expected": 25}  # fmt: skip
    scenario = _clinic([_patient("p1", "08:00", ["mdt"])], trainings=[course])
    plan = fcfs_plan(scenario)
    assert [(t.lecturers, t.room, f"{t.start:%H:%M}") for t in plan.trainings] == [
        (["hem-2"], "hall", "08:00")
    ]
    assert _bookings(plan) == [("p1", "mdt", ["hem-1", "hem-2"], "c1", "09:00", "09:30")]


def test_lunch_stays_free_and_is_written_as_a_break() -> None:
    lunch = {"lunch": {"window": {"start": "08:30", "end": "09:30"}, "duration_min": 30}}
    patients = [_patient(f"p{i}", "08:30", ["gene"]) for i in (1, 2, 3, 4)]
    plan = fcfs_plan(_clinic(patients, defaults=lunch))
    assert [b[4] for b in _bookings(plan)] == ["08:30", "08:40", "08:50", "09:30"]
    assert [(f"{b.start:%H:%M}", f"{b.end:%H:%M}") for b in plan.breaks["gen-1"]] == [
        ("09:00", "09:30")
    ]


def test_daily_patient_limit_moves_patients_to_the_next_expert() -> None:
    scenario = _clinic([_patient("p1", "08:00", ["consult"]), _patient("p2", "08:20", ["consult"])])
    scenario.experts[0].max_patients_per_day = 1
    assert [b[2] for b in _bookings(fcfs_plan(scenario))] == [["hem-1"], ["hem-2"]]


def test_a_family_block_is_one_back_to_back_run_in_one_room() -> None:
    family = [_patient(f"p{i}", "08:00", ["hla"], family="f1") for i in (1, 2, 3, 4)]
    busy = _patient("p0", "08:00", ["gene", "mdt"])  # the lab is taken 08:30-08:40
    plan = fcfs_plan(_clinic([busy, *family]))
    hla = [(b[0], b[3], b[4]) for b in _bookings(plan) if b[1] == "hla"]
    assert hla == [
        ("p1", "lab", "08:40"), ("p2", "lab", "08:50"),
        ("p3", "lab", "09:00"), ("p4", "lab", "09:10"),
    ]  # fmt: skip


def test_siblings_are_seen_one_after_the_other() -> None:
    siblings = [_patient("s1", "08:00", ["mdt"], family="f1"),
                _patient("s2", "08:00", ["mdt"], family="f1", relation="sibling")]  # fmt: skip
    plan = fcfs_plan(_clinic([_patient("p0", "08:00", ["consult"]), *siblings]))
    assert _bookings(plan) == [
        ("p0", "consult", ["hem-1"], "c1", "08:00", "08:20"),
        ("s1", "mdt", ["hem-1", "hem-2"], "c1", "08:20", "08:50"),
        ("s2", "mdt", ["hem-1", "hem-2"], "c1", "08:50", "09:20"),
    ]
    assert dt.timedelta(0) == plan.appointments[2].start - plan.appointments[1].end


def test_a_sibling_who_cannot_follow_is_left_out_alone() -> None:
    siblings = [_patient("s1", "08:00", ["mdt"], family="f1"),
                _patient("s2", "08:00", ["mdt"], family="f1", relation="sibling"),
                _patient("s3", "08:00", ["mdt"], family="f1", relation="sibling",
                         leaves=f"{DAY}T08:50")]  # fmt: skip
    plan = fcfs_plan(_clinic(siblings))
    assert [(b[0], b[4], b[5]) for b in _bookings(plan)] == [
        ("s1", "08:00", "08:30"), ("s2", "08:30", "09:00"),
    ]  # fmt: skip
    (left,) = plan.unserved
    assert left.patient == "s3" and "right before or after their siblings' mdt" in left.reason
    assert check_plan(_clinic(siblings), plan) == []
