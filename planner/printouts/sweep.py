"""The sweep's page: served weight and households visited against the variants, then the
table. Self-contained: the chart is inline SVG, with no script and nothing from the network.

The page marks, on each chart, the variant after which the next one adds less than
`GAIN_THRESHOLD` (5 %): with variants in increasing order (`--vary teams=4,6,8,10`),
that is where adding more stops helping.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from planner.model.variants import SweepRow
from planner.printouts.html import environment

GAIN_THRESHOLD = 0.05
"""A gain below this share of the previous variant's value counts as no longer helping."""

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, INSET = 760, 230, 60, 20, 40, 40, 50
"""The chart's size, its margins, and how far in from the axes the first and last variants sit
(so their names are not cut), in SVG units."""


@dataclass(frozen=True)
class Point:
    """One variant on a chart: where it is drawn, and its value."""

    x: float
    y: float
    value: str


@dataclass(frozen=True)
class Chart:
    """One measure against the variants, in SVG coordinates."""

    title: str
    points: list[Point]
    labels: list[tuple[float, str]]
    ticks: list[tuple[float, str]]
    knee: tuple[float, str] | None


def knee(values: list[float | None], threshold: float = GAIN_THRESHOLD) -> int | None:
    """The first variant after which the next one gains less than `threshold` (None: none).

    Failed variants (None) are skipped: the gain is measured between the two variants
    around them that ran.
    """
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    for (index, value), (_, following) in itertools.pairwise(known):
        if following - value < threshold * max(abs(value), 1.0):
            return index
    return None


def chart(
    title: str, names: list[str], values: list[float | None], with_knee: bool = True,
    fmt: Callable[[float], str] = "{:g}".format, floor: float = 0.0,
) -> Chart:  # fmt: skip
    """A line chart of `values` (None where a variant failed) over the variant names.

    Args:
        with_knee: mark where more stops helping (for measures where more is better).
        fmt: how values and ticks are written.
        floor: the value at the bottom of the chart.
    """
    span = WIDTH - LEFT - RIGHT - 2 * INSET
    step = span / (len(names) - 1) if len(names) > 1 else 0.0
    xs = [LEFT + INSET + step * i if len(names) > 1 else WIDTH / 2 for i in range(len(names))]
    top = max([v for v in values if v is not None] or [1.0]) or 1.0
    scale = (HEIGHT - TOP - BOTTOM) / max(top - floor, 1e-9)

    def y(value: float) -> float:
        return round(HEIGHT - BOTTOM - (value - floor) * scale, 1)

    points = [
        Point(round(x, 1), y(v), fmt(v)) for x, v in zip(xs, values, strict=True) if v is not None
    ]
    ticks = [(y(floor + (top - floor) * k / 4), fmt(floor + (top - floor) * k / 4))
             for k in range(5)]  # fmt: skip
    at = knee(values) if with_knee else None
    marked = None if at is None else (round(xs[at], 1), names[at])
    labels = [(round(x, 1), name) for x, name in zip(xs, names, strict=True)]
    return Chart(title, points, labels, ticks, marked)


def simulated_charts(rows: list[SweepRow]) -> list[Chart]:
    """The simulated p90 finish, p90 waiting and walk-ins turned away (less is better)."""
    names = [row.variant for row in rows]
    finish = [None if row.sim_p90_finish is None else _minutes(row.sim_p90_finish) for row in rows]
    known = [v for v in finish if v is not None]
    floor = max(0.0, (min(known) // 60 - 1) * 60) if known else 0.0
    return [
        chart("Simulated p90 finish (last day)", names, finish, False, _clock, floor),
        chart("Simulated p90 family waiting (min)", names,
              [row.sim_p90_wait_min for row in rows], False),
        chart("Simulated walk-ins turned away (mean)", names,
              [row.sim_walk_ins_turned_away for row in rows], False),
    ]  # fmt: skip


def _minutes(clock: str) -> float:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def sweep_page(rows: list[SweepRow], scenario: str, source: str) -> str:
    """The whole page as HTML text."""
    names = [row.variant for row in rows]
    weight = [None if row.served_weight is None else float(row.served_weight) for row in rows]
    visited = [
        None if row.households_visited is None else float(row.households_visited) for row in rows
    ]
    charts = [chart("Served weight", names, weight), chart("Households visited", names, visited)]
    simulated = any(row.sim_p90_wait_min is not None for row in rows)
    if simulated:
        charts += simulated_charts(rows)
    template = environment().get_template("sweep.html.j2")
    return template.render(
        scenario=scenario, source=source, rows=rows, charts=charts,
        knees={c.knee[1] for c in charts if c.knee}, simulated=simulated,
        threshold=f"{GAIN_THRESHOLD:.0%}", width=WIDTH, height=HEIGHT, left=LEFT, right=RIGHT,
        bottom=BOTTOM,
    )  # fmt: skip
