"""The volunteers' maps with no network at all, in Debian's Chromium.

A volunteer marks a household not at home, reloads, exports; the exported CSV goes to
`planner replan --status`, which moves the household to day 2.
A map made from a local MBTiles file shows its base map with every request blocked.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from maps import write_maps
from planner.check import check_plan
from planner.files.day import load_day
from planner.files.plan import load_plan
from planner.files.scenario import dump_scenario, load_scenario
from planner.jobs.outputs import OutputOptions
from planner.jobs.replan import replan
from planner.model import Plan, Scenario, SolverInfo
from solver.limits import Limits
from tests.maps.conftest import DAY_1, _route, scenario_data
from tests.maps.county import county
from tests.maps.test_browser import ARTIFACTS, PHONE
from tests.support.browser import needs_chromium
from tests.support.field import D1, D2, field_scenario, published_plan, route_on
from tests.support.mbtiles_file import make_mbtiles

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MARKED_AT = dt.datetime(2025, 7, 6, 8, 40, tzinfo=SHANGHAI)
H1 = '.stop-symbol[data-household="h1"]'

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, Plan, Path]:
    """The tiny campaign, its published plan, and its day-1 route map (English)."""
    scenario, plan = field_scenario(), published_plan()
    out = tmp_path_factory.mktemp("field")
    write_maps(scenario, plan, out, lang="en", tiles="none")
    return scenario, plan, out / "maps" / "team-a-2025-07-06.html"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page in Shanghai time, its clock at 08:40 on day 1, offline."""
    context = browser.new_context(
        viewport=PHONE, timezone_id="Asia/Shanghai", accept_downloads=True
    )
    page = context.new_page()
    page.clock.set_fixed_time(MARKED_AT)
    page.route(re.compile(r"^https?://"), lambda route: route.abort())
    yield page
    context.close()


def _settle(page: Page) -> None:
    """Wait until the clusters stop changing (they animate while the map fits its view)."""
    count = "document.querySelectorAll('.leaflet-marker-icon').length"
    last = -1
    for _ in range(50):
        page.wait_for_timeout(200)
        now = page.evaluate(f"document.querySelector('.leaflet-cluster-anim') ? -1 : {count}")
        if now == last and now >= 0:
            return
        last = now
    raise AssertionError("the overview's clusters never settled")


def _mark_h1_not_home(page: Page) -> None:
    page.locator(H1).click()
    page.locator('[data-note-for="h1"]').fill("out in the fields, back after 3 pm")
    page.locator('button[data-household="h1"][data-status="not_home"]').click()


def test_a_status_survives_a_reload_and_exports_to_a_mop_up_visit(
    page: Page, campaign: tuple[Scenario, Plan, Path], tmp_path: Path
) -> None:
    scenario, plan, route_map = campaign
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(route_map.as_uri())
    assert page.locator(H1).get_attribute("data-status") == ""
    _mark_h1_not_home(page)
    assert page.locator(H1).get_attribute("data-status") == "not_home"
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "map-status.png")

    page.reload()
    expect(page.locator(H1)).to_have_attribute("data-status", "not_home")
    assert page.locator('[data-role="status-counts"]').inner_text() == "1 / 4"
    page.locator(H1).click()
    pressed = page.locator('button[data-household="h1"][aria-pressed="true"]')
    assert pressed.get_attribute("data-status") == "not_home"

    with page.expect_download() as download:
        page.locator('[data-action="export-status"]').click()
    assert download.value.suggested_filename == "status-team-a-2025-07-06.csv"
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    text = exported.read_bytes().decode("utf-8")
    assert text == (
        "household,status,at,note,team,day\r\n"
        'h1,not_home,2025-07-06T08:40:00+08:00,"out in the fields, back after 3 pm",'
        "team-a,2025-07-06\r\n"
    )
    page.locator('[data-action="copy-status"]').click()
    copied = page.locator('[data-role="status-text"]').input_value()
    assert copied == text.replace("\r\n", "\n")  # a textarea's value has bare line feeds
    assert errors == []

    new_plan = _replan_with_status(scenario, plan, exported, tmp_path)
    assert "h1" in [v.household for v in route_on(new_plan, D2).visits]
    day_1 = {v.household: v.status for v in route_on(new_plan, D1).visits}
    assert day_1["h1"] == "not_home"


def _replan_with_status(scenario: Scenario, plan: Plan, status: Path, tmp_path: Path) -> Plan:
    """The re-plan with the exported status file (`planner replan --status`) at 07:00 on
    day 2, and the checker on what it wrote."""
    (tmp_path / "stop.yaml").write_text(dump_scenario(scenario), encoding="utf-8")
    (tmp_path / "plan.json").write_text(plan.model_dump_json(by_alias=True), encoding="utf-8")
    (tmp_path / "changes.yaml").write_text("now: 2025-07-07T07:00\n", encoding="utf-8")
    out = tmp_path / "replanned"
    day = load_day(tmp_path / "stop.yaml", tmp_path / "plan.json", tmp_path / "changes.yaml",
                   [status])  # fmt: skip
    replan(day, Limits(time_limit_s=3), out, OutputOptions(lang="en"))
    new_plan = load_plan(out / "plan.json")
    assert check_plan(load_scenario(out / "scenario.yaml"), new_plan) == []
    return new_plan


