"""Statuses on the written maps: buttons on route maps, colours on the overview when given."""

from __future__ import annotations

import re
from pathlib import Path

from maps import write_maps
from planner.model import Plan, Scenario
from planner.model.changes import VisitStatus

from .conftest import DAY_1
from .test_write import _read


def _marker_statuses(html: str) -> dict[str, str]:
    """household -> data-status of every stop marker in a map."""
    found = re.findall(r'stop-symbol"[^>]*data-household="([^"]+)" data-status="([^"]*)"', html)
    return dict(found)


def test_route_maps_offer_four_statuses_and_an_export(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    route = _read(write_maps(scenario, plan, tmp_path, lang="en", tiles="none")[0])
    buttons = re.findall(r'<button[^>]*data-household="h2" data-status="(\w+)"', route)
    assert buttons == ["visited", "not_home", "refused", "moved"]
    assert _marker_statuses(route) == {"h2": "", "h1": "", "h3": ""}
    assert 'data-action="export-status"' in route and 'data-action="copy-status"' in route
    assert '"file": "status-team-a-2025-07-06.csv"' in route
    assert '"key": "planner-status|Tiny stop|team-a|2025-07-06"' in route


def test_the_overview_shows_the_statuses_given_on_their_own_route(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    statuses = [
        VisitStatus(household="h1", status="not_home", at=scenario.at(DAY_1, 600),
                    team="team-a", day=DAY_1),
        VisitStatus(household="h4", status="refused", at=scenario.at(DAY_1, 560)),
        VisitStatus(household="h5", status="visited", at=scenario.at(DAY_1, 600)),
    ]  # fmt: skip
    paths = write_maps(scenario, plan, tmp_path, lang="en", tiles="none", statuses=statuses)
    overview = _read(paths[-1])
    # h5 is on day 2's route: a status marked on day 1 without team and day is not its own.
    assert _marker_statuses(overview) == {"h2": "", "h1": "not_home", "h3": "", "h4": "refused",
                                          "h5": ""}  # fmt: skip
    assert "Not at home 1" in overview and "Refused 1" in overview
    assert "<button" not in overview
    # Route maps start blank: the phone keeps what is marked there.
    assert set(_marker_statuses(_read(paths[0])).values()) == {""}


def test_a_replanned_plan_shows_its_past_visits_statuses(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    first = plan.routes[0]
    marks = {"h2": "visited", "h1": "not_home", "h3": "not_reached"}
    visits = [v.model_copy(update={"status": marks[v.household]}) for v in first.visits]
    replanned = plan.model_copy(
        update={"routes": [first.model_copy(update={"visits": visits}), *plan.routes[1:]]}
    )
    overview = _read(write_maps(scenario, replanned, tmp_path, lang="en", tiles="none")[-1])
    assert _marker_statuses(overview) == {"h2": "visited", "h1": "not_home", "h3": "",
                                          "h4": "", "h5": ""}  # fmt: skip
