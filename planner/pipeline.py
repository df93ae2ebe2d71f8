"""The main job: plan a stop (schedule, then routes) and write every output.

The pipeline is the only place that ties the solvers, the printouts and the maps
together; each of them sees only the domain model.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from planner.model import Plan, Scenario, SolverInfo
from planner.model.errors import InputError, NoPlanError, OutputError
from solver.limits import ROUTES_AFTER_STOP_S, SCHEDULE_SHARE, Limits
from solver.result import wall_since


@dataclass(frozen=True)
class OutputOptions:
    """What to write besides plan.json."""

    lang: str = "zh"
    tiles: str = "osm"
    tianditu_key: str | None = None
    tile_zooms: tuple[int, int] = (8, 14)
    tile_cap_mb: float = 15.0
    printouts: bool = True
    maps: bool = True


def solve_stop(scenario: Scenario, limits: Limits, engine: str = "auto") -> Plan:
    """Plan the clinic and the home visits of one stop.

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
        routing = limits.with_time(remaining)
        if limits.stop.is_set():
            # Stopped while scheduling: the households still get a quick first set of routes.
            routing = replace(routing, time_limit_s=min(remaining, ROUTES_AFTER_STOP_S),
                              stop=threading.Event())  # fmt: skip
        _route(scenario, routing, engine, plan)
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


def _route(scenario: Scenario, limits: Limits, engine: str, plan: Plan) -> None:
    """The home visits' routes into `plan`."""
    from solver.routing import route_visits
    from solver.routing.engines import EngineError
    from solver.routing.pyvrp_engine import Unsupported

    try:
        visits = route_visits(scenario, limits, engine=engine)
    except Unsupported as exc:
        raise InputError(f"--engine {engine}: {exc}; use --engine auto or ortools") from None
    except EngineError as exc:
        raise NoPlanError(str(exc)) from None
    if visits.status in ("infeasible", "unknown"):
        raise NoPlanError(f"no routes found for the home visits (status {visits.status})")
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
        return ["no plan found within the time limit; try a longer --time-limit"]
    return ["no plan can keep every hard rule of the clinic day:", *diagnosis]


def prepare_out_dir(out_dir: Path) -> None:
    """Make the output folder, or say why it cannot be used, before any time is spent."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir}: this is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"--out {out_dir}: cannot make the folder: {error.strerror}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"--out {out_dir}: the folder is not writable")


def write_outputs(
    scenario: Scenario,
    plan: Plan,
    out_dir: Path,
    options: OutputOptions,
    published: Plan | None = None,
) -> list[Path]:
    """Write plan.json, the printouts and the maps into `out_dir`; return the paths.

    With `published` (the plan a re-plan replaces), the printouts say whom to tell what,
    slips go only to families whose appointments changed, and the calendars cancel the
    events that are gone.
    """
    prepare_out_dir(out_dir)
    try:
        return _write(scenario, plan, out_dir, options, published)
    except OSError as error:
        where = error.filename or out_dir
        raise OutputError(f"{where}: cannot be written: {error.strerror}") from None


def _write(
    scenario: Scenario, plan: Plan, out_dir: Path, options: OutputOptions, published: Plan | None
) -> list[Path]:
    plan_path = out_dir / "plan.json"
    plan_path.write_text(plan.model_dump_json(indent=2) + "\n", encoding="utf-8")
    written = [plan_path]
    if options.printouts and published is not None:
        from planner.printouts import write_change_printouts

        written += write_change_printouts(scenario, published, plan, out_dir, options.lang)
    elif options.printouts:
        from planner.printouts import write_printouts

        written += write_printouts(scenario, plan, out_dir, lang=options.lang)
    if options.maps and plan.routes:
        from maps import write_maps

        written += write_maps(
            scenario, plan, out_dir, lang=options.lang, tiles=options.tiles,
            tianditu_key=options.tianditu_key, tile_zooms=options.tile_zooms,
            tile_cap_mb=options.tile_cap_mb,
        )  # fmt: skip
    return written
