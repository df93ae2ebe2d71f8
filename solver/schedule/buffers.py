"""The scenario's `buffers`: which clock hours of which experts are capped, and the
minutes of appointments a start puts into an hour.

Times here are grid minutes: slot `t` begins at minute `t * slot_min`, so a date's clock
hour `h` is `[midnight + 60 h, midnight + 60 h + 60)` with `midnight` the grid minute of
the date's slot 0. That holds for any `slot_min`, even one that divides neither 60 nor
1440 (the grid then gives each date a little more than 1440 minutes).
"""

from __future__ import annotations

from dataclasses import dataclass

from solver.schedule.grid import Spans
from solver.schedule.instance import Instance, Job


@dataclass(frozen=True)
class Hour:
    """One clock hour of one expert in grid minutes, and the appointment minutes it holds."""

    start: int
    end: int
    cap: int
    label: str
    """The date and clock hour, `2025-07-05 09:00`, for variable names."""


def capped_hours(instance: Instance) -> dict[str, list[Hour]]:
    """Each expert with free minutes: the clock hours of their availability, capped.

    Experts who keep no free minutes are left out, so without `buffers` this is empty.
    """
    scenario, grid = instance.scenario, instance.grid
    out: dict[str, list[Hour]] = {}
    for expert in scenario.experts:
        free = scenario.free_min_for(expert)
        if free == 0:
            continue
        hours: dict[int, Hour] = {}
        for a, b in instance.available[expert.id]:
            day = grid.day_of(a)
            midnight = grid.floor(day, 0) * grid.slot_min
            first, last = a * grid.slot_min - midnight, b * grid.slot_min - midnight
            for h in range(first // 60, (last + 59) // 60):
                start = midnight + 60 * h
                hours[start] = Hour(start, start + 60, 60 - free, f"{day} {h:02d}:00")
        out[expert.id] = [hours[start] for start in sorted(hours)]
    return out


def overlap(start_min: int, length_min: int, hour: Hour) -> int:
    """Minutes of `[start_min, start_min + length_min)` inside the hour."""
    return max(0, min(start_min + length_min, hour.end) - max(start_min, hour.start))


def most_overlap(job: Job, slot_min: int, hour: Hour) -> int:
    """The most minutes of the hour the job can take, over its start slots."""
    length = job.length * slot_min
    lo, hi = (hour.start - length) // slot_min, hour.end // slot_min + 1
    return max(
        (
            overlap(t * slot_min, length, hour)
            for a, b in job.domain
            for t in range(max(a, lo), min(b, hi))
        ),
        default=0,
    )


def keeps_buffers(hours: list[Hour], work: Spans, new: tuple[int, int], slot_min: int) -> bool:
    """Whether an appointment at slots `new` keeps every capped hour it touches within
    its cap, with the expert's appointments at slot spans `work`."""
    length = (new[1] - new[0]) * slot_min
    for hour in hours:
        if overlap(new[0] * slot_min, length, hour):
            used = sum(overlap(a * slot_min, (b - a) * slot_min, hour) for a, b in work)
            if used + overlap(new[0] * slot_min, length, hour) > hour.cap:
                return False
    return True
