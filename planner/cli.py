"""The command line. Each command hands off at once to a plain function."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from planner.model.errors import InputError, PlannerError

if TYPE_CHECKING:
    from planner.model import Plan
    from solver.limits import Limits

T = TypeVar("T")


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
    """Check a scenario file; list every problem with its file, line and key path."""
    from planner.loading import load_scenario

    try:
        scenario = load_scenario(file)
    except PlannerError as error:
        raise _fail(error) from None
    print(
        f"{file.name}: valid: {len(scenario.patients)} patients, {len(scenario.experts)} experts, "
        f"{len(scenario.visits.households) if scenario.visits else 0} households"
    )


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format."""
    from planner.schema import schema_text

    sys.stdout.write(schema_text())


@app.command()
def generate(
    patients: Annotated[int, typer.Option(min=0, help="number of patients")] = 40,
    households: Annotated[int, typer.Option(min=0, help="number of households")] = 20,
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
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
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
    deterministic: Annotated[
        bool, typer.Option(help="one search worker: the same input and seed give the same plan")
    ] = False,
    lang: Annotated[Lang, typer.Option(help="language of the printouts and maps")] = Lang.zh,
    engine: Annotated[Engine, typer.Option(help="routing engine")] = Engine.auto,
    tiles: Annotated[str, typer.Option(help=TILES_HELP, parser=_tiles)] = "osm",
    tianditu_key: Annotated[str | None, typer.Option(help="key for --tiles tianditu")] = None,
    tile_zooms: Annotated[
        str, typer.Option(help="with mbtiles: the zoom levels embedded, lowest-highest")
    ] = "8-14",
    tile_cap_mb: Annotated[
        float, typer.Option(help="with mbtiles: most MB of tiles per map (drops high levels)")
    ] = 15.0,
    quiet: Annotated[bool, typer.Option(help="no progress on stderr")] = False,
) -> None:
    """Plan a stop: schedule, routes, printouts and maps. Ctrl-C keeps the best plan so far."""
    from planner.loading import load_scenario
    from planner.pipeline import OutputOptions, prepare_out_dir, solve_stop, write_outputs
    from solver.limits import Limits

    progress = None if quiet else _progress
    limits = Limits(time_limit_s=time_limit, seed=seed, deterministic=deterministic,
                    progress=progress)  # fmt: skip
    options = OutputOptions(lang=lang.value, tiles=tiles, tianditu_key=tianditu_key,
                            tile_zooms=_zooms(tile_zooms), tile_cap_mb=tile_cap_mb)  # fmt: skip
    if tiles == "tianditu" and not tianditu_key:
        print("--tiles tianditu needs --tianditu-key", file=sys.stderr)
        raise typer.Exit(2)
    try:
        if tiles.startswith("mbtiles:"):  # a missing or unreadable file is told before the solve
            from maps.tiles import mbtiles_spec

            mbtiles_spec(tiles.removeprefix("mbtiles:"), options.tile_zooms, tile_cap_mb)
        scenario = load_scenario(file)
        prepare_out_dir(out)
        plan = _interruptible(limits, lambda: solve_stop(scenario, limits, engine=engine.value))
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
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
    lang: Annotated[Lang, typer.Option(help="language of the printouts and maps")] = Lang.zh,
    status: Annotated[
        list[Path] | None, typer.Option("--status", help="visit statuses exported by the maps")
    ] = None,
    quiet: Annotated[bool, typer.Option(help="no progress on stderr")] = False,
) -> None:
    """Re-plan a stop under way with the fewest changes (walk-ins, no-shows, late experts,
    closed rooms). What started before `now` stays as it happened."""
    from planner.pipeline import OutputOptions, prepare_out_dir
    from planner.replan import load_day, replan_day, write_replanned
    from solver.limits import Limits

    limits = Limits(time_limit_s=time_limit, seed=seed, progress=None if quiet else _progress)
    try:
        day, published = load_day(file, plan, changes)
        for path in status or []:
            if not path.is_file():
                raise InputError(f"--status {path}: file not found")
        prepare_out_dir(out)
        new = _interruptible(limits, lambda: replan_day(day, published, limits))
        written = write_replanned(day, new, out, OutputOptions(lang=lang.value))
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


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextlib.contextmanager
def _stop_on_interrupt(limits: Limits) -> Iterator[None]:
    """The first Ctrl-C asks the solvers to stop and keep their best plan; a second one quits."""

    def on_interrupt(signum: int, frame: object) -> None:
        if limits.stop.is_set():
            raise KeyboardInterrupt
        print("stopping: writing the best plan found so far", file=sys.stderr)
        limits.stop.set()

    try:
        previous = signal.signal(signal.SIGINT, on_interrupt)
    except ValueError:  # not the main thread: no signal handling
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _interruptible(limits: Limits, work: Callable[[], T]) -> T:
    """Run `work` in a helper thread while the main thread waits for Ctrl-C.

    Python runs signal handlers only in the main thread and only between bytecodes, so a
    main thread blocked inside a solver would see Ctrl-C only when the solver returns.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the main thread below
            failure.append(error)

    worker = threading.Thread(target=run, name="solve", daemon=True)
    with _stop_on_interrupt(limits):
        worker.start()
        while worker.is_alive():
            worker.join(0.2)
    if failure:
        raise failure[0]
    return outcome[0]


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
