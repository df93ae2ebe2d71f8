"""The rows behind every tour printout (workbook, HTML/PDF, calendars), built once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.model.tour import Tour, TourPlan
from planner.model.words import N_, translate

LABELS = {
    "en": {
        "html_lang": "en", "title": "The year's tour", "stops": "Stops", "stop": "Stop",
        "city": "City", "province": "Province", "start": "Start", "end": "End",
        "experts": "Experts", "skill": "Skill", "missing": "Missing", "reason": "Reason",
        "unfilled": "Unfilled needs", "unscheduled": "Unscheduled stops", "month": "Month",
        "expert": "Expert", "hospital": "Hospital", "trips": "Trips", "none": "none",
        "matrix": "Experts by month", "page": "page {page}", "days": "Dates",
    },
    "zh": {
        "html_lang": "zh-CN", "title": "全年巡诊", "stops": "站点", "stop": "站点",
        "city": "城市", "province": "省份", "start": "开始", "end": "结束",
        "experts": "专家", "skill": "专业", "missing": "缺少", "reason": "原因",
        "unfilled": "未满足的需求", "unscheduled": "未安排的站点", "month": "月份",
        "expert": "专家", "hospital": "医院", "trips": "行程", "none": "无",
        "matrix": "专家每月安排", "page": "第 {page} 页", "days": "日期",
    },
}  # fmt: skip
SKILLS = (N_("hematology"), N_("transplant"), N_("genetics"), N_("reproductive"),
          N_("screening"))  # fmt: skip
"""The skills of the shipped tours, in the catalogs; another skill prints as its id."""


@dataclass
class StopRow:
    """One scheduled stop with its experts grouped by skill."""

    stop: str
    city: str
    province: str
    start: dt.date
    end: dt.date
    by_skill: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Trip:
    """One stop of one expert."""

    stop: str
    city: str
    start: dt.date
    end: dt.date
    skill: str


@dataclass
class ExpertRow:
    """An expert and their trips in date order."""

    expert: str
    name: str
    hospital: str
    trips: list[Trip] = field(default_factory=list)


@dataclass
class TourRows:
    """Everything a tour printout shows."""

    labels: dict[str, str]
    stops: list[StopRow]
    experts: list[ExpertRow]
    months: list[tuple[int, int]]

    def skill(self, skill: str) -> str:
        """A skill's name in the printout's language."""
        return translate("zh" if self.labels["html_lang"] == "zh-CN" else "en", skill)


def tour_rows(tour: Tour, plan: TourPlan, lang: str) -> TourRows:
    """The rows of every tour printout in `lang` ('zh' or 'en')."""
    zh = lang == "zh"
    experts = {e.id: e for e in tour.experts}
    names = {e.id: (e.name_zh or e.name) if zh else e.name for e in tour.experts}
    rows, trips = [], {e.id: ExpertRow(e.id, names[e.id], e.hospital) for e in tour.experts}
    for planned in plan.stops:
        stop = tour.stop(planned.stop)
        city = (stop.city_zh or stop.city) if zh else stop.city
        row = StopRow(stop.id, city, stop.province or "", planned.start, planned.end)
        for seat in planned.experts:
            row.by_skill.setdefault(seat.skill, []).append(names[seat.expert])
            trips[seat.expert].trips.append(
                Trip(stop.id, city, planned.start, planned.end, seat.skill)
            )
        rows.append(row)
    ordered = [trips[e] for e in experts if trips[e].trips]
    return TourRows(LABELS[lang], rows, ordered, tour_months(tour, plan))


def tour_months(tour: Tour, plan: TourPlan) -> list[tuple[int, int]]:
    """Every (year, month) from the first stop's window to the last day of the tour.

    Months in which no stop starts are kept, so that the calendar has no gaps and a
    stop that runs on into a month (or a window nobody was scheduled in) still shows.
    """
    starts = [s.window.first for s in tour.stops] + [p.start for p in plan.stops]
    ends = [s.window.last for s in tour.stops] + [p.end for p in plan.stops]
    if not starts:
        return []
    first, last = min(starts), max(ends)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
