"""The maps in a real browser: Debian's headless Chromium, driven by Playwright.

One browser for the module; each test opens the written files on a fresh page and
records every request the page makes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from maps import write_maps
from planner.model import Plan, Scenario
from tests.support.browser import needs_chromium

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PHONE: ViewportSize = {"width": 412, "height": 780}

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def offline_maps(
    scenario: Scenario, plan: Plan, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The maps of the tiny plan on a blank background, by file name."""
    paths = write_maps(scenario, plan, tmp_path_factory.mktemp("offline"), tiles="none")
    return {path.name: path for path in paths}


@pytest.fixture
def open_map(browser: Browser) -> Iterator[Callable[..., Visit]]:
    """Opens maps on fresh pages, and closes them after the test."""
    visits: list[Visit] = []

    def _open(path: Path, offline: bool = True) -> Visit:
        visits.append(Visit(browser, path, offline))
        return visits[-1]

    yield _open
    for visit in visits:
        visit.page.close()


class Visit:
    """A page that has opened a map, with every request it made and every script error."""

    def __init__(self, browser: Browser, path: Path, offline: bool = True) -> None:
        self.page: Page = browser.new_page(viewport=PHONE)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        if not offline:
            # Tiles are asked for, but never fetched: the test must not need the network.
            self.page.route(re.compile(r"^https?://"), lambda route: route.abort())
        self.url = path.as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector(".leaflet-marker-icon")

    def count(self, selector: str) -> int:
        """How many elements match `selector`."""
        return self.page.locator(selector).count()

    def network_hosts(self) -> set[str]:
        """The hosts of every request that was not for the page itself or a data: URL."""
        others = [url for url in self.requests if url != self.url and not url.startswith("data:")]
        return {re.sub(r"^\w+://([^/]*).*$", r"\1", url) for url in others}


def test_route_map_draws_numbered_stops_base_and_line(
    open_map: Callable[..., Visit], offline_maps: dict[str, Path]
) -> None:
    visit = open_map(offline_maps["team-a-2025-07-06.html"])
    assert visit.count(".leaflet-marker-icon") == 4
    assert visit.count(".stop-marker") == 3
    assert visit.count(".base-marker") == 1
    assert visit.count("svg path.leaflet-interactive") == 1
    assert visit.page.locator(".stop-marker").all_inner_texts() == ["1", "2", "3"]
    assert "Team A" in visit.page.locator(".map-legend").inner_text()
    assert visit.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=ARTIFACTS / "map-route.png")


def test_every_stop_is_on_screen_and_clear_of_the_legend(
    open_map: Callable[..., Visit], offline_maps: dict[str, Path]
) -> None:
    for name in ("team-a-2025-07-06.html", "overview.html"):
        visit = open_map(offline_maps[name])
        legend = visit.page.locator(".map-legend").bounding_box()
        assert legend is not None
        markers = visit.page.locator(".leaflet-marker-icon").all()
        assert markers, name
        for marker in markers:
            box = marker.bounding_box()
            assert box is not None
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name
            assert box["y"] >= 0 and box["y"] + box["height"] <= legend["y"], name


def test_route_map_makes_no_network_request(
    open_map: Callable[..., Visit], offline_maps: dict[str, Path]
) -> None:
    for name in ("team-a-2025-07-06.html", "team-b-2025-07-06.html", "overview.html"):
        visit = open_map(offline_maps[name])
        # Opens a popup, whatever a slow machine's map is doing under the pointer: the tap
        # itself is the next test's business.
        visit.page.locator(".stop-marker").first.dispatch_event("click")
        visit.page.wait_for_selector(".leaflet-popup-content", timeout=10_000)
        assert visit.requests[0] == visit.url
        assert visit.network_hosts() == set(), name
        assert visit.errors == []


def test_a_tap_on_a_stop_opens_its_popup_with_links(
    open_map: Callable[..., Visit], offline_maps: dict[str, Path]
) -> None:
    visit = open_map(offline_maps["team-a-2025-07-06.html"])
    visit.page.locator(".stop-marker").nth(1).click()
    popup = visit.page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == "2. Family 1"
    links = popup.locator("a").evaluate_all("links => links.map(link => link.href)")
    assert links[0] == "tel:13900000201"
    assert links[1] == "geo:27.400000,103.650000"
    assert links[2].startswith("https://uri.amap.com/navigation?to=103.65")
    assert links[2].endswith(",Village%201&mode=car&coordinate=gaode&callnative=1")
    assert "08:00–11:00, 15:00–18:00" in popup.inner_text()
    visit.page.wait_for_timeout(400)  # let the popup fade in and pan into view
    visit.page.screenshot(path=ARTIFACTS / "map-popup.png")


def test_overview_has_one_layer_per_team(
    open_map: Callable[..., Visit], offline_maps: dict[str, Path]
) -> None:
    visit = open_map(offline_maps["overview.html"])
    # Stops: 3 + 1 (team A, two days) + 1 (team B); bases: team A 1, team B start and end.
    assert visit.count(".stop-marker") == 5
    assert visit.count(".base-marker") == 3
    assert visit.count("svg path.leaflet-interactive") == 3
    layers = visit.page.locator(".leaflet-control-layers-overlays label")
    assert [text.strip() for text in layers.all_inner_texts()] == ["■ Team A", "■ team-b"]
    assert visit.page.locator(".map-legend li").count() == 3
    visit.page.screenshot(path=ARTIFACTS / "map-overview.png")
    layers.nth(1).locator("input").click()  # hide team B
    assert visit.count(".stop-marker") == 4
    assert visit.count(".base-marker") == 1
    assert visit.count("svg path.leaflet-interactive") == 2


@pytest.mark.parametrize(
    ("tiles", "key", "hosts"),
    [
        ("osm", None, r"tile\.openstreetmap\.org"),
        ("gaode", None, r"webrd0[1-4]\.is\.autonavi\.com"),
        ("tianditu", "k1", r"t[0-7]\.tianditu\.gov\.cn"),
    ],
)
def test_the_only_requests_are_tiles_and_markers_render_without_them(
    open_map: Callable[..., Visit],
    scenario: Scenario,
    plan: Plan,
    tmp_path: Path,
    tiles: str,
    key: str | None,
    hosts: str,
) -> None:
    path = write_maps(scenario, plan, tmp_path, tiles=tiles, tianditu_key=key)[0]
    visit = open_map(path, offline=False)
    assert visit.count(".stop-marker") == 3
    assert visit.count("svg path.leaflet-interactive") == 1
    found = visit.network_hosts()
    assert found and all(re.fullmatch(hosts, host) for host in found), found
    assert visit.errors == []
