"""Re-planning a stop under way: the new plan, its changes, the day's scenario, and the exit
codes of `planner replan`."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from planner.check import check_plan
from planner.files.day import load_day
from planner.files.plan import load_plan
from planner.files.scenario import load_scenario
from planner.jobs.outputs import OutputOptions
from planner.jobs.replan import Replanned, replan_stop
from planner.jobs.replan import replan as replan_job
from planner.jobs.solve import solve
from planner.model.errors import InputError
from solver.limits import Limits
from tests.support.cli import planner
from tests.support.mbtiles_file import make_mbtiles
from tests.support.minimal import MINIMAL

PUBLISHED = {
    "scenario": "Test stop",
    "status": "optimal",
    "appointments": [
        {"patient": "p1", "service": "mdt", "experts": ["hem-1"], "venue": "v1", "room": "c1",
         "start": "2025-07-05T09:00:00+08:00", "end": "2025-07-05T09:30:00+08:00"}
    ],
    "unvisited": [{"household": "h1", "reason": "no team that day"}],
    "solver": {"wall_s": 0, "objective": 0, "bound": 0, "gap": 0},
}  # fmt: skip

CHANGES = """\
now: 2025-07-05T08:30
walk_ins:
  - {id: w1, family: fw1, severity: severe, arrives: 2025-07-05T08:30,
     leaves: 2025-07-05T12:00, needs: [mdt]}
experts: [{id: hem-1, available: [{date: 2025-07-05, start: "10:00", end: "17:00"}]}]
"""


@pytest.fixture
def stop(tmp_path: Path) -> Path:
    (tmp_path / "stop.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "plan.json").write_text(json.dumps(PUBLISHED), encoding="utf-8")
    return tmp_path


def replan(stop: Path, changes: str, *extra: str) -> tuple[int, str, str]:
    (stop / "changes.yaml").write_text(changes, encoding="utf-8")
    run = planner("replan", str(stop / "stop.yaml"), "--plan", str(stop / "plan.json"),
                  "--changes", str(stop / "changes.yaml"), "--out", str(stop / "new"),
                  "--time-limit", "5", "--quiet", "--lang", "en", *extra)  # fmt: skip
    return run.returncode, run.stdout, run.stderr


def replanned(stop: Path, changes: str, options: OutputOptions | None = None) -> Replanned:
    """The re-plan job on the stop's files into `stop/new`, as `replan()` runs the command."""
    (stop / "changes.yaml").write_text(changes, encoding="utf-8")
    day = load_day(stop / "stop.yaml", stop / "plan.json", stop / "changes.yaml")
    return replan_job(
        day, Limits(time_limit_s=5), stop / "new", options or OutputOptions(lang="en")
    )


def test_replan_writes_a_plan_that_the_checker_passes(stop: Path) -> None:
    code, out, err = replan(stop, CHANGES)
    assert code == 0, err
    assert out.endswith("1 moved, 0 cancelled, 1 new\n")
    plan = json.loads((stop / "new" / "plan.json").read_text("utf-8"))
    moves = [(c["patient"], c["what"], c["from"] and c["from"]["start"], c["to"]["start"])
             for c in plan["changes"]]  # fmt: skip
    assert sorted(moves) == [
        ("p1", "moved", "2025-07-05T09:00:00+08:00", "2025-07-05T10:00:00+08:00"),
        ("w1", "new", None, "2025-07-05T10:30:00+08:00"),
    ]
    check = planner("check", str(stop / "new" / "scenario.yaml"), str(stop / "new" / "plan.json"))
    assert check.returncode == 0, check.stdout


