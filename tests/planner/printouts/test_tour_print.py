"""The tour printout: a strip for every month from the first window to the last."""

from __future__ import annotations

import re
from pathlib import Path

from planner.model.tour import Tour
from planner.printouts.tour_print import month_strips, write_tour_print
from planner.printouts.tour_rows import tour_months, tour_rows
from tests.planner.printouts.conftest import pdf_text, squeeze
from tests.support.tours import TOUR, tour_plan

MARCH_TO_NOVEMBER = [(2026, month) for month in range(3, 12)]


def test_every_month_from_the_first_window_to_the_last() -> None:
    tour, plan = Tour.model_validate(TOUR), tour_plan()
    assert tour_months(tour, plan) == MARCH_TO_NOVEMBER
    strips = month_strips(tour_rows(tour, plan, "en"))
    assert [s.label for s in strips] == [f"2026-{m:02d}" for m in range(3, 12)]
    busy = {s.label: [c.day for c in s.cells if c.stops] for s in strips}
    assert busy["2026-03"] == [7, 8, 14]
    assert busy["2026-11"] == [1, 2]  # the stop that starts on 1 November
    assert all(busy[f"2026-{m:02d}"] == [] for m in range(4, 11))  # empty months kept


def test_a_stop_running_into_the_next_month_and_a_later_window() -> None:
    data = {**TOUR, "stops": [*TOUR["stops"]]}
    data["stops"][2] = {**data["stops"][2], "window": {"from": "2026-10-01", "to": "2027-01-10"}}
    tour, plan = Tour.model_validate(data), tour_plan()
    plan.stops[0].end = plan.stops[0].start.replace(month=4, day=1)
    months = tour_months(tour, plan)
    assert months[0] == (2026, 3) and months[-2:] == [(2026, 12), (2027, 1)]
    strips = {s.label: s for s in month_strips(tour_rows(tour, plan, "en"))}
    assert strips["2026-04"].cells[0].stops == ["Longyan"]


def test_the_printout_shows_the_empty_months_and_the_november_stop(tmp_path: Path) -> None:
    html_path, pdf = write_tour_print(Tour.model_validate(TOUR), tour_plan(), tmp_path, "zh")
    html = html_path.read_text(encoding="utf-8")
    assert re.findall(r"<h2>(\d{4}-\d\d)</h2>", html) == [f"2026-{m:02d}" for m in range(3, 12)]
    text = squeeze(pdf_text(pdf))
    assert "2026-10" in text and "2026-11" in text
    assert "2026-11-01–2026-11-02" in text and "昭通" in text
    assert "筛查" in text and "screening" not in text  # the skill in Chinese
