"""The re-planning job: a stop under way, its changes, and the least-changed new plan.

validate (scenario, published plan, changes, visit statuses) -> the day as it now is, with
its history -> `replan_schedule` for the clinic, `replan_visits` for the home visits when
statuses came back -> the plan with its `changes` -> written like a solve's, plus the
day's scenario so that `planner check DIR/scenario.yaml DIR/plan.json` can be run.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.changes_file import load_changes
from planner.loading import dump_scenario, load_scenario
from planner.model import Plan, Scenario, apply_changes
from planner.model.changes import Changes, StatusFile, VisitStatus
from planner.model.errors import InputError, NoPlanError, OutputError
from planner.model.replanning import history_of, plan_changes
from planner.pipeline import OutputOptions, prepare_out_dir, write_outputs
from planner.plan_file import load_plan
from planner.revisit import replan_visits
from planner.status_files import read_status_files, statuses_from_entries
from solver.limits import Limits
from solver.result import wall_since

VISITS_MIN_S = 5.0
"""The home visits get at least this long, whatever the clinic's re-plan took."""


@dataclass(frozen=True)
class Day:
    """A stop under way: the day as it now is, the published plan, and what came back.

    Attributes:
        scenario: the scenario after the changes, with the published plan's history.
        published: the plan that was handed out.
        changes: the changes file.
        statuses: the visit statuses of the maps' exports and the changes file's `visits`.
    """

    scenario: Scenario
    published: Plan
    changes: Changes
    statuses: list[VisitStatus]


def load_day(
    scenario_path: Path, plan_path: Path, changes_path: Path, status_paths: Sequence[Path] = ()
) -> Day:
    """Read and check every input of a re-plan.

    Raises:
        InputError: any of the files is invalid, or they do not fit together.
    """
    scenario = load_scenario(scenario_path)
    published = load_plan(plan_path)
    changes = load_changes(changes_path, scenario)
    unknown = sorted(
        {a.patient for a in published.appointments} - {p.id for p in scenario.patients}
    )
    if unknown:
        raise InputError(
            f"{plan_path.name}: names patients that {scenario_path.name} does not have: "
            f"{', '.join(unknown[:6])}; is it the plan of this scenario?"
        )
    day = apply_changes(scenario, changes)
    day.history = history_of(scenario, published, changes.now)
    files = [*status_paths, *(changes_path.parent / s.file for s in changes.visits
                              if isinstance(s, StatusFile))]  # fmt: skip
    statuses = read_status_files(files, day, published)
    entries = [s.model_dump(mode="json") for s in changes.visits if isinstance(s, VisitStatus)]
    statuses += statuses_from_entries(entries, changes_path.name, day, published)
    return Day(day, published, changes, statuses)


def replan_stop(day: Day, limits: Limits) -> Plan:
    """The clinic re-planned, then the home visits re-routed when statuses came back.

    Without statuses the published routes stand. The visits get what is left of the time
    limit, and at least VISITS_MIN_S.
    """
    started = time.perf_counter()
    plan = replan_day(day.scenario, day.published, limits)
    if not day.statuses or day.scenario.visits is None:
        return plan
    left = max(VISITS_MIN_S, limits.time_limit_s - (time.perf_counter() - started))
    visits = replan_visits(day.scenario, day.published, day.statuses, day.changes.now,
                           time_limit=left, seed=limits.seed)  # fmt: skip
    plan.routes, plan.unvisited = visits.routes, visits.unvisited
    plan.changes = [*plan.changes, *visits.changes]
    plan.solver.wall_s = wall_since(started)
    return plan


def replan_day(day: Scenario, published: Plan, limits: Limits) -> Plan:
    """The new clinic plan of a day under way, with its `changes` against the published one.

    Raises:
        NoPlanError: no plan keeps the history and the hard rules of the day.
    """
    from solver.schedule.replan import replan_schedule

    started = time.perf_counter()
    result = replan_schedule(day, published, limits)
    if result.status == "infeasible":
        raise NoPlanError(
            ["no new plan keeps the history and every hard rule of the day as it now is:",
             *result.diagnosis]
        )  # fmt: skip
    if result.status == "unknown":
        raise NoPlanError("no new plan found within the time limit; try a longer --time-limit")
    plan = Plan(
        scenario=day.name, status="optimal" if result.status == "optimal" else "feasible",
        appointments=result.appointments, trainings=result.trainings, unserved=result.unserved,
        breaks=result.breaks, routes=published.routes, unvisited=published.unvisited,
        solver=result.solver_info(),
    )  # fmt: skip
    plan.solver.wall_s = wall_since(started)
    plan.changes = plan_changes(published, plan)
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
    try:
        path.write_text(dump_scenario(day), encoding="utf-8")
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror}") from None
    return [path, *write_outputs(day, plan, out_dir, options, published)]
