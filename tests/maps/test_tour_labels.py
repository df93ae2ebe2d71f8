"""The shipped tour's map in Chromium: at the first view no city label covers another label
or another stop, every label is whole on screen, and a label hidden for want of room shows
once the map is zoomed in on its stop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from maps.tiles import tile_source
from maps.tour import write_tour_map
from planner.files.tour import load_tour
from planner.model.tour import Tour, TourPlan
from tests.conftest import ROOT
from tests.support.browser import needs_chromium

pytestmark = needs_chromium

PHONE, LAPTOP = (412, 780), (720, 820)
LABELS_JS = """() => [...document.querySelectorAll('.stop-marker .marker-label')].map(label => {
    const box = label.getBoundingClientRect();
    const symbol = label.parentNode.querySelector('.stop-symbol').getBoundingClientRect();
    return {city: label.textContent, side: label.dataset.side, shown: box.width > 0,
            box: [box.left, box.top, box.right, box.bottom],
            own: [symbol.left, symbol.top, symbol.right, symbol.bottom]};
})"""
SYMBOLS_JS = """() => [...document.querySelectorAll('.stop-symbol, .base-symbol')].map(symbol => {
    const box = symbol.getBoundingClientRect();
    return [box.left, box.top, box.right, box.bottom];
})"""
MAP_JS = "window[document.querySelector('.folium-map').id]"


def shipped_plan(tour: Tour) -> TourPlan:
    """Every stop on the first day of its window, each need filled by the capable experts in
    turn: the stops and homes the map draws, without a solve."""
    stops = []
    for index, stop in enumerate(tour.stops):
        seats = []
        for skill in stop.needs:
            capable = [e.id for e in tour.experts if skill in e.skills]
            seats.append({"expert": capable[index % len(capable)], "skill": skill})
        end = stop.window.first + dt.timedelta(days=stop.days - 1)
        stops.append({"stop": stop.id, "start": stop.window.first, "end": end, "experts": seats})
    info = {"wall_s": 0, "objective": 0, "bound": 0, "gap": 0}
    return TourPlan.model_validate({"tour": tour.name, "stops": stops, "solver": info})


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Tour, dict[str, Path]]:
    """The 2026 tour and its map in each language, on a blank background (no network)."""
    tour = load_tour(ROOT / "scenarios" / "tour-2026.yaml")
    folder, plan = tmp_path_factory.mktemp("tour-labels"), shipped_plan(tour)
    maps = {
        lang: write_tour_map(tour, plan, folder / f"{lang}.html", lang, tile_source("none"))
        for lang in ("zh", "en")
    }
    return tour, maps


def _open(browser: Browser, path: Path, size: tuple[int, int]) -> Page:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(path.as_uri())
    page.wait_for_selector(".stop-marker .marker-label[data-side]")
    return page


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _on_screen(box: list[float], size: tuple[int, int]) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= size[0] and box[3] <= size[1]


def _check_labels(page: Page, size: tuple[int, int]) -> list[dict[str, Any]]:
    """The labels, after checking that the shown ones cover nothing and are whole on screen."""
    labels: list[dict[str, Any]] = page.evaluate(LABELS_JS)
    symbols: list[list[float]] = page.evaluate(SYMBOLS_JS)
    shown = [label for label in labels if label["shown"]]
    for index, label in enumerate(shown):
        for other in shown[index + 1 :]:
            assert not _overlap(label["box"], other["box"]), (label, other)
        covered = [s for s in symbols if s != label["own"] and _overlap(label["box"], s)]
        assert covered == [], label
        if _on_screen(label["own"], size):  # a stop in view has its whole label in view
            assert _on_screen(label["box"], size), label
    assert all((label["side"] == "hidden") != label["shown"] for label in labels)
    return labels


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_at_the_first_view_no_label_covers_another(
    browser: Browser, shipped: tuple[Tour, dict[str, Path]], lang: str
) -> None:
    tour, maps = shipped
    page = _open(browser, maps[lang], LAPTOP)
    labels = _check_labels(page, LAPTOP)
    cities = [(s.city_zh or s.city) if lang == "zh" else s.city for s in tour.stops]
    assert [label["city"] for label in labels] == cities
    assert all(label["shown"] for label in labels)  # room for every city at this size
    assert len({label["side"] for label in labels}) > 1  # some had to move off the right
    page.close()


@pytest.mark.parametrize("size", [PHONE, LAPTOP])
def test_the_first_view_fits_the_stops_and_homes_tightly(
    browser: Browser, shipped: tuple[Tour, dict[str, Path]], size: tuple[int, int]
) -> None:
    page = _open(browser, shipped[1]["zh"], size)
    centres = [(s[0] + s[2]) / 2 for s in page.evaluate(SYMBOLS_JS)]
    width = max(centres) - min(centres)
    # The tour is wider than high on any screen here: with whole zoom steps it could
    # fill as little as half the width (less the padding); quarter steps fill over 84 %.
    assert width / (size[0] - 2 * 36) > 0.8
    assert page.evaluate(f"{MAP_JS}.getZoom()") % 0.25 == 0
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_phone_a_hidden_label_shows_when_zoomed_in_on_its_stop(
    browser: Browser, shipped: tuple[Tour, dict[str, Path]], lang: str
) -> None:
    tour, maps = shipped
    page = _open(browser, maps[lang], PHONE)
    first = _check_labels(page, PHONE)
    hidden = [index for index, label in enumerate(first) if not label["shown"]]
    assert len(hidden) < len(first) / 2
    zoom = page.evaluate(f"{MAP_JS}.getZoom()")
    for index in hidden:
        where = tour.stops[index].location
        page.evaluate(
            f"{MAP_JS}.setView([{where.lat}, {where.lon}], {zoom + 2}, {{animate: false}})"
        )
        assert _check_labels(page, PHONE)[index]["shown"], first[index]["city"]
    page.close()


def test_a_tap_on_a_city_opens_its_stops_popup(
    browser: Browser, shipped: tuple[Tour, dict[str, Path]]
) -> None:
    tour, maps = shipped
    page = _open(browser, maps["zh"], LAPTOP)
    numbers = {stop.city_zh: number for number, stop in enumerate(tour.stops, start=1)}
    for city in ("龙岩", "漳州", "梅州"):  # the crowded corner
        page.locator(".marker-label", has_text=city).click()
        popup = page.locator(".leaflet-popup-content h3", has_text=city)
        popup.wait_for()
        assert popup.inner_text() == f"{numbers[city]}. {city}"
        page.locator(".leaflet-popup-close-button").click()
        popup.wait_for(state="detached")
    page.close()
