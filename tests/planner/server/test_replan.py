"""Re-planning from the events and publishing: a new version that `planner check` passes,
stale jobs refused, and a failed job that leaves the version as it was."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from planner.files.plan import load_plan
from planner.files.scenario import load_scenario
from planner.model.errors import NoPlanError
from tests.planner.server.conftest import BOTH
from tests.support.cli import planner
from tests.support.day_server import Desk, desk, open_app, write_day

DATABASES = BOTH
"""On SQLite and on a real PostgreSQL server (tests/planner/server/conftest.py)."""

SPAN = {"date": "2025-07-05", "start": "13:00", "end": "18:00"}


def finished(coordinator: Desk, job: str) -> dict[str, Any]:
    """The job's status once it is no longer running (at most 30 s)."""
    deadline = time.monotonic() + 30
    while (status := coordinator.get(f"/api/jobs/{job}").json())["state"] == "running":
        assert time.monotonic() < deadline, status
        time.sleep(0.1)
    return status  # type: ignore[no-any-return]


def test_replan_and_publish_make_a_version_that_planner_check_passes(
    app: FastAPI, day_folder: Path
) -> None:
    coordinator, reception = desk(app, "coordinator"), desk(app, "reception")
    assert reception.post("/api/patients/p01/check-in").status_code == 200
    assert reception.post("/api/patients/p04/no-show").status_code == 200
    assert coordinator.post("/api/rooms/hosp/c2/close", {"closed": [SPAN]}).status_code == 200
    stale = coordinator.post("/api/replan")
    assert stale.status_code == 202
    assert finished(coordinator, stale.json()["job"])["state"] == "done"
    assert coordinator.post("/api/experts/gen-1/hours", {"available": [SPAN]}).status_code == 200
    late = reception.post("/api/patients/p03/late", {"arrives": "2025-07-05T13:30"})
    assert late.json()["arrives"] == "2025-07-05T13:30:00"
    refused = coordinator.post(f"/api/jobs/{stale.json()['job']}/publish")
    assert refused.status_code == 409  # the day changed since that job started

    job = coordinator.post("/api/replan").json()["job"]
    status = finished(coordinator, job)
    assert status["state"] == "done", status
    assert {(c["patient"], c["what"]) for c in status["changes"]} >= {("p04", "cancelled")}
    assert coordinator.post(f"/api/jobs/{job}/publish").json() == {"version": 1}

    folder = day_folder / "out" / "versions" / "1"
    assert (folder / "plan.json").is_file() and (folder / "print" / "changes.html").is_file()
    day = reception.get("/api/day").json()
    assert day["version"] == 1
    assert {(a["patient"], a["status"]) for a in day["appointments"]} >= {("p01", "checked_in")}
    (day_folder / "now").mkdir()
    (day_folder / "now" / "scenario.yaml").write_text(coordinator.get("/api/scenario.yaml").text)
    (day_folder / "now" / "plan.json").write_text(coordinator.get("/api/plan.json").text)
    run = planner("check", str(day_folder / "now" / "scenario.yaml"),
                  str(day_folder / "now" / "plan.json"))  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "absent: true" in (folder / "scenario.yaml").read_text("utf-8")  # p04's no-show
    published = load_scenario(folder / "scenario.yaml")
    p03 = next(p for p in published.patients if p.id == "p03")
    assert p03.arrives == dt.datetime(2025, 7, 5, 13, 30)  # the desk's late arrival
    starts = [a.start for a in load_plan(folder / "plan.json").appointments if a.patient == "p03"]
    assert all(published.localize(s) >= published.localize(p03.arrives) for s in starts)


def test_a_failed_replan_says_why_and_leaves_the_version(tmp_path: Path) -> None:
    with open_app(write_day(tmp_path), clock="2025-07-09T10:00") as app:  # not a day of the stop
        coordinator = desk(app, "coordinator")
        job = coordinator.post("/api/replan").json()["job"]
        status = finished(coordinator, job)
        assert status["state"] == "failed"
        assert "2025-07-09 10:00 is not on a day of the stop" in status["reason"]
        assert coordinator.post(f"/api/jobs/{job}/publish").status_code == 422
        assert coordinator.post(f"/api/jobs/{job}/cancel").status_code == 422
        assert coordinator.get("/api/day").json()["version"] == 0
        assert coordinator.get("/api/jobs/nothing").status_code == 404


def test_a_replan_cancelled_before_it_found_a_plan_ends_cancelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_plan_until_stopped(*args: Any) -> Any:
        limits = args[-1]
        assert limits.stop.wait(30)
        raise NoPlanError("no new plan found within the time limit; try a longer --time-limit")

    monkeypatch.setattr("planner.jobs.serve.replan_day", no_plan_until_stopped)
    with open_app(write_day(tmp_path)) as app:
        coordinator = desk(app, "coordinator")
        job = coordinator.post("/api/replan").json()["job"]
        assert coordinator.post(f"/api/jobs/{job}/cancel").status_code == 200
        status = finished(coordinator, job)
        assert status["state"] == "cancelled", status
