"""The sweep's page: served weight and households visited against the variants, then the
table. Self-contained: the chart is inline SVG, with no script and nothing from the network.

The variants of one `--vary` key (`teams=4,6,8`) form a series, joined by a line; variants
of different keys, or from a variants file, are not, as nothing lies between them. Along a
series with numbers in increasing order, a chart marks the variant after which the next
one adds less than `GAIN_THRESHOLD` (5 %): beyond it, adding more (teams, days) no longer
pays off.
The page is in the stop's language (`--lang`), from the `sheets` catalogs.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

from planner.model.variants import SweepRow
from planner.model.words import N_, translate, translator
from planner.printouts.html import environment

GAIN_THRESHOLD = 0.05
"""A gain below this share of the previous variant's value counts as no longer helping."""

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, INSET = 760, 230, 60, 20, 40, 40, 50
"""The chart's size, its margins, and how far in from the axes the first and last variants sit
(so their names are not cut), in SVG units."""

STATUSES = {
    "optimal": N_("proven best plan"),
    "feasible": N_("good plan"),
    "infeasible": N_("no plan possible"),
    "failed": N_("failed"),
}
"""A variant's status in words a coordinator understands."""


@dataclass(frozen=True)
class Point:
    """One variant on a chart: where it is drawn, and its value."""

    x: float
    y: float
    value: str


@dataclass(frozen=True)
class Chart:
    """One measure against the variants, in SVG coordinates."""

    measure: str
    title: str
    points: list[Point]
    lines: list[str]
    """One SVG polyline per series of two or more points (the variants of one key)."""
    labels: list[tuple[float, str]]
    ticks: list[tuple[float, str]]
    knees: list[tuple[float, str]]


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


def series(names: list[str]) -> list[list[int]]:
    """The variants' indexes in runs of one `--vary` key (`teams=2`, `teams=4`, ...).

    A variant not named KEY=VALUE (from a variants file) is a series of its own.
    """
    runs: list[list[int]] = []
    for index, name in enumerate(names):
        key, equals, _ = name.partition("=")
        if runs and equals and names[runs[-1][-1]].partition("=")[0:2] == (key, "="):
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def ordered(names: list[str]) -> bool:
    """Whether the variants' values are numbers in increasing order (`teams=2,4,6`)."""
    try:
        values = [float(name.partition("=")[2]) for name in names]
    except ValueError:
        return False
    return len(values) > 1 and all(a < b for a, b in itertools.pairwise(values))


ROUND_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)
"""Steps between ticks, times a power of ten, that read as round numbers."""


def whole_ticks(floor: float, top: float) -> list[float]:
    """Five tick values from `floor`, a round whole-number step apart, reaching `top`."""
    need = (top - floor) / 4
    power = 10 ** math.floor(math.log10(need)) if need > 1 else 1
    step = next(m * power for m in ROUND_STEPS if m * power >= need and m * power % 1 == 0)
    return [floor + step * k for k in range(5)]


def chart(
    measure: str, title: str, names: list[str], values: list[float | None],
    with_knee: bool = True, fmt: Callable[[float], str] = "{:g}".format, floor: float = 0.0,
    counts: bool = False,
) -> Chart:  # fmt: skip
    """A line chart of `values` (None where a variant failed) over the variant names.

    Args:
        measure: the measure's stable name (the CSV column), for the page's markup.
        with_knee: mark where more no longer pays off (for measures where more is better).
        fmt: how values and ticks are written.
        floor: the value at the bottom of the chart.
        counts: the values are counts: the ticks are whole numbers.
    """
    span = WIDTH - LEFT - RIGHT - 2 * INSET
    step = span / (len(names) - 1) if len(names) > 1 else 0.0
    xs = [LEFT + INSET + step * i if len(names) > 1 else WIDTH / 2 for i in range(len(names))]
    top = max([v for v in values if v is not None] or [1.0]) or 1.0
    if counts:
        tick_values = whole_ticks(floor, top)
    else:
        tick_values = [floor + (top - floor) * k / 4 for k in range(5)]
    scale = (HEIGHT - TOP - BOTTOM) / max(tick_values[-1] - floor, 1e-9)

    def y(value: float) -> float:
        return round(HEIGHT - BOTTOM - (value - floor) * scale, 1)

    drawn = {i: Point(round(xs[i], 1), y(v), fmt(v)) for i, v in enumerate(values) if v is not None}
    runs = series(names)
    lines = [" ".join(f"{drawn[i].x},{drawn[i].y}" for i in run if i in drawn) for run in runs]
    knees = []
    for run in runs if with_knee else []:
        at = knee([values[i] for i in run]) if ordered([names[i] for i in run]) else None
        if at is not None:
            knees.append((round(xs[run[at]], 1), names[run[at]]))
    return Chart(
        measure, title, list(drawn.values()), [line for line in lines if " " in line],
        [(round(x, 1), name) for x, name in zip(xs, names, strict=True)],
        [(y(v), fmt(v)) for v in tick_values], knees,
    )  # fmt: skip


def simulated_charts(rows: list[SweepRow], lang: str) -> list[Chart]:
    """The simulated p90 finish, p90 waiting and walk-ins turned away (less is better)."""
    names = [row.variant for row in rows]
    finish = [None if row.sim_p90_finish is None else _minutes(row.sim_p90_finish) for row in rows]
    known = [v for v in finish if v is not None]
    floor = max(0.0, (min(known) // 60 - 1) * 60) if known else 0.0
    return [
        chart("sim_p90_finish", translate(lang, "Simulated p90 finish (last day)"), names,
              finish, False, _clock, floor),
        chart("sim_p90_wait_min", translate(lang, "Simulated p90 family waiting (min)"), names,
              [row.sim_p90_wait_min for row in rows], False),
        chart("sim_walk_ins_turned_away", translate(lang, "Simulated walk-ins turned away (mean)"),
              names, [row.sim_walk_ins_turned_away for row in rows], False),
    ]  # fmt: skip


def _minutes(clock: str) -> float:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def sweep_page(rows: list[SweepRow], scenario: str, source: str, lang: str = "zh") -> str:
    """The whole page as HTML text, in `lang` ('zh' or 'en')."""
    names = [row.variant for row in rows]
    weight = [None if row.served_weight is None else float(row.served_weight) for row in rows]
    visited = [
        None if row.households_visited is None else float(row.households_visited) for row in rows
    ]
    charts = [
        chart("served_weight", translate(lang, "Served weight"), names, weight, counts=True),
        chart("households_visited", translate(lang, "Households visited"), names, visited,
              counts=True),
    ]  # fmt: skip
    simulated = any(row.sim_p90_wait_min is not None for row in rows)
    if simulated:
        charts += simulated_charts(rows, lang)
    template = environment().get_template("sweep.html.j2")
    return template.render(
        scenario=scenario, source=source, rows=rows, charts=charts,
        knees={name for c in charts for _, name in c.knees}, simulated=simulated,
        threshold=f"{GAIN_THRESHOLD:.0%}", width=WIDTH, height=HEIGHT, left=LEFT, right=RIGHT,
        bottom=BOTTOM, html_lang="zh-CN" if lang == "zh" else "en", _=translator(lang).gettext,
        status=lambda status: translate(lang, STATUSES[status]) if status in STATUSES else status,
    )  # fmt: skip
