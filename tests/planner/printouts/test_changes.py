"""After a re-plan: whom to tell (in call order), new slips only for changed families."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.files.day import load_day
from planner.jobs.outputs import OutputOptions
from planner.jobs.replan import replan
from planner.model import Appointment, DiffEntry, Plan, Scenario, Unserved
from planner.model.plan import Placing
from planner.printouts import write_diff_printouts
from planner.printouts.calls import call_list
from planner.printouts.entries import Names
from planner.printouts.labels import labels_for
from solver.limits import Limits
from tests.planner.printouts.conftest import pdf_text, squeeze
from tests.solver.schedule import helpers as tiny
from tests.support.plans import at, booked, plan_of


def _day() -> Scenario:
    """Four registered families and a walk-in sibling; p2 did not come."""
    people = [
        tiny.patient("p1", ["consult"], family="fa", name="Li Ming", phone="13900000001"),
        tiny.patient("p2", ["consult"], family="fb", phone="13900000002", absent=True),
        tiny.patient("p3", ["consult"], family="fc", phone="13900000003"),
        tiny.patient("p4", ["consult"], family="fd", phone="13900000004"),
        tiny.patient("w1", ["consult"], family="fa", relation="sibling", start="10:40"),
    ]
    experts = [tiny.expert("hem-1", ["hematology"], phone="13800000001", name_zh="王医生"),
               tiny.expert("hem-2", ["hematology"], phone="13800000002")]  # fmt: skip
    venues = tiny.rooms(
        {"id": "c1", "kind": "consult", "name": "Room 1", "name_zh": "一诊室"},
        {"id": "c2", "kind": "consult", "name": "Room 2", "name_zh": "二诊室"},
    )
    return Scenario.model_validate(tiny.stop(experts=experts, patients=people, venues=venues))


def _placing(a: Appointment) -> Placing:
    return Placing(experts=a.experts, venue=a.venue, room=a.room, start=a.start, end=a.end)


def _plans() -> tuple[Plan, Plan]:
    """Published: p1 09:00, p2 09:30, p3 10:00 (hem-2), p4 09:00. Re-planned: p1 to 10:30
    in room 2, p2 cancelled, p3 to hem-1, p4 kept, walk-in w1 at 11:00."""
    old = [booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"),
           booked("p2", "consult", ["hem-1"], "c1", "09:30", "10:00"),
           booked("p3", "consult", ["hem-2"], "c2", "10:00", "10:30"),
           booked("p4", "consult", ["hem-2"], "c2", "09:00", "09:30")]  # fmt: skip
    new = [booked("p1", "consult", ["hem-1"], "c2", "10:30", "11:00"),
           booked("p3", "consult", ["hem-1"], "c2", "10:00", "10:30"), old[3],
           booked("w1", "consult", ["hem-2"], "c1", "11:00", "11:30")]  # fmt: skip
    changes = [
        DiffEntry(patient="p1", service="consult", what="moved", from_=_placing(old[0]),
               to=_placing(new[0])),
        DiffEntry(patient="p2", service="consult", what="cancelled", from_=_placing(old[1]),
               reason="did not come"),
        DiffEntry(patient="p3", service="consult", what="moved", from_=_placing(old[2]),
               to=_placing(new[1])),
        DiffEntry(patient="p4", service="consult", what="kept", from_=_placing(old[3]),
               to=_placing(old[3])),
        DiffEntry(patient="w1", service="consult", what="new", to=_placing(new[3])),
    ]  # fmt: skip
    gone = Unserved(patient="p2", service="consult", reason="did not come")
    return plan_of(*old), plan_of(*new, unserved=[gone], changes=changes)


def test_one_line_per_family_and_expert_soonest_first() -> None:
    """p3 only changes experts: their family is not called, the two experts are."""
    scenario = _day()
    calls = call_list(scenario, _plans()[1], Names(scenario, labels_for("en")))
    assert [(c.kind, c.who, c.phone) for c in calls] == [
        ("family", "fa", "13900000001"),
        ("expert", "hem-1", "13800000001"),
        ("family", "fb", "13900000002"),
        ("expert", "hem-2", "13800000002"),
    ]
    family, hem_1 = calls[0], calls[1]
    assert family.names == "Li Ming, w1"
    assert [(i.kind, i.what, i.before, i.after) for i in family.items] == [
        ("moved", "Li Ming · consult", "09:00–09:30 · Room 1", "10:30–11:00 · Room 2"),
        ("new", "w1 · consult", "", "11:00–11:30 · Room 1"),
    ]
    assert [(i.kind, i.what, i.reason) for i in hem_1.items] == [
        ("moved", "Li Ming · consult", ""),
        ("cancelled", "p2 · consult", "did not come"),
        ("new", "p3 · consult", ""),
    ]
    assert [(i.kind, i.before, i.reason) for i in calls[3].items] == [
        ("cancelled", "10:00–10:30 · Room 2", "→ Dr hem-1"),
        ("new", "", ""),
    ]


def test_nothing_to_tell_when_everything_is_kept() -> None:
    scenario = _day()
    new = _plans()[1]
    kept = new.model_copy(update={"changes": [c for c in new.changes if c.what == "kept"]})
    assert call_list(scenario, kept, Names(scenario, labels_for("zh"))) == []


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The re-plan's printouts in Chinese."""
    out = tmp_path_factory.mktemp("replan")
    old, new = _plans()
    write_diff_printouts(_day(), old, new, out, lang="zh")
    return out


