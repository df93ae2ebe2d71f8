"""`planner tour`: pick each stop's dates and experts, check the result, write every output.

The only place that ties the tour solver, the printouts and the map together; each of
them sees only the domain model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planner.files.out_dir import prepare_out_dir, writing
from planner.jobs.outputs import OutputOptions
from planner.model.errors import NoPlanError
from planner.model.plan_status import status_words
from planner.model.tour import Tour, TourPlan, TourSolverInfo
from planner.model.words import gettext as _
from solver.limits import Limits


def solve_tour(tour: Tour, limits: Limits) -> TourPlan:
    """The tour plan, checked by the independent tour checker.

    Raises:
        NoPlanError: when the tour's hard rules cannot all hold (the diagnosis names the
            conflicting stops) or no plan was found in time.
    """
    from planner.check.tour import check_tour
    from solver.tour import plan_tour

    result = plan_tour(tour, limits)
    if result.status == "unknown":
        raise NoPlanError(_("no tour found within the time limit; try a longer --time-limit"))
    if result.status == "infeasible":
        raise NoPlanError([_("no tour can keep every hard rule:"), *result.diagnosis])
    info = TourSolverInfo(
        wall_s=result.wall_s, objective=result.objective, bound=result.bound, gap=result.gap,
        status=result.status, seed=limits.seed, time_limit_s=limits.time_limit_s,
        levels=result.levels, terms=result.terms,
    )  # fmt: skip
    plan = TourPlan(
        tour=tour.name, status=result.status, stops=result.stops, unfilled=result.unfilled,
        unscheduled=result.unscheduled, solver=info,
    )  # fmt: skip
    violations = check_tour(tour, plan)
    if violations:  # a bug in the model: say so rather than write a wrong tour
        raise NoPlanError([_("internal error: the tour breaks its rules:"), *map(str, violations)])
    return plan


def write_tour_outputs(
    tour: Tour, plan: TourPlan, out_dir: Path, lang: str = "zh", maps: OutputOptions | None = None
) -> list[Path]:
    """Write tour.json, the workbook, printouts, calendars, the map and the stop scenarios.

    `maps` gives the map's background (`tiles` and the options that go with it; its
    `lang` is not read); OpenStreetMap without it.
    """
    prepare_out_dir(out_dir)
    with writing(out_dir):
        return _write(tour, plan, out_dir, lang, maps or OutputOptions())


def _write(tour: Tour, plan: TourPlan, out_dir: Path, lang: str, maps: OutputOptions) -> list[Path]:
    from maps.tiles import tile_source
    from maps.tour import write_tour_map
    from planner.files.stop_scenarios import stop_yaml
    from planner.model import safe_name
    from planner.printouts.tour_calendars import write_tour_calendars
    from planner.printouts.tour_print import write_tour_print
    from planner.printouts.tour_workbook import write_tour_workbook

    path = out_dir / "tour.json"
    path.write_text(plan.model_dump_json(indent=2) + "\n", encoding="utf-8")
    written = [path, write_tour_workbook(tour, plan, out_dir / "tour.xlsx", lang)]
    written += write_tour_print(tour, plan, out_dir / "print", lang)
    written += write_tour_calendars(tour, plan, out_dir / "calendar", lang)
    tiles = tile_source(maps.tiles, maps.tianditu_key, maps.tile_zooms, maps.tile_cap_mb)
    written.append(write_tour_map(tour, plan, out_dir / "maps" / "tour.html", lang, tiles))
    stops_dir = out_dir / "stops"
    stops_dir.mkdir(parents=True, exist_ok=True)
    for planned in plan.stops:
        stop_path = stops_dir / f"{safe_name(planned.stop)}.yaml"
        stop_path.write_text(stop_yaml(tour, planned), encoding="utf-8")
        written.append(stop_path)
    return written


@dataclass(frozen=True)
class Toured:
    """A tour planned and written: the plan, the files and their folder."""

    tour: Tour
    plan: TourPlan
    written: list[Path]
    out_dir: Path

    @property
    def summary(self) -> str:
        """`good plan, within 2.5 % of the best possible: 9 of 10 stops scheduled, 30 of 32
        needs filled; 25 files in DIR`, in the spoken language."""
        needs = sum(sum(stop.needs.values()) for stop in self.tour.stops)
        filled = sum(len(stop.experts) for stop in self.plan.stops)
        return _(
            "{status}: {scheduled} of {stops} stops scheduled, {filled} of {needs} needs "
            "filled; {files} files in {out_dir}",
            status=status_words(self.plan.status, self.plan.solver.gap),
            scheduled=len(self.plan.stops), stops=len(self.tour.stops), filled=filled,
            needs=needs, files=len(self.written), out_dir=self.out_dir,
        )  # fmt: skip


def tour(
    tour: Tour, limits: Limits, out_dir: Path, lang: str = "zh", maps: OutputOptions | None = None
) -> Toured:
    """Plan a tour and write tour.json, the printouts, calendars, map and stop scenarios
    (the map on `maps.tiles`, see `write_tour_outputs`).

    Raises:
        OutputError: the folder cannot be written (found before any solving).
        NoPlanError: as `solve_tour`.
    """
    prepare_out_dir(out_dir)
    plan = solve_tour(tour, limits)
    return Toured(tour, plan, write_tour_outputs(tour, plan, out_dir, lang, maps), out_dir)
