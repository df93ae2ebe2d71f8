"""Replaying a plan many times under chance, and two plans on the same chance."""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable

import numpy as np

from planner.model import Plan, Scenario
from planner.model.simulation import Comparison, Difference, Simulation
from planner.model.variability import Variability
from solver.simulate import figures as fig
from solver.simulate.chance import Chance, draw
from solver.simulate.desk import Booking, Desk
from solver.simulate.replay import Replayed, replay
from solver.simulate.timeline import Timeline, timeline_of

DEFAULT_RUNS = 1000

MEASURES: tuple[tuple[str, str], ...] = (
    ("served", "more"),
    ("mean_delay_min", "less"),
    ("p90_delay_min", "less"),
    ("overtime_min", "less"),
    ("last_finish_min", "less"),
    ("mean_wait_min", "less"),
    ("walk_ins_turned_away", "less"),
)
"""Run-level measures compared between two plans, and which way is better."""


def simulate(
    scenario: Scenario, plan: Plan, variability: Variability, runs: int = DEFAULT_RUNS,
    seed: int = 0,
) -> Simulation:  # fmt: skip
    """Replay `plan` `runs` times under `variability`, from `seed` alone.

    The same scenario, plan, variability, runs and seed give the same figures.
    """
    started = time.perf_counter()
    timeline = timeline_of(scenario, plan)
    chance = draw(timeline, variability, runs, seed)
    bookings, fitted, missed = _desk(timeline, plan, chance)
    replayed = replay(timeline, variability, chance, bookings)
    return _summary(timeline, chance, replayed, fitted, missed, seed, started)


def _desk(
    timeline: Timeline, plan: Plan, chance: Chance
) -> tuple[list[list[tuple[int, Booking]]], list[list[int]], list[list[int]]]:
    """Each run's walk-ins fitted, in order of arrival, into the published plan."""
    if not any(chance.walk_ins):
        empty: list[list[int]] = [[] for _ in range(chance.runs)]
        return [[] for _ in range(chance.runs)], empty, [list(r) for r in empty]
    desk = Desk(timeline, plan)
    bookings, fitted, missed = [], [], []
    for walk_ins in chance.walk_ins:
        book = desk.base.copy()
        found: list[tuple[int, Booking]] = []
        fitted_run, missed_run = [], []
        for walk_in in walk_ins:
            booked, unfitted = desk.fit(book, walk_in)
            found += [(walk_in.number, b) for b in booked]
            fitted_run.append(len(booked))
            missed_run.append(unfitted)
        bookings.append(found)
        fitted.append(fitted_run)
        missed.append(missed_run)
    return bookings, fitted, missed


def _summary(
    timeline: Timeline, chance: Chance, replayed: Replayed, fitted: list[list[int]],
    missed: list[list[int]], seed: int, started: float,
) -> Simulation:  # fmt: skip
    served = fig.served(replayed, timeline)
    delays = fig.delays(replayed, timeline)
    per_expert = fig.overtime(replayed, timeline)
    waits = fig.family_waits(replayed, timeline, chance)
    days = fig.days(replayed, timeline, chance)
    walk_ins = fig.walk_in_figures(chance, fitted, missed, replayed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a run without values gives 0
        per_run = {
            "served": served,
            "mean_delay_min": _rows(delays, np.nanmean),
            "p90_delay_min": _rows(delays, lambda a, axis: np.nanpercentile(a, 90, axis=axis)),
            "overtime_min": per_expert.sum(axis=0),
            "last_finish_min": np.max([d.finish_min for d in days], axis=0) if days else served * 0,
            "mean_wait_min": _rows(waits, np.nanmean),
            "walk_ins_turned_away": np.array(
                [sum(1 for n in run if n == 0) for run in fitted], float
            ),
        }
    return Simulation(
        runs=chance.runs, seed=seed, appointments=len(timeline.appointments),
        served=fig.figures(served), delay_min=fig.figures(delays.ravel()),
        overtime_min=fig.figures(per_run["overtime_min"]), wait_min=fig.figures(waits.ravel()),
        wait_histogram=fig.histogram(waits.ravel()), days=days,
        experts=fig.expert_overtime(per_expert, timeline), walk_ins=walk_ins,
        per_run={k: tuple(float(x) for x in np.nan_to_num(v)) for k, v in per_run.items()},
        wall_s=round(time.perf_counter() - started, 3),
    )  # fmt: skip


def _rows(values: np.ndarray, reduce: Callable[..., np.ndarray]) -> np.ndarray:
    """A reduction of each row's finite values (0 for a row with none)."""
    if values.shape[1] == 0:
        return np.zeros(values.shape[0])
    out = reduce(values, axis=1)
    return np.where(np.isfinite(out), out, 0.0)


def compare(
    scenario: Scenario, plan_a: Plan, plan_b: Plan, variability: Variability,
    runs: int = DEFAULT_RUNS, seed: int = 0,
) -> Comparison:  # fmt: skip
    """Both plans on the same random numbers, and their paired differences (B less A)."""
    a = simulate(scenario, plan_a, variability, runs, seed)
    b = simulate(scenario, plan_b, variability, runs, seed)
    return Comparison(a, b, tuple(difference(a, b, m, better) for m, better in MEASURES))


def difference(a: Simulation, b: Simulation, measure: str, better: str) -> Difference:
    """The mean of B less A, run by run, with its 95 % confidence interval (normal)."""
    diffs = np.array(b.per_run[measure]) - np.array(a.per_run[measure])
    mean = float(diffs.mean()) if diffs.size else 0.0
    half = 1.96 * float(diffs.std(ddof=1)) / math.sqrt(diffs.size) if diffs.size > 1 else 0.0
    low, high = mean - half, mean + half
    won = "B" if (mean > 0) == (better == "more") else "A"
    verdict = "same" if low <= 0 <= high else won
    return Difference(measure, round(mean, 3), round(low, 3), round(high, 3), verdict)
