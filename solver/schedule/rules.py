"""The hard rules between the schedule's variables, one function each, in a registry.

`HARD_RULES` lists the `add_*` constraints in the order they are added. Rules built
into the jobs and their start slots (family blocks, sibling runs, stays, opening hours,
experts on duty) are in `instance.py`'s registries; `model.RULES` is the whole table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from planner.model.spans import inside, intersect, merge, minus
from solver.limits import RELAXATION_MAX_S, RELAXATION_MIN_JOBS, RELAXED_LEAST
from solver.schedule.buffers import Hour, capped_hours, most_overlap
from solver.schedule.grid import starts
from solver.schedule.relaxation import Relaxation
from solver.schedule.variables import JobVars, LunchVars, Variables, start_within

Rule = Callable[[Variables], None]


def add_service_staffing(v: Variables) -> None:
    """A served job has one expert per skill it needs; nobody covers two skills."""
    for jv in v.jobs:
        for skill in jv.job.service.needs:
            lits = [lit for (s, _), lit in jv.assign.items() if s == skill]
            v.model.add(sum(lits) == jv.present)


def add_room_choice(v: Variables) -> None:
    """A served job is in exactly one room pool of its kind."""
    for jv in v.jobs:
        if list(jv.pools.values()) != [jv.present]:
            v.model.add(sum(jv.pools.values()) == jv.present)


def add_expert_hours(v: Variables) -> None:
    """An expert works only within their hours: each appointment and each lecture they
    take starts where all of it lies inside them."""
    available = v.instance.available
    for jv in v.jobs:
        for expert_id, busy in jv.busy.items():
            fits = starts(available[expert_id], jv.job.length)
            if intersect(jv.job.domain, fits) != jv.job.domain:
                start_within(v.model, jv.start, fits, busy)
    for tv in v.trainings:
        for expert_id, teaches in tv.teaches.items():
            start_within(v.model, tv.start, starts(available[expert_id], tv.length), teaches)


def add_room_hours(v: Variables) -> None:
    """A room is used only while its venue is open: a job's pool and a course's hall."""
    pools = {pool.id: pool for pool in v.instance.pools}
    for jv in v.jobs:
        if list(jv.pools.values()) == [jv.present]:
            continue  # one usable pool: its hours are already in the job's domain
        for pool_id, choice in jv.pools.items():
            fits = starts(pools[pool_id].open, jv.job.length)
            if intersect(jv.job.domain, fits) != jv.job.domain:
                start_within(v.model, jv.start, fits, choice)
    for tv in v.trainings:
        for pool_id, hall in tv.halls.items():
            start_within(v.model, tv.start, merge(starts(pools[pool_id].open, tv.length)), hall)


def add_expert_no_overlap(v: Variables) -> None:
    """An expert does one thing at a time: appointments, lectures and lunch."""
    for intervals in v.expert_intervals.values():
        if len(intervals) > 1:
            v.model.add_no_overlap(intervals)


def add_room_capacity(v: Variables) -> None:
    """A pool holds at most rooms x parallel at once; a course fills its whole hall."""
    for pool in v.instance.pools:
        demands = v.pool_demands.get(pool.id, [])
        if pool.capacity == 1:
            v.model.add_no_overlap([interval for interval, _ in demands])
        elif demands:
            v.model.add_cumulative(
                [interval for interval, _ in demands],
                [demand for _, demand in demands],
                pool.capacity,
            )


def add_patient_no_overlap(v: Variables) -> None:
    """A patient is in one appointment at a time."""
    own: dict[str, list] = defaultdict(list)
    for jv in v.jobs:
        for index, patient in enumerate(jv.job.members):
            if len(jv.job.members) == 1:
                own[patient.id].append(jv.interval)
                continue
            own[patient.id].append(
                v.model.new_optional_fixed_size_interval_var(
                    jv.member_start(index), jv.job.unit, jv.present, f"visit[{jv.job.id},{index}]"
                )
            )
    for intervals in own.values():
        if len(intervals) > 1:
            v.model.add_no_overlap(intervals)


def add_after_order(v: Variables) -> None:
    """A service starts after those it must follow end, when both are served."""
    where = {
        (p.id, jv.job.service.id): (jv, i) for jv in v.jobs for i, p in enumerate(jv.job.members)
    }
    for (patient_id, _), (jv, index) in where.items():
        for before in jv.job.service.after:
            if (patient_id, before) not in where:
                continue
            bv, b_index = where[(patient_id, before)]
            v.model.add(
                jv.member_start(index) >= bv.member_start(b_index) + bv.job.unit
            ).only_enforce_if([jv.present, bv.present])


def add_siblings_back_to_back(v: Variables) -> None:
    """The served siblings of a run are seen back to back, in any order.

    The run spans [first, last): it holds every served sibling's appointment and is
    exactly as long as they are together. As the appointments never overlap, they fill
    it end to end. A sibling who does not fit is left out without the others.
    """
    runs: dict[str, list[JobVars]] = defaultdict(list)
    for jv in v.jobs:
        if jv.job.run is not None:
            runs[jv.job.run].append(jv)
    for run, members in runs.items():
        if len(members) < 2:
            continue
        lo = min(jv.job.domain[0][0] for jv in members)
        hi = max(jv.job.domain[-1][1] + jv.job.length for jv in members)
        first = v.model.new_int_var(lo, hi, f"run_first[{run}]")
        last = v.model.new_int_var(lo, hi, f"run_last[{run}]")
        for jv in members:
            v.model.add(first <= jv.start).only_enforce_if(jv.present)
            v.model.add(last >= jv.start + jv.job.length).only_enforce_if(jv.present)
        v.model.add(last - first == sum(jv.job.length * jv.present for jv in members))
        v.model.add_no_overlap([jv.interval for jv in members])


def add_expert_max_patients(v: Variables) -> None:
    """An expert sees at most their daily limit of patients."""
    seen: dict[tuple[str, dt.date], list] = defaultdict(list)
    for jv in v.jobs:
        for day, on_day in day_literals(v, jv).items():
            for expert_id, busy in jv.busy.items():
                if on_day is jv.present:
                    seen[(expert_id, day)].append((busy, len(jv.job.members)))
                    continue
                both = v.model.new_bool_var(f"busy_on[{jv.job.id},{expert_id},{day}]")
                v.model.add_bool_and([busy, on_day]).only_enforce_if(both)
                v.model.add_bool_or([busy.negated(), on_day.negated()]).only_enforce_if(
                    both.negated()
                )
                seen[(expert_id, day)].append((both, len(jv.job.members)))
    for (expert_id, _), terms in seen.items():
        limit = v.instance.scenario.max_patients_for(v.instance.expert(expert_id))
        if limit is not None and sum(n for _, n in terms) > limit:
            v.model.add(sum(n * lit for lit, n in terms) <= limit)


def add_expert_buffers(v: Variables) -> None:
    """In every clock hour an expert holds at most 60 - free minutes of appointments.

    For each (job, expert, hour) the job can reach, `in_hour` is at least the minutes of
    the hour it takes with that expert: the least of its length when the expert takes it,
    its end less the hour's start and the hour's end less its start (below zero when it
    misses the hour), and the hour itself. Without `buffers` no hour is capped and
    nothing is added: the model is exactly as before.
    """
    slot = v.instance.grid.slot_min
    for expert_id, hours in capped_hours(v.instance).items():
        work = [jv for jv in v.jobs if expert_id in jv.busy]
        for hour in hours:
            reach = [(jv, most_overlap(jv.job, slot, hour)) for jv in work]
            reach = [(jv, most) for jv, most in reach if most > 0]
            if sum(most for _, most in reach) > hour.cap:
                used = [_in_hour(v, jv, expert_id, hour, most) for jv, most in reach]
                v.model.add(sum(used) <= hour.cap)


def _in_hour(v: Variables, jv: JobVars, expert_id: str, hour: Hour, most: int) -> cp_model.IntVar:
    slot, length = v.instance.grid.slot_min, jv.job.length * v.instance.grid.slot_min
    name = f"{jv.job.id},{expert_id},{hour.label}"
    first, last = jv.job.domain[0][0] * slot, (jv.job.domain[-1][1] - 1) * slot
    low = min(0, first + length - hour.start, hour.end - last)
    least = v.model.new_int_var(low, most, f"hour_least[{name}]")
    ends: list[cp_model.LinearExprT] = [length * jv.busy[expert_id],
                                        jv.start * slot + length - hour.start,
                                        hour.end - jv.start * slot]  # fmt: skip
    if length > hour.end - hour.start:
        ends.append(hour.end - hour.start)  # a job longer than the hour fills it at most
    v.model.add_min_equality(least, ends)
    used = v.model.new_int_var(0, most, f"in_hour[{name}]")
    v.model.add(used >= least)
    return used


def day_literals(v: Variables, jv: JobVars) -> dict[dt.date, cp_model.IntVar]:
    """Which date a served job falls on: the presence literal itself when only one."""
    if jv.days:
        return jv.days
    grid = v.instance.grid
    days = sorted({grid.day_of(a) for a, _ in jv.job.domain})
    if len(days) == 1:
        jv.days = {days[0]: jv.present}
        return jv.days
    for day in days:
        lit = v.model.new_bool_var(f"on[{jv.job.id},{day}]")
        day_span = [(grid.floor(day, 0), grid.floor(day, 0) + grid.per_day)]
        start_within(v.model, jv.start, intersect(jv.job.domain, day_span), lit)
        jv.days[day] = lit
    v.model.add(sum(jv.days.values()) == jv.present)
    return jv.days


def add_skill_capacity(v: Variables) -> None:
    """Redundant: at no time do more jobs need a skill than experts with it are free.

    Each job takes a distinct expert per skill, so for every skill (and every set of
    skills a service needs together) the experts used by jobs, plus the experts'
    off-duty hours, lunches and lectures, never exceed the number of experts who have
    them. This adds nothing to the rules but gives the solver a much stronger bound on
    how many needs can be served. One constraint per date keeps the bound tight when a
    stop lasts several days.
    """
    grid = v.instance.grid
    by_day: dict[dt.date, list[JobVars]] = defaultdict(list)
    for jv in v.jobs:
        if jv.job.experts:
            for day in sorted({grid.day_of(a) for a, _ in jv.job.domain}):
                by_day[day].append(jv)
    for day, jobs in sorted(by_day.items()):
        groups = {frozenset([s]) for jv in jobs for s in jv.job.service.needs}
        groups |= {frozenset(jv.job.service.needs) for jv in jobs}
        for group in sorted(groups, key=sorted):
            _group_capacity(v, day, jobs, group)


def _group_capacity(v: Variables, day: dt.date, jobs: list[JobVars], group: frozenset) -> None:
    """The cumulative of one skill group on one date."""
    experts = [e for e in v.instance.scenario.experts if group & set(e.skills)]
    demands = [(jv.interval, len(group & set(jv.job.service.needs))) for jv in jobs]
    demands = [(interval, d) for interval, d in demands if d]
    if len(demands) < 2:
        return
    first = min(jv.job.domain[0][0] for jv in jobs)
    last = max(jv.job.domain[-1][1] + jv.job.length for jv in jobs)
    for e in experts:
        demands += [(i, 1) for i in _off_duty(v, v.instance.available[e.id], first, last, e.id)]
        demands += [
            (lunch.interval, 1)
            for lunch in v.lunches
            if lunch.expert.id == e.id and lunch.day == day and _lunch_on_duty(v, lunch)
        ]
        demands += [
            (tv.intervals[e.id], 1)
            for tv in v.trainings
            if e.id in tv.intervals and tv.training.date == day
        ]
    v.model.add_cumulative([i for i, _ in demands], [d for _, d in demands], len(experts))


def _off_duty(
    v: Variables, on_duty: list[tuple[int, int]], first: int, last: int, name: str
) -> list[cp_model.IntervalVar]:
    """Fixed intervals covering [first, last) outside the on-duty spans."""
    gaps = minus([(first, last)], on_duty)
    return [v.model.new_fixed_size_interval_var(a, b - a, f"off[{name},{a}]") for a, b in gaps]


def _lunch_on_duty(v: Variables, lunch: LunchVars) -> bool:
    """Whether the whole lunch window lies inside the expert's hours (so no double count)."""
    rule = v.instance.scenario.lunch_for(lunch.expert)
    assert rule is not None
    grid = v.instance.grid
    window = (
        grid.floor(lunch.day, rule.window.start_min),
        grid.ceil(lunch.day, rule.window.end_min),
    )
    return inside(window, v.instance.available[lunch.expert.id])


