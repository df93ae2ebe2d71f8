"""What `planner simulate` writes: `simulation.json` and the chart page `simulation.html`.

The page stands alone: its charts are inline SVG drawn from a Jinja2 template, with no
script and nothing from the network, in Chinese or English.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from planner.model import Scenario
from planner.model.simulation import Comparison, DayFigures, Simulation
from planner.model.variability import Variability
from planner.printouts.html import environment
from planner.printouts.simulation_labels import WORDS

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 760, 240, 56, 16, 36, 44
"""The charts' size and margins, in SVG units."""
FINISH_BIN_MIN = 10
LABEL_CHAR_PX = 7.0
"""About the width of a label's character: longer labels are cut to their bar's width."""


@dataclass(frozen=True)
class Bar:
    """One bar: its box, its label under the axis, and its value above it."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    mark: float | None = None
    """The height (SVG y) of a second figure drawn on the bar (the p90)."""


@dataclass(frozen=True)
class BarChart:
    """A bar chart in SVG coordinates, with its y ticks and an optional vertical line."""

    title: str
    kind: str
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    line: tuple[float, str] | None = None


def bar_chart(title: str, kind: str, labels: list[str], values: list[float],
              marks: list[float] | None = None, line_at: float | None = None,
              line_label: str = "") -> BarChart:  # fmt: skip
    """Bars of `values` over `labels`; `marks` (same scale) as ticks; a line before bar
    number `line_at` (fractional)."""
    step_y = nice_step(max([*values, *(marks or []), 0.0]) / 4)
    top = step_y * 4
    inner = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(len(values), 1)

    def y(value: float) -> float:
        return round(HEIGHT - BOTTOM - value / top * inner, 1)

    bars = [
        Bar(round(LEFT + step * k + step * 0.1, 1), y(v), round(step * 0.8, 1),
            round(v / top * inner, 1), _fit(label, step * _bars_to_next(labels, k)), _short(v),
            None if marks is None else y(marks[k]))
        for k, (label, v) in enumerate(zip(labels, values, strict=True))
    ]  # fmt: skip
    ticks = [(y(step_y * k), _short(step_y * k)) for k in range(5)]
    line = None if line_at is None else (round(LEFT + step * line_at, 1), line_label)
    return BarChart(title, kind, bars, ticks, line)


def _bars_to_next(labels: list[str], k: int) -> int:
    """How many bars the label of bar k may spread over: up to the next label."""
    later = [j for j in range(k + 1, len(labels)) if labels[j]]
    return (later[0] if later else len(labels)) - k


def _fit(label: str, width: float) -> str:
    """The label, cut with an ellipsis to about `width` SVG units."""
    room = max(5, int(width / LABEL_CHAR_PX))  # a clock time always fits
    return label if len(label) <= room else label[: room - 1] + "…"


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `raw` (> 0)."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw * (1 - 1e-9))


def _short(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def clock(minutes: float) -> str:
    """HH:MM of minutes after midnight."""
    whole = round(minutes)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def finish_chart(day: DayFigures, words: dict[str, str]) -> BarChart:
    """The share of runs that finish in each ten minutes of the day, and the planned finish."""
    low = int(min(day.finish_min) // FINISH_BIN_MIN) * FINISH_BIN_MIN
    high = int(max(day.finish_min) // FINISH_BIN_MIN) * FINISH_BIN_MIN
    low = min(low, int(day.planned_finish_min // FINISH_BIN_MIN) * FINISH_BIN_MIN)
    edges = list(range(low, high + FINISH_BIN_MIN, FINISH_BIN_MIN))
    counts = [0] * len(edges)
    for value in day.finish_min:
        counts[min(int((value - low) // FINISH_BIN_MIN), len(edges) - 1)] += 1
    at = (day.planned_finish_min - low) / FINISH_BIN_MIN
    title = f"{words['finish_chart']} · {day.date.isoformat()}"
    labels = [clock(e) if k % max(1, len(edges) // 10) == 0 else "" for k, e in enumerate(edges)]
    shares = [100 * c / max(len(day.finish_min), 1) for c in counts]
    return bar_chart(title, "finish", labels, shares, line_at=at,
                     line_label=f"{words['planned']} {clock(day.planned_finish_min)}")  # fmt: skip


def charts(simulation: Simulation, names: dict[str, str], words: dict[str, str]) -> list[BarChart]:
    """Every chart of the page, in order."""
    out = [finish_chart(day, words) for day in simulation.days]
    hist = simulation.wait_histogram
    labels = [f"{e:.0f}" + ("+" if k == len(hist.counts) - 1 else "")
              for k, e in enumerate(hist.edges[:-1])]  # fmt: skip
    total = max(sum(hist.counts), 1)
    shares = [100 * c / total for c in hist.counts]
    out.append(bar_chart(words["wait_chart"], "wait", labels, shares))
    experts = simulation.experts
    out.append(bar_chart(words["overtime_chart"], "overtime",
                         [names.get(e.expert, e.expert) for e in experts],
                         [e.mean for e in experts], marks=[e.p90 for e in experts]))  # fmt: skip
    for day in simulation.days:
        out.append(bar_chart(f"{words['queue_chart']} · {day.date.isoformat()}", "queue",
                             [f"{h.hour:02d}" for h in day.queue], [h.mean for h in day.queue],
                             marks=[h.p90 for h in day.queue]))  # fmt: skip
    return out


def simulation_page(scenario: Scenario, simulation: Simulation, variability: Variability,
                    lang: str, comparison: Comparison | None = None) -> str:  # fmt: skip
    """The whole page as HTML text."""
    words = WORDS[lang]
    names = {e.id: (e.name_zh or e.name) if lang == "zh" else e.name for e in scenario.experts}
    stop = (scenario.name_zh or scenario.name) if lang == "zh" else scenario.name
    return environment().get_template("simulation.html.j2").render(
        t=words, stop=stop, s=simulation, charts=charts(simulation, names, words),
        comparison=comparison, clock=clock, variability=_variability_rows(variability),
        width=WIDTH, height=HEIGHT, left=LEFT, right=RIGHT, bottom=BOTTOM, top=TOP,
    )  # fmt: skip


def _variability_rows(variability: Variability) -> list[tuple[str, str]]:
    data = variability.model_dump()
    return [(key, ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict)
             else str(value)) for key, value in data.items()]  # fmt: skip


def simulation_json(scenario: Scenario, simulation: Simulation, variability: Variability,
                    comparison: Comparison | None = None) -> dict[str, Any]:  # fmt: skip
    """`DIR/simulation.json`: the keys of DESIGN.md ("Simulating a day") and more."""
    data = {
        "scenario": scenario.name,
        "runs": simulation.runs,
        "seed": simulation.seed,
        **figures_json(scenario, simulation),
        "variability": variability.model_dump(),
        "wall_s": simulation.wall_s,
    }
    if comparison is not None:
        data["compare"] = {
            "plan_b": figures_json(scenario, comparison.b),
            "differences": [
                {"measure": d.measure, "mean": d.mean, "ci95": [d.low, d.high], "better": d.better}
                for d in comparison.differences
            ],
        }
    return data


def figures_json(scenario: Scenario, simulation: Simulation) -> dict[str, Any]:
    """The figures of one plan."""
    w = simulation.walk_ins
    return {
        "appointments": simulation.appointments,
        "served": simulation.served.as_dict(),
        "delay_min": simulation.delay_min.as_dict(),
        "overtime_min": simulation.overtime_min.as_dict(),
        "overtime_by_expert": [
            {
                "expert": e.expert,
                "mean": round(e.mean, 2),
                "p90": round(e.p90, 2),
                "share_of_runs": round(e.share, 3),
            }
            for e in simulation.experts
        ],
        "finish": _finish_json(scenario, simulation.days),
        "wait_min": simulation.wait_min.as_dict(),
        "walk_ins": {
            "arrived": w.arrived.as_dict(),
            "served": w.served.as_dict(),
            "turned_away": w.turned_away.as_dict(),
            "needs_fitted": w.needs_fitted.as_dict(),
            "needs_unfitted": w.needs_unfitted.as_dict(),
            "wait_min": None if w.wait_min is None else w.wait_min.as_dict(),
        },
        "queue_by_hour": [
            {
                "date": d.date.isoformat(),
                "hour": h.hour,
                "mean": round(h.mean, 2),
                "p90": round(h.p90, 2),
            }
            for d in simulation.days
            for h in d.queue
        ],
    }


def _finish_json(scenario: Scenario, days: tuple[DayFigures, ...]) -> dict[str, Any]:
    """The last day's finish as local ISO times (every day's under `days`)."""

    def one(day: DayFigures) -> dict[str, Any]:
        f = day.finish
        moment = {k: _iso(scenario, day.date, getattr(f, k)) for k in ("mean", "p10", "p50", "p90")}
        return {"date": day.date.isoformat(),
                "planned": _iso(scenario, day.date, day.planned_finish_min), **moment,
                "over_planned_min": day.over_planned_min.as_dict()}  # fmt: skip

    if not days:
        return {}
    return {**one(days[-1]), "days": [one(day) for day in days]}


def _iso(scenario: Scenario, date: dt.date, minutes: float) -> str:
    return scenario.at(date, round(minutes)).isoformat()
