"""The simulation's chart page in a real browser (Debian's Chromium, via Playwright): every
chart drawn, in both languages, with nothing fetched from the network."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from benchmarks.fcfs import fcfs_plan
from planner.files.scenario import load_scenario
from planner.model import Scenario
from planner.model.simulation import Comparison
from planner.model.variability import Variability
from planner.printouts.simulation import simulation_page
from solver.simulate import compare
from tests.conftest import ROOT
from tests.support.browser import needs_chromium

ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def zhaotong() -> tuple[Scenario, Comparison]:
    """The Zhaotong desk plan against itself with one appointment dropped, 300 runs."""
    scenario = load_scenario(ROOT / "scenarios" / "zhaotong.yaml")
    plan = fcfs_plan(scenario)
    thinner = plan.model_copy(update={"appointments": plan.appointments[:-1]})
    return scenario, compare(scenario, plan, thinner, Variability(), runs=300, seed=2)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_is_drawn_offline(
    browser: Browser, zhaotong: tuple[Scenario, Comparison], tmp_path: Path, lang: str
) -> None:
    scenario, comparison = zhaotong
    path = tmp_path / "simulation.html"
    html = simulation_page(scenario, comparison.a, Variability(), lang, comparison)
    path.write_text(html, encoding="utf-8")
    assert "<script" not in html
    page = browser.new_page(viewport={"width": 900, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    kinds = page.eval_on_selector_all("svg.chart", "els => els.map(e => e.dataset.chart)")
    assert kinds == ["finish", "wait", "overtime", "queue"]
    for kind in kinds:
        heights = page.eval_on_selector_all(
            f"svg[data-chart={kind}] rect.bar", "els => els.map(e => e.getBBox().height)"
        )
        assert heights and max(heights) > 20, kind  # drawn, and tall enough to read
    assert page.locator("svg[data-chart=finish] line.plan").count() == 1
    assert page.locator("table.compare tr[data-measure=served]").count() == 1
    served = page.locator("table.compare tr[data-measure=served] td.verdict").inner_text()
    assert served == ("方案 A" if lang == "zh" else "plan A")  # one appointment fewer in B
    assert requests == [path.as_uri()]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"simulation-{lang}.png"), full_page=True)
    page.close()