def test_the_call_list_prints_in_chinese_with_phones(written: Path) -> None:
    html = (written / "print" / "changes.html").read_text(encoding="utf-8")
    assert (
        html.index('data-who="fa"') < html.index('data-who="hem-1"') < html.index('data-who="fb"')
    )
    text = squeeze(pdf_text(written / "print" / "changes.pdf"))
    assert "变更通知名单" in text
    assert squeeze("改动 Li Ming · consult 09:00–09:30 · 一诊室 → 10:30–11:00 · 二诊室") in text
    assert squeeze("取消 p2 · consult 09:30–10:00 · 一诊室 (did not come)") in text
    for phone in ("13900000001", "13900000002", "13800000001", "13800000002"):
        assert phone in text
    assert "13900000003" not in text  # p3 keeps time and room: only the experts change
    assert "13900000004" not in text


def test_slips_only_for_families_whose_appointments_changed(written: Path) -> None:
    html = (written / "print" / "slips.html").read_text(encoding="utf-8")
    assert html.count('class="slip"') == 2
    for family in ("fa", "fb"):
        assert f"家庭 {family}:" in html
    assert "家庭 fc" not in html and "家庭 fd" not in html
    assert (written / "print" / "rooms.pdf").exists()
    assert (written / "print" / "agendas.pdf").exists()


