"""The experts' iCalendar files, parsed with icalendar; UIDs survive a re-plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from planner.model import Plan, Scenario, Unserved
from planner.printouts.ical import cancelled_entries, expert_calendar, write_calendars
from planner.printouts.sheets import agendas
from planner.printouts.write import Stop
from tests.planner.printouts.conftest import Written, longyan_plan
from tests.solver.schedule import helpers as tiny
from tests.support.plans import at, booked, plan_of


def _events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return [component for component in calendar.walk("VEVENT")]


def test_one_calendar_per_expert_with_every_entry(longyan_zh: Written) -> None:
    plan = longyan_zh.plan
    experts = sorted(expert.id for expert in longyan_zh.scenario.experts)
    assert experts == sorted(path.stem for path in (longyan_zh.out / "calendar").glob("*.ics"))
    assert experts and plan.appointments
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


def test_descriptions_in_the_chosen_language(longyan_zh: Written, longyan_en: Written) -> None:
    chinese = _events(longyan_zh.out / "calendar" / "wang-xd.ics")
    english = _events(longyan_en.out / "calendar" / "wang-xd.ics")
    assert {str(e["DESCRIPTION"]).splitlines()[0] for e in chinese} == {"福建龙岩站（第九站）"}
    assert {str(e["DESCRIPTION"]).splitlines()[0] for e in english} == {"Longyan, Fujian (stop 9)"}
    together = [str(e["DESCRIPTION"]).splitlines()[1:] for e in chinese]
    assert ["共同出诊专家：王成宜 教授、王晓东 主任"] in together
    assert [] in together  # alone with a patient: nobody else to name
    together = [str(e["DESCRIPTION"]).splitlines()[1:] for e in english]
    assert ["Experts together: Professor Wang Chengyi, Director Wang Xiaodong"] in together


def test_a_cancelled_event_is_marked_in_the_chosen_language() -> None:
    scenario, before, after = _replanned()
    stamp = dt.datetime(2025, 7, 5, 3, 0, tzinfo=dt.UTC)
    old, new = Stop.of(scenario, before, "zh").experts, Stop.of(scenario, after, "zh").experts
    gone = cancelled_entries(scenario.name, old, new)["hem-1"]
    (hem_1,) = [agenda for agenda in new if agenda.expert == "hem-1"]
    calendar = expert_calendar(scenario.name, hem_1, scenario.timezone, stamp, "站", gone, "zh")
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "已取消：consult · p2" in summaries
    assert not any("Cancelled" in s for s in summaries)


def _replanned() -> tuple[Scenario, Plan, Plan]:
    """A tiny day as published, and re-planned: p1 moved, p2 dropped, p3 to another expert."""
    data = tiny.stop(
        experts=[tiny.expert("hem-1", ["hematology"]), tiny.expert("hem-2", ["hematology"])],
        patients=[tiny.patient(p, ["consult"]) for p in ("p1", "p2", "p3")],
    )
    scenario = Scenario.model_validate(data)
    before = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"),
                     booked("p2", "consult", ["hem-1"], "c1", "09:30", "10:00"),
                     booked("p3", "consult", ["hem-2"], "c1", "10:00", "10:30"))  # fmt: skip
    gone = Unserved(patient="p2", service="consult", reason="did not come")
    after = plan_of(booked("p1", "consult", ["hem-1"], "c1", "10:30", "11:00"),
                    booked("p3", "consult", ["hem-1"], "c1", "10:00", "10:30"),
                    unserved=[gone])  # fmt: skip
    return scenario, before, after


def _calendars(scenario: Scenario, before: Plan, after: Plan, stamps: tuple[dt.datetime, ...],
               folder: Path) -> tuple[Path, Path]:  # fmt: skip
    """The experts' calendars of both plans, the second with the first's events cancelled."""
    old = Stop.of(scenario, before, "en").experts
    new = Stop.of(scenario, after, "en").experts
    cancelled = cancelled_entries(scenario.name, old, new)
    for name, agendas_, gone, stamp in (("before", old, {}, stamps[0]),
                                        ("after", new, cancelled, stamps[1])):  # fmt: skip
        (folder / name).mkdir()
        for agenda in agendas_:
            gone_here = gone.get(agenda.expert, ())
            calendar = expert_calendar(scenario.name, agenda, scenario.timezone, stamp,
                                       cancelled=gone_here, lang="en")  # fmt: skip
            (folder / name / f"{agenda.expert}.ics").write_bytes(calendar.to_ical())
    return folder / "before", folder / "after"


def test_a_replan_updates_moved_events_and_cancels_dropped_ones(tmp_path: Path) -> None:
    scenario, before, after = _replanned()
    stamp = dt.datetime(2025, 7, 5, 3, 0, tzinfo=dt.UTC)
    old, new = _calendars(scenario, before, after, (stamp, stamp + dt.timedelta(seconds=1)),
                          tmp_path)  # fmt: skip
    for expert_id in ("hem-1", "hem-2"):
        assert str(Calendar.from_ical((new / f"{expert_id}.ics").read_bytes())["METHOD"]) == (
            "PUBLISH"
        )
    first = {str(e["SUMMARY"]): e for e in _events(old / "hem-1.ics")}
    second = {str(e["SUMMARY"]): e for e in _events(new / "hem-1.ics")}
    assert sorted(second) == ["Cancelled: consult · p2", "consult · p1", "consult · p3"]
    moved, dropped = second["consult · p1"], second["Cancelled: consult · p2"]
    assert str(moved["UID"]) == str(first["consult · p1"]["UID"])
    assert moved.decoded("DTSTART") == at("10:30")
    assert int(moved["SEQUENCE"]) == int(first["consult · p1"]["SEQUENCE"]) + 1
    assert str(moved["STATUS"]) == "CONFIRMED"
    assert str(dropped["UID"]) == str(first["consult · p2"]["UID"])
    assert (str(dropped["STATUS"]), str(dropped["TRANSP"])) == ("CANCELLED", "TRANSPARENT")
    assert int(dropped["SEQUENCE"]) > int(first["consult · p2"]["SEQUENCE"])
    handed_over = _events(new / "hem-2.ics")
    assert [(str(e["SUMMARY"]), str(e["STATUS"])) for e in handed_over] == [
        ("Cancelled: consult · p3", "CANCELLED")
    ]
    assert str(handed_over[0]["UID"]) == str(_events(old / "hem-2.ics")[0]["UID"])
    assert str(second["consult · p3"]["UID"]) not in {str(e["UID"]) for e in handed_over}


def test_an_unchanged_replan_cancels_nothing() -> None:
    scenario, before, _ = _replanned()
    agendas_ = Stop.of(scenario, before, "en").experts
    assert cancelled_entries(scenario.name, agendas_, agendas_) == {}
