"""Reading the maps' status exports and the changes file's visits entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.files.day import statuses_now
from planner.files.statuses import read_status_files, statuses_from_entries
from planner.model import Plan, Scenario
from planner.model.changes import VisitStatus
from planner.model.errors import InputError
from tests.support.field import D1, field_scenario, published_plan

HEADER = "household,status,at,note,team,day\n"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    """The tiny campaign."""
    return field_scenario()


@pytest.fixture(scope="module")
def plan() -> Plan:
    """Its published plan: h1-h4 on day 1, h5-h6 on day 2, all team-a."""
    return published_plan()


def _csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "status-team-a-2025-07-06.csv"
    path.write_text("\ufeff" + header + "".join(row + "\r\n" for row in rows), encoding="utf-8")
    return path


def test_an_export_reads_with_times_notes_and_route(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        "h1,not_home,2025-07-06T08:40:00+08:00,,team-a,2025-07-06",
        'h3,refused,2025-07-06T11:00:00+08:00,"said ""no"", twice",team-a,2025-07-06',
    )
    h1, h3 = read_status_files([path], scenario, plan)
    assert (h1.household, h1.status, h1.team, h1.day, h1.note) == (
        "h1", "not_home", "team-a", D1, "",
    )  # fmt: skip
    assert h1.at == scenario.at(D1, 8 * 60 + 40)
    assert h3.note == 'said "no", twice'


def test_every_bad_row_is_named_by_file_and_line(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        "h1,visited,2025-07-06T08:40,,team-a,2025-07-06",
        "hh1,visited,2025-07-06T08:40,,team-a,2025-07-06",
        "h9,visited,2025-07-06T08:40,,team-a,2025-07-06",
        "h2,away,2025-07-06T08:40,,team-a,2025-07-06",
        "h5,visited,2025-07-06T08:40,,team-a,2025-07-06",
        "h2,visited,at nine,,team-a,2025-07-06",
    )
    with pytest.raises(InputError) as caught:
        read_status_files([path], scenario, plan)
    assert caught.value.messages == [
        f"{path}:3: unknown household 'hh1' (did you mean 'h1'?)",
        f"{path}:4: unknown household 'h9' (known: h1, h2, h3, h4, h5, h6)",
        f"{path}:5: unknown status 'away' (known: visited, not_home, refused, moved)",
        f"{path}:6: household 'h5' was not on the route of team-a on 2025-07-06 "
        "(planned: team-a on 2025-07-07)",
        f"{path}:7: 'at' must be a date and time such as 2025-07-06T09:40, not 'at nine'",
    ]


def test_a_file_without_the_columns_is_refused(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    path = _csv(tmp_path, "h1,visited", header="household,status\n")
    with pytest.raises(InputError) as caught:
        read_status_files([path], scenario, plan)
    assert caught.value.messages == [
        f"{path}:1: missing column(s) at, note, team, day "
        "(expected household,status,at,note,team,day)"
    ]


def test_changes_entries_need_a_household_on_some_route(scenario: Scenario, plan: Plan) -> None:
    at = dt.datetime(2025, 7, 6, 9, 40)
    good = {"household": "h4", "status": "not_home", "at": at, "note": None}
    found = statuses_from_entries([good], "changes.yaml", scenario, plan, lines=[7])
    assert [(s.household, s.status, s.team, s.at) for s in found] == [
        ("h4", "not_home", None, scenario.localize(at))
    ]
    bad = {"household": "h4", "status": "gone", "team": "team-a"}
    with pytest.raises(InputError) as caught:
        statuses_from_entries([good, bad], "changes.yaml", scenario, plan)
    assert caught.value.messages == [
        "changes.yaml: visits[1]: unknown status 'gone' (known: visited, not_home, refused, moved)"
    ]


def test_a_status_marked_on_another_day_than_its_row_is_flagged(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        "h1,not_home,2025-07-06T08:40:00+08:00,,team-a,2025-07-06",
        "h2,visited,2025-01-01T10:00:00+08:00,,team-a,2025-07-06",
        "h3,visited,2025-07-07T00:30:00+08:00,,team-a,2025-07-06",
        "h4,visited,,,team-a,2025-07-06",
    )
    with pytest.raises(InputError) as caught:
        read_status_files([path], scenario, plan)
    assert caught.value.exit_code == 2
    fix = "(a phone clock set wrong?); correct the time, or leave 'at' empty to keep the status"
    assert caught.value.messages == [
        f"{path}:3: 'at' 2025-01-01T10:00:00+08:00 is not on the row's day 2025-07-06 {fix}",
        f"{path}:4: 'at' 2025-07-07T00:30:00+08:00 is not on the row's day 2025-07-06 {fix}",
    ]
    # Not biting: the same day in the stop's time zone, though not in UTC; no 'at' at all.
    path = _csv(tmp_path, "h2,visited,2025-07-05T17:00:00+00:00,,team-a,2025-07-06",
                "h4,visited,,,team-a,2025-07-06")  # fmt: skip
    assert [s.household for s in read_status_files([path], scenario, plan)] == ["h2", "h4"]
    entry = {"household": "h1", "status": "visited", "at": "2025-07-08T09:00", "team": "team-a",
             "day": "2025-07-06"}  # fmt: skip
    with pytest.raises(InputError) as caught:
        statuses_from_entries([entry], "changes.yaml", scenario, plan, lines=[9])
    assert caught.value.messages == [
        f"changes.yaml:9: 'at' 2025-07-08T09:00 is not on the row's day 2025-07-06 {fix}"
    ]


def test_without_a_changes_file_now_is_the_midnight_after_the_last_day_marked(
    scenario: Scenario, plan: Plan
) -> None:
    marked = VisitStatus(household="h1", status="visited", at=scenario.at(D1, 9 * 60))
    on_route = VisitStatus(household="h2", status="visited", team="team-a", day=D1)
    unplaced = VisitStatus(household="h3", status="refused")  # its route's day: D1
    for statuses in ([marked], [on_route], [unplaced], [unplaced, marked]):
        assert statuses_now(scenario, plan, statuses) == dt.datetime(2025, 7, 7, 0, 0)
    ahead = VisitStatus(household="h6", status="moved", team="team-a", day=D1 + dt.timedelta(1))
    assert statuses_now(scenario, plan, [marked, ahead]) == dt.datetime(2025, 7, 8, 0, 0)
