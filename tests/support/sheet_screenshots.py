"""Screenshots of a route sheet, the tour map and the sweep page for the docs:

    python -m tests.support.sheet_screenshots docs/images SOLVE_DIR TOUR_DIR SWEEP_DIR

from the output folders of `planner solve`, `planner tour` and `planner sweep` (the
commands are in docs/outputs-and-maps.md and docs/sweeps.md). The route sheet's first PDF
page is drawn by `pdftoppm`; the tour map and the sweep page are
photographed by Debian's Chromium (on the map, a tap on the northernmost stop's city, whose
popup opens into the empty sky above it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.browser import chromium


def route_sheet(solve_dir: Path, images: Path) -> Path:
    """The first route sheet's first page, at 80 dpi."""
    pdf = sorted((solve_dir / "print" / "routes").glob("*.pdf"))[0]
    stem = images / "route-sheet"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    return stem.with_suffix(".png")


def browser_shots(tour_dir: Path, sweep_dir: Path, images: Path) -> list[Path]:
    """The tour map with the northernmost stop's popup open, and the sweep page."""
    tour_png, sweep_png = images / "tour-map.png", images / "sweep.png"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 720, "height": 820})
        page.goto((tour_dir / "maps" / "tour.html").as_uri())
        page.wait_for_selector(".stop-marker .marker-label[data-side]")  # labels placed
        labels = page.locator(".stop-marker .marker-label").all()
        highest = min(labels, key=lambda label: (label.bounding_box() or {"y": 1e9})["y"])
        highest.click()  # the label is part of its marker: a tap on the city opens its popup
        page.locator(".leaflet-popup-content").wait_for()
        page.mouse.move(700, 700)  # off the label, so that its hover tooltip does not cover it
        page.wait_for_timeout(400)  # the popup fades in and pans into view
        page.screenshot(path=tour_png)
        page = browser.new_page(viewport={"width": 900, "height": 900})
        page.goto((sweep_dir / "sweep.html").as_uri())
        page.screenshot(path=sweep_png, full_page=True)
    return [tour_png, sweep_png]


def main(images: Path, solve_dir: Path, tour_dir: Path, sweep_dir: Path) -> None:
    """Write `route-sheet.png`, `tour-map.png` and `sweep.png` into `images`."""
    images.mkdir(parents=True, exist_ok=True)
    for path in [route_sheet(solve_dir, images), *browser_shots(tour_dir, sweep_dir, images)]:
        print(path)


if __name__ == "__main__":
    main(*(Path(arg) for arg in sys.argv[1:5]))
