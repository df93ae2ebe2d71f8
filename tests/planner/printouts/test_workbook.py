"""The Excel workbook, read back with openpyxl."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.planner.printouts.conftest import Written


def test_one_sheet_per_day_room_and_expert(longyan_zh: Written) -> None:
    book = load_workbook(longyan_zh.out / "schedule.xlsx")
    scenario = longyan_zh.scenario
    used_rooms = {a.room for a in longyan_zh.plan.appointments} | {
        t.room for t in longyan_zh.plan.trainings
    }
    rooms = {r.id: r.name_zh for r in scenario.venues[0].rooms}
    assert book.sheetnames[0] == "03-15"
    for room in used_rooms:
        assert f"03-15 {rooms[room]}" in book.sheetnames
    for expert in scenario.experts:
        assert expert.name_zh in book.sheetnames
    assert len(book.sheetnames) == len(scenario.clinic_dates()) + len(used_rooms) + len(
        scenario.experts
    )


def test_print_settings_and_frozen_header(longyan_zh: Written) -> None:
    book = load_workbook(longyan_zh.out / "schedule.xlsx")
    assert len(book.worksheets) > len(longyan_zh.scenario.experts) > 0  # a day, rooms, experts
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.column_dimensions["C"].width >= 20
        assert sheet["A1"].font.bold


def test_day_sheet_lists_every_appointment_and_course(longyan_en: Written) -> None:
    sheet = load_workbook(longyan_en.out / "schedule.xlsx")["03-15"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["Time", "Room", "Service", "Patient", "Family", "Experts"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    plan = longyan_en.plan
    assert len(rows) == len(plan.appointments) + len(plan.trainings)
    times = {row[0] for row in rows}
    for appointment in plan.appointments:
        assert f"2025-03-15 {appointment.start:%H:%M}–{appointment.end:%H:%M}" in times


def test_expert_sheets_hold_their_appointments_and_lunch(longyan_en: Written) -> None:
    book = load_workbook(longyan_en.out / "schedule.xlsx")
    plan = longyan_en.plan
    assert longyan_en.scenario.experts and plan.appointments and plan.breaks
    for expert in longyan_en.scenario.experts:
        rows = list(book[expert.name[:31]].iter_rows(min_row=2, values_only=True))
        mine = [a for a in plan.appointments if expert.id in a.experts]
        lectures = [t for t in plan.trainings if expert.id in t.lecturers]
        lunches = plan.breaks.get(expert.id, [])
        assert len(rows) == len(mine) + len(lectures) + len(lunches)
        assert sum(row[2] == "Lunch break" for row in rows) == len(lunches)


def test_headers_follow_the_language(longyan_zh: Written, longyan_en: Written) -> None:
    chinese = load_workbook(longyan_zh.out / "schedule.xlsx").worksheets[0]
    english = load_workbook(longyan_en.out / "schedule.xlsx").worksheets[0]
    assert [c.value for c in chinese[1]] == ["时间", "诊室", "项目", "就诊者", "家庭", "专家"]
    assert [c.value for c in chinese[1]] != [c.value for c in english[1]]