def test_a_second_tap_clears_a_status(page: Page, campaign: tuple[Scenario, Plan, Path]) -> None:
    page.goto(campaign[2].as_uri())
    page.evaluate("window.localStorage.clear()")
    page.reload()
    _mark_h1_not_home(page)
    page.locator('button[data-household="h1"][data-status="not_home"]').click()
    assert page.locator(H1).get_attribute("data-status") == ""
    page.locator('button[data-household="h1"][data-status="visited"]').click()
    assert page.locator(H1).get_attribute("data-status") == "visited"


def test_a_note_is_kept_as_it_is_typed(page: Page, campaign: tuple[Scenario, Plan, Path]) -> None:
    page.goto(campaign[2].as_uri())
    page.evaluate("window.localStorage.clear()")
    page.reload()
    page.locator(H1).click()
    page.locator('[data-note-for="h1"]').fill("dog at the gate")
    page.keyboard.press("Escape")  # the popup closes with the field still in focus
    page.reload()
    page.locator(H1).click()
    assert page.locator('[data-note-for="h1"]').input_value() == "dog at the gate"
    assert page.locator(H1).get_attribute("data-status") == ""  # a note alone marks nothing


def test_a_map_from_mbtiles_shows_its_tiles_with_the_network_blocked(
    page: Page, scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    mbtiles = tmp_path / "county.mbtiles"
    make_mbtiles(mbtiles, ((27.15, 103.45), (27.65, 104.05)), range(8, 14))
    write_maps(scenario, plan, tmp_path, lang="en", tiles=f"mbtiles:{mbtiles}", tile_zooms=(8, 13))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    url = (tmp_path / "maps" / "team-a-2025-07-06.html").as_uri()
    page.goto(url)
    page.wait_for_selector("img.leaflet-tile-loaded")
    page.wait_for_timeout(300)
    sources = page.locator("img.leaflet-tile").evaluate_all("tiles => tiles.map(t => t.src)")
    assert len(sources) >= 4
    assert all(src.startswith("data:image/png;base64,iVBOR") for src in sources)
    assert [r for r in requests if r != url and not r.startswith("data:")] == []
    assert page.locator(".leaflet-control-attribution").inner_text().endswith("test tiles")
    page.wait_for_timeout(1000)  # let the tiles fade in for the picture
    page.screenshot(path=ARTIFACTS / "map-mbtiles.png")


def test_the_overview_of_200_routes_clusters_each_team(page: Page, tmp_path: Path) -> None:
    scenario, plan = county()
    paths = write_maps(scenario, plan, tmp_path, lang="en", tiles="none")
    overview = paths[-1]
    page.goto(overview.as_uri())
    page.wait_for_selector(".marker-cluster")
    _settle(page)
    layers = page.locator(".leaflet-control-layers-overlays label")
    assert layers.count() == 25
    # Clusters stand for the 1,000 stops: far fewer markers on screen than stops.
    assert 0 < page.locator(".stop-marker").count() + page.locator(".marker-cluster").count() < 200
    total = sum(int(t) for t in page.locator(".marker-cluster").all_inner_texts())
    assert total + page.locator(".stop-marker").count() + page.locator(".base-marker").count() == (
        1000 + 25
    )
    assert page.locator(".map-legend details").get_attribute("open") is None  # folded
    page.screenshot(path=ARTIFACTS / "map-overview-county.png")


def test_stops_are_clear_of_the_export_buttons(page: Page, tmp_path: Path) -> None:
    # One stop far north and a little east of the base: a tall route whose top stop
    # would sit under the buttons at the top right if the fit ignored them.
    data = scenario_data()
    far = {"id": "h6", "village": "Far", "location": {"lat": 27.60, "lon": 103.79}}
    data["visits"]["households"].append(far)
    tall = Scenario.model_validate(data)
    info = SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0)
    plan = Plan(scenario=tall.name, status="feasible", solver=info,
                routes=[_route(tall, "team-a", DAY_1, [("h6", 600)])])  # fmt: skip
    write_maps(tall, plan, tmp_path, lang="en", tiles="none")
    page.goto((tmp_path / "maps" / "team-a-2025-07-06.html").as_uri())
    actions = page.locator(".map-actions").bounding_box()
    assert actions is not None
    for marker in page.locator(".leaflet-marker-icon").all():
        box = marker.bounding_box()
        assert box is not None
        beside = box["x"] + box["width"] <= actions["x"]
        assert beside or box["y"] >= actions["y"] + actions["height"]
