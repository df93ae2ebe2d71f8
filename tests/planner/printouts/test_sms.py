"""Text messages: their words and length, whom a re-plan texts, the consoles' files, and the
rules a template must keep."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from planner.model import DiffEntry, Plan, Scenario
from planner.model.notify import (
    KINDS,
    Notify,
    Templates,
    sms_parts,
    template_problem,
    tencent_form,
)
from planner.model.plan import Placing
from planner.printouts.sms import change_notices, first_notices, texts
from planner.printouts.sms_consoles import write_notify
from tests.solver.schedule import helpers as tiny
from tests.support.plans import booked, plan_of


def _stop(**notify: Any) -> Scenario:
    """Two families with a phone (Wang Xiaoming's, Zhao Lei's written with the country
    code and dashes), one that did not come, one without a phone, an expert named after a
    diagnosis, a venue with a Chinese name, and a notify section."""
    people = [
        tiny.patient("p1", ["consult"], family="fa", name="王小明", phone="13900000001"),
        tiny.patient("p2", ["consult"], family="fb", name="Li Ming", absent=True),
        tiny.patient("p3", ["consult"], family="fc", name="Zhao Lei", phone="+86 139-0000-0003"),
        tiny.patient("p4", ["consult"], family="fd", name="Sun Mei"),
    ]
    experts = [
        tiny.expert("hem-1", ["hematology"], name="Thalassemia specialist", phone="13800000001"),
        tiny.expert("hem-2", ["hematology"], name_zh="王医生", phone="138 0000 0002"),
    ]
    venues = tiny.rooms({"id": "c1", "kind": "consult", "name": "HLA sampling room"},
                        {"id": "c2", "kind": "consult"})  # fmt: skip
    venues[0]["name_zh"] = "昭通医院"
    data = tiny.stop(experts=experts, patients=people, venues=venues)
    data["notify"] = {"contact": "0870-2123456", **notify}
    return Scenario.model_validate(data)


def test_the_parts_rule_of_chinese_gateways() -> None:
    assert [sms_parts(n) for n in (1, 70, 71, 134, 135, 201, 202)] == [1, 1, 2, 2, 3, 3, 4]


def test_a_reminder_counted_by_hand_in_chinese_and_english() -> None:
    scenario = _stop()
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"))
    [zh] = texts(scenario, first_notices(scenario, plan), "zh")
    # 【公益义诊】6 您好：3 王小明3 的义诊安排在6 7月5日4 ，请于3 09:00 5 到1 昭通医院4
    # 。咨询电话5 0870-2123456 12 = 52
    assert zh.text == (
        "【公益义诊】您好：王小明的义诊安排在7月5日，请于09:00到昭通医院。咨询电话0870-2123456"
    )
    assert (zh.to, zh.phone, zh.kind, zh.chars, zh.parts) == (
        "family:fa", "13900000001", "reminder", 52, 1,
    )  # fmt: skip
    [en] = texts(scenario, first_notices(scenario, plan), "en")
    # [Free clinic]13 Hello: 7 王小明3 " is booked on "14 5 Jul 5 ", please come at "17
    # 09:00 5 " to "4 Hospital 8 ". Tel "6 0870-2123456 12 = 94
    assert en.text == (
        "[Free clinic]Hello: 王小明 is booked on 5 Jul, please come at 09:00 to Hospital. "
        "Tel 0870-2123456"
    )
    assert (en.chars, en.parts) == (94, 2)


def test_with_no_number_to_call_back_the_text_drops_its_contact_clause() -> None:
    scenario = _stop(contact=None)
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"))
    [zh] = texts(scenario, first_notices(scenario, plan), "zh")
    # 【公益义诊】6 您好：3 王小明3 的义诊安排在6 7月5日4 ，请于3 09:00 5 到1 昭通医院4 。1 = 36
    assert zh.text == "【公益义诊】您好：王小明的义诊安排在7月5日，请于09:00到昭通医院。"
    assert (zh.chars, "contact" in zh.values) == (36, False)
    [en] = texts(scenario, first_notices(scenario, plan), "en")
    assert en.text.endswith("please come at 09:00 to Hospital.")


def test_a_template_of_the_scenario_asks_for_a_number_there_is_not() -> None:
    """`validate` stops it (`contact_problems`); built by hand, the default stands in."""
    own = "{name}您好：请于{date}，{time}到{place}。电话{contact}"
    notify = Notify(templates_zh=Templates(reminder=own), visit_templates=Templates(new=own))
    assert [(p.loc, p.message[:30]) for p in notify.contact_problems()] == [
        (("notify", "templates_zh", "reminder"), "{contact} has no number to giv"),
        (("notify", "visit_templates", "new"), "{contact} has no number to giv"),
    ]
    assert notify.template("zh", "reminder", False, contact=True) == own
    assert notify.template("zh", "reminder", False, contact=False) == (
        "您好：{name}的义诊安排在{date}，请于{time}到{place}。"
    )
    plain = Notify(templates_zh=Templates(reminder="{name}您好：请于{date}，{time}到{place}"))
    assert plain.contact_problems() == []
    assert plain.template("zh", "reminder", False, contact=False).endswith("到{place}")


def test_the_signature_counts() -> None:
    scenario = _stop(signature_zh="【昭通义诊站】")
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"))
    [sms] = texts(scenario, first_notices(scenario, plan), "zh")
    assert sms.text.startswith("【昭通义诊站】您好：") and sms.chars == 53


@pytest.mark.parametrize("visit", [False, True], ids=["clinic", "visit"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_chinese_defaults_fit_one_message(kind: str, visit: bool) -> None:
    """A three-character name, a nine-character venue and a landline with its area code."""
    notify = Notify(contact="0870-2123456")
    values = {"name": "王小明", "date": "12月25日", "time": "13:30", "place": "滇东北区域医疗中心",
              "contact": "0870-2123456"}  # fmt: skip
    text = notify.signature_in("zh") + notify.template("zh", kind, visit).format(**values)  # type: ignore[arg-type]
    assert sms_parts(len(text)) == 1, text


def test_nothing_in_a_text_tells_of_health() -> None:
    """The expert named after a diagnosis is 'doctor'; the room (HLA) is never named."""
    scenario = _stop()
    old = booked("p3", "consult", ["hem-1"], "c1", "09:00", "09:30")
    new = booked("p3", "consult", ["hem-1"], "c1", "10:00", "10:30")
    changes = [DiffEntry(patient="p3", service="consult", what="moved", from_=_placing(old),
                         to=_placing(new))]  # fmt: skip
    messages = texts(scenario, change_notices(scenario, plan_of(new, changes=changes)), "en")
    assert [(m.to, m.kind) for m in messages] == [("expert:hem-1", "moved"), ("family:fc", "moved")]
    assert messages[0].values["name"] == "doctor"
    assert messages[0].values["place"] == "Hospital"
    assert all("HLA" not in m.text and "Thalass" not in m.text for m in messages)


def _placing(a: Any) -> Placing:
    return Placing(experts=a.experts, venue=a.venue, room=a.room, start=a.start, end=a.end)


def _replanned() -> Plan:
    """p1 moved to 10:00, p2 (did not come) cancelled, p3 only changes experts, w1 is new."""
    p1_old = booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30")
    p1_new = booked("p1", "consult", ["hem-1"], "c2", "10:00", "10:30")
    p2_old = booked("p2", "consult", ["hem-1"], "c1", "09:30", "10:00")
    p3_old = booked("p3", "consult", ["hem-2"], "c2", "09:00", "09:30")
    p3_new = booked("p3", "consult", ["hem-1"], "c2", "09:00", "09:30")
    w1 = booked("p1", "consult", ["hem-2"], "c1", "11:00", "11:30")
    changes = [
        DiffEntry(patient="p1", service="consult", what="moved", from_=_placing(p1_old),
                  to=_placing(p1_new)),
        DiffEntry(patient="p2", service="consult", what="cancelled", from_=_placing(p2_old),
                  reason="did not come"),
        DiffEntry(patient="p3", service="consult", what="moved", from_=_placing(p3_old),
                  to=_placing(p3_new)),
        DiffEntry(patient="w1", service="consult", what="new", to=_placing(w1)),
    ]  # fmt: skip
    return plan_of(p1_new, p3_new, changes=changes)


def test_a_replan_texts_each_one_whose_day_changed_once() -> None:
    """p3's family keeps its time and room, so only the experts hear of it; w1 is not in
    the scenario, so only its expert hears of it. Several changes make one text, at the
    soonest time still held."""
    scenario = _stop()
    messages = texts(scenario, change_notices(scenario, _replanned()), "zh")
    assert [(m.to, m.kind, m.values["time"]) for m in messages] == [
        ("expert:hem-1", "moved", "09:00"),
        ("family:fa", "moved", "10:00"),
        ("expert:hem-2", "moved", "11:00"),
    ]
    assert messages[2].values["name"] == "王医生"


def test_the_family_that_did_not_come_is_not_texted() -> None:
    """It is gone: a text about what it missed tells it nothing (the desk calls if need be);
    its expert is told the slot is free."""
    scenario = _stop()
    gone = _replanned().changes[1]
    messages = texts(scenario, change_notices(scenario, plan_of(changes=[gone])), "zh")
    assert [(m.to, m.kind, m.values["time"]) for m in messages] == [
        ("expert:hem-1", "cancelled", "09:30")
    ]
    assert "已取消" in messages[0].text


def test_the_consoles_files(tmp_path: Path) -> None:
    """Sun Mei's family has no phone: no row; Zhao Lei's number is written as it is dialled."""
    scenario = _stop()
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"),
                   booked("p3", "consult", ["hem-1"], "c2", "09:00", "09:30"),
                   booked("p4", "consult", ["hem-2"], "c1", "09:30", "10:00"))  # fmt: skip
    written = write_notify(scenario, plan, tmp_path, "zh", replanned=False)
    folder = tmp_path / "notify"
    assert sorted(p.name for p in written) == [
        "aliyun-reminder.xlsx", "sms.csv", "templates.txt", "tencent-reminder.xlsx",
    ]  # fmt: skip
    with (folder / "sms.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["to", "phone", "kind", "text", "chars", "parts"]
    assert [r[:3] for r in rows[1:]] == [["family:fa", "13900000001", "reminder"],
                                         ["family:fc", "13900000003", "reminder"]]  # fmt: skip
    assert all(int(r[4]) == len(r[3]) for r in rows[1:])
    aliyun = [list(r) for r in load_workbook(folder / "aliyun-reminder.xlsx").active.values]  # type: ignore[union-attr]
    tencent = [list(r) for r in load_workbook(folder / "tencent-reminder.xlsx").active.values]  # type: ignore[union-attr]
    assert aliyun == [
        ["手机号码", "name", "date", "time", "place", "contact"],
        ["13900000001", "王小明", "7月5日", "09:00", "昭通医院", "0870-2123456"],
        ["13900000003", "Zhao Lei", "7月5日", "09:00", "昭通医院", "0870-2123456"],
    ]
    assert tencent[0] == ["手机号码", "变量1", "变量2", "变量3", "变量4", "变量5"]
    assert tencent[1] == aliyun[1]  # the phone as text, then {1} {2} ... in template order
    templates = (folder / "templates.txt").read_text("utf-8")
    assert "aliyun:  您好：${name}的义诊安排在${date}，请于${time}到${place}。" in templates
    assert "tencent: 您好：{1}的义诊安排在{2}，请于{3}到{4}。咨询电话{5}" in templates


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{name}: see you {when}", "unknown variable {when}"),
        ("{name}: {date}, {time} or {date}", "{date} appears twice"),
        ("{name}: {date} {time}", "two variables side by side"),
        ("【义诊】{name}: {date}", "brackets"),
        ("{name}: your HLA typing on {date}", "would tell of health ('hla')"),
        ("{name}：{date}的地贫门诊", "would tell of health ('地贫')"),
        ("{name}: {date}, {time}, {place}", None),
    ],
)
def test_what_a_template_may_not_hold(template: str, problem: str | None) -> None:
    found = template_problem(template)
    assert (found is None) if problem is None else (problem in (found or "")), found
    if problem is None:
        assert Templates(reminder=template).reminder == template
        assert tencent_form(template) == "{1}: {2}, {3}, {4}"


def test_the_contact_is_a_number_and_the_signature_says_nothing_of_health() -> None:
    assert Notify(contact="+86 870-212 3456").contact == "+86 870-212 3456"
    with pytest.raises(ValueError, match="not a phone number: 'ask at the desk'"):
        Notify(contact="ask at the desk")
    with pytest.raises(ValueError, match="would tell of health"):
        Notify(signature_zh="【地贫义诊】")
