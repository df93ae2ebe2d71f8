"""The overview map of a solved plan, opened in Chromium: per-stop scripts against data.

    python -m benchmarks.province_map SCENARIO PLAN_DIR [--runs 5]

Draws the overview of `PLAN_DIR/plan.json` twice, as `maps/write.py` draws it (Chinese
labels, OpenStreetMap background): once with each stop its own marker, tooltip and popup
script (what every overview was before `maps.render.DATA_FROM_STOPS`), once as the
overview of that many stops is now drawn (its stops as one block of data per route). Then
opens the two pages in turn, `--runs` times each, with `benchmarks.province.map_open_s`
(Debian's Chromium with the settings of `tests/support/browser.py`, until the first marker
cluster is drawn), and prints each page's size and the median seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.province import map_open_s
from maps import render
from maps.labels import labels_for
from maps.tiles import tile_source
from maps.views import route_view
from planner.files.plan import load_plan
from planner.files.scenario import load_scenario


def draw(scenario_file: Path, plan_dir: Path, page: Path, as_data: bool) -> None:
    """Write the overview of `plan_dir`'s plan into `page`, its stops as data or not."""
    scenario = load_scenario(scenario_file)
    plan = load_plan(plan_dir / "plan.json")
    labels = labels_for("zh")
    source = tile_source("osm")
    views = [route_view(scenario, route, labels, source) for route in plan.routes]
    kept = render.DATA_FROM_STOPS
    # The per-stop drawing is what a small overview still gets: raise the bar past it.
    render.DATA_FROM_STOPS = kept if as_data else sys.maxsize
    try:
        fmap = render.overview_map(views, labels, source, [])
    finally:
        render.DATA_FROM_STOPS = kept
    page.write_text(fmap.get_root().render(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Draw both overviews, open them in turn, print sizes and median seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", type=Path)
    parser.add_argument("plan_dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="province-map-") as folder:
        pages = {"per stop": Path(folder) / "per-stop.html", "as data": Path(folder) / "data.html"}
        for name, page in pages.items():
            draw(args.scenario, args.plan_dir, page, as_data=name == "as data")
        times: dict[str, list[float]] = {name: [] for name in pages}
        for _ in range(args.runs):  # interleaved, so that the machine's load hits both
            for name, page in pages.items():
                times[name].append(map_open_s(page))
        for name, page in pages.items():
            runs = ", ".join(f"{s:.1f}" for s in times[name])
            print(f"{name}: {page.stat().st_size / 2**20:.1f} MB, "
                  f"median {statistics.median(times[name]):.1f} s ({runs})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
