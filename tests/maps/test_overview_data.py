"""An overview drawn from data (a province's size) in Debian's Chromium: its markers
cluster, look and answer as the per-stop ones do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from maps import render, write_maps
from planner.model import Plan, Scenario
from tests.maps.test_browser import PHONE
from tests.maps.test_offline_browser import _settle
from tests.support.browser import needs_chromium

pytestmark = needs_chromium


def test_a_tap_on_a_stop_drawn_from_data_opens_its_popup(
    browser: Browser,
    scenario: Scenario,
    plan: Plan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(render, "DATA_FROM_STOPS", 1)
    overview = write_maps(scenario, plan, tmp_path, lang="en", tiles="none")[-1]
    # One block of data per route, no script per stop.
    assert overview.read_text("utf-8").count("layer.addLayers(markers)") == len(plan.routes)
    page = browser.new_page(viewport=PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(re.compile(r"^https?://"), lambda route: route.abort())
    page.goto(overview.as_uri())
    page.wait_for_selector(".stop-marker")
    # Stops: 3 + 1 (team A, two days) + 1 (team B), as the per-stop overview draws them.
    assert page.locator(".stop-marker").count() == 5
    assert page.locator(".marker-cluster").count() == 0  # zoomed in past clustering
    h1 = page.locator('.stop-marker .stop-symbol[data-household="h1"]')
    assert h1.inner_text() == "2"
    h1.hover()
    assert "2. Village 1" in page.locator(".leaflet-tooltip").inner_text()
    h1.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == "2. Family 1"
    assert popup.locator("a.tel").get_attribute("href") == "tel:13900000201"
    assert popup.locator(".status-buttons").count() == 0  # buttons are the route maps'
    page.keyboard.press("Escape")
    for _ in range(4):  # zoomed out, the stops gather
        page.locator(".leaflet-control-zoom-out").click()
        _settle(page)
    assert page.locator(".marker-cluster").count() > 0
    total = sum(int(t) for t in page.locator(".marker-cluster").all_inner_texts())
    assert total + page.locator(".stop-marker").count() + page.locator(".base-marker").count() == 8
    assert errors == []
    page.close()
