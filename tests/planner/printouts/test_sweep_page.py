"""The sweep page: where adding more stops helping, and a page that stands alone."""

from __future__ import annotations

import re

from planner.model.variants import SweepRow, failed_row
from planner.printouts.sweep import knee, sweep_page


def row(name: str, weight: int, visited: int) -> SweepRow:
    return SweepRow(
        variant=name, status="feasible", needs_served=weight, needs_total=40,
        served_weight=weight, households_visited=visited, households_total=30,
        required_missed=30 - visited, drive_km=100.0, wall_s=5.0, violations=0,
    )  # fmt: skip


def test_knee_is_the_variant_after_which_the_next_adds_under_5_percent() -> None:
    assert knee([10, 20, 26, 27, 27]) == 2  # 26 -> 27 is +3.8 %
    assert knee([10, 20, 30]) is None
    assert knee([100, 104.9]) == 0
    assert knee([100, 105]) is None
    assert knee([10, None, 20, 20.5]) == 2  # a failed variant is skipped, not a zero


def test_page_marks_the_knee_on_each_chart_and_lists_every_variant() -> None:
    rows = [
        row("teams=2", 100, 10),
        row("teams=4", 150, 20),
        row("teams=6", 152, 28),
        failed_row("teams=8", "worker died"),
        row("teams=10", 153, 29),
    ]
    page = sweep_page(rows, scenario="Tiny stop", source="tiny.yaml")
    marks = re.findall(r'<line class="knee" data-variant="([^"]+)"', page)
    assert marks == ["teams=4", "teams=6"]  # served weight, then households visited
    assert page.count("<circle") == 8  # the failed variant has no point
    assert re.findall(r'<tr class="([^"]*)" data-variant="([^"]+)"', page) == [
        ("", "teams=2"), ("knee", "teams=4"), ("knee", "teams=6"), ("failed", "teams=8"),
        ("", "teams=10"),
    ]  # fmt: skip
    assert "worker died" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<script" not in page


def test_simulated_figures_get_charts_without_knees_and_columns() -> None:
    rows = [
        row("teams=2", 100, 10).model_copy(update={
            "sim_p90_finish": "17:40", "sim_p90_wait_min": 150.0,
            "sim_walk_ins_turned_away": 3.5}),
        row("teams=4", 150, 20).model_copy(update={
            "sim_p90_finish": "18:20", "sim_p90_wait_min": 151.0,
            "sim_walk_ins_turned_away": 3.5}),
    ]  # fmt: skip
    page = sweep_page(rows, scenario="Tiny stop", source="tiny.yaml")
    measures = re.findall(r'<svg class="chart" data-measure="([^"]+)"', page)
    assert measures[2:] == [
        "Simulated p90 finish (last day)",
        "Simulated p90 family waiting (min)",
        "Simulated walk-ins turned away (mean)",
    ]
    # flat simulated figures would mark a knee if less were not better for them
    assert page.count('<line class="knee"') == 0
    assert ">17:40<" in page and ">18:20<" in page and "<th>simulated p90 finish</th>" in page
    plain = sweep_page([row("teams=2", 100, 10)], scenario="Tiny stop", source="tiny.yaml")
    assert plain.count("<svg") == 2 and "simulated" not in plain
