"""The example changes and walk-in files beside the scenarios stay valid: the walk-in
family is fitted and booked into the example changes, and the re-plan keeps every
booking and passes the checker. Their schemas are the ones the repository keeps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.fcfs import fcfs_plan
from planner.check import check_plan
from planner.files.changes import append_walk_ins, load_changes
from planner.files.day import load_day
from planner.files.scenario import load_scenario
from planner.files.schema import changes_schema_text, walk_in_schema_text
from planner.files.walk_in import load_walk_ins
from planner.jobs.fit import book, fit
from planner.jobs.replan import replan_stop
from planner.model import Plan
from planner.model.replanning import Day, day_of
from solver.limits import Limits
from tests.conftest import ROOT

EXAMPLES = ROOT / "scenarios" / "examples"
ZHAOTONG = ROOT / "scenarios" / "zhaotong.yaml"


@pytest.fixture(scope="module")
def replanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Day, Plan]:
    """Zhaotong's published plan (first come, first served), the example family fitted
    and booked at option a into a copy of the example changes, then re-planned."""
    folder = tmp_path_factory.mktemp("zhaotong")
    scenario = load_scenario(ZHAOTONG)
    published = fcfs_plan(scenario)
    (folder / "plan.json").write_text(published.model_dump_json(), "utf-8")
    changes = folder / "changes.yaml"
    shutil.copy(EXAMPLES / "zhaotong-changes.yaml", changes)
    today = day_of(scenario, published, load_changes(changes, scenario))
    family = load_walk_ins(str(EXAMPLES / "zhaotong-walk-in.yaml"), today.scenario)
    fitted = fit(today.scenario, today.published, family)
    append_walk_ins(changes, book(fitted, "a"), today.changes.now)
    day = load_day(ZHAOTONG, folder / "plan.json", changes)
    return day, replan_stop(day, Limits(time_limit_s=3, seed=1))


def test_the_examples_replan_into_a_plan_the_checker_passes(replanned: tuple[Day, Plan]) -> None:
    day, plan = replanned
    clinic = day.scenario.model_copy(update={"visits": None})  # the published plan has no routes
    assert check_plan(clinic, plan) == []
    assert {w.id for w in day.changes.walk_ins} == {"w01", "w02", "w03", "w11", "w12"}


def test_every_booking_of_the_examples_is_kept(replanned: tuple[Day, Plan]) -> None:
    day, plan = replanned
    booked = {(a.patient, a.service) for a in day.booked}
    assert {("w02", "hla"), ("w03", "hla"), ("w11", "hla"), ("w12", "hla")} <= booked
    kept = {(c.patient, c.service): c.what for c in plan.changes if c.patient}
    assert {key: kept[key] for key in booked} == {key: "kept" for key in booked}


@pytest.mark.parametrize(
    ("name", "text"),
    [("changes.schema.json", changes_schema_text), ("walk-in.schema.json", walk_in_schema_text)],
)
def test_the_kept_schemas_are_current(name: str, text: object) -> None:
    committed = (ROOT / name).read_text("utf-8")
    assert committed == text(), f"run: planner schema --{name.split('.')[0]} > {name}"  # type: ignore[operator]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_examples_point_editors_at_their_schema(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    assert first in (
        "# yaml-language-server: $schema=../../changes.schema.json",
        "# yaml-language-server: $schema=../../walk-in.schema.json",
    )
