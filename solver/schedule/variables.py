"""The CP-SAT variables of the stop schedule, created once and named for reading logs.

Time is in slots (see `grid.py`). Each job has a presence literal, a start and an optional
interval; each (job, skill, expert) an assignment literal; each (job, room pool) a choice
literal; each expert and working day a lunch interval; each training a start, lecturer and
hall literals. The mandatory parts (trainings, lunches) hang on `required` literals so
that an infeasible scenario can be explained by the small set of them that conflict.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.model import Expert, LunchRule, Training
from planner.model.spans import intersect
from solver.schedule.grid import Grid, Spans, starts
from solver.schedule.instance import Instance, Job, Pool

LinearExpr = cp_model.LinearExprT


def domain_of(spans: Spans) -> cp_model.Domain:
    """A CP-SAT domain from half-open spans of start slots."""
    return cp_model.Domain.from_intervals([[a, b - 1] for a, b in spans])


def start_within(
    model: cp_model.CpModel, start: cp_model.IntVar, spans: Spans, when: cp_model.IntVar
) -> None:
    """When `when` holds, `start` is one of the start slots in `spans`."""
    if spans:
        model.add_linear_expression_in_domain(start, domain_of(spans)).only_enforce_if(when)
    else:
        model.add_bool_or([when.negated()])


@dataclass
class JobVars:
    """A job's variables."""

    job: Job
    present: cp_model.IntVar
    start: cp_model.IntVar
    interval: cp_model.IntervalVar
    pools: dict[str, cp_model.IntVar] = field(default_factory=dict)
    assign: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    busy: dict[str, cp_model.IntVar] = field(default_factory=dict)
    days: dict[dt.date, cp_model.IntVar] = field(default_factory=dict)

    def member_start(self, index: int) -> LinearExpr:
        """When the `index`-th member's own appointment starts."""
        return self.start + index * self.job.unit


@dataclass
class LunchVars:
    """An expert's lunch on one date."""

    expert: Expert
    day: dt.date
    required: cp_model.IntVar
    start: cp_model.IntVar
    interval: cp_model.IntervalVar
    length: int


@dataclass
class TrainingVars:
    """A training's variables."""

    training: Training
    required: cp_model.IntVar
    start: cp_model.IntVar
    length: int
    lecturer: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    teaches: dict[str, cp_model.IntVar] = field(default_factory=dict)
    intervals: dict[str, cp_model.IntervalVar] = field(default_factory=dict)
    halls: dict[str, cp_model.IntVar] = field(default_factory=dict)
    hall_intervals: dict[str, cp_model.IntervalVar] = field(default_factory=dict)


@dataclass
class Variables:
    """All variables of one model."""

    model: cp_model.CpModel
    instance: Instance
    jobs: list[JobVars]
    lunches: list[LunchVars]
    trainings: list[TrainingVars]
    expert_intervals: dict[str, list[cp_model.IntervalVar]]
    pool_demands: dict[str, list[tuple[cp_model.IntervalVar, int]]]
    relaxed: dict[str, list[int]] | None = None
    """The time-indexed LP's solution (`rules.add_relaxation_bound`): per job it serves,
    the start slots it takes; None when it was not solved."""

    @property
    def servable(self) -> int:
        """The weight served when every job is (jobs with a static problem never are)."""
        return sum(jv.job.weight for jv in self.jobs)

    def job_of(self, patient_id: str, service_id: str) -> tuple[JobVars, int] | None:
        """The job that books a patient's need and the patient's place in it (for
        `JobVars.member_start`); None when the need can never be served."""
        return next(
            (
                (jv, index)
                for jv in self.jobs
                if jv.job.service.id == service_id
                for index, member in enumerate(jv.job.members)
                if member.id == patient_id
            ),
            None,
        )


def create_variables(model: cp_model.CpModel, instance: Instance) -> Variables:
    """Every variable of the model, with the static domains built in."""
    jobs = [_job_vars(model, job) for job in instance.jobs if not job.problem]
    lunches = _lunch_vars(model, instance)
    trainings = [_training_vars(model, instance, t) for t in instance.scenario.trainings]
    expert_intervals: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
    pool_demands: dict[str, list[tuple[cp_model.IntervalVar, int]]] = defaultdict(list)
    for jv in jobs:
        _expert_and_pool_choices(model, instance, jv, expert_intervals, pool_demands)
    for lunch in lunches:
        expert_intervals[lunch.expert.id].append(lunch.interval)
    for tv in trainings:
        for expert_id, interval in tv.intervals.items():
            expert_intervals[expert_id].append(interval)
        for pool_id, interval in tv.hall_intervals.items():
            pool = next(p for p in instance.pools if p.id == pool_id)
            pool_demands[pool_id].append((interval, pool.capacity))
    return Variables(model, instance, jobs, lunches, trainings, expert_intervals, pool_demands)


def _job_vars(model: cp_model.CpModel, job: Job) -> JobVars:
    present = model.new_bool_var(f"serve[{job.id}]")
    start = model.new_int_var_from_domain(domain_of(job.domain), f"start[{job.id}]")
    interval = model.new_optional_fixed_size_interval_var(
        start, job.length, present, f"job[{job.id}]"
    )
    return JobVars(job, present, start, interval)


