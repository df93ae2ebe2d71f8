"""The experts' iCalendar files, parsed with icalendar; UIDs survive a re-plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from planner.model import Plan
from planner.printouts.ical import write_calendars
from planner.printouts.sheets import agendas
from planner.printouts.write import Stop
from tests.printouts.conftest import Written, longyan_plan


def _events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return [component for component in calendar.walk("VEVENT")]


def test_one_calendar_per_expert_with_every_entry(longyan_zh: Written) -> None:
    plan = longyan_zh.plan
    for expert in longyan_zh.scenario.experts:
        events = _events(longyan_zh.out / "calendar" / f"{expert.id}.ics")
        expected = (
            sum(expert.id in a.experts for a in plan.appointments)
            + sum(expert.id in t.lecturers for t in plan.trainings)
            + len(plan.breaks.get(expert.id, []))
        )
        assert len(events) == expected
        uids = [str(event["UID"]) for event in events]
        assert len(set(uids)) == len(uids)


def test_times_carry_the_scenario_time_zone(longyan_zh: Written) -> None:
    path = longyan_zh.out / "calendar" / "wang-xd.ics"
    raw = path.read_text(encoding="utf-8")
    assert "BEGIN:VTIMEZONE" in raw
    assert "TZID:Asia/Shanghai" in raw
    assert "DTSTART;TZID=Asia/Shanghai:" in raw
    starts = set()
    for event in _events(path):
        assert "DTSTAMP" in event
        start = event.decoded("DTSTART")
        assert start.utcoffset() == dt.timedelta(hours=8)
        starts.add(start)
    mine = [a for a in longyan_zh.plan.appointments if "wang-xd" in a.experts]
    assert {a.start for a in mine} <= starts


def test_summary_and_location_in_the_chosen_language(
    longyan_zh: Written, longyan_en: Written
) -> None:
    chinese = _events(longyan_zh.out / "calendar" / "fch-gen.ics")
    english = _events(longyan_en.out / "calendar" / "fch-gen.ics")
    assert any("基因检测" in str(e["SUMMARY"]) for e in chinese)
    assert any("Genetic test" in str(e["SUMMARY"]) for e in english)
    assert any("龙岩市第一医院分院" in str(e.get("LOCATION", "")) for e in chinese)
    assert {str(e["UID"]) for e in chinese} == {str(e["UID"]) for e in english}


def test_uids_stay_when_a_replan_moves_appointments(longyan_zh: Written, tmp_path: Path) -> None:
    scenario = longyan_zh.scenario
    moved: Plan = longyan_plan(scenario)
    shift = dt.timedelta(minutes=20)
    for appointment in moved.appointments:
        appointment.start += shift
        appointment.end += shift
    stop = Stop.of(scenario, moved, "zh")  # the calendars only, without the PDFs
    write_calendars(
        tmp_path, scenario.name, agendas(scenario, stop.names, stop.entries), scenario.timezone
    )
    before = _events(longyan_zh.out / "calendar" / "wang-cy.ics")
    after = _events(tmp_path / "wang-cy.ics")
    old = {str(e["UID"]): e.decoded("DTSTART") for e in before}
    new = {str(e["UID"]): e.decoded("DTSTART") for e in after}
    assert old.keys() == new.keys()
    sequence = {str(e["UID"]): int(e["SEQUENCE"]) for e in before}
    assert all(int(e["SEQUENCE"]) >= sequence[str(e["UID"])] for e in after)
    moved_uids = [uid for uid in old if new[uid] - old[uid] == shift]
    assert len(moved_uids) == sum("wang-cy" in a.experts for a in moved.appointments) > 0


def test_calendar_name_in_the_chosen_language(longyan_zh: Written, longyan_en: Written) -> None:
    chinese = Calendar.from_ical((longyan_zh.out / "calendar" / "wang-xd.ics").read_bytes())
    english = Calendar.from_ical((longyan_en.out / "calendar" / "wang-xd.ics").read_bytes())
    assert str(chinese["X-WR-CALNAME"]) == "王晓东 主任 · 福建龙岩站（第九站）"
    assert str(english["X-WR-CALNAME"]) == "Director Wang Xiaodong · Longyan, Fujian (stop 9)"