def test_calendars_cancel_what_an_expert_lost(written: Path) -> None:
    calendar = Calendar.from_ical((written / "calendar" / "hem-2.ics").read_bytes())
    events = {str(e["SUMMARY"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert events == {
        "已取消：consult · p3": "CANCELLED",  # the Chinese colon
        "consult · p4": "CONFIRMED",
        "consult · w1": "CONFIRMED",
    }
    assert at("10:00") == next(
        e.decoded("DTSTART") for e in calendar.walk("VEVENT") if "p3" in str(e["SUMMARY"])
    )


def test_planner_replan_writes_whom_to_tell(tmp_path: Path) -> None:
    """End to end: a no-show and a walk-in; the call list, the slips and the calendars."""
    day = _day()
    published = _plans()[0]
    registered = [p.model_dump(mode="json", exclude_defaults=True) for p in day.patients[:4]]
    registered[1].pop("absent")
    data = day.model_dump(mode="json", exclude_defaults=True) | {"patients": registered}
    (tmp_path / "day.json").write_text(json.dumps(data), "utf-8")
    (tmp_path / "plan.json").write_text(published.model_dump_json(), "utf-8")
    (tmp_path / "changes.yaml").write_text(CHANGES, "utf-8")
    day_under_way = load_day(tmp_path / "day.json", tmp_path / "plan.json",
                             tmp_path / "changes.yaml")  # fmt: skip
    replan(day_under_way, Limits(time_limit_s=5), tmp_path / "out", OutputOptions(lang="en"))
    html = (tmp_path / "out" / "print" / "changes.html").read_text(encoding="utf-8")
    # fb did not come: not called about its cancellation, and the list says why.
    assert 'data-who="fb"' not in html and "13900000002" not in html
    assert "<strong>Not called (did not come):</strong> fb " in html
    assert "a call would not keep the booking" in html
    assert 'data-who="fd"' not in html
    slips = (tmp_path / "out" / "print" / "slips.html").read_text(encoding="utf-8")
    assert "Family fb:" in slips and "Family fd:" not in slips
    calendar = Calendar.from_ical((tmp_path / "out" / "calendar" / "hem-1.ics").read_bytes())
    cancelled = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT") if e["STATUS"] == "CANCELLED"]
    assert cancelled == ["Cancelled: consult · p2"]


CHANGES = """\
now: 2025-07-05T08:30
no_shows: [p2]
walk_ins:
  - {id: w1, family: fa, relation: sibling, arrives: 2025-07-05T10:40,
     leaves: 2025-07-05T12:00, needs: [consult]}
"""


def test_a_household_whose_visit_moved_is_called_with_its_contact() -> None:
    visits = {
        "days": ["2025-07-06"],
        "teams": [{"id": "team-a", "start": {"lat": 27.0, "lon": 103.0},
                   "shift": {"start": "08:00", "end": "18:00"}}],
        "households": [{"id": "h1", "village": "Taiping", "contact": "Mrs Wang",
                        "phone": "13700000001", "location": {"lat": 27.1, "lon": 103.1}}],
    }  # fmt: skip
    scenario = Scenario.model_validate(tiny.stop(patients=[], visits=visits))
    day = "2025-07-06T{}:00+08:00"
    was = Placing(team="team-a", start=day.format("09:00"), end=day.format("09:45"))
    now = Placing(team="team-a", start=day.format("15:00"), end=day.format("15:45"))
    plan = plan_of(changes=[DiffEntry(household="h1", what="moved", from_=was, to=now)])
    (line,) = call_list(scenario, plan, Names(scenario, labels_for("en")))
    assert (line.kind, line.who, line.names, line.phone) == (
        "household",
        "h1",
        "Mrs Wang · Taiping",
        "13700000001",
    )
    assert [(i.before, i.after) for i in line.items] == [
        ("Sun 6 Jul 2025 09:00–09:45 · team-a", "Sun 6 Jul 2025 15:00–15:45 · team-a")
    ]


def test_a_moved_course_is_told_to_its_lecturers() -> None:
    course = {"id": "course", "title": "Course", "title_zh": "培训课", "date": "2025-07-05",
              "window": {"start": "08:00", "end": "12:00"}, "duration_min": 60,
              "lecturers": ["hematology"], "expected": 20, "room_kind": "lecture"}  # fmt: skip
    venues = tiny.rooms({"id": "c1", "kind": "consult"},
                        {"id": "hall", "kind": "lecture", "seats": 30})  # fmt: skip
    scenario = Scenario.model_validate(tiny.stop(patients=[], trainings=[course], venues=venues))
    was = Placing(experts=["hem-1"], venue="hosp", room="hall", start=at("08:00"),
                  end=at("09:00"))  # fmt: skip
    now = was.model_copy(update={"start": at("09:00"), "end": at("10:00")})
    plan = plan_of(changes=[DiffEntry(training="course", what="moved", from_=was, to=now)])
    (line,) = call_list(scenario, plan, Names(scenario, labels_for("zh")))
    assert (line.kind, line.who) == ("expert", "hem-1")
    assert [(i.what, i.before, i.after) for i in line.items] == [
        ("培训课", "08:00–09:00 · hall", "09:00–10:00 · hall")
    ]
