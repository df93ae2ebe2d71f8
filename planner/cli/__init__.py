"""The command line: Typer options that hand off to one job each (`planner/jobs/`).

A command reads its files (`planner/files/`), runs its job, and prints the job's
summary; a `PlannerError` becomes its messages on stderr and its exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from planner.cli.options import (
    DeterministicOption,
    Engine,
    FileArg,
    Lang,
    LangOption,
    PlanOption,
    QuietOption,
    SeedOption,
    TiandituKeyOption,
    TileCapOption,
    TilesOption,
    TileZoomsOption,
    output_options,
)
from planner.cli.progress import Reporter, interruptible
from planner.model.errors import InputError, PlannerError
from solver.limits import Limits

T = TypeVar("T")

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Plan the stops of a touring thalassemia clinic.",
    pretty_exceptions_enable=False,
)


def _run(work: Callable[[], T]) -> T:
    """The work's result; a planner error becomes its messages on stderr and its exit code."""
    try:
        return work()
    except PlannerError as error:
        for message in error.messages:
            print(message, file=sys.stderr)
        raise typer.Exit(error.exit_code) from None


def _solving(limits: Limits, quiet: bool, work: Callable[[Limits], T]) -> T:
    """Run a solving job with progress on stderr and Ctrl-C keeping the best plan so far."""
    with Reporter(limits.time_limit_s, quiet) as reporter:
        watched = replace(limits, progress=reporter)
        return interruptible(watched, lambda: work(watched))


@app.command()
def validate(file: FileArg) -> None:
    """Check a scenario or tour file; list every problem with its file, line and key path."""
    from planner.files.scenario import load_scenario
    from planner.files.tour import is_tour_file, load_tour

    if is_tour_file(file):
        tour = _run(lambda: load_tour(file))
        print(f"{file.name}: valid tour: {len(tour.stops)} stops, {len(tour.experts)} experts")
        return
    scenario = _run(lambda: load_scenario(file))
    households = len(scenario.visits.households) if scenario.visits else 0
    print(
        f"{file.name}: valid: {len(scenario.patients)} patients, {len(scenario.experts)} experts, "
        f"{households} households"
    )


@app.command()
def schema(
    tour: Annotated[bool, typer.Option("--tour", help="the tour file's schema instead")] = False,
) -> None:
    """Print the JSON Schema of the scenario format (or, with --tour, of tour files)."""
    from planner.files.schema import schema_text, tour_schema_text

    sys.stdout.write(tour_schema_text() if tour else schema_text())


@app.command()
def generate(
    patients: Annotated[
        int, typer.Option(min=0, help="number of patients (0: a home-visit campaign, no clinic)")
    ] = 40,
    households: Annotated[int, typer.Option(min=0, help="number of households")] = 20,
    seed: SeedOption = 0,
    days: Annotated[int | None, typer.Option(min=1, max=5, help="clinic days")] = None,
    teams: Annotated[
        int | None, typer.Option(min=1, help="visit teams (default: one per 30 households)")
    ] = None,
    visit_days: Annotated[int, typer.Option(min=1, max=14, help="home-visit days")] = 3,
    city: Annotated[str, typer.Option(help="zhaotong, longyan, sandu, ...")] = "zhaotong",
) -> None:
    """Print a valid synthetic scenario of the given size as YAML."""
    from planner.files.scenario import dump_scenario
    from planner.jobs.generate import generate as job
    from planner.model.synthetic import GenerateOptions

    options = GenerateOptions(
        patients=patients, households=households, seed=seed, days=days, teams=teams,
        visit_days=visit_days, city=city,
    )  # fmt: skip
    sys.stdout.write(dump_scenario(_run(lambda: job(options))))


@app.command()
def solve(
    file: FileArg,
    out: Annotated[Path, typer.Option("--out", help="folder for plan.json, printouts and maps")],
    time_limit: Annotated[float, typer.Option(min=0.1, help="seconds for the whole solve")] = 30.0,
    seed: SeedOption = 0,
    deterministic: DeterministicOption = False,
    lang: LangOption = Lang.zh,
    engine: Annotated[Engine, typer.Option(help="routing engine")] = Engine.auto,
    tiles: TilesOption = "osm",
    tianditu_key: TiandituKeyOption = None,
    tile_zooms: TileZoomsOption = "8-14",
    tile_cap_mb: TileCapOption = 15.0,
    quiet: QuietOption = False,
) -> None:
    """Plan a stop: schedule, routes, printouts and maps. Ctrl-C keeps the best plan so far."""
    from planner.files.scenario import load_scenario
    from planner.jobs.solve import solve as job

    options = _run(lambda: output_options(lang, tiles, tianditu_key, tile_zooms, tile_cap_mb))
    scenario = _run(lambda: load_scenario(file))
    limits = Limits(time_limit_s=time_limit, seed=seed, deterministic=deterministic)
    solved = _run(lambda: _solving(limits, quiet, lambda watched: job(
        scenario, watched, out, options, engine=engine.value)))  # fmt: skip
    print(solved.summary)


