"""The sweep page: a line per `--vary` key, knees along ordered keys, whole-number ticks for
counts, the stop's language, and a page that stands alone."""

from __future__ import annotations

import re

from planner.model.variants import SweepRow, failed_row
from planner.printouts.sweep import knee, ordered, series, sweep_page, whole_ticks


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
    page = sweep_page(rows, scenario="Tiny stop", source="tiny.yaml", lang="en")
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
    page = sweep_page(rows, scenario="Tiny stop", source="tiny.yaml", lang="en")
    measures = re.findall(r'<svg class="chart" data-measure="([^"]+)"', page)
    assert measures[2:] == ["sim_p90_finish", "sim_p90_wait_min", "sim_walk_ins_turned_away"]
    assert "Simulated p90 finish (last day)" in page
    # flat simulated figures would mark a knee if less were not better for them
    assert page.count('<line class="knee"') == 0
    assert ">17:40<" in page and ">18:20<" in page and "<th>simulated p90 finish</th>" in page
    plain = sweep_page(
        [row("teams=2", 100, 10)], scenario="Tiny stop", source="tiny.yaml", lang="en"
    )
    assert plain.count("<svg") == 2 and "simulated" not in plain


def _lines(page: str) -> list[list[str]]:
    """Each chart's polylines, as their lists of points."""
    charts = page.split('<svg class="chart"')[1:]
    return [re.findall(r'<polyline class="line" points="([^"]*)"', c) for c in charts]


def test_only_variants_of_one_key_are_joined_by_a_line() -> None:
    rows = [
        row("as-planned", 90, 9),  # from a variants file: a series of its own
        row("teams=1", 100, 10),
        row("teams=2", 150, 20),
        row("teams=3", 160, 25),
        row("drop_expert=hem-1", 140, 20),
        row("drop_expert=hem-2", 120, 18),
    ]
    page = sweep_page(rows, scenario="Tiny stop", source="tiny.yaml", lang="en")
    for lines in _lines(page):
        assert [len(line.split()) for line in lines] == [3, 2]  # teams, then drop_expert
    assert series([r.variant for r in rows]) == [[0], [1, 2, 3], [4, 5]]


def test_a_knee_is_marked_along_one_ordered_key_only() -> None:
    # Across keys, 150 -> 151 would read as a knee after teams=4; it is not one.
    across = [row("teams=2", 100, 10), row("teams=4", 150, 20), row("drop_expert=a", 151, 20)]
    page = sweep_page(across, scenario="Tiny stop", source="tiny.yaml", lang="en")
    assert '<line class="knee"' not in page
    # An unordered key (experts dropped) has no knee, however flat.
    flat = [row("drop_expert=a", 100, 10), row("drop_expert=b", 100, 10)]
    page = sweep_page(flat, scenario="Tiny stop", source="tiny.yaml", lang="en")
    assert '<line class="knee"' not in page
    # Along teams=1,2,3 the served weight flattens after teams=2, on its own axis.
    rows = [row("teams=1", 100, 10), row("teams=2", 150, 20), row("teams=3", 152, 30),
            row("patients=1.0", 150, 20), row("patients=2.0", 220, 30)]  # fmt: skip
    page = sweep_page(rows, scenario="Tiny stop", source="tiny.yaml", lang="en")
    marks = re.findall(r'<line class="knee" data-variant="([^"]+)"', page)
    assert marks == ["teams=2"]
    assert not ordered(["teams=4", "teams=2"]) and not ordered(["drop_expert=hem-1", "x=2"])


def test_counts_have_whole_number_ticks() -> None:
    rows = [row("teams=1", 1, 1), row("teams=2", 3, 2), row("teams=3", 5, 3)]
    page = sweep_page(rows, scenario="Tiny stop", source="tiny.yaml", lang="en")
    for chart in page.split('<svg class="chart"')[1:3]:
        ticks = re.findall(r'<text x="54" y="[\d.]+" text-anchor="end">([^<]+)</text>', chart)
        assert len(ticks) == 5
        assert all(re.fullmatch(r"\d+", tick) for tick in ticks), ticks
        assert int(ticks[-1]) >= 3 and ticks[0] == "0"
    assert whole_ticks(0, 3) == [0, 1, 2, 3, 4] and whole_ticks(0, 9) == [0, 3, 6, 9, 12]
    assert whole_ticks(0, 229) == [0, 60, 120, 180, 240] and whole_ticks(0, 0) == [0, 1, 2, 3, 4]


ALLOWED_LATIN = {"p90", "vary", "zh", "CN"}
"""Latin words a Chinese page may hold beside the variants' and files' names."""


def test_the_chinese_page_has_no_english_sentence() -> None:
    rows = [
        row("teams=1", 100, 10).model_copy(update={
            "status": "optimal", "sim_p90_finish": "17:40", "sim_p90_wait_min": 150.0,
            "sim_walk_ins_turned_away": 3.5}),
        row("teams=2", 150, 20).model_copy(update={
            "sim_p90_finish": "18:20", "sim_p90_wait_min": 151.0,
            "sim_walk_ins_turned_away": 3.5}),
        row("teams=3", 152, 21),
        failed_row("teams=4", "worker died"),
    ]  # fmt: skip
    page = sweep_page(rows, scenario="龙岩站", source="longyan.yaml", lang="zh")
    assert '<html lang="zh-CN">' in page
    body = page.split("<body>")[1]
    text = re.sub(r"<[^>]+>", " ", body)
    for name in ["teams=1", "teams=2", "teams=3", "teams=4", "longyan.yaml", "worker died"]:
        text = text.replace(name, " ")
    english = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text)) - ALLOWED_LATIN
    assert english == set(), english
    assert "已证明的最优方案" in page and "良好方案" in page and "失败" in page
    assert "下一个方案增加不足" in page  # the knee's note, in Chinese
