"""The household row that the route sheets and the maps share."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from planner.model import Route, RouteVisit, Scenario
from planner.model.errors import InputError
from planner.model.visit_rows import route_team, visit_rows

TZ = dt.timezone(dt.timedelta(hours=8))
SCENARIO = Scenario.model_validate({
    "name": "Rows",
    "visits": {
        "days": ["2025-07-06"],
        "teams": [
            {"id": "team-a", "start": {"lat": 27.3, "lon": 103.7},
             "shift": {"start": "08:00", "end": "18:00"}},
            {"id": "team-b", "start": {"lat": 27.3, "lon": 103.7},
             "shift": {"start": "08:00", "end": "18:00"}},
        ],
        "households": [
            {"id": "h1", "village": "Wangjia", "location": {"lat": 27.4, "lon": 103.6},
             "windows": [{"start": "08:00", "end": "11:00"}, {"start": "15:00", "end": "18:00"}],
             "phone": "139 0000 0201", "contact": "Mrs Wang", "purpose": "transfusion follow-up"},
            {"id": "h2", "name": "Li family", "village": "Lijia",
             "location": {"lat": 27.5, "lon": 103.5}},
        ],
    },
})  # fmt: skip


def at(clock: str) -> dt.datetime:
    """A moment of the visit day, given in UTC+0 to show the rows use local time."""
    hour, minute = map(int, clock.split(":"))
    return dt.datetime(2025, 7, 6, hour, minute, tzinfo=TZ).astimezone(dt.UTC)


ROUTE = Route(
    team="team-b", day=dt.date(2025, 7, 6), distance_km=10, drive_min=30,
    visits=[
        RouteVisit(household="h2", arrive=at("08:30"), start=at("08:35"), end=at("09:20")),
        RouteVisit(household="h1", arrive=at("09:40"), start=at("09:40"), end=at("10:25")),
    ],
)  # fmt: skip


def test_rows_are_numbered_in_route_order_with_local_times() -> None:
    first, second = visit_rows(SCENARIO, ROUTE, "any time")
    assert (first.number, first.title, first.windows) == (1, "Li family", "any time")
    assert (first.arrive, first.start, first.end) == ("08:30", "08:35", "09:20")
    assert (second.number, second.title, second.village) == (2, "Wangjia", "Wangjia")
    assert second.windows == "08:00–11:00, 15:00–18:00"
    assert (second.phone, second.tel_link) == ("139 0000 0201", "tel:13900000201")


def test_a_row_holds_no_purpose() -> None:
    text = str([dataclasses.asdict(row) for row in visit_rows(SCENARIO, ROUTE, "全天")])
    assert "transfusion" not in text


def test_the_team_and_its_place() -> None:
    assert route_team(SCENARIO, ROUTE)[0] == 1
    with pytest.raises(InputError, match="unknown team 'team-z'"):
        route_team(SCENARIO, ROUTE.model_copy(update={"team": "team-z"}))


def test_an_unknown_household_or_no_visits_is_an_input_error() -> None:
    stray = ROUTE.model_copy(
        update={"visits": [ROUTE.visits[0].model_copy(update={"household": "h9"})]}
    )
    with pytest.raises(InputError, match="team-b on 2025-07-06: unknown household 'h9'"):
        visit_rows(SCENARIO, stray, "any time")
    with pytest.raises(InputError, match="the scenario has no home visits"):
        visit_rows(Scenario(name="No visits"), ROUTE, "any time")
