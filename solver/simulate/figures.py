"""From the replayed runs to the figures a planner reads (`planner.model.simulation`)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from planner.model.simulation import (
    DayFigures,
    ExpertOvertime,
    Figures,
    Histogram,
    HourQueue,
    WalkInFigures,
)
from solver.simulate.chance import Chance
from solver.simulate.replay import Replayed
from solver.simulate.timeline import APPOINTMENT, BREAK, Timeline

WAIT_BINS = 16
WAIT_BIN_WIDTHS_MIN = (5, 10, 15, 20, 30, 45, 60, 90, 120)
"""The waiting histogram has WAIT_BINS bars of the narrowest of these widths that reaches
the 95th percentile (the last bar holds everything beyond)."""
QUEUE_STEP_MIN = 10
"""The queue is counted every this many minutes, and averaged per hour."""
_BLOCK = 1e7
"""Each run's times are shifted by run x _BLOCK so that one sorted array holds every run."""


def figures(values: np.ndarray) -> Figures:
    """Mean, p10, p50, p90 and max of the finite values (all zero when there are none)."""
    values = np.asarray(values, float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return Figures(0.0, 0.0, 0.0, 0.0, 0.0)
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return Figures(float(values.mean()), float(p10), float(p50), float(p90), float(values.max()))


def appointment_columns(timeline: Timeline) -> np.ndarray:
    """The columns of the plan's appointments."""
    return np.array(timeline.appointments, int)


def served(replayed: Replayed, timeline: Timeline) -> np.ndarray:
    """Per run, the plan's appointments that took place."""
    columns = appointment_columns(timeline)
    return np.isfinite(replayed.start[:, columns]).sum(axis=1).astype(float)


def delays(replayed: Replayed, timeline: Timeline) -> np.ndarray:
    """(runs, appointments) actual start less planned start (NaN where not held)."""
    columns = appointment_columns(timeline)
    planned = np.array([timeline.items[i].start for i in columns])
    return replayed.start[:, columns] - planned


def overtime(replayed: Replayed, timeline: Timeline) -> np.ndarray:
    """(experts, runs) minutes each expert works past their hours, summed over the days."""
    out = np.zeros((len(timeline.experts), replayed.start.shape[0]))
    for (expert, day), (_, end) in timeline.hours.items():
        if 0 <= day < len(timeline.dates):
            last = replayed.last_work[expert, day]
            out[expert] += np.where(np.isfinite(last), np.maximum(last - end, 0.0), 0.0)
    return out


def expert_overtime(per_expert: np.ndarray, timeline: Timeline) -> tuple[ExpertOvertime, ...]:
    """Each expert's overtime in brief, for the experts who work in the plan."""
    working = {e for item in timeline.items if item.kind != BREAK for e in item.experts}
    return tuple(
        ExpertOvertime(timeline.experts[e], float(per_expert[e].mean()),
                       float(np.percentile(per_expert[e], 90)), float((per_expert[e] > 0).mean()))
        for e in sorted(working)
    )  # fmt: skip


def family_waits(replayed: Replayed, timeline: Timeline, chance: Chance) -> np.ndarray:
    """(runs, families) each family's wait: the longest of its members' (arrival to the end
    of their last appointment, less the time being seen); NaN where nobody of it was seen."""
    by_patient: dict[int, list[int]] = defaultdict(list)
    for i, item in enumerate(timeline.items):
        if item.kind == APPOINTMENT and item.patient is not None:
            by_patient[item.patient].append(i)
    runs = replayed.start.shape[0]
    waits = np.full((runs, max(timeline.families, default=-1) + 1), np.nan)
    for patient, columns in by_patient.items():
        start, end = replayed.start[:, columns], replayed.end[:, columns]
        held = np.isfinite(start)
        last = np.where(held, end, -np.inf).max(axis=1)
        seen = np.where(held, end - start, 0.0).sum(axis=1)
        wait = np.where(held.any(axis=1), np.maximum(last - chance.arrival[:, patient] - seen, 0),
                        np.nan)  # fmt: skip
        family = timeline.families[patient]
        waits[:, family] = np.fmax(waits[:, family], wait)
    return waits


def histogram(values: np.ndarray, bins: int = WAIT_BINS) -> Histogram:
    """Counts per bin from 0, the bins as narrow as will reach the 95th percentile; the
    last bin holds everything beyond."""
    values = values[np.isfinite(values)]
    reach = float(np.percentile(values, 95)) if values.size else 0.0
    width = next((w for w in WAIT_BIN_WIDTHS_MIN if w * (bins - 1) >= reach),
                 WAIT_BIN_WIDTHS_MIN[-1])  # fmt: skip
    edges = np.arange(bins + 1) * width
    counts = np.histogram(np.minimum(values, edges[-1] - 1e-9), bins=edges)[0]
    return Histogram(tuple(float(e) for e in edges), tuple(int(c) for c in counts))


def days(replayed: Replayed, timeline: Timeline, chance: Chance) -> tuple[DayFigures, ...]:
    """Each day with work in the plan: its finish per run, and its queue by the hour."""
    out = []
    queue = _queue_counter(replayed, timeline, chance)
    for day, date in enumerate(timeline.dates):
        planned = [i.start + i.length for i in timeline.items if i.day == day and i.kind != BREAK]
        if not planned:
            continue
        last = replayed.day_last[day]
        finish = np.where(np.isfinite(last), last, max(planned)) - day * 1440
        planned_finish = max(planned) - day * 1440
        out.append(DayFigures(date, planned_finish, tuple(float(v) for v in finish),
                              figures(finish), figures(finish - planned_finish),
                              _hours(queue, timeline, day)))  # fmt: skip
    return tuple(out)


def _hours(queue: _Counter, timeline: Timeline, day: int) -> tuple[HourQueue, ...]:
    opens, closes = timeline.open_hours.get(day, (day * 1440 + 480, day * 1440 + 1020))
    hours = []
    for hour in range(int(opens // 60), int(np.ceil(closes / 60))):
        marks = np.arange(hour * 60, hour * 60 + 60, QUEUE_STEP_MIN, dtype=float)
        counts = queue.at(marks).mean(axis=1)  # (runs,) the hour's average queue per run
        hours.append(HourQueue(hour - day * 24, float(counts.mean()),
                               float(np.percentile(counts, 90))))  # fmt: skip
    return tuple(hours)


class _Counter:
    """How many patients wait at given moments, in every run at once: those who have
    arrived and are not done, less those being seen."""

    def __init__(self, runs: int) -> None:
        self.runs = runs
        self.parts: dict[str, list[np.ndarray]] = {"in": [], "out": []}
        self.sorted: dict[str, np.ndarray] = {}

    def add(self, runs: np.ndarray, moments: np.ndarray, sign: str) -> None:
        keep = np.isfinite(moments)
        self.parts[sign].append(runs[keep] * _BLOCK + moments[keep])
        self.sorted.pop(sign, None)

    def at(self, marks: np.ndarray) -> np.ndarray:
        """(runs, marks) how many wait at each mark."""
        queries = np.arange(self.runs)[:, None] * _BLOCK + marks[None, :]
        total = np.zeros(queries.shape)
        for sign, factor in (("in", 1), ("out", -1)):
            if sign not in self.sorted:
                self.sorted[sign] = np.sort(np.concatenate(self.parts[sign] or [np.zeros(0)]))
            total += factor * np.searchsorted(self.sorted[sign], queries, side="right")
        return total


def _queue_counter(replayed: Replayed, timeline: Timeline, chance: Chance) -> _Counter:
    runs = replayed.start.shape[0]
    counter = _Counter(runs)
    columns = appointment_columns(timeline)
    patients = np.array([timeline.items[i].patient for i in columns], int)
    start, end = replayed.start[:, columns], replayed.end[:, columns]
    grid = np.broadcast_to(np.arange(runs)[:, None], start.shape)
    # being seen: +1 at the end, -1 at the start
    counter.add(grid.ravel(), start.ravel(), "out")
    counter.add(grid.ravel(), end.ravel(), "in")
    for patient in np.unique(patients):
        held = np.isfinite(start[:, patients == patient])
        came = held.any(axis=1)
        last = np.where(held, end[:, patients == patient], -np.inf).max(axis=1)
        counter.add(np.arange(runs), np.where(came, chance.arrival[:, patient], np.nan), "in")
        counter.add(np.arange(runs), np.where(came, last, np.nan), "out")
    walk_ins: dict[tuple[int, int], list[float]] = {}
    for visit in replayed.walk_in_visits:
        known = walk_ins.setdefault((visit.run, visit.walk_in), [visit.arrival, visit.end])
        known[1] = max(known[1], visit.end)
        counter.add(np.array([visit.run]), np.array([visit.start]), "out")
        counter.add(np.array([visit.run]), np.array([visit.end]), "in")
    for (run, _), (arrival, last) in walk_ins.items():
        counter.add(np.array([run]), np.array([arrival]), "in")
        counter.add(np.array([run]), np.array([last]), "out")
    return counter


def walk_in_figures(chance: Chance, fitted: list[list[int]], missed: list[list[int]],
                    replayed: Replayed) -> WalkInFigures:  # fmt: skip
    """Per run: walk-ins who came, were fitted (at least one need), were turned away."""
    arrived = np.array([len(run) for run in chance.walk_ins], float)
    served_count = np.array([sum(1 for n in run if n > 0) for run in fitted], float)
    needs_fitted = np.array([sum(run) for run in fitted], float)
    needs_missed = np.array([sum(run) for run in missed], float)
    spans: dict[tuple[int, int], list[float]] = {}
    for v in replayed.walk_in_visits:
        known = spans.setdefault((v.run, v.walk_in), [v.arrival, v.end, 0.0])
        known[1] = max(known[1], v.end)
        known[2] += v.end - v.start
    waits = np.array([max(last - arrival - seen, 0.0) for arrival, last, seen in spans.values()])
    return WalkInFigures(
        figures(arrived), figures(served_count), figures(arrived - served_count),
        figures(needs_fitted), figures(needs_missed), figures(waits) if waits.size else None,
    )  # fmt: skip
