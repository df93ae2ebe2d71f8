"""Each hard rule of the scheduler, biting and not biting, on tiny clinic days.

Every plan made here goes through the independent checker (see `helpers.solve`).
"""

from __future__ import annotations

from tests.solver.schedule.helpers import (
    clock,
    expert,
    hours,
    patient,
    reason,
    rooms,
    served,
    service,
    solve,
    stop,
)


def test_a_lone_need_is_served_at_the_earliest_time() -> None:
    result = solve(stop())
    assert result.status == "optimal"
    (a,) = result.appointments
    assert (a.patient, a.service, a.experts, a.room) == ("p1", "consult", ["hem-1"], "c1")
    assert clock(a.start) == "09:00" and clock(a.end) == "09:30"
    assert result.gap == 0 and result.objective == result.bound == 2


def test_a_service_needs_one_expert_per_skill_together() -> None:
    mdt = service("mdt", ["hematology", "transplant"])
    alone = stop(services=[mdt], experts=[expert("hem-1", ["hematology", "transplant"])],
                 patients=[patient("p1", ["mdt"])])  # fmt: skip
    result = solve(alone)
    assert served(result) == set()
    assert reason(result, "p1", "mdt") == (
        "mdt needs 2 different experts for hematology, transplant, and no such team is on "
        "duty while the patient is here (09:00–12:00)"
    )
    pair = {**alone, "experts": [*alone["experts"], expert("tx-1", ["transplant"])]}
    (a,) = solve(pair).appointments
    assert sorted(a.experts) == ["hem-1", "tx-1"]


def test_a_service_needs_a_room_of_its_kind() -> None:
    draw = service("draw", ["hematology"], minutes=10, room_kind="sampling")
    places = rooms({"id": "c1", "kind": "consult"}, {"id": "lab", "kind": "sampling"})
    (a,) = solve(
        stop(services=[draw], venues=places, patients=[patient("p1", ["draw"])])
    ).appointments
    assert a.room == "lab"
    closed = [*places, {**places[0], "id": "annex", "open": hours("13:00", "18:00"),
                        "rooms": [{"id": "lab2", "kind": "sampling"}]}]  # fmt: skip
    closed[0] = {**places[0], "rooms": [{"id": "c1", "kind": "consult"}]}
    result = solve(stop(services=[draw], venues=closed, patients=[patient("p1", ["draw"])]))
    assert reason(result, "p1", "draw") == (
        "no sampling room is open while the patient is here (09:00–12:00)"
    )


def test_durations_must_fit_the_slot_grid() -> None:
    odd = stop(services=[service("consult", ["hematology"], minutes=15)])
    result = solve(odd)
    assert "not a whole number of 10-minute slots" in reason(result, "p1", "consult")
    (a,) = solve({**odd, "slot_min": 5}).appointments
    assert (a.end - a.start).seconds == 15 * 60


def test_experts_work_only_within_their_hours() -> None:
    late = stop(experts=[expert("hem-1", ["hematology"], start="13:00")])
    result = solve(late)
    assert "no expert with skill 'hematology' is on duty" in reason(result, "p1", "consult")
    staying = {**late, "patients": [patient("p1", ["consult"], end="15:00")]}
    (a,) = solve(staying).appointments
    assert clock(a.start) == "13:00"


def test_an_expert_sees_one_patient_at_a_time() -> None:
    two = [patient("p1", ["consult"], end="09:30"), patient("p2", ["consult"], end="09:30")]
    result = solve(stop(patients=two, venues=rooms({"id": "c1", "kind": "consult", "parallel": 2})))
    assert len(result.appointments) == 1
    assert "no hematology expert free" in result.unserved[0].reason
    longer = [patient("p1", ["consult"], end="10:00"), patient("p2", ["consult"], end="10:00")]
    assert len(solve(stop(patients=longer)).appointments) == 2


def test_lunch_break_is_kept_within_its_window() -> None:
    lunch = {"lunch": {"window": {"start": "12:00", "end": "13:00"}, "duration_min": 60}}
    noon = [patient("p1", ["consult"], start="12:00", end="13:00")]
    result = solve(stop(patients=noon, defaults=lunch))
    assert served(result) == set()
    assert served(solve(stop(patients=noon))) == {("p1", "consult")}
    morning = solve(stop(defaults=lunch))
    (b,) = morning.breaks["hem-1"]
    assert (clock(b.start), clock(b.end)) == ("12:00", "13:00")


def test_an_expert_override_of_lunch_wins() -> None:
    lunch = {"lunch": {"window": {"start": "12:00", "end": "13:00"}, "duration_min": 60}}
    short = {"window": {"start": "12:00", "end": "14:00"}, "duration_min": 30}
    noon = [patient("p1", ["consult"], start="12:00", end="13:00")]
    hem = expert("hem-1", ["hematology"], lunch=short)
    result = solve(stop(patients=noon, defaults=lunch, experts=[hem]))
    assert served(result) == {("p1", "consult")}
    (b,) = result.breaks["hem-1"]
    assert clock(b.start) >= "12:30"


