"""Writing a plan and everything made from it: plan.json, the printouts and the maps.

The only place that ties the printouts and the maps to a plan; each of them sees only the
domain model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planner.files.out_dir import prepare_out_dir, writing
from planner.model import Plan, Scenario


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
    with writing(out_dir):
        return _write(scenario, plan, out_dir, options, published)


def _write(
    scenario: Scenario, plan: Plan, out_dir: Path, options: OutputOptions, published: Plan | None
) -> list[Path]:
    plan_path = out_dir / "plan.json"
    plan_path.write_text(plan.model_dump_json(indent=2) + "\n", encoding="utf-8")
    written = [plan_path]
    if options.printouts and published is not None:
        from planner.printouts import write_diff_printouts

        written += write_diff_printouts(scenario, published, plan, out_dir, options.lang)
    elif options.printouts:
        from planner.printouts import write_printouts

        written += write_printouts(scenario, plan, out_dir, lang=options.lang)
    if options.printouts:
        from planner.printouts.sms_consoles import write_notify

        written += write_notify(scenario, plan, out_dir, options.lang, published is not None)
    if options.maps and plan.routes:
        from maps import write_maps

        written += write_maps(
            scenario, plan, out_dir, lang=options.lang, tiles=options.tiles,
            tianditu_key=options.tianditu_key, tile_zooms=options.tile_zooms,
            tile_cap_mb=options.tile_cap_mb,
        )  # fmt: skip
    return written
