"""`planner solve`: plan a stop (the clinic's schedule, then the home visits' routes) and
write every output."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.check.contacts import contact_warnings
from planner.files.out_dir import prepare_out_dir
from planner.jobs.cluster import ClusterOptions, part_runner
from planner.jobs.outputs import OutputOptions, write_outputs
from planner.model import Plan, Scenario, SolverInfo
from planner.model.errors import InputError, NoPlanError
from planner.model.plan_status import plan_status_words
from planner.model.words import gettext as _
from planner.printouts.fonts import check_fonts
from solver.limits import SCHEDULE_SHARE, Limits
from solver.result import wall_since

if TYPE_CHECKING:
    from solver.routing.part_runs import PartRunner

WRITE_S_PER_TEAM_DAY = 0.15
"""`solve` keeps this long per team-day of the campaign back from the solve, for starting
up and writing the route sheets, maps and text messages, so that the whole command ends
within its time limit (with 0.1 s, the 2,000-household command of 200 team-days took
302 s of its 300 on a quiet 2-core machine, docs/benchmarks.md)."""

WRITE_MAX_SHARE = 0.25
"""The time kept back for writing is at most this share of the limit."""


def solve_stop(
    scenario: Scenario, limits: Limits, engine: str = "auto", runner: PartRunner | None = None
) -> Plan:
    """Plan the clinic and the home visits of one stop.

    A large campaign's parts are routed by `runner` side by side (by default one after
    another, in this process).

    Raises:
        NoPlanError: when the hard rules of the clinic day cannot all hold; its messages
            name the conflicting rules and items.
    """
    started = time.perf_counter()
    has_clinic = bool(scenario.patients or scenario.trainings)
    has_visits = scenario.visits is not None and bool(scenario.visits.households)
    plan = Plan(scenario=scenario.name, status="optimal", solver=_empty_info(limits))
    if has_clinic:
        share = SCHEDULE_SHARE if has_visits else 1.0
        _schedule(scenario, limits.with_time(limits.time_limit_s * share), plan)
    if has_visits:
        remaining = max(1.0, limits.time_limit_s - (time.perf_counter() - started))
        _route(scenario, limits.after_schedule(remaining), (engine, runner), plan)
    plan.solver.wall_s = wall_since(started)
    plan.solver.time_limit_s = limits.time_limit_s
    return plan


def _schedule(scenario: Scenario, limits: Limits, plan: Plan) -> None:
    """The clinic's schedule into `plan`."""
    from solver.schedule import schedule_stop

    schedule = schedule_stop(scenario, limits)
    if schedule.status in ("infeasible", "unknown"):
        raise NoPlanError(_no_schedule_messages(schedule.status, schedule.diagnosis))
    plan.appointments, plan.trainings = schedule.appointments, schedule.trainings
    plan.unserved, plan.breaks = schedule.unserved, schedule.breaks
    plan.status = "optimal" if schedule.status == "optimal" else "feasible"
    plan.solver = schedule.solver_info()


def _route(
    scenario: Scenario, limits: Limits, how: tuple[str, PartRunner | None], plan: Plan
) -> None:
    """The home visits' routes into `plan`, by the engine and the part runner of `how`."""
    from solver.routing import route_visits
    from solver.routing.engines import EngineError
    from solver.routing.pyvrp_engine import Unsupported

    engine, runner = how
    try:
        visits = route_visits(scenario, limits, engine=engine, runner=runner)
    except Unsupported as exc:
        raise InputError(
            _("--engine {engine}: {exc}; use --engine auto or ortools", engine=engine, exc=exc)
        ) from None
    except EngineError as exc:
        raise NoPlanError(str(exc)) from None
    if visits.status in ("infeasible", "unknown"):
        raise NoPlanError(
            _("no routes found for the home visits (status {status})", status=visits.status)
        )
    plan.routes, plan.unvisited = visits.routes, visits.unvisited
    plan.status = "feasible"  # routing heuristics prove no optimum
    plan.solver = _with_routes(plan.solver, visits.solver_info())