def test_daily_patient_limit() -> None:
    two = [patient("p1", ["consult"]), patient("p2", ["consult"])]
    capped = solve(stop(patients=two, experts=[expert("hem-1", ["hematology"],
                                                       max_patients_per_day=1)]))  # fmt: skip
    assert len(capped.appointments) == 1
    assert "a max of 1 patients a day for Dr hem-1 reached" in capped.unserved[0].reason
    assert len(solve(stop(patients=two)).appointments) == 2


def test_room_parallel_capacity() -> None:
    two = [patient("p1", ["consult"], end="09:30"), patient("p2", ["consult"], end="09:30")]
    staff = [expert("hem-1", ["hematology"]), expert("hem-2", ["hematology"])]
    one_room = solve(stop(patients=two, experts=staff))
    assert len(one_room.appointments) == 1
    assert "all 1 consult rooms full from 09:00 to 09:30" in one_room.unserved[0].reason
    double = rooms({"id": "c1", "kind": "consult", "parallel": 2})
    both = solve(stop(patients=two, experts=staff, venues=double))
    assert {a.room for a in both.appointments} == {"c1"} and len(both.appointments) == 2


def test_identical_rooms_are_assigned_after_the_solve() -> None:
    two = [patient("p1", ["consult"], end="09:30"), patient("p2", ["consult"], end="09:30")]
    staff = [expert("hem-1", ["hematology"]), expert("hem-2", ["hematology"])]
    pair = rooms({"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"})
    result = solve(stop(patients=two, experts=staff, venues=pair))
    assert sorted(a.room for a in result.appointments) == ["c1", "c2"]


def test_venue_opening_hours() -> None:
    early = [patient("p1", ["consult"], start="08:00", end="10:00")]
    late_opening = solve(stop(patients=early, venues=rooms({"id": "c1", "kind": "consult"},
                                                           open_from="09:40")))  # fmt: skip
    assert served(late_opening) == set()
    (a,) = solve(stop(patients=early, venues=rooms({"id": "c1", "kind": "consult"},
                                                   open_from="09:30"))).appointments  # fmt: skip
    assert clock(a.start) == "09:30"


def test_patients_are_seen_within_their_stay_one_thing_at_a_time() -> None:
    services = [service("consult", ["hematology"]), service("gene", ["genetics"], minutes=30)]
    staff = [expert("hem-1", ["hematology"]), expert("gen-1", ["genetics"])]
    two_rooms = rooms({"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"})
    short = stop(services=services, experts=staff, venues=two_rooms,
                 patients=[patient("p1", ["consult", "gene"], end="09:30")])  # fmt: skip
    result = solve(short)
    assert len(result.appointments) == 1
    assert "in other appointments" in result.unserved[0].reason
    longer = {**short, "patients": [patient("p1", ["consult", "gene"], end="10:00")]}
    first, second = solve(longer).appointments
    assert first.end <= second.start


def test_after_order() -> None:
    services = [service("consult", ["hematology"]),
                service("gene", ["genetics"], minutes=10, after=["consult"])]  # fmt: skip
    staff = [expert("hem-1", ["hematology"]), expert("gen-1", ["genetics"], end="09:10")]
    two_rooms = rooms({"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"})
    data = stop(services=services, experts=staff, venues=two_rooms,
                patients=[patient("p1", ["consult", "gene"])])  # fmt: skip
    result = solve(data)
    assert len(result.appointments) == 1  # gene can only be at 09:00, before the consult
    free = {**data, "services": [service("consult", ["hematology"]),
                                 service("gene", ["genetics"], minutes=10)]}  # fmt: skip
    assert len(solve(free).appointments) == 2
    staff_later = [expert("hem-1", ["hematology"]), expert("gen-1", ["genetics"])]
    ordered = solve({**data, "experts": staff_later}).appointments
    consult = next(a for a in ordered if a.service == "consult")
    gene = next(a for a in ordered if a.service == "gene")
    assert consult.end <= gene.start


def _hla_family(genetics_until: str) -> dict:
    members = [patient("p1", ["hla"], family="f1"),
               patient("p2", ["hla"], family="f1", relation="sibling"),
               patient("p3", ["hla"], family="f1", relation="parent")]  # fmt: skip
    return stop(
        services=[service("hla", ["genetics"], minutes=10, room_kind="sampling",
                          family_block=True)],
        experts=[expert("gen-1", ["genetics"], start="09:00", end=genetics_until),
                 expert("gen-2", ["genetics"], start="09:00", end=genetics_until)],
        venues=rooms({"id": "lab", "kind": "sampling", "parallel": 2}),
        patients=members,
    )  # fmt: skip


