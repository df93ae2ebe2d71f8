"""The history of a day under way, pinned into the scheduler's model.

What started before `now` is not planned again: its needs are left out of the
scenario still to plan (`future_scenario`), and what it still occupies after `now`
(experts, rooms, lunch breaks, patients' time, experts' daily counts) is added to the
model as fixed intervals and tighter limits (`pin_history`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from planner.model import (
    Appointment,
    History,
    Scenario,
    TimeRange,
    Training,
    TrainingSession,
    Unserved,
)
from solver.schedule.grid import Grid
from solver.schedule.rules import day_literals
from solver.schedule.variables import Variables


def now_of(scenario: Scenario) -> dt.datetime:
    """The aware moment of re-planning (the scenario must have a history)."""
    assert scenario.history is not None
    return scenario.localize(scenario.history.now)


def future_scenario(scenario: Scenario) -> tuple[Scenario, list[Unserved]]:
    """The part of the day still to plan, and the needs that can no longer be.

    Patients keep only the needs the history has not served, and arrive no earlier
    than `now` and the end of their last appointment so far; courses that started are
    left out, and the others start no earlier than `now`.
    """
    history = scenario.history
    assert history is not None
    now = now_of(scenario)
    served = {(a.patient, a.service) for a in history.appointments}
    busy_until: dict[str, dt.datetime] = {}
    for a in history.appointments:
        end = scenario.localize(a.end)
        busy_until[a.patient] = max(end, busy_until.get(a.patient, end))
    future = scenario.model_copy(update={"history": None, "patients": [], "trainings": []})
    lost: list[Unserved] = []
    for patient in scenario.patients:
        needs = [n for n in patient.needs if (patient.id, n) not in served]
        too_late = _must_have_come_first(scenario, patient.id, needs)
        lost += [Unserved(patient=patient.id, service=n, reason=r) for n, r in too_late.items()]
        needs = [n for n in needs if n not in too_late]
        if not needs:
            continue
        begins = max(scenario.localize(patient.arrives), now, busy_until.get(patient.id, now))
        leaves = scenario.localize(patient.leaves)
        if begins >= leaves and not patient.absent:
            reason = f"{patient.id} leaves at {leaves:%H:%M}, before the re-planning at {now:%H:%M}"
            lost += [Unserved(patient=patient.id, service=n, reason=reason) for n in needs]
            continue
        arrives = patient.arrives if patient.absent else begins
        future.patients.append(patient.model_copy(update={"needs": needs, "arrives": arrives}))
    started = {t.training for t in history.trainings}
    for training in scenario.trainings:
        if training.id not in started:
            future.trainings.append(_not_before(training, now))
    return future, lost


def _must_have_come_first(scenario: Scenario, patient: str, needs: list[str]) -> dict[str, str]:
    """Needs that a service in the history had to follow: they cannot come now."""
    history = scenario.history
    assert history is not None
    after = {s.id: s.after for s in scenario.services}
    out = {}
    for a in history.appointments:
        if a.patient != patient:
            continue
        for need in needs:
            if need in after.get(a.service, []):
                start = scenario.localize(a.start)
                out[need] = f"{a.service} took place at {start:%H:%M}; {need} had to come first"
    return out


def _not_before(training: Training, now: dt.datetime) -> Training:
    """A course whose window starts no earlier than `now`, when it still fits after it."""
    if training.date != now.date() or training.window.start >= now.time():
        return training
    start = dt.time(now.hour, now.minute)
    fits = training.window.end_min - (now.hour * 60 + now.minute) >= training.duration_min
    if not fits:
        return training  # not for a published course: it starts after `now`, in its window
    window = TimeRange(start=start, end=training.window.end)
    return training.model_copy(update={"window": window})


def pin_history(v: Variables, history: History) -> None:
    """Make what the history still occupies after `now` unavailable to the model.

    Call before the hard rules are added: they read the expert intervals and the
    pools' demands.
    """
    grid, scenario = v.instance.grid, v.instance.scenario
    now = scenario.localize(history.now)
    pools = {(p.venue.id, r.id): p for p in v.instance.pools for r in p.rooms}
    entries: list[Appointment | TrainingSession] = [*history.appointments, *history.trainings]
    for entry in entries:
        if scenario.localize(entry.end) <= now:
            continue
        start, end = _slots(grid, scenario, entry.start, entry.end)
        name = f"history[{entry.start:%H:%M},{entry.room}]"
        people = entry.experts if isinstance(entry, Appointment) else entry.lecturers
        for expert in people:
            v.expert_intervals[expert].append(
                v.model.new_fixed_size_interval_var(start, end - start, name)
            )
        pool = pools.get((entry.venue, entry.room))
        if pool is not None:
            demand = 1 if isinstance(entry, Appointment) else pool.capacity
            interval = v.model.new_fixed_size_interval_var(start, end - start, name)
            v.pool_demands[pool.id].append((interval, demand))
    for expert, breaks in history.breaks.items():
        for b in breaks:
            start, end = _slots(grid, scenario, b.start, b.end)
            if scenario.localize(b.end) > now:
                interval = v.model.new_fixed_size_interval_var(
                    start, end - start, f"lunch_history[{expert}]"
                )
                v.expert_intervals[expert].append(interval)


def pin_lunches(v: Variables, history: History) -> None:
    """A lunch taken before `now` is not taken again; any other starts after `now`."""
    grid, scenario = v.instance.grid, v.instance.scenario
    now = scenario.localize(history.now)
    now_slot = grid.ceil(now.date(), now.hour * 60 + now.minute)
    taken = {
        (expert, scenario.localize(b.start).date())
        for expert, breaks in history.breaks.items()
        for b in breaks
    }
    for lunch in v.lunches:
        if (lunch.expert.id, lunch.day) in taken or lunch.day < now.date():
            v.model.add(lunch.required == 0)
        elif lunch.day == now.date():
            rule = scenario.lunch_for(lunch.expert)
            assert rule is not None  # lunches exist only under a rule
            if grid.floor(lunch.day, rule.window.end_min) - lunch.length < now_slot:
                # Its window is over before any lunch: no new work for them that day.
                v.model.add(lunch.required == 0)
                _no_new_work(v, lunch.expert.id, lunch.day)
            else:
                v.model.add(lunch.required == 1)
                v.model.add(lunch.start >= now_slot)
        else:
            v.model.add(lunch.required == 1)


def _no_new_work(v: Variables, expert: str, day: dt.date) -> None:
    """Nothing more for `expert` on `day` (they could no longer have their lunch)."""
    for jv in v.jobs:
        on_day = day_literals(v, jv).get(day)
        busy = jv.busy.get(expert)
        if on_day is not None and busy is not None:
            v.model.add_bool_or([busy.negated(), on_day.negated()])
    for tv in v.trainings:
        if tv.training.date == day and expert in tv.teaches:
            v.model.add(tv.teaches[expert] == 0)


def pin_daily_counts(v: Variables, history: History) -> None:
    """Patients an expert saw before `now` count toward their daily limit."""
    scenario = v.instance.scenario
    seen: Counter[tuple[str, dt.date]] = Counter()
    for a in history.appointments:
        for expert in set(a.experts):
            seen[(expert, scenario.localize(a.start).date())] += 1
    terms: dict[tuple[str, dt.date], list] = defaultdict(list)
    for jv in v.jobs:
        for day, on_day in day_literals(v, jv).items():
            for expert, busy in jv.busy.items():
                if (expert, day) in seen:
                    both = v.model.new_bool_var(f"seen[{jv.job.id},{expert},{day}]")
                    v.model.add_bool_and([busy, on_day]).only_enforce_if(both)
                    v.model.add(both >= busy + on_day - 1)
                    terms[(expert, day)].append(both * len(jv.job.members))
    for (expert_id, day), count in seen.items():
        limit = scenario.max_patients_for(v.instance.expert(expert_id))
        if limit is not None and terms[(expert_id, day)]:
            v.model.add(sum(terms[(expert_id, day)]) <= max(0, limit - count))


def _slots(grid: Grid, scenario: Scenario, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
    """A span of time as whole slots, widened onto the grid."""
    first, last = scenario.localize(start), scenario.localize(end)
    lo = grid.floor(first.date(), first.hour * 60 + first.minute)
    hi = grid.ceil(last.date(), last.hour * 60 + last.minute + (last.second > 0))
    return lo, max(hi, lo + 1)
