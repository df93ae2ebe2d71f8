"""The command line: Typer options that hand off to one job each (`planner/jobs/`).

A command reads its files (`planner/files/`), runs its job, and prints the job's
summary; a `PlannerError` becomes its messages on stderr and its exit code.
"""

from __future__ import annotations

import datetime as dt
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
from planner.cli.spoken import SpokenGroup
from planner.model.errors import InputError, PlannerError
from planner.model.words import N_, spoken
from planner.model.words import gettext as _
from solver.limits import Limits

T = TypeVar("T")

app = typer.Typer(
    cls=SpokenGroup,
    add_completion=False,
    no_args_is_help=True,
    help=N_("Plan the stops of a touring thalassemia clinic."),
    pretty_exceptions_enable=False,
)


def _lang(lang: Lang | None) -> str:
    """The language chosen with `--lang`, else the locale's (`planner.model.words.language`)."""
    return lang.value if lang else spoken()


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


@app.command(
    help=N_("Check a scenario or tour file; list every problem with its file, line and key path.")
)
def validate(file: FileArg) -> None:
    from planner.check.contacts import contact_warnings
    from planner.files.scenario import load_scenario
    from planner.files.tour import is_tour_file, load_tour

    if is_tour_file(file):
        tour = _run(lambda: load_tour(file))
        print(
            _(
                "{name}: valid tour: {count} stops, {count2} experts",
                name=file.name,
                count=len(tour.stops),
                count2=len(tour.experts),
            )
        )
        return
    scenario = _run(lambda: load_scenario(file))
    for warning in contact_warnings(scenario, spoken()):  # whom no call or text reaches
        print(warning, file=sys.stderr)
    households = len(scenario.visits.households) if scenario.visits else 0
    print(
        _(
            "{name}: valid: {count} patients, {count2} experts, {households} households",
            name=file.name,
            count=len(scenario.patients),
            count2=len(scenario.experts),
            households=households,
        )
    )


@app.command(
    help=N_("Print the JSON Schema of the scenario format (or of tour, changes or walk-in files).")
)
def schema(
    tour: Annotated[
        bool, typer.Option("--tour", help=N_("the tour file's schema instead"))
    ] = False,
    changes: Annotated[
        bool, typer.Option("--changes", help=N_("the changes file's schema (planner replan)"))
    ] = False,
    walk_in: Annotated[
        bool, typer.Option("--walk-in", help=N_("the walk-in file's schema (planner fit)"))
    ] = False,
) -> None:
    from planner.files import schema as schemas

    if tour + changes + walk_in > 1:
        print(_("give one of --tour, --changes and --walk-in"), file=sys.stderr)
        raise typer.Exit(2)
    text = (
        schemas.tour_schema_text if tour
        else schemas.changes_schema_text if changes
        else schemas.walk_in_schema_text if walk_in
        else schemas.schema_text
    )  # fmt: skip
    sys.stdout.write(text())


@app.command(help=N_("Print a valid synthetic scenario of the given size as YAML."))
def generate(
    patients: Annotated[
        int,
        typer.Option(min=0, help=N_("number of patients (0: a home-visit campaign, no clinic)")),
    ] = 40,
    households: Annotated[int, typer.Option(min=0, help=N_("number of households"))] = 20,
    seed: SeedOption = 0,
    days: Annotated[int | None, typer.Option(min=1, max=5, help=N_("clinic days"))] = None,
    teams: Annotated[
        int | None, typer.Option(min=1, help=N_("visit teams (default: one per 30 households)"))
    ] = None,
    visit_days: Annotated[int, typer.Option(min=1, max=14, help=N_("home-visit days"))] = 3,
    city: Annotated[str, typer.Option(help=N_("zhaotong, longyan, sandu, ..."))] = "zhaotong",
    hard: Annotated[
        bool, typer.Option(help=N_("a harder clinic: part-day experts, many family blocks"))
    ] = False,
) -> None:
    from planner.files.scenario import dump_scenario
    from planner.jobs.generate import generate as job
    from planner.model.synthetic import GenerateOptions

    options = GenerateOptions(
        patients=patients, households=households, seed=seed, days=days, teams=teams,
        visit_days=visit_days, city=city, hard=hard,
    )  # fmt: skip
    sys.stdout.write(dump_scenario(_run(lambda: job(options))))


