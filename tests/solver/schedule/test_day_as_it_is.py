"""The scheduler on a day as it now is: closed rooms stay shut, absent patients unbooked."""

from __future__ import annotations

from tests.solver.schedule.helpers import DAY, clock, patient, reason, rooms, served, solve, stop


def closed(start: str, end: str) -> list[dict[str, str]]:
    return [{"date": DAY, "start": start, "end": end}]


def test_a_closed_room_is_not_used_while_closed() -> None:
    data = stop(venues=rooms({"id": "c1", "kind": "consult", "closed": closed("08:00", "10:05")}),
                patients=[patient("p1", ["consult"], start="09:00", end="12:00")])  # fmt: skip
    result = solve(data)
    assert [(a.room, clock(a.start)) for a in result.appointments] == [("c1", "10:10")]


def test_rooms_closed_at_different_times_are_told_apart() -> None:
    data = stop(
        venues=rooms({"id": "c1", "kind": "consult", "closed": closed("08:00", "18:00")},
                     {"id": "c2", "kind": "consult"}),
        patients=[patient("p1", ["consult"], start="09:00", end="09:30")],
    )  # fmt: skip
    assert [(a.room, clock(a.start)) for a in solve(data).appointments] == [("c2", "09:00")]


def test_an_absent_patient_is_not_booked() -> None:
    data = stop(patients=[patient("p1", ["consult"], absent=True), patient("p2", ["consult"])])
    result = solve(data)
    assert served(result) == {("p2", "consult")}
    assert reason(result, "p1", "consult") == "did not come"