def test_the_original_scenario_rejects_the_new_plan(stop: Path) -> None:
    replanned(stop, CHANGES)
    new = load_plan(stop / "new" / "plan.json")
    violations = check_plan(load_scenario(stop / "stop.yaml"), new)  # `planner check` exits 1
    assert any("unknown patient 'w1'" in v.message for v in violations), violations


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ("now: 2025-07-09T11:00\n",
         "changes.yaml:1: now: 2025-07-09 11:00 is not on a day of the stop "
         "(2025-07-05, 2025-07-06)"),
        ("now: 2025-07-05T11:00\nno_shows: [p9]\n",
         "changes.yaml:2: no_shows[0]: unknown patient 'p9' (known: p1)"),
        ("now: 2025-07-05T11:00\nwalk_ins:\n  - {id: p1, family: f, arrives: 2025-07-05T11:00, "
         "leaves: 2025-07-05T12:00, needs: [mdt]}\n",
         "changes.yaml:3: walk_ins[0].id: patient id 'p1' is already in the scenario"),
        ("now: [1, 2]\n", "changes.yaml:1: now: input should be a valid datetime"),
        ("- just a list\n", "changes.yaml:1: the top level must be a mapping of keys"),
    ],
)  # fmt: skip
def test_bad_changes_files_exit_2_with_the_place(stop: Path, changes: str, message: str) -> None:
    with pytest.raises(InputError) as caught:  # a planner error: its messages, no traceback
        replanned(stop, changes)
    assert caught.value.exit_code == 2
    assert str(caught.value).startswith(message), caught.value.messages
    assert not (stop / "new").exists()


def test_a_missing_status_file_exits_2(stop: Path) -> None:
    code, _, err = replan(stop, CHANGES, "--status", str(stop / "nowhere.csv"))
    assert (code, err) == (2, f"--status {stop / 'nowhere.csv'}: file not found\n")


def test_the_new_maps_embed_the_same_offline_tiles(stop: Path) -> None:
    county = stop / "county.mbtiles"
    tiles = make_mbtiles(county, ((27.15, 103.45), (27.65, 104.05)), range(9, 11), (1, 2, 3))
    scenario = load_scenario(stop / "stop.yaml")
    solve(scenario, Limits(time_limit_s=4), stop / "published", OutputOptions(lang="en"))
    (stop / "plan.json").write_text((stop / "published" / "plan.json").read_text("utf-8"))
    replanned(
        stop, CHANGES, OutputOptions(lang="en", tiles=f"mbtiles:{county}", tile_zooms=(9, 10))
    )
    maps = sorted((stop / "new" / "maps").glob("*.html"))
    tile = base64.b64encode(next(iter(tiles.values()))).decode()  # every tile is alike
    assert maps and all(tile in m.read_text("utf-8") for m in maps)
    assert not any("tile.openstreetmap.org" in m.read_text("utf-8") for m in maps)


def test_a_missing_mbtiles_file_exits_2_before_the_replan(stop: Path) -> None:
    code, _, err = replan(stop, CHANGES, "--tiles", f"mbtiles:{stop / 'none.mbtiles'}")
    assert code == 2 and err.strip() == f"--tiles mbtiles:{stop / 'none.mbtiles'}: no such file"
    assert not (stop / "new" / "plan.json").exists()


def test_a_published_plan_of_another_scenario_is_refused_naming_each_unknown_id(
    stop: Path,
) -> None:
    other = json.loads(json.dumps(PUBLISHED))
    other["appointments"][0].update(patient="p7", experts=["tx-9"])
    (stop / "plan.json").write_text(json.dumps(other), encoding="utf-8")
    (stop / "changes.yaml").write_text(CHANGES, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_day(stop / "stop.yaml", stop / "plan.json", stop / "changes.yaml")
    assert caught.value.messages == [
        "plan.json: appointments[0]: unknown patient 'p7'",
        "plan.json: appointments[0]: unknown expert 'tx-9'",
        "plan.json: is this the plan of the scenario 'Test stop'?",
    ]


def test_deterministic_replans_repeat(stop: Path) -> None:
    code, _, err = replan(stop, CHANGES, "--deterministic", "--seed", "3")
    assert code == 0, err
    first = json.loads((stop / "new" / "plan.json").read_text("utf-8"))
    day = load_day(stop / "stop.yaml", stop / "plan.json", stop / "changes.yaml")
    again = replan_stop(day, Limits(time_limit_s=5, seed=3, deterministic=True))
    assert first["appointments"] == again.model_dump(mode="json", by_alias=True)["appointments"]
    assert first["changes"] == again.model_dump(mode="json", by_alias=True)["changes"]