@app.command(
    help=N_("Plan a stop: schedule, routes, printouts and maps. Ctrl-C keeps the best plan so far.")
)
def solve(
    file: FileArg,
    out: Annotated[
        Path, typer.Option("--out", help=N_("folder for plan.json, printouts and maps"))
    ],
    time_limit: Annotated[
        float, typer.Option(min=0.1, help=N_("seconds for the whole solve"))
    ] = 30.0,
    seed: SeedOption = 0,
    deterministic: DeterministicOption = False,
    lang: LangOption = None,
    engine: Annotated[Engine, typer.Option(help=N_("routing engine"))] = Engine.auto,
    tiles: TilesOption = "osm",
    tianditu_key: TiandituKeyOption = None,
    tile_zooms: TileZoomsOption = "8-14",
    tile_cap_mb: TileCapOption = 15.0,
    quiet: QuietOption = False,
    workers: Annotated[
        int, typer.Option(min=0, help="processes routing a large campaign's parts (0: cores)")
    ] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(help="route the parts on Dask: tcp://HOST:PORT, or 'local' (--workers)"),
    ] = None,
) -> None:
    from planner.files.scenario import load_scenario
    from planner.jobs.cluster import ClusterOptions
    from planner.jobs.solve import solve as job

    options = _run(
        lambda: output_options(_lang(lang), tiles, tianditu_key, tile_zooms, tile_cap_mb)
    )
    scenario = _run(lambda: load_scenario(file))
    limits = Limits(time_limit_s=time_limit, seed=seed, deterministic=deterministic)
    cluster = ClusterOptions(workers=workers, scheduler=scheduler)
    solved = _run(lambda: _solving(limits, quiet, lambda watched: job(
        scenario, watched, out, options, engine=engine.value, cluster=cluster)))  # fmt: skip
    for warning in solved.warnings:
        print(warning, file=sys.stderr)
    print(solved.summary)


