"""The written map files: names, self-containment, privacy, tiles and languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from maps import write_maps
from maps.assets import inline_head
from planner.model import Plan, Scenario
from planner.model.crs import wgs84_to_gcj02
from planner.model.errors import InputError

from .conftest import PRIVATE_WORDS, scenario_data

ROUTE_FILES = ["team-a-2025-07-06.html", "team-b-2025-07-06.html", "team-a-2025-07-07.html"]


def _read(path: Path) -> str:
    """A map's HTML with the escapes (\\uXXXX, \\") of its JavaScript strings decoded."""
    html = path.read_text(encoding="utf-8").replace('\\"', '"')
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), html)


def _marker_points(html: str) -> list[tuple[float, float]]:
    """The [lat, lon] of every L.marker in a map's script."""
    found = re.findall(r"L\.marker\(\s*\[\s*([-\d.]+),\s*([-\d.]+),?\s*\]", html)
    return [(float(lat), float(lon)) for lat, lon in found]


def test_one_map_per_route_then_the_overview(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    paths = write_maps(scenario, plan, tmp_path, tiles="none")
    assert [path.name for path in paths] == [*ROUTE_FILES, "overview.html"]
    assert all(path.parent == tmp_path / "maps" and path.is_file() for path in paths)


def test_maps_are_self_contained(scenario: Scenario, plan: Plan, tmp_path: Path) -> None:
    paths = write_maps(scenario, plan, tmp_path, tiles="osm")
    assert [path.name for path in paths] == [*ROUTE_FILES, "overview.html"]
    for path in paths:
        html = path.read_text(encoding="utf-8")
        assert "<script src=" not in html
        assert not re.search(r"<link[^>]*href=", html)
        assert "cdn." not in html and "jquery" not in html.lower()
        assert "sourceMappingURL" not in html
        assert "url(images/" not in html
        assert "Leaflet 1.9.4" in html
        assert '<meta name="viewport"' in html


def test_no_network_address_but_the_tiles(scenario: Scenario, plan: Plan, tmp_path: Path) -> None:
    html = write_maps(scenario, plan, tmp_path, tiles="none")[0].read_text(encoding="utf-8")
    script = html.split("</head>", 1)[1]
    hosts = set(re.findall(r"https?://([\w.-]+)", script))
    assert hosts == {"uri.amap.com"}  # the navigation links, opened only on a tap


def test_no_diagnosis_severity_or_patient_data(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    for lang in ("zh", "en"):
        paths = write_maps(scenario, plan, tmp_path / lang, lang=lang, tiles="none")
        assert [path.name for path in paths] == [*ROUTE_FILES, "overview.html"]
        for path in paths:
            html = _read(path)
            leaks = [word for word in PRIVATE_WORDS if word in html]
            assert leaks == [], f"{path.name} ({lang}) shows {leaks}"


def test_the_popups_carry_contact_and_navigation(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    text = _read(write_maps(scenario, plan, tmp_path, lang="en", tiles="none")[0])
    assert 'href="tel:13900000202"' in text
    assert 'href="geo:27.450000,103.700000"' in text
    g_lat, g_lon = wgs84_to_gcj02(27.45, 103.70)
    assert (
        f"https://uri.amap.com/navigation?to={g_lon:.6f},{g_lat:.6f},Village%202&amp;mode=car"
        in text
    )
    assert "3 River Road" in text and "Parent 1" in text


def test_base_popups_show_the_day_s_times_only_on_route_maps(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    paths = write_maps(scenario, plan, tmp_path, lang="en", tiles="none")
    route_a = _read(paths[0])
    assert "<div>Leave: 08:00</div>" in route_a and "<div>Back: 16:45</div>" in route_a
    route_b = _read(paths[1])  # ends at the depot: leaves from one marker, is back at the other
    assert "<div>Leave: 08:30</div>" in route_b and "<div>Back: 10:45</div>" in route_b
    overview = _read(paths[-1])
    assert "<div>Leave:" not in overview and "<div>Back:" not in overview
    assert overview.count("<h3>⌂ Hotel</h3>") == 3  # team A's base, team B's start and end


def test_gaode_draws_every_point_in_gcj02(scenario: Scenario, plan: Plan, tmp_path: Path) -> None:
    route_b = write_maps(scenario, plan, tmp_path, tiles="gaode")[1].read_text("utf-8")
    expected = [
        wgs84_to_gcj02(*point) for point in [(27.34, 103.71), (27.30, 103.76), (27.25, 103.60)]
    ]
    drawn = [coordinate for point in _marker_points(route_b) for coordinate in point]
    assert drawn == pytest.approx([c for point in expected for c in point], abs=1e-9)
    assert "webrd0{s}.is.autonavi.com" in route_b
    osm = write_maps(scenario, plan, tmp_path / "osm", tiles="osm")[1].read_text("utf-8")
    assert _marker_points(osm) == [(27.34, 103.71), (27.30, 103.76), (27.25, 103.60)]
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in osm


def test_tianditu_needs_a_key(scenario: Scenario, plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Tianditu key"):
        write_maps(scenario, plan, tmp_path, tiles="tianditu")
    assert not (tmp_path / "maps").exists()
    html = _read(write_maps(scenario, plan, tmp_path, tiles="tianditu", tianditu_key="k1")[0])
    assert html.count("&tk=k1") == 2


def test_labels_follow_the_language(scenario: Scenario, plan: Plan, tmp_path: Path) -> None:
    zh = _read(write_maps(scenario, plan, tmp_path / "zh", lang="zh", tiles="none")[0])
    en = _read(write_maps(scenario, plan, tmp_path / "en", lang="en", tiles="none")[0])
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert "<title>小组 Team A · 2025年7月6日 周日</title>" in zh
    assert "<title>Team Team A · Sun 6 Jul 2025</title>" in en
    assert "可访时间" in zh and "Time window" not in zh
    assert "Time window" in en and "可访时间" not in en


def test_a_replan_removes_maps_of_routes_that_are_gone(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    write_maps(scenario, plan, tmp_path, tiles="none")
    shorter = plan.model_copy(update={"routes": plan.routes[:1]})
    write_maps(scenario, shorter, tmp_path, tiles="none")
    names = sorted(path.name for path in (tmp_path / "maps").iterdir())
    assert names == ["overview.html", "team-a-2025-07-06.html"]


def test_a_plan_without_routes_still_has_an_overview(scenario: Scenario, tmp_path: Path) -> None:
    solver = {"wall_s": 0, "objective": 0, "bound": 0, "gap": 0}
    plan = Plan.model_validate({"scenario": "x", "status": "optimal", "solver": solver})
    paths = write_maps(scenario, plan, tmp_path, tiles="none")
    assert [path.name for path in paths] == ["overview.html"]
    assert _marker_points(paths[0].read_text("utf-8")) == []


def test_inline_head_has_leaflet_and_no_relative_images() -> None:
    head = inline_head()
    assert head.count("<script>") == 1 and head.count("<style>") == 2
    assert "data:image/png;base64," in head
    assert "url(images/" not in head


def test_text_from_the_scenario_is_escaped(plan: Plan, tmp_path: Path) -> None:
    data = scenario_data()
    data["visits"]["households"][1]["village"] = "<img src=x onerror=alert(1)>"
    data["visits"]["teams"][0]["name"] = "</script><b>A</b>"
    scenario = Scenario.model_validate(data)
    paths = write_maps(scenario, plan, tmp_path, tiles="none")
    for path in paths:
        html = _read(path)
        assert "<img src=x" not in html and "</script><b>" not in html
    for path in (paths[0], paths[-1]):  # the maps that visit household 2
        assert "&lt;img src=x onerror=alert(1)&gt;" in _read(path)


def test_braces_in_the_scenario_are_text_not_templates(plan: Plan, tmp_path: Path) -> None:
    # folium compiles each element's script as a Jinja template: a name with braces would
    # be evaluated (or, with "{%", stop the maps from being written at all).
    data = scenario_data()
    data["visits"]["teams"][0]["name"] = "Team {{ 7 * 6 }}"
    data["visits"]["households"][1]["village"] = "Village {% raw %}"
    paths = write_maps(Scenario.model_validate(data), plan, tmp_path, tiles="none")
    route, overview = _read(paths[0]), _read(paths[-1])
    assert "Team {{ 7 * 6 }}" in route and "Team 42" not in route
    assert "Village {% raw %}" in overview
