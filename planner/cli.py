"""The command line. Each command hands off at once to a plain function."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from planner.interrupts import interruptible, progress_line
from planner.model.errors import InputError, PlannerError

if TYPE_CHECKING:
    from planner.model import Plan
    from planner.pipeline import OutputOptions


class Lang(StrEnum):
    """Languages of the printouts and maps."""

    zh = "zh"
    en = "en"


class Engine(StrEnum):
    """Routing engines."""

    auto = "auto"
    ortools = "ortools"
    pyvrp = "pyvrp"


TILES_HELP = (
    "map background: osm, gaode, tianditu (the only network use), none, or "
    "mbtiles:FILE.mbtiles (tiles of a local file embedded in each map: fully offline)"
)
TILE_NAMES = ("osm", "gaode", "tianditu", "none")


def _tiles(value: str) -> str:
    """osm, gaode, tianditu, none or mbtiles:FILE."""
    if value in TILE_NAMES or value.startswith("mbtiles:"):
        return value
    raise typer.BadParameter(f"'{value}' is not one of {', '.join(TILE_NAMES)} or mbtiles:FILE")


def _zooms(value: str) -> tuple[int, int]:
    """'8-14' as (8, 14)."""
    low, _, high = value.partition("-")
    try:
        return int(low), int(high or low)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a range of zoom levels such as 8-14") from None


SeedOption = Annotated[int, typer.Option(help="random seed")]
QuietOption = Annotated[bool, typer.Option(help="no progress on stderr")]
LangOption = Annotated[Lang, typer.Option(help="language of the printouts and maps")]
TilesOption = Annotated[str, typer.Option(help=TILES_HELP, parser=_tiles)]
TiandituKeyOption = Annotated[str | None, typer.Option(help="key for --tiles tianditu")]
TileZoomsOption = Annotated[
    str, typer.Option(help="with mbtiles: the zoom levels embedded, lowest-highest")
]
TileCapOption = Annotated[
    float, typer.Option(help="with mbtiles: most MB of tiles per map (drops high levels)")
]


def _output_options(
    lang: Lang, tiles: str, tianditu_key: str | None, tile_zooms: str, tile_cap_mb: float
) -> OutputOptions:
    """The printouts' and maps' options, checked before any solve: a tianditu key, and an
    MBTiles file that exists and can be read."""
    from planner.pipeline import OutputOptions

    options = OutputOptions(lang=lang.value, tiles=tiles, tianditu_key=tianditu_key,
                            tile_zooms=_zooms(tile_zooms), tile_cap_mb=tile_cap_mb)  # fmt: skip
    if tiles == "tianditu" and not tianditu_key:
        raise InputError("--tiles tianditu needs --tianditu-key")
    if tiles.startswith("mbtiles:"):
        from maps.tiles import mbtiles_spec

        mbtiles_spec(tiles.removeprefix("mbtiles:"), options.tile_zooms, tile_cap_mb)
    return options


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Plan the stops of a touring thalassemia clinic.",
    pretty_exceptions_enable=False,
)

FileArg = Annotated[Path, typer.Argument(help="scenario file (YAML or JSON)")]


def _fail(error: PlannerError) -> typer.Exit:
    for message in error.messages:
        print(message, file=sys.stderr)
    return typer.Exit(error.exit_code)


@app.command()
def validate(file: FileArg) -> None:
    """Check a scenario or tour file; list every problem with its file, line and key path."""
    from planner.loading import load_scenario
    from planner.tourfile import is_tour_file, load_tour

    try:
        if is_tour_file(file):
            tour = load_tour(file)
            print(f"{file.name}: valid tour: {len(tour.stops)} stops, {len(tour.experts)} experts")
            return
        scenario = load_scenario(file)
    except PlannerError as error:
        raise _fail(error) from None
    print(
        f"{file.name}: valid: {len(scenario.patients)} patients, {len(scenario.experts)} experts, "
        f"{len(scenario.visits.households) if scenario.visits else 0} households"
    )


@app.command()
def schema(
    tour: Annotated[bool, typer.Option("--tour", help="the tour file's schema instead")] = False,
) -> None:
    """Print the JSON Schema of the scenario format (or, with --tour, of tour files)."""
    from planner.schema import schema_text
    from planner.tourfile import tour_schema_text

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
    from planner.generate import CITIES, GenerateOptions, generate
    from planner.loading import dump_scenario

    if city not in CITIES:
        print(f"unknown city '{city}' (known: {', '.join(CITIES)})", file=sys.stderr)
        raise typer.Exit(2)
    options = GenerateOptions(
        patients=patients, households=households, seed=seed, days=days, teams=teams,
        visit_days=visit_days, city=city,
    )  # fmt: skip
    sys.stdout.write(dump_scenario(generate(options)))


@app.command()
def solve(
    file: FileArg,
    out: Annotated[Path, typer.Option("--out", help="folder for plan.json, printouts and maps")],
    time_limit: Annotated[float, typer.Option(min=0.1, help="seconds for the whole solve")] = 30.0,
    seed: SeedOption = 0,
    deterministic: Annotated[
        bool, typer.Option(help="one search worker: the same input and seed give the same plan")
    ] = False,
    lang: LangOption = Lang.zh,
    engine: Annotated[Engine, typer.Option(help="routing engine")] = Engine.auto,
    tiles: TilesOption = "osm",
    tianditu_key: TiandituKeyOption = None,
    tile_zooms: TileZoomsOption = "8-14",
    tile_cap_mb: TileCapOption = 15.0,
    quiet: QuietOption = False,
) -> None:
    """Plan a stop: schedule, routes, printouts and maps. Ctrl-C keeps the best plan so far."""
    from planner.loading import load_scenario
    from planner.pipeline import prepare_out_dir, solve_stop, write_outputs
    from planner.printouts.fonts import check_fonts
    from solver.limits import Limits

    progress = None if quiet else progress_line
    limits = Limits(time_limit_s=time_limit, seed=seed, deterministic=deterministic,
                    progress=progress)  # fmt: skip
    try:
        options = _output_options(lang, tiles, tianditu_key, tile_zooms, tile_cap_mb)
        scenario = load_scenario(file)
        check_fonts(lang.value, scenario.model_dump(mode="json"))
        prepare_out_dir(out)
        plan = interruptible(limits, lambda: solve_stop(scenario, limits, engine=engine.value))
        written = write_outputs(scenario, plan, out, options)
    except PlannerError as error:
        raise _fail(error) from None
    print(_summary(plan, out, len(written)))


@app.command()
def replan(
    file: FileArg,
    plan: Annotated[Path, typer.Option("--plan", help="the published plan.json")],
    changes: Annotated[Path, typer.Option("--changes", help="the changes file (YAML or JSON)")],
    out: Annotated[Path, typer.Option("--out", help="folder for the new plan and printouts")],
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
    quiet: QuietOption = False,
) -> None:
    """Re-plan a stop under way with the fewest changes (walk-ins, no-shows, late experts,
    closed rooms). What started before `now` stays as it happened."""
    from planner.pipeline import prepare_out_dir
    from planner.replan import load_day, replan_stop, write_replanned
    from solver.limits import Limits

    limits = Limits(time_limit_s=time_limit, seed=seed, progress=None if quiet else progress_line)
    try:
        options = _output_options(lang, tiles, tianditu_key, tile_zooms, tile_cap_mb)
        for path in status or []:
            if not path.is_file():
                raise InputError(f"--status {path}: file not found")
        day = load_day(file, plan, changes, status or [])
        prepare_out_dir(out)
        new = interruptible(limits, lambda: replan_stop(day, limits))
        written = write_replanned(day.scenario, new, out, options, day.published)
    except PlannerError as error:
        raise _fail(error) from None
    moved = sum(c.what == "moved" for c in new.changes)
    cancelled = sum(c.what == "cancelled" for c in new.changes)
    added = sum(c.what == "new" for c in new.changes)
    print(f"{_summary(new, out, len(written))}; {moved} moved, {cancelled} cancelled, {added} new")


@app.command()
def check(
    file: FileArg,
    plan: Annotated[Path, typer.Argument(help="plan.json written by planner solve")],
) -> None:
    """Check a plan against its scenario, independently of the solver."""
    from planner.check import check_plan
    from planner.loading import load_scenario
    from planner.plan_file import load_plan

    try:
        scenario = load_scenario(file)
        violations = check_plan(scenario, load_plan(plan))
    except PlannerError as error:
        raise _fail(error) from None
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
    from planner.pipeline import prepare_out_dir
    from planner.tour import solve_tour, write_tour_outputs
    from planner.tourfile import load_tour
    from solver.limits import Limits

    limits = Limits(time_limit_s=time_limit, seed=seed, deterministic=deterministic,
                    progress=None if quiet else progress_line)  # fmt: skip
    try:
        tour = load_tour(file)
        prepare_out_dir(out)
        plan = interruptible(limits, lambda: solve_tour(tour, limits))
        written = write_tour_outputs(tour, plan, out, lang.value)
    except PlannerError as error:
        raise _fail(error) from None
    needs = sum(sum(s.needs.values()) for s in tour.stops)
    filled = sum(len(s.experts) for s in plan.stops)
    print(
        f"{plan.status}: {len(plan.stops)} of {len(tour.stops)} stops scheduled, "
        f"{filled} of {needs} needs filled; {len(written)} files in {out}"
    )


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
) -> None:
    """Solve what-if variants of a scenario side by side on Dask; exit 1 if any failed."""
    from planner.sweep import SweepOptions, summary_line
    from planner.sweep import sweep as run

    options = SweepOptions(workers=workers, scheduler=scheduler, time_limit_s=time_limit,
                           seed=seed, lang=lang.value)  # fmt: skip
    try:
        rows = run(file, variants, vary or [], out, options, progress=progress_line)
    except PlannerError as error:
        raise _fail(error) from None
    print(summary_line(rows, out))
    if any(row.status == "failed" for row in rows):
        raise typer.Exit(1)


@app.command()
def fit(
    file: FileArg,
    plan: Annotated[Path, typer.Option("--plan", help="the published plan.json")],
    patient: Annotated[Path, typer.Option("--patient", help="the walk-in (YAML or JSON)")],
    lang: Annotated[Lang, typer.Option(help="language of the listing")] = Lang.zh,
    options: Annotated[int, typer.Option(min=1, max=20, help="options per need")] = 3,
    json_out: Annotated[bool, typer.Option("--json", help="print JSON instead")] = False,
) -> None:
    """List the earliest options for a walk-in's needs that move nobody else."""
    from planner.loading import load_scenario
    from planner.model.errors import InputError
    from planner.plan_file import load_plan
    from planner.walkin import load_walk_in, plan_problems, report_json, report_text
    from solver.fit import fit_walk_in

    try:
        scenario = load_scenario(file)
        published = load_plan(plan)
        problems = plan_problems(scenario, published, plan.name)
        if problems:
            raise InputError(problems)
        walk_in = load_walk_in(patient, scenario)
    except PlannerError as error:
        raise _fail(error) from None
    result = fit_walk_in(scenario, published, walk_in, per_need=options)
    text = report_json(result) if json_out else report_text(scenario, walk_in, result, lang.value)
    sys.stdout.write(text)


def _summary(plan: Plan, out: Path, files: int) -> str:
    needs = len(plan.appointments) + len(plan.unserved)
    households = sum(len(r.visits) for r in plan.routes) + len(plan.unvisited)
    visited = households - len(plan.unvisited)
    return (
        f"{plan.status}: {len(plan.appointments)} of {needs} needs served, "
        f"{visited} of {households} households visited; {files} files in {out}"
    )


def main() -> None:
    """Entry point of the `planner` command."""
    app()
