"""The re-planning job: a stop under way, its changes, and the least-changed new plan.

The day as it now is, with its history (`files.day.load_day`) -> `replan_schedule` for
the clinic, `replan_visits` for the home visits when statuses came back -> the plan with
its diff against the published one (the plan file's `changes`) -> written like a
solve's, plus the day's scenario so that `planner check DIR/scenario.yaml DIR/plan.json`
can be run.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.files.out_dir import prepare_out_dir, writing
from planner.files.scenario import dump_scenario
from planner.jobs.outputs import OutputOptions, write_outputs
from planner.jobs.solve import plan_summary
from planner.model import Appointment, Plan, Scenario
from planner.model.errors import NoPlanError
from planner.model.replanning import Day, explain_bookings, plan_diff
from planner.model.statuses import UNKNOWN
from planner.model.words import gettext as _
from solver.limits import REPLAN_VISITS_SHARE, Limits
from solver.result import wall_since
from solver.routing.revisit import replan_visits

VISITS_MIN_S = 5.0
"""The home visits get at least this long, whatever the clinic's re-plan took."""


def replan_stop(day: Day, limits: Limits, *, assume_not_reached: bool = False) -> Plan:
    """The clinic re-planned, then the home visits re-routed when statuses came back.

    Without statuses the published routes stand. A past team-day without any status stays
    as published (its visits `unknown`), or with `assume_not_reached` is re-routed as not
    reached. The visits get what is left of the time limit (in deterministic mode a fixed
    share of it), and at least VISITS_MIN_S.
    """
    started = time.perf_counter()
    plan = replan_clinic(day.scenario, day.published, limits, day.booked)
    if not day.statuses or day.scenario.visits is None:
        return plan
    left = limits.time_limit_s - (time.perf_counter() - started)
    if limits.deterministic:  # not what the wall clock left, so that runs repeat
        left = REPLAN_VISITS_SHARE * limits.time_limit_s
    left = max(VISITS_MIN_S, left)
    visits = replan_visits(day.scenario, day.published, day.statuses, day.changes.now,
                           limits.after_schedule(left),
                           assume_not_reached=assume_not_reached)  # fmt: skip
    plan.routes, plan.unvisited = visits.routes, visits.unvisited
    plan.changes = [*plan.changes, *visits.diff]
    plan.solver.wall_s = wall_since(started)
    return plan


def replan_clinic(
    day: Scenario, published: Plan, limits: Limits, booked: Sequence[Appointment] = ()
) -> Plan:
    """The new clinic plan of a day under way, with its `changes` against the published one.

    The walk-ins' bookings made at the desk (`booked`, also in `published`) are held
    exactly where they can be; the diff says why each other one could not.

    Raises:
        NoPlanError: no plan keeps the history and the hard rules of the day.
    """
    from solver.schedule.replan import replan_schedule

    started = time.perf_counter()
    result = replan_schedule(day, published, limits, booked)
    if result.status == "infeasible":
        raise NoPlanError(
            [_("no new plan keeps the history and every hard rule of the day as it now is:"),
             *result.diagnosis]
        )  # fmt: skip
    if result.status == "unknown":
        raise NoPlanError(_("no new plan found within the time limit; try a longer --time-limit"))
    plan = Plan(
        scenario=day.name, status="optimal" if result.status == "optimal" else "feasible",
        appointments=result.appointments, trainings=result.trainings, unserved=result.unserved,
        breaks=result.breaks, routes=published.routes, unvisited=published.unvisited,
        solver=result.solver_info(),
    )  # fmt: skip
    plan.solver.wall_s = wall_since(started)
    plan.changes = explain_bookings(
        plan_diff(published, plan, day, result.cancelled), result.broken
    )
    return plan


def write_replanned(
    day: Scenario, plan: Plan, out_dir: Path, options: OutputOptions, published: Plan | None = None
) -> list[Path]:
    """Write the day's scenario, then the plan and its printouts and maps as `solve` does.

    With `published`, the printouts are those of a re-plan (whom to tell, changed slips,
    cancelled calendar events).
    """
    prepare_out_dir(out_dir)
    path = out_dir / "scenario.yaml"
    with writing(path):
        path.write_text(dump_scenario(day), encoding="utf-8")
    return [path, *write_outputs(day, plan, out_dir, options, published)]


@dataclass(frozen=True)
class Replanned:
    """A day re-planned and written: the new plan, the files and their folder."""

    plan: Plan
    written: list[Path]
    out_dir: Path

    @property
    def summary(self) -> str:
        """The solve's line, how many bookings moved, were cancelled or are new, and the
        warnings."""
        count = {what: sum(c.what == what for c in self.plan.changes)
                 for what in ("moved", "cancelled", "new")}  # fmt: skip
        line = _(
            "{summary}; {moved} moved, {cancelled} cancelled, {new} new",
            summary=plan_summary(self.plan, self.out_dir, len(self.written)),
            moved=count["moved"], cancelled=count["cancelled"], new=count["new"],
        )  # fmt: skip
        return "\n".join([line, *self.warnings])

    @property
    def warnings(self) -> list[str]:
        """What the coordinator must look at: each past team-day with no status back."""
        return unknown_warnings(self.plan)


def unknown_warnings(plan: Plan) -> list[str]:
    """One warning per past team-day from which no status came back (kept as published)."""
    return [
        _(
            "warning: no statuses came back from {team} on {day}: its {count} visits stay as "
            "published; give --assume-not-reached to re-route them as not reached",
            team=r.team,
            day=r.day,
            count=len(r.visits),
        )
        for r in plan.routes
        if r.visits and all(v.status == UNKNOWN for v in r.visits)
    ]


def replan(
    day: Day,
    limits: Limits,
    out_dir: Path,
    options: OutputOptions | None = None,
    *,
    assume_not_reached: bool = False,
) -> Replanned:
    """Re-plan a stop under way and write the day's scenario, the plan, its printouts
    (whom to tell what) and maps into `out_dir` (`assume_not_reached`: see `replan_stop`).

    Raises:
        OutputError: the folder cannot be written (found before any solving).
        NoPlanError: no plan keeps the history and the hard rules of the day.
    """
    options = options or OutputOptions()
    prepare_out_dir(out_dir)
    plan = replan_stop(day, limits, assume_not_reached=assume_not_reached)
    written = write_replanned(day.scenario, plan, out_dir, options, day.published)
    return Replanned(plan, written, out_dir)