def test_family_block_runs_back_to_back_in_one_room() -> None:
    result = solve(_hla_family("12:00"))
    blocks = sorted(result.appointments, key=lambda a: a.start)
    assert len(blocks) == 3 and len({a.room for a in blocks}) == 1
    assert blocks[0].end == blocks[1].start and blocks[1].end == blocks[2].start


def test_family_block_bites_and_can_be_switched_off() -> None:
    result = solve(_hla_family("09:20"))
    assert served(result) == set()
    assert "(booked as the family's 3 together)" in result.unserved[0].reason
    loose = {**_hla_family("09:20"), "rules": {"family_block": False}}
    assert len(solve(loose).appointments) == 3  # two experts, two draws at once


def _siblings(rule: bool) -> dict:
    kids = [patient("p1", ["consult"], family="f1"),
            patient("p2", ["consult"], family="f1", relation="sibling")]  # fmt: skip
    split = {"id": "hem-1", "name": "Dr", "hospital": "H", "skills": ["hematology"],
             "available": [*hours("09:00", "09:30"), *hours("09:40", "10:10")]}  # fmt: skip
    return stop(patients=kids, experts=[split], rules={"siblings_back_to_back": rule})


def test_siblings_back_to_back() -> None:
    apart = solve(_siblings(True))
    assert len(served(apart)) == 1  # the doctor's break splits them: one sibling waits alone
    (left,) = apart.unserved
    assert left.reason.startswith(
        "siblings are seen back to back, so it could only go right before or after their "
        "sibling's consult (09:00–09:30), and no consult team is on duty with a room open then"
    )
    assert len(solve(_siblings(False)).appointments) == 2
    roomy = {**_siblings(True), "experts": [expert("hem-1", ["hematology"])]}
    first, second = sorted(solve(roomy).appointments, key=lambda a: a.start)
    assert first.end == second.start


def test_siblings_run_in_any_order_and_one_who_cannot_fit_is_left_out_alone() -> None:
    kids = [patient("p1", ["consult"], start="09:30", family="f1"),
            patient("p2", ["consult"], family="f1", relation="sibling"),
            patient("p3", ["consult"], family="f1", relation="sibling")]  # fmt: skip
    result = solve(stop(patients=kids, experts=[expert("hem-1", ["hematology"], "09:00", "10:00")]))
    run = sorted(result.appointments, key=lambda a: a.start)
    assert [(a.patient, clock(a.start)) for a in run] in (
        [("p2", "09:00"), ("p1", "09:30")],
        [("p3", "09:00"), ("p1", "09:30")],
    )
    (left,) = result.unserved
    assert left.reason.endswith("and no consult team is on duty with a room open then")


def test_a_sibling_left_out_is_told_what_was_busy_next_to_the_others() -> None:
    kids = [patient("p1", ["consult"], "09:00", "09:30", family="f1", severity="severe"),
            patient("p2", ["consult"], "09:00", "10:00", family="f1", relation="sibling"),
            patient("p0", ["consult"], "09:30", "10:00", severity="severe")]  # fmt: skip
    two_rooms = rooms({"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"})
    result = solve(stop(patients=kids, venues=two_rooms))
    assert served(result) == {("p1", "consult"), ("p0", "consult")}
    assert reason(result, "p2", "consult") == (
        "siblings are seen back to back, so it could only go right before or after their "
        "sibling's consult (09:00–09:30), and no hematology expert free then"
    )


def _course(window_end: str, seats: int = 100) -> dict:
    return stop(
        venues=rooms({"id": "c1", "kind": "consult"},
                     {"id": "hall", "kind": "lecture", "seats": seats}),
        trainings=[{"id": "course", "title": "Course", "date": "2025-07-05",
                    "window": {"start": "09:00", "end": window_end}, "duration_min": 180,
                    "lecturers": ["hematology"], "expected": 80}],
    )  # fmt: skip


def test_course_lecturers_are_out_of_the_clinic() -> None:
    busy = solve(_course("12:00"))
    assert served(busy) == set()
    (session,) = busy.trainings
    assert session.lecturers == ["hem-1"] and session.room == "hall"
    assert (clock(session.start), clock(session.end)) == ("09:00", "12:00")
    later = solve(_course("16:00"))
    (a,) = later.appointments
    assert clock(later.trainings[0].start) >= clock(a.end)


def test_course_hall_must_seat_the_expected_attendance() -> None:
    result = solve(_course("16:00", seats=60))
    assert result.status == "infeasible"
    assert result.diagnosis == ["the hall 'hall' seats 60 but course 'course' expects 80"]


def test_a_course_keeps_its_window() -> None:
    data = _course("12:30")
    data["trainings"][0]["window"]["start"] = "09:30"
    result = solve(data)
    (session,) = result.trainings
    assert (clock(session.start), clock(session.end)) == ("09:30", "12:30")
    (a,) = result.appointments
    assert (clock(a.start), clock(a.end)) == ("09:00", "09:30")
