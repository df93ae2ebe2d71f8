"""`replan_schedule`: the rest of a clinic day under way, changing as little as it can.

The scheduler's own model (`build_instance`, `create_variables`, `HARD_RULES`) is built
for what is still to plan (`history.future_scenario`), with the history pinned into it
(`history.pin_*`). With a published plan the levels are, in order: keep every
published booking that can still be kept, serve the most severity-weighted needs
(walk-ins included), change the fewest bookings, and keep waiting short; the count of
bookings moved breaks ties within the first two. Without one,
the same day is solved from scratch (needs served, then waiting), the yardstick the
re-plan is compared against.

Courses are mandatory, but a course that can no longer run (its lecturer called away,
its window gone) is cancelled with its reason rather than leaving the day without a plan:
each course cancelled counts more than everything else of the first level, so one is
cancelled only when it cannot be held.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from planner.model import Appointment, Break, Plan, Scenario
from solver.lexicographic import Level, Lexicographic, Tie
from solver.limits import REPLAN_FIXED_SHARES as FIXED
from solver.limits import REPLAN_RESERVE_SHARE, REPLAN_SHARES, Limits
from solver.result import wall_since
from solver.schedule import extract, progress
from solver.schedule.bookings import Held, hold_bookings
from solver.schedule.diagnosis import course_problems, precheck
from solver.schedule.greedy import greedy_hint
from solver.schedule.history import (
    future_scenario,
    now_of,
    pin_daily_counts,
    pin_history,
    pin_lunches,
)
from solver.schedule.keep import (
    Keep,
    departures,
    dropped_published,
    hint,
    keep_rooms,
    published_placings,
)
from solver.schedule.model import build_model
from solver.schedule.objective import unserved_weight, weighted_wait
from solver.schedule.reasons import unserved_needs
from solver.schedule.result import ScheduleResult
from solver.schedule.variables import Variables

SLACK = {"served": 0.005}
"""How far below its best a level may be held, as a share of the weight of every need the
day could serve (none: strict). On the 120-patient days of `benchmarks.replan`, every
change at once, seeds 1 to 3: with 1 % the re-plan served 0.972 to 0.988 times what a
from-scratch solve served and moved 0 to 9 % of the bookings the changes did not touch;
with 0.5 %, 0.974 to 0.991 and 0 to 6 %; held strictly, 0.977 to 0.997 and 0 to 15 %."""


def replan_schedule(
    scenario: Scenario,
    published: Plan | None,
    limits: Limits,
    booked: Sequence[Appointment] = (),
) -> ScheduleResult:
    """Plan what is left of a day under way.

    Args:
        scenario: the day as it now is, with its `history`.
        published: the plan handed out; None solves the rest of the day from scratch.
        limits: time limit, seed and controls.
        booked: the walk-ins' bookings made at the desk (also in `published`): held
            exactly before any other aim, where they still can be (`bookings`).

    Returns:
        The whole day's schedule: the history as it happened and the new rest.
    """
    started = time.perf_counter()
    history = scenario.history
    assert history is not None, "replan_schedule needs a scenario with its history"
    future, lost = future_scenario(scenario)
    v = _build(future, scenario)
    keep, held = Keep(), Held()
    if published is not None:
        keep = _published_rest(v, scenario, published)
        held = hold_bookings(v, list(booked))
        levels = _published_levels(v, keep)
        if held.held:
            levels.insert(0, Level("booked", held.lost, REPLAN_SHARES["booked"], FIXED["booked"]))
        first = hint(v, keep) + held.hints()
    else:
        served, wait = progress.served(v, left=True), weighted_wait(v)
        most = v.servable
        levels = [
            Level("served", courses_first(v, unserved_weight(v), most), REPLAN_SHARES["served"],
                  FIXED["served"],
                  describe=progress.said(served)),
            Level("waiting", wait, fixed=FIXED["waiting"],
                  describe=progress.said(served, progress.term(v, "weighted_wait_min", wait))),
        ]  # fmt: skip
        first = greedy_hint(v)
    first = [*first, *((tv.required, 1) for tv in v.trainings)]
    run = Lexicographic(v.model, limits, started, reserve=REPLAN_RESERVE_SHARE)
    run.run(levels, first)
    if run.best is None:
        status = "infeasible" if "infeasible" in run.levels.values() else "unknown"
        # Courses are cancelled rather than left impossible: what is left of the day,
        # without the history, says which lunch cannot be had.
        diagnosis = precheck(future) if status == "infeasible" else []
        return ScheduleResult(status, diagnosis=diagnosis, levels=run.levels,  # type: ignore[arg-type]
                              wall_s=wall_since(started))  # fmt: skip
    result = _result(v, scenario, run, keep, levels, lost, started)
    result.broken = held.let_go(run.value)
    result.cancelled = _cancelled(v, scenario, future, run)
    return result


def courses_first(v: Variables, expr: cp_model.LinearExprT, most: int) -> cp_model.LinearExprT:
    """`expr` (at most `most`), with each course cancelled counting more than all of it."""
    if not v.trainings:
        return expr
    cancelled = cp_model.LinearExpr.sum([1 - tv.required for tv in v.trainings])
    return cp_model.LinearExpr.weighted_sum([cancelled, expr], [most + 1, 1])


def _cancelled(
    v: Variables, scenario: Scenario, future: Scenario, run: Lexicographic
) -> dict[str, str]:
    """The courses the plan cancels, each with what stops it, in words."""
    now = now_of(scenario)
    out = {}
    for tv in v.trainings:
        if run.value(tv.required):
            continue
        found = course_problems(future, tv.training)
        out[tv.training.id] = "; ".join(found) or (
            f"course '{tv.training.id}' can no longer be held after {now:%H:%M}: its "
            "lecturers, a hall and its window cannot be had together beside what already "
            "happened"
        )
    return out


def _published_levels(v: Variables, keep: Keep) -> list[Level]:
    """Keep the published bookings, serve the most, change the fewest, keep waiting short.

    The moves break ties within the first two levels, so that their search does not wander
    from the published plan for nothing and leave it all to the third. Only a re-plan
    trades served weight for fewer changes; from scratch, served is strict.
    """
    departed = departures(v, keep)
    ties = Tie(departed.moved, departed.most)
    members = sum(len(jv.job.members) for jv in v.jobs)
    dropped = courses_first(v, dropped_published(v, keep), (members + 1) * members)
    servable = v.servable
    kept, changed = progress.kept(v, keep), progress.changed(departed)
    wait = weighted_wait(v)
    return [
        Level("kept", dropped, REPLAN_SHARES["kept"], FIXED["kept"], tie=ties,
              describe=progress.said(kept, changed)),
        Level("served", unserved_weight(v), REPLAN_SHARES["served"], FIXED["served"], tie=ties,
              slack=round(SLACK["served"] * servable),
              describe=progress.said(progress.served(v, left=True), kept)),
        Level("changes", departed.changes, REPLAN_SHARES["changes"], FIXED["changes"],
              describe=progress.said(changed, progress.moved(departed))),
        Level("waiting", wait, fixed=FIXED["waiting"],
              describe=progress.said(changed, progress.term(v, "weighted_wait_min", wait))),
    ]  # fmt: skip


def _build(future: Scenario, scenario: Scenario) -> Variables:
    history = scenario.history
    assert history is not None
    # The history goes in before the rules, which read the busy intervals it adds.
    v = build_model(future, before_rules=lambda v: pin_history(v, history))
    pin_daily_counts(v, history)
    pin_lunches(v, history)
    return v


def _published_rest(v: Variables, scenario: Scenario, published: Plan) -> Keep:
    """The published placings of what is not history."""
    history = scenario.history
    assert history is not None
    done = {(a.patient, a.service) for a in history.appointments}
    started = {t.training for t in history.trainings}
    now = now_of(scenario)
    breaks = {
        expert: [b for b in items if scenario.localize(b.start) >= now]
        for expert, items in published.breaks.items()
    }
    return published_placings(
        v,
        [a for a in published.appointments if (a.patient, a.service) not in done],
        [t for t in published.trainings if t.training not in started],
        breaks,
    )


def _result(v: Variables, scenario: Scenario, run: Lexicographic, keep: Keep, levels: list[Level],
            lost: list, started: float) -> ScheduleResult:  # fmt: skip
    history = scenario.history
    assert history is not None and run.best is not None
    value = run.value
    booked = extract.booked_jobs(v, value)
    rest = extract.appointments(v, booked, keep_rooms(v, booked, keep, history))
    sessions = extract.trainings(v, value)
    lunches = _lunches(v, value, extract.working_days(rest, sessions))
    breaks = {e: list(items) for e, items in history.breaks.items()}
    for expert, items in lunches.items():
        breaks.setdefault(expert, []).extend(items)
    appointments = sorted([*history.appointments, *rest], key=_order)
    trainings = [*history.trainings, *sessions]
    unserved = lost + unserved_needs(v, [*history.appointments, *rest], trainings, breaks)
    weights = scenario.weights.severity
    patients = {p.id: p for p in scenario.patients}
    served = sum(weights[patients[a.patient].severity] for a in appointments)
    terms = {level.name: float(value(level.expr)) for level in levels}
    terms["served_weight"] = float(served)
    terms["published_unfit"] = float(keep.unfit)
    terms["courses_cancelled"] = float(sum(1 - value(tv.required) for tv in v.trainings))
    optimal = all(s == "optimal" for s in run.levels.values()) and len(run.levels) == len(levels)
    return ScheduleResult(
        "optimal" if optimal else "feasible",
        appointments=appointments,
        trainings=trainings,
        unserved=unserved,
        breaks=breaks,
        objective=float(served),
        seed=run.limits.seed,
        time_limit_s=run.limits.time_limit_s,
        wall_s=wall_since(started),
        terms=terms,
        levels=dict(run.levels),
        level_s=dict(run.level_s),
    )  # fmt: skip  (no bound: the served level is held with a slack, not proven)


def _lunches(v: Variables, value: Callable, working: dict) -> dict[str, list[Break]]:
    """Each expert's new lunch on the days they still work (one taken already is history)."""
    grid, scenario = v.instance.grid, v.instance.scenario
    out: dict[str, list[Break]] = {}
    for lunch in v.lunches:
        if value(lunch.required) and lunch.day in working.get(lunch.expert.id, set()):
            begin = value(lunch.start)
            end = grid.moment(scenario, begin + lunch.length)
            out.setdefault(lunch.expert.id, []).append(
                Break(start=grid.moment(scenario, begin), end=end)
            )
    return out


def _order(a: Appointment) -> tuple:
    return (a.start, a.room, a.patient)
