"""The tour map in Chromium: every stop and home in view, cities on the markers, a tap
opens a stop's popup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from maps.tiles import tile_source
from maps.tour import tour_map, write_tour_map
from planner.model.tour import Tour
from tests.support.browser import needs_chromium
from tests.support.tours import TOUR, tour_plan

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_the_first_view_is_fitted_to_the_stops_and_the_homes() -> None:
    html = tour_map(Tour.model_validate(TOUR), tour_plan(), "en").get_root().render()
    bounds = re.search(r"map\.fitBounds\(([^{]*), \{\s*paddingTopLeft", html)
    assert bounds is not None
    assert re.sub(r"\s", "", bounds[1]) == "[[25.08,103.72,],[45.75,126.65,],]"


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tour map in each language, on a blank background (no network)."""
    folder = tmp_path_factory.mktemp("tour-map")
    tour, plan = Tour.model_validate(TOUR), tour_plan()
    return {
        lang: write_tour_map(tour, plan, folder / f"tour-{lang}.html", lang, tile_source("none"))
        for lang in ("zh", "en")
    }


def _open(browser: Browser, path: Path) -> Page:
    page = browser.new_page(viewport={"width": 412, "height": 780})
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-marker-icon")
    return page


@needs_chromium
def test_every_marker_is_on_screen_and_labelled_with_its_city(
    browser: Browser, maps: dict[str, Path]
) -> None:
    for lang, cities in (
        ("zh", ["龙岩", "三明", "昭通"]),
        ("en", ["Longyan", "Sanming", "Zhaotong"]),
    ):
        page = _open(browser, maps[lang])
        markers = page.locator(".leaflet-marker-icon").all()
        assert len(markers) == 5  # three stops, two homes
        for marker in markers:
            box = marker.bounding_box()
            assert box is not None
            assert box["x"] >= 0 and box["x"] + box["width"] <= 412, lang
            assert box["y"] >= 0 and box["y"] + box["height"] <= 780, lang
        labels = page.locator(".stop-marker .marker-label").all_inner_texts()
        assert labels == cities
        assert page.locator(".stop-marker .stop-symbol").all_inner_texts() == ["1", "2", "3"]
        page.close()


@needs_chromium
def test_a_tap_on_a_stop_opens_its_popup(browser: Browser, maps: dict[str, Path]) -> None:
    page = _open(browser, maps["zh"])
    assert page.locator(".leaflet-popup-content").count() == 0
    page.locator(".stop-marker").nth(2).click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == "3. 昭通"
    assert "2026-11-01 – 2026-11-02" in popup.inner_text()
    assert "Dr Zhao" in popup.inner_text()
    page.wait_for_timeout(400)  # let the popup fade in and pan into view
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "tour-map-popup.png")
    page.locator(".base-marker").first.click()
    home = page.locator(".leaflet-popup-content", has_text="林医生")
    home.wait_for()
    assert "龙岩 2026-03-07 – 2026-03-08" in home.inner_text()
    assert "三明 2026-03-14" in home.inner_text()
    page.close()
