"""Re-planning with visit statuses: the changes file's `visits` entries and the maps' exports
re-route the home visits of the tiny campaign (`tests/support/field.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.check import check_plan
from planner.files.day import load_day
from planner.files.plan import load_plan
from planner.files.scenario import dump_scenario, load_scenario
from planner.jobs.outputs import OutputOptions
from planner.jobs.replan import replan as replan_job
from planner.model import Plan
from planner.model.errors import InputError
from solver.limits import Limits
from tests.support.field import D1, D2, field_scenario, published_plan, route_on

H1_NOT_HOME = (
    "  - {household: h1, status: not_home, at: 2025-07-06T08:40, team: team-a, day: 2025-07-06}\n"
)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The campaign's scenario and published plan on disk."""
    folder = tmp_path_factory.mktemp("campaign")
    (folder / "stop.yaml").write_text(dump_scenario(field_scenario()), encoding="utf-8")
    plan = published_plan().model_dump_json(by_alias=True)
    (folder / "plan.json").write_text(plan, encoding="utf-8")
    return folder


def replan(folder: Path, changes: str, *status: Path) -> Plan:
    """The re-plan job (3 s) with the changes and status files; its plan, written to
    `folder/out` and checked there against the day's scenario."""
    (folder / "changes.yaml").write_text(changes, encoding="utf-8")
    out = folder / "out"
    day = load_day(folder / "stop.yaml", folder / "plan.json", folder / "changes.yaml", status)
    replan_job(day, Limits(time_limit_s=3), out, OutputOptions(lang="en"))
    plan = load_plan(out / "plan.json")
    assert check_plan(load_scenario(out / "scenario.yaml"), plan) == []
    return plan


def test_without_statuses_the_published_routes_stand(campaign: Path) -> None:
    plan = replan(campaign, "now: 2025-07-07T07:00\n")
    assert plan.routes == published_plan().routes


def test_a_status_in_the_changes_file_sends_the_household_to_day_2(campaign: Path) -> None:
    plan = replan(campaign, "now: 2025-07-07T07:00\nvisits:\n" + H1_NOT_HOME)
    assert "h1" in [v.household for v in route_on(plan, D2).visits]
    assert {v.household: v.status for v in route_on(plan, D1).visits}["h1"] == "not_home"
    assert any(c.household == "h1" for c in plan.changes)


def test_a_status_file_named_in_the_changes_file_is_read(campaign: Path) -> None:
    (campaign / "status.csv").write_text(
        "household,status,at,note,team,day\n"
        "h1,not_home,2025-07-06T08:40:00+08:00,,team-a,2025-07-06\n",
        encoding="utf-8",
    )
    plan = replan(campaign, "now: 2025-07-07T07:00\nvisits: {file: status.csv}\n")
    assert "h1" in [v.household for v in route_on(plan, D2).visits]


def test_a_bad_status_row_exits_2_naming_file_and_line(campaign: Path) -> None:
    bad = campaign / "bad.csv"
    bad.write_text(
        "household,status,at,note,team,day\nh1,not_home,,,team-a,2025-07-06\nh9,visited,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:  # a planner error: its messages, no traceback
        replan(campaign, "now: 2025-07-07T07:00\n", bad)
    assert caught.value.exit_code == 2
    assert caught.value.messages == [
        f"{bad}:3: unknown household 'h9' (known: h1, h2, h3, h4, h5, h6)"
    ]
