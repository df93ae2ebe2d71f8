"""The command line. Each command hands off at once to a plain function."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from planner.errors import PlannerError

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
    city: Annotated[str, typer.Option(help="zhaotong, longyan, sandu, ...")] = "zhaotong",
) -> None:
    """Print a valid synthetic scenario of the given size as YAML."""
    from planner.generate import CITIES, GenerateOptions, generate
    from planner.loading import dump_scenario

    if city not in CITIES:
        print(f"unknown city '{city}' (known: {', '.join(CITIES)})", file=sys.stderr)
        raise typer.Exit(2)
    options = GenerateOptions(patients=patients, households=households, seed=seed, days=days,
                              city=city)  # fmt: skip
    sys.stdout.write(dump_scenario(generate(options)))


def main() -> None:
    """Entry point of the `planner` command."""
    app()
