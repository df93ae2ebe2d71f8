"""The neighbourhoods of the clinic-day LNS: which part of the plan one step may change.

A neighbourhood frees the choices (presence, start, experts, room pool) of some jobs,
the start of some lunches and the choices of some courses; every other choice of the
model is held at the incumbent plan (`sub_model`). Each kind is one function
that draws a neighbourhood from the incumbent, and `KINDS` lists them in order:

- `expert_day`: every job one expert could do on one date, and the expert's lunch;
- `room_afternoon`: one room pool's afternoon, its bookings there and every unserved
  job that could go there (identical rooms form one pool, `instance.py`);
- `time_window`: every booking that overlaps a two-hour window, in every room, every
  unserved job that could, and the lunches within it;
- `severity_class`: every job on one date of patients of one severity;
- `course`: a course's start, lecturers and hall, with the jobs around it of every
  expert who could teach it, so that another may teach and the one freed see patients.

A freed job may move anywhere its domain allows, but only into the gaps that the held
bookings leave. A neighbourhood larger than the search can finish in one step is cut to
its jobs nearest in time to one of them (`trimmed`), so that a step frees a compact
piece of the day; `lns.Search` learns per kind how many jobs a step can take.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.schedule.days import fixed_at
from solver.schedule.variables import JobVars, LunchVars, TrainingVars, Variables

AFTERNOON_MIN = 13 * 60
"""An afternoon starts at 13:00."""

WINDOW_MIN = 120
"""The length of a `time_window`."""

WINDOW_FIRST_MIN, WINDOW_LAST_MIN = 8 * 60, 16 * 60
"""The earliest and latest starts of a `time_window`, on the hour."""

Values = list[int]
"""A solution: each variable's value, by index."""


@dataclass(frozen=True)
class Neighbourhood:
    """What one LNS step frees: jobs, lunches and courses, by position in `Variables`."""

    kind: str
    name: str
    jobs: frozenset[int]
    lunches: frozenset[int]
    trainings: frozenset[int] = frozenset()


def job_days(v: Variables, jv: JobVars) -> set[dt.date]:
    """The dates a job could fall on."""
    grid = v.instance.grid
    return {grid.day_of(a) for a, _ in jv.job.domain} | {
        grid.day_of(b - 1) for _, b in jv.job.domain
    }


def job_choices(jv: JobVars) -> list[cp_model.IntVar]:
    """A job's choice variables: presence, start, room pools, experts."""
    return [jv.present, jv.start, *jv.pools.values(), *jv.assign.values()]


def freed(v: Variables, hood: Neighbourhood) -> set[int]:
    """The indices of the variables a neighbourhood frees."""
    out = {var.index for i in hood.jobs for var in job_choices(v.jobs[i])}
    out |= {var.index for i in hood.trainings for var in course_choices(v.trainings[i])}
    return out | {v.lunches[i].start.index for i in hood.lunches}


def course_choices(tv: TrainingVars) -> list[cp_model.IntVar]:
    """A course's choices besides whether it is held: its start, lecturers and hall."""
    return [tv.start, *tv.lecturer.values(), *tv.halls.values()]


def all_choices(v: Variables) -> set[int]:
    """The indices of every choice variable of the model: jobs, lunches and courses."""
    out = {var.index for jv in v.jobs for var in job_choices(jv)}
    out |= {var.index for lunch in v.lunches for var in (lunch.required, lunch.start)}
    for tv in v.trainings:
        out |= {var.index for var in (tv.required, *course_choices(tv))}
    return out


def sub_model(v: Variables, values: Values, hood: Neighbourhood) -> cp_model.CpModel:
    """A copy of the model with every choice outside `hood` held at `values`."""
    return fixed_at(v.model, values, all_choices(v) - freed(v, hood))


def trimmed(
    v: Variables, values: Values, hood: Neighbourhood, size: int, rng: random.Random
) -> Neighbourhood:
    """`hood` cut to its `size` jobs nearest in time to one of them drawn at random (a
    booked job at its start, an unserved one at its earliest start), with the lunches
    that start within the span those jobs cover; `hood` itself when no larger."""
    if len(hood.jobs) <= size:
        return hood
    when = {i: _when(v.jobs[i], values) for i in sorted(hood.jobs)}
    anchor = when[rng.choice(list(when))]
    kept = sorted(when, key=lambda i: (abs(when[i] - anchor), i))[:size]
    lo = min(when[i] for i in kept)
    hi = max(when[i] + v.jobs[i].job.length for i in kept)
    lunches = frozenset(i for i in hood.lunches if lo <= values[v.lunches[i].start.index] < hi)
    name = f"{hood.name}, {size} jobs"
    return Neighbourhood(hood.kind, name, frozenset(kept), lunches, hood.trainings)


def _when(jv: JobVars, values: Values) -> int:
    """A job's slot: its start when booked, else its earliest start."""
    return values[jv.start.index] if values[jv.present.index] else jv.job.domain[0][0]


def _dates(v: Variables) -> list[dt.date]:
    return sorted({day for jv in v.jobs for day in job_days(v, jv)})


def _overlaps(start: int, length: int, lo: int, hi: int) -> bool:
    return start < hi and start + length > lo


def _could_overlap(jv: JobVars, lo: int, hi: int) -> bool:
    """Whether some start of the job's domain overlaps [lo, hi)."""
    return any(a < hi and b - 1 + jv.job.length > lo for a, b in jv.job.domain)