def _expert_and_pool_choices(
    model: cp_model.CpModel,
    instance: Instance,
    jv: JobVars,
    expert_intervals: dict[str, list[cp_model.IntervalVar]],
    pool_demands: dict[str, list[tuple[cp_model.IntervalVar, int]]],
) -> None:
    job = jv.job
    for skill, experts in job.experts.items():
        for expert in experts:
            name = f"assign[{job.id},{skill},{expert.id}]"
            jv.assign[(skill, expert.id)] = model.new_bool_var(name)
    for expert_id in sorted({e for _, e in jv.assign}):
        lits = [lit for (_, e), lit in jv.assign.items() if e == expert_id]
        busy = lits[0] if len(lits) == 1 else model.new_bool_var(f"busy[{job.id},{expert_id}]")
        if len(lits) > 1:
            model.add(busy == sum(lits))
        jv.busy[expert_id] = busy
        expert_intervals[expert_id].append(
            model.new_optional_fixed_size_interval_var(
                jv.start, job.length, busy, f"work[{job.id},{expert_id}]"
            )
        )
    for pool in _usable_pools(job):
        _pool_choice(model, jv, pool, pool_demands)


def _usable_pools(job: Job) -> list[Pool]:
    return [p for p in job.pools if intersect(job.domain, starts(p.open, job.length))]


def _pool_choice(
    model: cp_model.CpModel,
    jv: JobVars,
    pool: Pool,
    pool_demands: dict[str, list[tuple[cp_model.IntervalVar, int]]],
) -> None:
    job = jv.job
    if len(_usable_pools(job)) == 1:
        jv.pools[pool.id] = jv.present
        pool_demands[pool.id].append((jv.interval, 1))
        return
    choice = model.new_bool_var(f"room[{job.id},{pool.id}]")
    jv.pools[pool.id] = choice
    interval = model.new_optional_fixed_size_interval_var(
        jv.start, job.length, choice, f"in[{job.id},{pool.id}]"
    )
    pool_demands[pool.id].append((interval, 1))


def _lunch_vars(model: cp_model.CpModel, instance: Instance) -> list[LunchVars]:
    scenario, grid = instance.scenario, instance.grid
    lunches = []
    for expert in scenario.experts:
        rule = scenario.lunch_for(expert)
        if rule is None:
            continue
        length = grid.slots(rule.duration_min)
        for day in sorted({h.date for h in expert.available}):
            lo, hi = lunch_window(grid, rule, day)
            name = f"lunch[{expert.id},{day}]"
            required = model.new_bool_var(f"required_{name}")
            start = model.new_int_var(lo, max(lo, hi), name)
            if hi < lo:
                model.add_bool_or([required.negated()])
            interval = model.new_optional_fixed_size_interval_var(
                start, length, required, f"{name}"
            )
            lunches.append(LunchVars(expert, day, required, start, interval, length))
    return lunches


def _training_vars(model: cp_model.CpModel, instance: Instance, training: Training) -> TrainingVars:
    grid = instance.grid
    length = grid.slots(training.duration_min)
    lo, hi = course_window(grid, training)
    required = model.new_bool_var(f"required_training[{training.id}]")
    start = model.new_int_var(lo, max(lo, hi), f"training[{training.id}]")
    if hi < lo:
        model.add_bool_or([required.negated()])
    tv = TrainingVars(training, required, start, length)
    for skill in training.lecturers:
        for expert in instance.scenario.experts:
            if skill in expert.skills:
                name = f"lecturer[{training.id},{skill},{expert.id}]"
                tv.lecturer[(skill, expert.id)] = model.new_bool_var(name)
    for expert_id in sorted({e for _, e in tv.lecturer}):
        lits = [lit for (_, e), lit in tv.lecturer.items() if e == expert_id]
        teaches = model.new_bool_var(f"teaches[{training.id},{expert_id}]")
        model.add(teaches == sum(lits))
        tv.teaches[expert_id] = teaches
        tv.intervals[expert_id] = model.new_optional_fixed_size_interval_var(
            start, length, teaches, f"lecture[{training.id},{expert_id}]"
        )
    for pool in instance.hall_pools.get(training.id, []):
        hall = model.new_bool_var(f"hall[{training.id},{pool.id}]")
        tv.halls[pool.id] = hall
        tv.hall_intervals[pool.id] = model.new_optional_fixed_size_interval_var(
            start, length, hall, f"in_hall[{training.id},{pool.id}]"
        )
    return tv


def lunch_window(grid: Grid, rule: LunchRule, day: dt.date) -> tuple[int, int]:
    """First and last start slot of a lunch break wholly inside its window (the rule is
    the lunch variable's domain; a lunch with no start cannot be required)."""
    lo = grid.ceil(day, rule.window.start_min)
    return lo, grid.floor(day, rule.window.end_min) - grid.slots(rule.duration_min)


def course_window(grid: Grid, training: Training) -> tuple[int, int]:
    """First and last start slot of a course wholly inside its window on its date (the
    course variable's domain)."""
    lo = grid.ceil(training.date, training.window.start_min)
    hi = grid.floor(training.date, training.window.end_min - training.duration_min)
    return lo, hi
