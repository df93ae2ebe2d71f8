"""A scenario that validates can be planned in principle: what the file itself makes
impossible is an error at its place (exit 2), each rule shown biting and not biting."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.files.scenario import load_scenario
from planner.model.errors import InputError
from tests.support.minimal import MINIMAL

MDT = "  - {id: mdt, name: MDT, duration_min: 30, needs: [hematology], room_kind: consult}"
HLA = "  - {id: hla, name: HLA, duration_min: 10, needs: [genetics], room_kind: consult}"
P1 = "  - {id: p1, family: f1, arrives: 2025-07-05T09:00, leaves: 2025-07-05T12:00, needs: [mdt]}"


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "stop.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    return caught.value.messages


def valid(tmp_path: Path, text: str) -> bool:
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    load_scenario(path)
    return True


def test_a_duration_off_the_slot_grid(tmp_path: Path) -> None:
    odd = MINIMAL.replace("duration_min: 30", "duration_min: 25")
    assert errors_of(tmp_path, odd) == [
        "stop.yaml:17: services[0].duration_min: mdt lasts 25 min, which is not a whole number "
        "of 10-minute slots (slot_min): make it 20 or 30 min, or make slot_min divide 25"
    ]
    assert valid(tmp_path, odd.replace("name: Test stop", "name: Test stop\nslot_min: 5"))


def test_a_stay_shorter_than_the_appointment(tmp_path: Path) -> None:
    short = MINIMAL.replace("leaves: 2025-07-05T12:00", "leaves: 2025-07-05T09:25")
    assert errors_of(tmp_path, short) == [
        "stop.yaml:20: patients[0].needs[0]: p1 is here 2025-07-05 09:00–09:20, shorter than "
        "the 30-minute mdt"
    ]
    assert valid(tmp_path, short.replace("09:25", "09:30"))


def test_the_stay_is_put_on_the_slot_grid(tmp_path: Path) -> None:
    # 09:05-09:38 is 33 minutes, but on the 10-minute grid only 09:10-09:30 is whole slots.
    text = MINIMAL.replace("T09:00", "T09:05").replace(
        "leaves: 2025-07-05T12:00", "leaves: 2025-07-05T09:38"
    )
    assert (
        "p1 is here 2025-07-05 09:10–09:30, shorter than the 30-minute mdt"
        in (errors_of(tmp_path, text)[0])
    )
    assert valid(tmp_path, text.replace("T09:05", "T09:00"))


def test_no_room_of_the_kind_open_while_the_patient_is_here(tmp_path: Path) -> None:
    late = MINIMAL.replace("T09:00", "T18:10").replace("T12:00", "T20:00")
    assert errors_of(tmp_path, late) == [
        "stop.yaml:20: patients[0].needs[0]: no consult room is open for 30 min while p1 is here "
        "(2025-07-05 18:10–20:00); venues with one open 2025-07-05 07:30–18:00"
    ]
    assert valid(tmp_path, late.replace('end: "18:00"}]\n    rooms', 'end: "18:40"}]\n    rooms'))


def family(*stays: tuple[str, str]) -> str:
    """MINIMAL with HLA as a family block and one family whose members stay as given."""
    block = HLA.replace("room_kind: consult}", "room_kind: consult, family_block: true}")
    members = [
        f"  - {{id: p{i}, family: f1, arrives: 2025-07-05T{a}, leaves: 2025-07-05T{b}, "
        "needs: [hla]}"
        for i, (a, b) in enumerate(stays, start=1)
    ]
    return MINIMAL.replace(HLA, block).replace(P1, "\n".join(members))


def test_a_family_block_that_cannot_fit_while_they_are_here(tmp_path: Path) -> None:
    # p1 is here only for 09:00-09:10 and p3 only for 09:20-09:30: p2 takes 09:10-09:20.
    assert valid(tmp_path, family(("09:00", "09:15"), ("09:05", "09:30"), ("09:20", "09:30")))
    crowded = family(("09:00", "09:15"), ("09:00", "09:15"), ("09:00", "09:30"))
    assert errors_of(tmp_path, crowded) == [
        "stop.yaml:20: patients[0].needs[0]: family f1's 3 hla appointments back to back "
        "(30 min, in one consult room) cannot fit in the time they are here: p1, p2, p3"
    ]
    apart = crowded.replace("family_block: true", "family_block: false")
    assert valid(tmp_path, apart)  # drawn one by one, nothing needs them back to back


def test_services_that_must_each_follow_the_other(tmp_path: Path) -> None:
    cycle = MINIMAL.replace(MDT, MDT.replace("}", ", after: [hla]}")).replace(
        HLA, HLA.replace("}", ", after: [mdt]}")
    )
    assert errors_of(tmp_path, cycle) == [
        "stop.yaml:17: services[0].after[0]: mdt must come after hla, which must itself come "
        "after mdt (a cycle: mdt → hla → mdt): a patient who needs both could have only one",
        "stop.yaml:18: services[1].after[0]: hla must come after mdt, which must itself come "
        "after hla (a cycle: hla → mdt → hla): a patient who needs both could have only one",
    ]
    assert valid(tmp_path, MINIMAL.replace(HLA, HLA.replace("}", ", after: [mdt]}")))


def test_a_household_whose_every_window_is_too_short(tmp_path: Path) -> None:
    short = MINIMAL.replace(
        "location: {lat: 27.4, lon: 103.6}}",
        "location: {lat: 27.4, lon: 103.6}, service_min: 45,\n"
        '       windows: [{start: "09:00", end: "09:30"}, {start: "15:00", end: "15:40"}]}',
    )
    assert errors_of(tmp_path, short) == [
        "stop.yaml:29: visits.households[0].windows: every window of h1 (09:00–09:30, "
        "15:00–15:40) is shorter than its 45-minute visit (service_min)"
    ]
    assert valid(tmp_path, short.replace('"15:40"', '"15:45"'))


def test_a_household_with_an_empty_list_of_days(tmp_path: Path) -> None:
    base = "location: {lat: 27.4, lon: 103.6}"
    never = MINIMAL.replace(f"{base}}}", f"{base}, days: []}}")
    assert errors_of(tmp_path, never) == [
        "stop.yaml:28: visits.households[0].days: h1 may be visited on no day (days is empty): "
        "list its days, or leave days out for any visit day"
    ]
    assert valid(tmp_path, never.replace("days: []", "days: [2025-07-06]"))


def test_validate_exits_2_naming_the_place(tmp_path: Path) -> None:
    path = tmp_path / "stop.yaml"
    path.write_text(
        MINIMAL.replace("leaves: 2025-07-05T12:00", "leaves: 2025-07-05T09:20"), "utf-8"
    )
    with pytest.raises(InputError) as caught:  # a planner error: its messages, no traceback
        load_scenario(path)
    assert caught.value.exit_code == 2  # as `planner validate` exits
    assert str(caught.value).startswith("stop.yaml:20: patients[0].needs[0]: p1 is here")