def _in_window(v: Variables, values: Values, lo: int, hi: int, pool: str | None) -> set[int]:
    """The jobs booked within [lo, hi) (in `pool`, if given), and the unserved ones that
    could be (there)."""
    out = set()
    for i, jv in enumerate(v.jobs):
        if pool is not None and pool not in jv.pools:
            continue
        if values[jv.present.index]:
            there = pool is None or values[jv.pools[pool].index] == 1
            if there and _overlaps(values[jv.start.index], jv.job.length, lo, hi):
                out.add(i)
        elif _could_overlap(jv, lo, hi):
            out.add(i)
    return out


def _lunches(v: Variables, keep: Callable[[LunchVars], bool]) -> frozenset[int]:
    return frozenset(i for i, lunch in enumerate(v.lunches) if keep(lunch))


def of_expert_day(v: Variables, expert: str, day: dt.date) -> Neighbourhood:
    """Every job `expert` could do on `day`, and the expert's lunch that day."""
    jobs = frozenset(
        i for i, jv in enumerate(v.jobs) if expert in jv.busy and day in job_days(v, jv)
    )
    lunches = _lunches(v, lambda lunch: lunch.expert.id == expert and lunch.day == day)
    return Neighbourhood("expert_day", f"{expert} on {day}", jobs, lunches)


def of_room_afternoon(v: Variables, values: Values, pool: str, day: dt.date) -> Neighbourhood:
    """A room pool's afternoon on `day`: the jobs booked there then, and the unserved
    ones that could be."""
    grid = v.instance.grid
    lo, hi = grid.floor(day, AFTERNOON_MIN), grid.floor(day, 0) + grid.per_day
    jobs = frozenset(_in_window(v, values, lo, hi, pool))
    return Neighbourhood("room_afternoon", f"{pool} on {day} afternoon", jobs, frozenset())


def of_time_window(v: Variables, values: Values, day: dt.date, minute: int) -> Neighbourhood:
    """`WINDOW_MIN` from `minute` of `day`, in every room: the jobs booked then, the
    unserved ones that could be, and the lunches that start then."""
    grid = v.instance.grid
    lo, hi = grid.floor(day, minute), grid.floor(day, minute + WINDOW_MIN)
    jobs = frozenset(_in_window(v, values, lo, hi, None))
    lunches = _lunches(v, lambda lunch: lo <= values[lunch.start.index] < hi)
    name = f"{grid.clock(lo)}-{grid.clock(hi)} on {day}"
    return Neighbourhood("time_window", name, jobs, lunches)


def of_severity(v: Variables, severity: str, day: dt.date) -> Neighbourhood:
    """Every job on `day` with a patient of `severity`."""
    jobs = frozenset(
        i
        for i, jv in enumerate(v.jobs)
        if day in job_days(v, jv) and any(p.severity == severity for p in jv.job.members)
    )
    return Neighbourhood("severity_class", f"{severity} on {day}", jobs, frozenset())


def of_course(v: Variables, values: Values, index: int) -> Neighbourhood:
    """A held course (by position in `v.trainings`): its choices, and within `WINDOW_MIN`
    either side of it, the jobs booked or unserved that one of the experts who could teach
    it could do, and their lunches."""
    tv = v.trainings[index]
    start = values[tv.start.index]
    pad = v.instance.grid.slots(WINDOW_MIN)
    lo, hi = start - pad, start + tv.length + pad
    teachers = set(tv.teaches)
    jobs = frozenset(
        i for i in _in_window(v, values, lo, hi, None) if teachers & set(v.jobs[i].busy)
    )
    lunches = _lunches(
        v, lambda lunch: lunch.expert.id in teachers and lo <= values[lunch.start.index] < hi
    )
    name = f"{tv.training.id} at {v.instance.grid.clock(start)}"
    return Neighbourhood("course", name, jobs, lunches, frozenset([index]))


def expert_day(v: Variables, values: Values, rng: random.Random) -> Neighbourhood | None:
    """One expert's day, drawn among the experts and dates of the jobs."""
    pairs = sorted({(e, day) for jv in v.jobs for e in jv.busy for day in job_days(v, jv)})
    return of_expert_day(v, *rng.choice(pairs)) if pairs else None


def room_afternoon(v: Variables, values: Values, rng: random.Random) -> Neighbourhood | None:
    """One room pool's afternoon, drawn among the pools and dates of the jobs."""
    pools = sorted({p for jv in v.jobs for p in jv.pools})
    if not pools:
        return None
    return of_room_afternoon(v, values, rng.choice(pools), rng.choice(_dates(v)))


def time_window(v: Variables, values: Values, rng: random.Random) -> Neighbourhood | None:
    """One time window across all rooms, drawn among the dates and the hours from
    `WINDOW_FIRST_MIN` to `WINDOW_LAST_MIN`."""
    if not v.jobs:
        return None
    minute = rng.randrange(WINDOW_FIRST_MIN, WINDOW_LAST_MIN + 1, 60)
    return of_time_window(v, values, rng.choice(_dates(v)), minute)


def severity_class(v: Variables, values: Values, rng: random.Random) -> Neighbourhood | None:
    """One severity class on one date, drawn among those of the jobs."""
    pairs = sorted(
        {(p.severity, day) for jv in v.jobs for p in jv.job.members for day in job_days(v, jv)}
    )
    return of_severity(v, *rng.choice(pairs)) if pairs else None


def course(v: Variables, values: Values, rng: random.Random) -> Neighbourhood | None:
    """One course, drawn among those the incumbent holds."""
    held = [i for i, tv in enumerate(v.trainings) if values[tv.required.index]]
    return of_course(v, values, rng.choice(held)) if held else None


Kind = Callable[[Variables, Values, random.Random], Neighbourhood | None]
"""Draws one neighbourhood of its kind from the incumbent (None: the model has none)."""

KINDS: list[Kind] = [expert_day, room_afternoon, time_window, severity_class, course]
"""Every kind of neighbourhood, in the order the adaptive choice lists them."""
