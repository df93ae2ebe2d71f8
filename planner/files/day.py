"""Every input of a re-plan, read and checked together: the scenario, the published plan,
the changes file and the visit statuses, made into the day as it now is; and the day a
walk-in is fitted into.

A visit-only re-plan needs no changes file: `now` is then the midnight after the last
day a status was marked on (its `at`, else its route's day), so that every team-day up
to that day counts as over and the next ones as still to come.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from planner.files.changes import load_changes
from planner.files.plan import load_plan, plan_problems
from planner.files.scenario import load_scenario
from planner.files.statuses import read_status_files, statuses_from_entries
from planner.model import Plan, Scenario
from planner.model.changes import Changes, StatusFile, VisitStatus
from planner.model.errors import InputError
from planner.model.replanning import Day, day_of
from planner.model.words import gettext as _

NOTHING_TO_REPLAN = (
    "give --changes CHANGES (with `now`), or --status CSV for a visit-only re-plan: "
    "without either there is nothing to re-plan"
)


def load_day(
    scenario_path: Path,
    plan_path: Path,
    changes_path: Path | None,
    status_paths: Sequence[Path] = (),
) -> Day:
    """Read and check every input of a re-plan (`changes_path` None: statuses alone).

    Raises:
        InputError: any of the files is invalid, they do not fit together, or there is
            neither a changes file nor a status file.
    """
    scenario = load_scenario(scenario_path)
    published = load_plan(plan_path)
    problems = plan_problems(scenario, published, plan_path.name)
    if changes_path is None:
        if problems:
            raise InputError(problems)
        return _statuses_alone(scenario, published, status_paths)
    changes = load_changes(changes_path, scenario)
    if problems:
        raise InputError(problems)
    day = day_of(scenario, published, changes)
    files = [*status_paths, *(changes_path.parent / s.file for s in changes.visits
                              if isinstance(s, StatusFile))]  # fmt: skip
    statuses = read_status_files(files, day.scenario, published)
    entries = [s.model_dump(mode="json") for s in changes.visits if isinstance(s, VisitStatus)]
    statuses += statuses_from_entries(entries, changes_path.name, day.scenario, published)
    return replace(day, statuses=statuses)


def load_fit_day(
    scenario_path: Path, plan_path: Path, changes_path: Path | None
) -> tuple[Scenario, Plan]:
    """The day a walk-in is fitted into (`planner fit`): the scenario and its published
    plan; with a changes file that exists, the day as it now is, with the walk-ins booked
    there in the plan and the no-shows' appointments still to come released.

    Raises:
        InputError: any of the files is invalid, or they do not fit together.
    """
    scenario = load_scenario(scenario_path)
    published = load_plan(plan_path)
    problems = plan_problems(scenario, published, plan_path.name)
    if problems:
        raise InputError(problems)
    if changes_path is None or not changes_path.exists():
        return scenario, published
    day = day_of(scenario, published, load_changes(changes_path, scenario))
    absent = {p.id for p in day.scenario.patients if p.absent}
    now = day.scenario.localize(day.changes.now)
    held = [a for a in day.published.appointments
            if a.patient not in absent or day.scenario.localize(a.start) < now]  # fmt: skip
    return day.scenario, day.published.model_copy(update={"appointments": held})


def _statuses_alone(scenario: Scenario, published: Plan, status_paths: Sequence[Path]) -> Day:
    """The day of a visit-only re-plan: no changes but `now`, found from the statuses."""
    if not status_paths:
        raise InputError(NOTHING_TO_REPLAN)
    statuses = read_status_files(status_paths, scenario, published)
    if not statuses:
        raise InputError(
            _(
                "{listed}: no status in the file(s), so `now` cannot be told; give "
                "--changes CHANGES with `now`",
                listed=", ".join(str(p) for p in status_paths),
            )
        )
    day = day_of(scenario, published, Changes(now=statuses_now(scenario, published, statuses)))
    return replace(day, statuses=statuses)


def statuses_now(
    scenario: Scenario, published: Plan, statuses: Sequence[VisitStatus]
) -> dt.datetime:
    """The midnight after the last day a status was marked on (local time): its `at`, else
    its `day`, else the day of its household's route."""
    route_day = {v.household: r.day for r in published.routes for v in r.visits}
    last = max(
        scenario.localize(s.at).date() if s.at is not None else s.day or route_day[s.household]
        for s in statuses
    )
    return dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
