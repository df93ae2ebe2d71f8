"""`planner replan` under Ctrl-C: progress on stderr, and the best plan so far written
within two seconds of the signal."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from planner.check import check_plan
from planner.files.plan import load_plan
from planner.files.scenario import dump_scenario, load_scenario
from planner.jobs.solve import solve_stop
from planner.model.synthetic import GenerateOptions, generate
from solver.limits import Limits


def test_ctrl_c_during_a_replan_writes_the_best_plan_within_two_seconds(tmp_path: Path) -> None:
    scenario = generate(GenerateOptions(patients=60, households=0, seed=2))
    path = tmp_path / "busy.yaml"
    path.write_text(dump_scenario(scenario), "utf-8")
    published = solve_stop(load_scenario(path), Limits(time_limit_s=3, seed=2))
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(published.model_dump_json(), "utf-8")
    day = scenario.clinic_dates()[0]
    no_shows = sorted({a.patient for a in published.appointments})[:5]
    changes = tmp_path / "changes.yaml"
    changes.write_text(f"now: {day}T11:00\nno_shows: [{', '.join(no_shows)}]\n", "utf-8")
    out = tmp_path / "out"
    replan = subprocess.Popen(
        [sys.executable, "-m", "planner", "replan", str(path), "--plan", str(plan_path),
         "--changes", str(changes), "--out", str(out), "--time-limit", "300", "--tiles", "none"],
        stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert replan.stderr is not None
    progress = replan.stderr.readline()  # the first progress line: the search is under way
    signalled = time.time()
    replan.send_signal(signal.SIGINT)
    stdout, stderr = replan.communicate(timeout=120)
    assert replan.returncode == 0, progress + stderr
    assert progress.strip() and "s of 300" in progress
    assert "stopping: writing the best plan found so far" in stderr
    written = (out / "plan.json").stat().st_mtime
    assert written - signalled < 2.0
    day_as_it_is = load_scenario(out / "scenario.yaml")
    assert check_plan(day_as_it_is, load_plan(out / "plan.json")) == []
    assert "moved" in stdout and "cancelled" in stdout
