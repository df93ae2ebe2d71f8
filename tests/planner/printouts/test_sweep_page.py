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
