"""The random numbers of every run, drawn at once and independently of any plan.

Each kind of chance has its own stream (`SeedSequence(seed).spawn`), and each draw is
keyed by what it is about (a family, a patient, a need, an expert's day), never by a
plan's items. So two plans of one stop replayed from one seed meet the same families,
late or absent, the same consultation lengths and the same walk-ins: their differences
are the plans' own (common random numbers). Nothing depends on threads or cores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from planner.model.variability import Variability
from solver.simulate.timeline import Timeline

STREAMS = ("absent", "late", "length", "expert", "walk_in", "walk_in_length")


@dataclass(frozen=True)
class WalkIn:
    """An unregistered patient at the desk: when, until when, what for, and the normal
    deviates of their consultations' lengths (one per need)."""

    number: int
    day: int
    arrival: float
    leaves: float
    services: tuple[str, ...]
    z: tuple[float, ...]


@dataclass(frozen=True)
class Chance:
    """What chance decides in each run (rows are runs).

    Attributes:
        absent: (runs, patients) whether each registered patient stays away.
        arrival: (runs, patients) when each patient arrives, in stop minutes.
        z: (runs, needs) standard normal deviates of each need's length.
        expert_ready: (runs, experts, days) when each expert is on site (-inf: not that day).
        walk_ins: per run, the walk-ins in order of arrival.
    """

    absent: np.ndarray
    arrival: np.ndarray
    z: np.ndarray
    expert_ready: np.ndarray
    walk_ins: list[list[WalkIn]]

    @property
    def runs(self) -> int:
        """How many runs."""
        return int(self.absent.shape[0])


def draw(timeline: Timeline, variability: Variability, runs: int, seed: int) -> Chance:
    """Every run's chance, from the seed alone."""
    streams = dict(
        zip(STREAMS, (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)),
            strict=True)
    )  # fmt: skip
    patients = timeline.scenario.patients
    no_show = np.array([variability.no_show_for(p.severity) for p in patients])
    family_draw = streams["absent"].random((runs, max(timeline.families, default=-1) + 1))
    # One draw per family: a family comes or stays away together where its members'
    # probabilities agree, and each member keeps their own probability.
    absent = family_draw[:, timeline.families] < no_show if patients else np.zeros((runs, 0), bool)
    late_mean = np.array([variability.late_for(p.severity) for p in patients])
    arrives = np.array([timeline.minutes(p.arrives) for p in patients])
    arrival = arrives + streams["late"].exponential(1.0, (runs, len(patients))) * late_mean
    z = streams["length"].standard_normal((runs, len(timeline.needs)))
    history = timeline.scenario.history
    if history is not None:  # a day under way: who was already seen is here, on time
        seen = {a.patient for a in history.appointments}
        here = [k for k, p in enumerate(patients) if p.id in seen]
        absent[:, here] = False
        arrival[:, here] = arrives[here]
    return Chance(absent, arrival, z, _expert_ready(timeline, variability, streams["expert"], runs),
                  _walk_ins(timeline, variability, streams, runs))  # fmt: skip


def _expert_ready(
    timeline: Timeline, variability: Variability, rng: np.random.Generator, runs: int
) -> np.ndarray:
    days = len(timeline.dates)
    ready = np.full((runs, len(timeline.experts), days), -np.inf)
    late = rng.random((runs, len(timeline.experts), days)) < variability.expert_late.probability
    for (expert, day), (start, _) in timeline.hours.items():
        if 0 <= day < days:
            ready[:, expert, day] = start + late[:, expert, day] * variability.expert_late.minutes
    return ready


def _walk_ins(
    timeline: Timeline, variability: Variability, streams: dict[str, np.random.Generator],
    runs: int,
) -> list[list[WalkIn]]:  # fmt: skip
    """Poisson arrivals over each day's opening hours, each with the needs of a random
    patient registered for that day (the day's mix of needs)."""
    scenario = timeline.scenario
    days = sorted(timeline.open_hours)
    pools = {d: [p for p in scenario.patients if timeline.day_of(timeline.minutes(p.arrives)) == d]
             for d in days}  # fmt: skip
    # On a day under way, walk-ins come from `now` on.
    now = timeline.minutes(scenario.history.now) if scenario.history else -np.inf
    spans = {d: (min(max(timeline.open_hours[d][0], now), timeline.open_hours[d][1]),
                 timeline.open_hours[d][1]) for d in days}  # fmt: skip
    hours = np.array([(spans[d][1] - spans[d][0]) / 60 for d in days])
    rate = variability.walk_ins_per_hour * hours * np.array([bool(pools[d]) for d in days])
    rng, lengths = streams["walk_in"], streams["walk_in_length"]
    counts = rng.poisson(rate, (runs, len(days))) if days else np.zeros((runs, 0), int)
    widest = max((len(p.needs) for p in scenario.patients), default=1)
    out: list[list[WalkIn]] = []
    number = 0
    for run in range(runs):
        found = []
        for k, day in enumerate(days):
            count = int(counts[run, k])
            start, close = spans[day]
            times = np.sort(start + rng.random(count) * (close - start))
            picks = (rng.random(count) * len(pools[day])).astype(int)
            zs = lengths.standard_normal((count, widest))
            for moment, pick, row in zip(times, picks, zs, strict=True):
                services = tuple(dict.fromkeys(pools[day][pick].needs))
                found.append(WalkIn(number, day, float(moment), close, services,
                                    tuple(float(v) for v in row[: len(services)])))  # fmt: skip
                number += 1
        out.append(found)
    return out


def lognormal_factor(z: np.ndarray | float, cv: float) -> np.ndarray | float:
    """exp(sigma z - sigma^2 / 2) with sigma^2 = ln(1 + cv^2): a lognormal factor of mean 1
    and coefficient of variation `cv` (exactly 1 when cv is 0)."""
    if cv <= 0:
        return np.ones_like(z) if isinstance(z, np.ndarray) else 1.0
    sigma = math.sqrt(math.log1p(cv * cv))
    return np.exp(sigma * z - sigma * sigma / 2)
