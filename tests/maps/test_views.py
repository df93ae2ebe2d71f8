"""What a map shows: numbering, local times, windows, links; and what it never shows."""

from __future__ import annotations

import dataclasses

import pytest

from maps.labels import EN, ZH, labels_for
from maps.tiles import tile_source
from maps.views import amap_link, geo_link, route_view
from planner.model import Plan, Scenario, safe_name, tel_link
from planner.model.crs import wgs84_to_gcj02
from planner.model.errors import InputError

from .conftest import DAY_1


def test_stops_are_numbered_in_route_order(scenario: Scenario, plan: Plan) -> None:
    view = route_view(scenario, plan.routes[0], EN, tile_source("none"))
    assert [(stop.number, stop.title) for stop in view.stops] == [
        (1, "Family 2"),
        (2, "Family 1"),
        (3, "Family 3"),
    ]
    assert view.stops[0].point == (27.45, 103.70)


def test_times_are_local_clock_times(scenario: Scenario, plan: Plan) -> None:
    stop = route_view(scenario, plan.routes[0], EN, tile_source("none")).stops[0]
    assert (stop.arrive, stop.start, stop.end) == ("08:30", "08:35", "09:15")


def test_windows_are_listed_or_any_time(scenario: Scenario, plan: Plan) -> None:
    stops = route_view(scenario, plan.routes[0], EN, tile_source("none")).stops
    assert stops[1].windows == "08:00–11:00, 15:00–18:00"
    assert stops[0].windows == "any time"
    assert route_view(scenario, plan.routes[0], ZH, tile_source("none")).stops[0].windows == "全天"


def test_legend_figures(scenario: Scenario, plan: Plan) -> None:
    view = route_view(scenario, plan.routes[0], EN, tile_source("none"))
    assert (view.team_name, view.day_label, view.distance, view.drive) == (
        "Team A",
        "Sun 6 Jul 2025",
        "42.1 km",
        "1 h 35 min",
    )
    zh = route_view(scenario, plan.routes[0], ZH, tile_source("none"))
    assert (zh.day_label, zh.distance, zh.drive) == (
        "2025年7月6日 周日",
        "42.1 公里",
        "1小时35分钟",
    )


def test_the_line_runs_from_the_base_through_the_stops_to_the_end(
    scenario: Scenario, plan: Plan
) -> None:
    view_b = route_view(scenario, plan.routes[1], EN, tile_source("none"))
    assert view_b.line == [(27.34, 103.71), (27.25, 103.60), (27.30, 103.76)]
    assert view_b.team_name == "team-b"  # no name: the id
    view_a = route_view(scenario, plan.routes[0], EN, tile_source("none"))
    assert view_a.line[0] == view_a.line[-1] == (27.34, 103.71)


def test_gaode_shifts_drawn_points_but_links_keep_their_datums(
    scenario: Scenario, plan: Plan
) -> None:
    stop = route_view(scenario, plan.routes[1], EN, tile_source("gaode")).stops[0]
    assert stop.point == wgs84_to_gcj02(27.25, 103.60)
    assert stop.geo_link == "geo:27.250000,103.600000"
    g_lat, g_lon = wgs84_to_gcj02(27.25, 103.60)
    assert stop.amap_link == (
        f"https://uri.amap.com/navigation?to={g_lon:.6f},{g_lat:.6f},Village%204"
        "&mode=car&coordinate=gaode&callnative=1"
    )


def test_links() -> None:
    assert tel_link("139 0000-0201") == "tel:13900000201"
    assert tel_link("+86 139 0000 0201") == "tel:+8613900000201"
    assert geo_link(27.5, 103.25) == "geo:27.500000,103.250000"
    link = amap_link(27.5, 103.25, "王家村")
    to = link.split("to=")[1].split("&")[0]
    lon, lat, name = to.split(",")
    assert (float(lat), float(lon)) == pytest.approx(wgs84_to_gcj02(27.5, 103.25), abs=1e-6)
    assert float(lon) > 100 > float(lat)  # longitude first
    assert name == "%E7%8E%8B%E5%AE%B6%E6%9D%91"


def test_file_names_are_safe() -> None:
    assert safe_name("team a/b") == "team_a_b"
    assert safe_name("小组-1") == "小组-1"


def test_no_patient_data_in_a_view(scenario: Scenario, plan: Plan) -> None:
    assert len(plan.routes) == 3  # a view of each is searched
    text = " ".join(
        str(dataclasses.asdict(route_view(scenario, route, EN, tile_source("none"))))
        for route in plan.routes
    )
    for word in ("severe", "carrier", "Carrier", "transfusion", "p01", "p02", "Wang Xiaoming"):
        assert word not in text


def test_unknown_team_or_household_is_an_input_error(scenario: Scenario, plan: Plan) -> None:
    route = plan.routes[0]
    with pytest.raises(InputError, match="unknown team 'team-z'"):
        route_view(scenario, route.model_copy(update={"team": "team-z"}), EN, tile_source("none"))
    visits = [route.visits[0].model_copy(update={"household": "h99"})]
    with pytest.raises(InputError, match=f"team-a on {DAY_1}: unknown household 'h99'"):
        route_view(scenario, route.model_copy(update={"visits": visits}), EN, tile_source("none"))


def test_unknown_language_is_an_input_error() -> None:
    assert labels_for("zh") is ZH
    with pytest.raises(InputError, match="unknown map language 'fr'"):
        labels_for("fr")


def test_each_team_keeps_its_colour(scenario: Scenario, plan: Plan) -> None:
    colours = [route_view(scenario, r, EN, tile_source("none")).colour for r in plan.routes]
    assert colours[0] == colours[2] != colours[1]
