"""The master grid names the rooms it leaves out, so a free room is not read as an error."""

from __future__ import annotations

from pathlib import Path

from benchmarks.fcfs import fcfs_plan
from planner.model import Scenario
from planner.printouts.entries import Names, schedule_days, schedule_entries
from planner.printouts.html import render
from planner.printouts.labels import labels_for
from planner.printouts.pdf import PdfJob, write_pdf
from planner.printouts.sheets import day_grids
from tests.planner.printouts.conftest import pdf_text, squeeze, tiny_data


def _scenario() -> Scenario:
    """The tiny stop with a second consultation room that the one patient does not need."""
    data = tiny_data()
    data["venues"][0]["rooms"].append(
        {"id": "c3", "kind": "consult", "name": "Room 3", "name_zh": "诊室3"}
    )
    return Scenario.model_validate(data)


def test_an_unused_room_is_noted_not_given_a_column() -> None:
    scenario = _scenario()
    plan = fcfs_plan(scenario)
    assert {a.room for a in plan.appointments} == {"c1"}
    names = Names(scenario, labels_for("en"))
    entries = schedule_entries(scenario, plan, names)
    (grid,) = day_grids(names, entries, schedule_days(scenario, entries))
    assert grid.rooms == ("<i>Room</i>",)
    assert grid.unused == ("Room 3",)


def test_the_note_is_printed_in_each_language(tmp_path: Path) -> None:
    scenario = _scenario()
    plan = fcfs_plan(scenario)
    expected = {"en": "Room 3: no appointments this day (free)", "zh": "诊室3：本日无预约（空闲）"}
    for lang, note in expected.items():
        names = Names(scenario, labels_for(lang))
        entries = schedule_entries(scenario, plan, names)
        grids = day_grids(names, entries, schedule_days(scenario, entries))
        html = render("grid.html.j2", names.text, "Tiny", "grid", grids=grids)
        assert f'<p class="unused-room">{note}</p>' in html
        pdf = write_pdf(PdfJob(html, tmp_path / f"grid-{lang}.pdf"))
        assert squeeze(note) in squeeze(pdf_text(pdf))


def test_no_note_when_every_room_is_used() -> None:
    scenario = Scenario.model_validate(tiny_data())
    names = Names(scenario, labels_for("en"))
    entries = schedule_entries(scenario, fcfs_plan(scenario), names)
    (grid,) = day_grids(names, entries, schedule_days(scenario, entries))
    assert grid.unused == ()
