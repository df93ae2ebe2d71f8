"""`planner replan` with visit statuses alone: no changes file, one team's statuses
missing (a warning, its day kept as published), and statuses of the wrong day (exit 2).
The two-team campaign of `tests/support/two_teams.py`. In-process through Typer's runner
(stdout and stderr apart), with the visits' minimum time cut to keep the test quick."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import planner.jobs.replan as replan_job
from planner.check import check_plan
from planner.cli import app
from planner.files.day import NOTHING_TO_REPLAN
from planner.files.plan import load_plan
from planner.files.scenario import dump_scenario, load_scenario
from tests.support.two_teams import D1, two_team_plan, two_team_scenario

WARNING = (
    f"warning: no statuses came back from team-b on {D1}: its 3 visits stay as published; "
    "give --assume-not-reached to re-route them as not reached"
)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario, the published plan, and team-a's day-1 export (all visited but one)."""
    folder = tmp_path_factory.mktemp("campaign")
    (folder / "stop.yaml").write_text(dump_scenario(two_team_scenario()), encoding="utf-8")
    plan = two_team_plan()
    (folder / "plan.json").write_text(plan.model_dump_json(by_alias=True), encoding="utf-8")
    route = next(r for r in plan.routes if (r.team, r.day) == ("team-a", D1))
    rows = [f"{v.household},{'not_home' if k == 0 else 'visited'},{v.start.isoformat()},,"
            f"team-a,{D1}\n" for k, v in enumerate(route.visits)]  # fmt: skip
    export = "household,status,at,note,team,day\n" + "".join(rows)
    (folder / "status-team-a.csv").write_text(export, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The home visits get 0.5 s rather than VISITS_MIN_S."""
    monkeypatch.setattr(replan_job, "VISITS_MIN_S", 0.5)


def _replan(folder: Path, *extra: str) -> tuple[int, str, str]:
    args = ["replan", str(folder / "stop.yaml"), "--plan", str(folder / "plan.json"),
            "--out", str(folder / "new"), "--time-limit", "0.5", "--quiet", "--lang", "en",
            "--tiles", "none", *extra]  # fmt: skip
    run = CliRunner().invoke(app, args)
    return run.exit_code, run.stdout, run.stderr


def test_missing_team_statuses_stay_as_published_with_a_warning(campaign: Path) -> None:
    code, out, err = _replan(campaign, "--status", str(campaign / "status-team-a.csv"))
    assert code == 0, err
    assert err.strip().splitlines() == [WARNING]
    assert out.strip().splitlines()[-1] == WARNING
    plan = load_plan(campaign / "new" / "plan.json")
    silent = next(r for r in plan.routes if (r.team, r.day) == ("team-b", D1))
    published = next(r for r in two_team_plan().routes if (r.team, r.day) == ("team-b", D1))
    assert [(v.household, v.start, v.status) for v in silent.visits] == [
        (v.household, v.start, "unknown") for v in published.visits
    ]
    assert check_plan(load_scenario(campaign / "new" / "scenario.yaml"), plan) == []


def test_without_changes_or_statuses_there_is_nothing_to_replan(campaign: Path) -> None:
    code, _, err = _replan(campaign)
    assert (code, err.strip()) == (2, NOTHING_TO_REPLAN)


def test_a_status_of_another_day_exits_2_naming_file_and_line(campaign: Path) -> None:
    wrong = campaign / "wrong-clock.csv"
    wrong.write_text(
        f"household,status,at,note,team,day\na1,visited,2025-01-01T09:00:00+08:00,,team-a,{D1}\n",
        encoding="utf-8",
    )
    code, _, err = _replan(campaign, "--status", str(wrong))
    assert code == 2
    assert err.startswith(f"{wrong}:2: 'at' 2025-01-01T09:00:00+08:00 is not on the row's day")
