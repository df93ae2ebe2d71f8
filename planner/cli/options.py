"""The options that several commands share, declared once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from planner.jobs.outputs import OutputOptions
from planner.model.errors import InputError
from planner.model.words import N_
from planner.model.words import gettext as _


class Lang(StrEnum):
    """Languages of the printouts and maps."""

    zh = "zh"
    en = "en"


class Engine(StrEnum):
    """Routing engines."""

    auto = "auto"
    ortools = "ortools"
    pyvrp = "pyvrp"
    vroom = "vroom"
    vroom_ortools = "vroom+ortools"
    pyvrp_prizes = "pyvrp-prizes"


TILES_HELP = N_(
    "map background: osm, gaode, tianditu (the only network use), none, or "
    "mbtiles:FILE.mbtiles (tiles of a local file embedded in each map: fully offline)"
)
TILE_NAMES = ("osm", "gaode", "tianditu", "none")


def _tiles(value: str) -> str:
    """osm, gaode, tianditu, none or mbtiles:FILE."""
    if value in TILE_NAMES or value.startswith("mbtiles:"):
        return value
    raise typer.BadParameter(
        _(
            "'{value}' is not one of {listed} or mbtiles:FILE",
            value=value,
            listed=", ".join(TILE_NAMES),
        )
    )


def _zooms(value: str) -> tuple[int, int]:
    """'8-14' as (8, 14)."""
    low, _dash, high = value.partition("-")
    try:
        return int(low), int(high or low)
    except ValueError:
        raise typer.BadParameter(
            _("'{value}' is not a range of zoom levels such as 8-14", value=value)
        ) from None


FileArg = Annotated[Path, typer.Argument(help=N_("scenario file (YAML or JSON)"))]
PlanOption = Annotated[Path, typer.Option("--plan", help=N_("the published plan.json"))]
SeedOption = Annotated[int, typer.Option(help=N_("random seed"))]
QuietOption = Annotated[bool, typer.Option(help=N_("no progress on stderr"))]
LangOption = Annotated[
    Lang | None,
    typer.Option(help=N_("language of the printouts and maps (default: the locale's, else zh)")),
]
DeterministicOption = Annotated[
    bool, typer.Option(help=N_("one search worker: the same input and seed give the same plan"))
]
TilesOption = Annotated[str, typer.Option(help=TILES_HELP, parser=_tiles)]
TiandituKeyOption = Annotated[str | None, typer.Option(help=N_("key for --tiles tianditu"))]
TileZoomsOption = Annotated[
    str, typer.Option(help=N_("with mbtiles: the zoom levels embedded, lowest-highest"))
]
TileCapOption = Annotated[
    float, typer.Option(help=N_("with mbtiles: most MB of tiles per map (drops high levels)"))
]


def output_options(
    lang: str, tiles: str, tianditu_key: str | None, tile_zooms: str, tile_cap_mb: float
) -> OutputOptions:
    """The printouts' and maps' options, checked before any solve: a tianditu key, and an
    MBTiles file that exists and can be read."""
    options = OutputOptions(lang=lang, tiles=tiles, tianditu_key=tianditu_key,
                            tile_zooms=_zooms(tile_zooms), tile_cap_mb=tile_cap_mb)  # fmt: skip
    if tiles == "tianditu" and not tianditu_key:
        raise InputError(_("--tiles tianditu needs --tianditu-key"))
    if tiles.startswith("mbtiles:"):
        from maps.tiles import mbtiles_spec

        mbtiles_spec(tiles.removeprefix("mbtiles:"), options.tile_zooms, tile_cap_mb)
    return options