@app.command(
    help=N_(
        "Re-plan a stop under way with the fewest changes (walk-ins, no-shows, late "
        "experts, closed rooms, visit statuses). What started before `now` stays as it "
        "happened."
    )
)
def replan(
    file: FileArg,
    plan: PlanOption,
    out: Annotated[Path, typer.Option("--out", help=N_("folder for the new plan and printouts"))],
    changes: Annotated[
        Path | None,
        typer.Option(
            "--changes",
            help=N_(
                "the changes file (YAML or JSON); without it, a visit-only re-plan whose "
                "`now` is the midnight after the last day a status was marked on"
            ),
        ),
    ] = None,
    time_limit: Annotated[float, typer.Option(min=0.1, help=N_("seconds for the re-plan"))] = 20.0,
    seed: SeedOption = 0,
    deterministic: DeterministicOption = False,
    lang: LangOption = None,
    status: Annotated[
        list[Path] | None, typer.Option("--status", help=N_("visit statuses exported by the maps"))
    ] = None,
    tiles: TilesOption = "osm",
    tianditu_key: TiandituKeyOption = None,
    tile_zooms: TileZoomsOption = "8-14",
    tile_cap_mb: TileCapOption = 15.0,
    assume_not_reached: Annotated[
        bool,
        typer.Option(
            help=N_(
                "a past team-day without any status was not reached (default: unknown, "
                "kept as published, with a warning)"
            )
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    from planner.files.day import load_day
    from planner.jobs.replan import replan as job
    from planner.model.replanning import Day

    def read() -> Day:
        for path in status or []:
            if not path.is_file():
                raise InputError(_("--status {path}: file not found", path=path))
        return load_day(file, plan, changes, status or [])

    options = _run(
        lambda: output_options(_lang(lang), tiles, tianditu_key, tile_zooms, tile_cap_mb)
    )
    day = _run(read)
    limits = Limits(time_limit_s=time_limit, seed=seed, deterministic=deterministic)
    replanned = _run(lambda: _solving(limits, quiet, lambda watched: job(
        day, watched, out, options, assume_not_reached=assume_not_reached)))  # fmt: skip
    for warning in replanned.warnings:
        print(warning, file=sys.stderr)
    print(replanned.summary)


@app.command(help=N_("Check a plan against its scenario, independently of the solver."))
def check(
    file: FileArg,
    plan: Annotated[Path, typer.Argument(help=N_("plan.json written by planner solve"))],
) -> None:
    from planner.check import check_plan
    from planner.files.plan import load_plan, replan_scenario_hint
    from planner.files.scenario import load_scenario

    checked = _run(lambda: load_plan(plan))
    violations = _run(lambda: check_plan(load_scenario(file), checked))
    for violation in violations:
        print(violation)
    if violations:
        print(_("{count} violations", count=len(violations)), file=sys.stderr)
        hint = replan_scenario_hint(file, plan, checked)
        if hint:
            print(hint, file=sys.stderr)
        raise typer.Exit(1)
    print(_("{name}: every rule holds", name=plan.name))


@app.command(
    "tour",
    help=N_("Pick the dates of a tour's stops and the experts for each. Ctrl-C keeps the best."),
)
def tour_command(
    file: Annotated[Path, typer.Argument(help=N_("tour file (YAML or JSON)"))],
    out: Annotated[Path, typer.Option("--out", help=N_("folder for tour.json and the rest"))],
    time_limit: Annotated[float, typer.Option(min=0.1, help=N_("seconds for the solve"))] = 60.0,
    seed: SeedOption = 0,
    deterministic: Annotated[
        bool, typer.Option(help=N_("one search worker: the same input and seed give the same tour"))
    ] = False,
    lang: Annotated[
        Lang | None, typer.Option(help=N_("language of the printouts and the map"))
    ] = None,
    tiles: TilesOption = "osm",
    tianditu_key: TiandituKeyOption = None,
    tile_zooms: TileZoomsOption = "4-8",
    tile_cap_mb: TileCapOption = 15.0,
    quiet: QuietOption = False,
) -> None:
    from planner.files.tour import load_tour
    from planner.jobs.tour import tour as job

    maps = _run(lambda: output_options(_lang(lang), tiles, tianditu_key, tile_zooms, tile_cap_mb))
    tour = _run(lambda: load_tour(file))
    limits = Limits(time_limit_s=time_limit, seed=seed, deterministic=deterministic)
    toured = _run(lambda: _solving(limits, quiet, lambda watched: job(
        tour, watched, out, _lang(lang), maps)))  # fmt: skip
    print(toured.summary)


@app.command(
    help=N_("Solve what-if variants of a scenario side by side on Dask; exit 1 if any failed.")
)
def sweep(
    file: FileArg,
    out: Annotated[Path, typer.Option("--out", help=N_("folder for sweep.csv, sweep.html, plans"))],
    variants: Annotated[
        Path | None, typer.Option("--variants", help=N_("variants file: named merge patches"))
    ] = None,
    vary: Annotated[
        list[str] | None,
        typer.Option(help=N_("KEY=V1,V2,...: teams, visit_days, drop_expert or patients")),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help=N_("local Dask worker processes"))] = 2,
    scheduler: Annotated[
        str | None, typer.Option(help=N_("tcp://HOST:PORT of an existing Dask cluster"))
    ] = None,
    time_limit: Annotated[float, typer.Option(min=0.1, help=N_("seconds per variant"))] = 30.0,
    seed: SeedOption = 0,
    lang: LangOption = None,
    simulate_runs: Annotated[
        int, typer.Option("--simulate", min=0, help=N_("replay each plan N times under chance"))
    ] = 0,
) -> None:
    from planner.files.variants import prepare_variants
    from planner.jobs.sweep import SweepOptions
    from planner.jobs.sweep import sweep as job

    options = SweepOptions(workers=workers, scheduler=scheduler, time_limit_s=time_limit,
                           seed=seed, lang=_lang(lang), simulate_runs=simulate_runs)  # fmt: skip
    pairs = _run(lambda: prepare_variants(file, variants, vary or []))
    swept = _run(lambda: job(*pairs, out, options, source=file.name, progress=_line))
    print(swept.summary)
    if swept.failed:
        raise typer.Exit(1)


def _line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _letter(value: str) -> str:
    """An option's letter, a to t."""
    from planner.jobs.fit import LETTERS

    if len(value) == 1 and value in LETTERS:
        return value
    raise typer.BadParameter(_("'{value}' is not an option's letter (a to t)", value=value))


@app.command(
    help=N_(
        "List the earliest options for a walk-in's needs that move nobody else; with "
        "--book, book one into the changes file, where `planner replan` keeps it."
    )
)
def fit(
    file: FileArg,
    plan: PlanOption,
    patient: Annotated[
        str,
        typer.Option(
            "--patient",
            help=N_(
                "the walk-in: a file, or YAML or JSON text given inline; a list of them is "
                "a family, fitted together"
            ),
        ),
    ],
    changes: Annotated[
        Path | None,
        typer.Option(
            "--changes",
            help=N_(
                "a changes file: fit into the day as it now is, around the walk-ins booked "
                "there; with --book, the walk-ins are added to it (created if missing)"
            ),
        ),
    ] = None,
    book: Annotated[
        str | None,
        typer.Option(
            "--book",
            help=N_("LETTER: book that option of every need into --changes"),
            parser=_letter,
        ),
    ] = None,
    lang: Annotated[Lang | None, typer.Option(help=N_("language of the listing"))] = None,
    options: Annotated[int, typer.Option(min=1, max=20, help=N_("options per need"))] = 3,
    json_out: Annotated[bool, typer.Option("--json", help=N_("print JSON instead"))] = False,
) -> None:
    from planner.files.day import load_fit_day
    from planner.files.walk_in import load_walk_ins
    from planner.jobs.fit import book_into
    from planner.jobs.fit import fit as job
    from planner.model import Patient, Plan, Scenario

    def read() -> tuple[Scenario, Plan, list[Patient]]:
        if book is not None and changes is None:
            raise InputError(_("--book needs --changes FILE: the changes file it is written to"))
        scenario, published = load_fit_day(file, plan, changes)
        return scenario, published, load_walk_ins(patient, scenario)

    scenario, published, walk_ins = _run(read)
    listed = walk_ins[0] if len(walk_ins) == 1 else walk_ins
    fitted = job(scenario, published, listed, per_need=options)
    sys.stdout.write(fitted.json() if json_out else fitted.text(_lang(lang)))
    if book is not None and changes is not None:
        booked = _run(lambda: book_into(fitted, book, changes))
        print(booked.summary, file=sys.stderr if json_out else sys.stdout)


@app.command(
    help=N_(
        "Replay a plan many times under chance: no-shows, late families and experts, "
        "long consultations, walk-ins fitted in without moving anyone."
    )
)
def simulate(
    file: FileArg,
    plan: PlanOption,
    out: Annotated[Path, typer.Option("--out", help=N_("folder for simulation.json and .html"))],
    runs: Annotated[int, typer.Option(min=1, max=20_000, help=N_("replays of the day"))] = 1000,
    seed: SeedOption = 0,
    variability: Annotated[
        Path | None, typer.Option("--variability", help=N_("chance of the day (YAML or JSON)"))
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option("--compare", help=N_("a second plan, replayed on the same chance")),
    ] = None,
    lang: LangOption = None,
) -> None:
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
                                 lang=_lang(lang), compare=second))  # fmt: skip
    print(simulated.summary)


