"""The experts' tour calendars, read back with icalendar: the words in the tour's language."""

from __future__ import annotations

import re
from pathlib import Path

from icalendar import Calendar

from planner.model.tour import Tour, TourExpertAssignment
from planner.printouts.tour_calendars import write_tour_calendars
from tests.support.tours import TOUR, tour_plan

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _events(folder: Path, expert: str) -> list:
    calendar = Calendar.from_ical((folder / f"{expert}.ics").read_bytes())
    return list(calendar.walk("VEVENT"))


def _written(tmp_path: Path, lang: str) -> Path:
    """Both experts' calendars, with Dr Zhao going to Longyan with Dr Lin as well."""
    plan = tour_plan()
    plan.stops[0].experts.append(TourExpertAssignment(expert="zhao", skill="screening"))
    write_tour_calendars(Tour.model_validate(TOUR), plan, tmp_path / lang, lang)
    return tmp_path / lang


def test_chinese_summaries_and_descriptions(tmp_path: Path) -> None:
    folder = _written(tmp_path, "zh")
    lin = _events(folder, "lin")
    assert [str(e["SUMMARY"]) for e in lin] == ["龙岩站：血液科", "三明站：血液科"]
    assert [str(e["LOCATION"]) for e in lin] == ["龙岩", "三明"]
    assert str(lin[0]["DESCRIPTION"]).splitlines() == [
        "巡诊：Three stops", "龙岩，共 2 天", "同行专家：Dr Zhao（筛查）"
    ]  # fmt: skip
    assert str(lin[1]["DESCRIPTION"]).splitlines()[1:] == ["三明，共 1 天"]  # alone there
    zhao = _events(folder, "zhao")
    assert [str(e["SUMMARY"]) for e in zhao] == ["龙岩站：筛查", "昭通站：筛查"]
    assert "同行专家：林医生（血液科）" in str(zhao[0]["DESCRIPTION"])
    for event in lin + zhao:
        assert not re.search("[A-Za-z]", str(event["SUMMARY"]))
    calendar = Calendar.from_ical((folder / "lin.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "林医生 · Three stops"


def test_english_summaries_and_descriptions(tmp_path: Path) -> None:
    folder = _written(tmp_path, "en")
    lin = _events(folder, "lin")
    assert [str(e["SUMMARY"]) for e in lin] == [
        "Longyan stop: hematology", "Sanming stop: hematology"
    ]  # fmt: skip
    assert str(lin[0]["DESCRIPTION"]).splitlines() == [
        "Tour: Three stops", "2 days in Longyan", "Also going: Dr Zhao (screening)"
    ]  # fmt: skip
    assert str(lin[1]["DESCRIPTION"]).splitlines()[1] == "1 day in Sanming"
    for expert in ("lin", "zhao"):
        for event in _events(folder, expert):
            for key in ("SUMMARY", "DESCRIPTION", "LOCATION"):
                assert not CHINESE.search(str(event[key])), (expert, key)


def test_the_uids_do_not_depend_on_the_language(tmp_path: Path) -> None:
    zh, en = _written(tmp_path, "zh"), _written(tmp_path, "en")
    for expert in ("lin", "zhao"):
        uids = [[str(e["UID"]) for e in _events(folder, expert)] for folder in (zh, en)]
        assert uids[0] == uids[1] and len(set(uids[0])) == len(uids[0])