def add_relaxation_bound(v: Variables) -> None:
    """Redundant: the weight served is at most the optimum of the time-indexed LP
    (`relaxation.py`), which every plan with its lunches and courses satisfies. CP-SAT's
    own bound, from the cumulatives' energy, was 6 % above it on two-day stops. The LP's
    solution is kept for the search (`Variables.relaxed`, `guided.py`)."""
    if len(v.jobs) < RELAXATION_MIN_JOBS:
        return  # CP-SAT proves such stops by itself; building the LP only slows that
    relaxation = Relaxation(v.instance)
    status, _, bound, servable = relaxation.solve(RELAXATION_MAX_S)
    if status == "optimal":
        v.relaxed = relaxation.support(RELAXED_LEAST)
    if bound < servable:
        served = sum(jv.job.weight * jv.present for jv in v.jobs)
        v.model.add(served <= math.floor(bound + 1e-6))


def add_training_staffing(v: Variables) -> None:
    """A course has one lecturer per listed skill and one hall that seats everyone."""
    for tv in v.trainings:
        for skill in tv.training.lecturers:
            lits = [lit for (s, _), lit in tv.lecturer.items() if s == skill]
            v.model.add(sum(lits) == tv.required)
        v.model.add(sum(tv.halls.values()) == tv.required)


HARD_RULES: list[Rule] = [
    add_service_staffing,
    add_room_choice,
    add_expert_hours,
    add_room_hours,
    add_expert_no_overlap,
    add_room_capacity,
    add_patient_no_overlap,
    add_after_order,
    add_siblings_back_to_back,
    add_expert_max_patients,
    add_expert_buffers,
    add_training_staffing,
    add_skill_capacity,
    add_relaxation_bound,
]
"""Every hard rule that links variables, in the order they are added."""