@app.command(
    help=N_(
        "The clinic day live: desk, experts, waiting-room screen and coordinator. Every "
        "action is kept in the database; a restart resumes the day."
    )
)
def serve(
    file: FileArg,
    plan: PlanOption,
    out: Annotated[Path, typer.Option("--out", help=N_("folder for day.db, versions/, pins.txt"))],
    db: Annotated[
        str | None, typer.Option(help=N_("database URL (default sqlite:///DIR/day.db)"))
    ] = None,
    host: Annotated[str, typer.Option(help=N_("address to listen on (0.0.0.0: the Wi-Fi)"))] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help=N_("port"))] = 8000,
    pins: Annotated[
        Path | None, typer.Option("--pins", help=N_("PINs (YAML); else generated once"))
    ] = None,
    clock: Annotated[
        str | None, typer.Option(help=N_("start the day's clock at this local time (ISO)"))
    ] = None,
    lang: LangOption = None,
    cert: Annotated[Path | None, typer.Option(help=N_("TLS certificate (PEM)"))] = None,
    key: Annotated[Path | None, typer.Option(help=N_("TLS private key (PEM)"))] = None,
    replan_time_limit: Annotated[
        float, typer.Option(min=0.5, help=N_("seconds for each re-plan job"))
    ] = 20.0,
) -> None:
    from planner.files.pins import load_pins
    from planner.jobs.serve import load_published
    from planner.server.config import ServeConfig
    from planner.server.run import serve as run

    def read() -> ServeConfig:
        scenario, published = load_published(file, plan)
        if (cert is None) != (key is None):
            raise InputError(_("--cert and --key go together"))
        return ServeConfig(
            scenario=scenario, plan=published, out_dir=out, db_url=db, host=host, port=port,
            pins=None if pins is None else load_pins(pins, scenario),
            clock=_clock(clock), lang=_lang(lang), cert=cert, key=key,
            replan_time_limit_s=replan_time_limit,
        )  # fmt: skip

    config = _run(read)
    _run(lambda: run(config))


def _clock(text: str | None) -> dt.datetime | None:
    """--clock as a moment; a bad one is an input error naming the option."""
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            _("--clock {text}: not a time such as 2025-07-05T11:00", text=text)
        ) from None


def main() -> None:
    """Entry point of the `planner` command."""
    app()