def _with_routes(info: SolverInfo, routes: SolverInfo) -> SolverInfo:
    """The stop's figures: the schedule's lead (objective, bound and gap are its own);
    the routes add their status, their engine, and their figures as `routing_*` terms."""
    figures = {"objective": routes.objective, "wall_s": round(routes.wall_s, 3), **routes.terms}
    terms = {**info.terms, **{f"routing_{name}": value for name, value in figures.items()}}
    return info.model_copy(
        update={
            "routing_status": routes.routing_status,
            "routing_engine": routes.routing_engine,
            "terms": terms,
        }
    )


def _empty_info(limits: Limits) -> SolverInfo:
    return SolverInfo(
        wall_s=0.0, objective=0.0, bound=0.0, gap=0.0, seed=limits.seed,
        time_limit_s=limits.time_limit_s,
    )  # fmt: skip


def _no_schedule_messages(status: str, diagnosis: list[str]) -> list[str]:
    if status == "unknown":
        return [_("no plan found within the time limit; try a longer --time-limit")]
    return [_("no plan can keep every hard rule of the clinic day:"), *diagnosis]


@dataclass(frozen=True)
class Solved:
    """A stop planned and written: the plan, the files and the folder they are in."""

    plan: Plan
    written: list[Path]
    out_dir: Path

    warnings: tuple[str, ...] = ()
    """Whom the call list and the text messages cannot reach (`check.contacts`)."""

    @property
    def summary(self) -> str:
        """One line for the coordinator: needs served and households visited."""
        return plan_summary(self.plan, self.out_dir, len(self.written))


def solve(
    scenario: Scenario,
    limits: Limits,
    out_dir: Path,
    options: OutputOptions | None = None,
    engine: str = "auto",
    cluster: ClusterOptions | None = None,
) -> Solved:
    """Plan a stop and write plan.json, the printouts and the maps into `out_dir`.

    The solve ends early enough to write the files within the time limit
    (`WRITE_S_PER_TEAM_DAY`). A large campaign's parts run side by side where `cluster`
    says (by default, worker processes on this machine).

    Raises:
        OutputError: the folder cannot be written, or a printout's font is missing
            (both found before any solving).
        NoPlanError, InputError: as `solve_stop`.
    """
    options = options or OutputOptions()
    check_fonts(options.lang, scenario.model_dump(mode="json"))
    prepare_out_dir(out_dir)
    started = time.perf_counter()
    with part_runner(cluster or ClusterOptions()) as runner:
        # A LocalCluster takes seconds to start: they count against the limit.
        spent = time.perf_counter() - started + writing_s(scenario, limits.time_limit_s)
        solving = limits.with_time(max(1.0, limits.time_limit_s - spent))
        plan = solve_stop(scenario, solving, engine=engine, runner=runner)
    plan.solver.time_limit_s = limits.time_limit_s
    written = write_outputs(scenario, plan, out_dir, options)
    return Solved(plan, written, out_dir, tuple(contact_warnings(scenario, options.lang)))


def writing_s(scenario: Scenario, time_limit_s: float) -> float:
    """The seconds kept back from a solve of `time_limit_s` for writing its files."""
    if scenario.visits is None or not scenario.visits.households:
        return 0.0
    team_days = len(scenario.visits.teams) * len(scenario.visits.days)
    return min(WRITE_S_PER_TEAM_DAY * team_days, WRITE_MAX_SHARE * time_limit_s)


def plan_summary(plan: Plan, out_dir: Path, files: int) -> str:
    """`proven best plan: 40 of 42 needs served, 18 of 20 households visited; 31 files in
    DIR`, in the spoken language."""
    needs = len(plan.appointments) + len(plan.unserved)
    households = sum(len(r.visits) for r in plan.routes) + len(plan.unvisited)
    visited = households - len(plan.unvisited)
    return _(
        "{status}: {served} of {needs} needs served, {visited} of {households} households "
        "visited; {files} files in {out_dir}",
        status=plan_status_words(plan), served=len(plan.appointments), needs=needs,
        visited=visited, households=households, files=files, out_dir=out_dir,
    )  # fmt: skip