@app.command()
def replan(
    file: FileArg,
    plan: PlanOption,
    out: Annotated[Path, typer.Option("--out", help="folder for the new plan and printouts")],
    changes: Annotated[
        Path | None,
        typer.Option(
            "--changes",
            help="the changes file (YAML or JSON); without it, a visit-only re-plan whose "
            "`now` is the midnight after the last day a status was marked on",
        ),
    ] = None,
    time_limit: Annotated[float, typer.Option(min=0.1, help="seconds for the re-plan")] = 20.0,
    seed: SeedOption = 0,
    lang: LangOption = Lang.zh,
    status: Annotated[
        list[Path] | None, typer.Option("--status", help="visit statuses exported by the maps")
    ] = None,
    tiles: TilesOption = "osm",
    tianditu_key: TiandituKeyOption = None,
    tile_zooms: TileZoomsOption = "8-14",
    tile_cap_mb: TileCapOption = 15.0,
    assume_not_reached: Annotated[
        bool,
        typer.Option(
            help="a past team-day without any status was not reached (default: unknown, "
            "kept as published, with a warning)"
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Re-plan a stop under way with the fewest changes (walk-ins, no-shows, late experts,
    closed rooms, visit statuses). What started before `now` stays as it happened."""
    from planner.files.day import load_day
    from planner.jobs.replan import replan as job
    from planner.model.replanning import Day

    def read() -> Day:
        for path in status or []:
            if not path.is_file():
                raise InputError(f"--status {path}: file not found")
        return load_day(file, plan, changes, status or [])

    options = _run(lambda: output_options(lang, tiles, tianditu_key, tile_zooms, tile_cap_mb))
    day = _run(read)
    limits = Limits(time_limit_s=time_limit, seed=seed)
    replanned = _run(lambda: _solving(limits, quiet, lambda watched: job(
        day, watched, out, options, assume_not_reached=assume_not_reached)))  # fmt: skip
    for warning in replanned.warnings:
        print(warning, file=sys.stderr)
    print(replanned.summary)


@app.command()
def check(
    file: FileArg,
    plan: Annotated[Path, typer.Argument(help="plan.json written by planner solve")],
) -> None:
    """Check a plan against its scenario, independently of the solver."""
    from planner.check import check_plan
    from planner.files.plan import load_plan
    from planner.files.scenario import load_scenario

    violations = _run(lambda: check_plan(load_scenario(file), load_plan(plan)))
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} violations", file=sys.stderr)
        raise typer.Exit(1)
    print(f"{plan.name}: every rule holds")


@app.command("tour")
def tour_command(
    file: Annotated[Path, typer.Argument(help="tour file (YAML or JSON)")],
    out: Annotated[Path, typer.Option("--out", help="folder for tour.json and the rest")],
    time_limit: Annotated[float, typer.Option(min=0.1, help="seconds for the solve")] = 60.0,
    seed: SeedOption = 0,
    deterministic: Annotated[
        bool, typer.Option(help="one search worker: the same input and seed give the same tour")
    ] = False,
    lang: Annotated[Lang, typer.Option(help="language of the printouts and the map")] = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """Pick the dates of a tour's stops and the experts for each. Ctrl-C keeps the best."""
    from planner.files.tour import load_tour
    from planner.jobs.tour import tour as job

    tour = _run(lambda: load_tour(file))
    limits = Limits(time_limit_s=time_limit, seed=seed, deterministic=deterministic)
    toured = _run(lambda: _solving(limits, quiet, lambda watched: job(
        tour, watched, out, lang.value)))  # fmt: skip
    print(toured.summary)


@app.command()
def sweep(
    file: FileArg,
    out: Annotated[Path, typer.Option("--out", help="folder for sweep.csv, sweep.html, plans")],
    variants: Annotated[
        Path | None, typer.Option("--variants", help="variants file: named merge patches")
    ] = None,
    vary: Annotated[
        list[str] | None,
        typer.Option(help="KEY=V1,V2,...: teams, visit_days, drop_expert or patients"),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="local Dask worker processes")] = 2,
    scheduler: Annotated[
        str | None, typer.Option(help="tcp://HOST:PORT of an existing Dask cluster")
    ] = None,
    time_limit: Annotated[float, typer.Option(min=0.1, help="seconds per variant")] = 30.0,
    seed: SeedOption = 0,
    lang: LangOption = Lang.zh,
    simulate_runs: Annotated[
        int, typer.Option("--simulate", min=0, help="replay each plan N times under chance")
    ] = 0,
) -> None:
    """Solve what-if variants of a scenario side by side on Dask; exit 1 if any failed."""
    from planner.files.variants import prepare_variants
    from planner.jobs.sweep import SweepOptions
    from planner.jobs.sweep import sweep as job

    options = SweepOptions(workers=workers, scheduler=scheduler, time_limit_s=time_limit,
                           seed=seed, lang=lang.value, simulate_runs=simulate_runs)  # fmt: skip
    pairs = _run(lambda: prepare_variants(file, variants, vary or []))
    swept = _run(lambda: job(*pairs, out, options, source=file.name, progress=_line))
    print(swept.summary)
    if swept.failed:
        raise typer.Exit(1)


def _line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@app.command()
def fit(
    file: FileArg,
    plan: PlanOption,
    patient: Annotated[Path, typer.Option("--patient", help="the walk-in (YAML or JSON)")],
    lang: Annotated[Lang, typer.Option(help="language of the listing")] = Lang.zh,
    options: Annotated[int, typer.Option(min=1, max=20, help="options per need")] = 3,
    json_out: Annotated[bool, typer.Option("--json", help="print JSON instead")] = False,
) -> None:
    """List the earliest options for a walk-in's needs that move nobody else."""
    from planner.files.plan import load_plan, plan_problems
    from planner.files.scenario import load_scenario
    from planner.files.walk_in import load_walk_in
    from planner.jobs.fit import fit as job
    from planner.model import Patient, Plan, Scenario

    def read() -> tuple[Scenario, Plan, Patient]:
        scenario, published = load_scenario(file), load_plan(plan)
        problems = plan_problems(scenario, published, plan.name)
        if problems:
            raise InputError(problems)
        return scenario, published, load_walk_in(patient, scenario)

    scenario, published, walk_in = _run(read)
    fitted = job(scenario, published, walk_in, per_need=options)
    sys.stdout.write(fitted.json() if json_out else fitted.text(lang.value))


@app.command()
def simulate(
    file: FileArg,
    plan: PlanOption,
    out: Annotated[Path, typer.Option("--out", help="folder for simulation.json and .html")],
    runs: Annotated[int, typer.Option(min=1, max=20_000, help="replays of the day")] = 1000,
    seed: SeedOption = 0,
    variability: Annotated[
        Path | None, typer.Option("--variability", help="chance of the day (YAML or JSON)")
    ] = None,
    compare: Annotated[
        Path | None, typer.Option("--compare", help="a second plan, replayed on the same chance")
    ] = None,
    lang: LangOption = Lang.zh,
) -> None:
    """Replay a plan many times under chance: no-shows, late families and experts, long
    consultations, walk-ins fitted in without moving anyone."""
    from planner.files.plan import load_plan, plan_problems
    from planner.files.scenario import load_scenario
    from planner.files.variability import load_variability
    from planner.jobs.simulate import simulate as job
    from planner.model import Plan, Scenario
    from planner.model.variability import Variability

    def read() -> tuple[Scenario, Plan, Variability, Plan | None]:
        scenario = load_scenario(file)
        plans = [(plan, load_plan(plan))] + ([(compare, load_plan(compare))] if compare else [])
        problems = [p for path, each in plans for p in plan_problems(scenario, each, path.name)]
        chance = Variability() if variability is None else load_variability(variability, scenario)
        if problems:
            raise InputError(problems)
        return scenario, plans[0][1], chance, plans[1][1] if compare else None

    scenario, published, chance, second = _run(read)
    simulated = _run(lambda: job(scenario, published, chance, out, runs=runs, seed=seed,
                                 lang=lang.value, compare=second))  # fmt: skip
    print(simulated.summary)


def main() -> None:
    """Entry point of the `planner` command."""
    app()
