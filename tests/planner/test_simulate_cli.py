"""`planner simulate` on the command line: exit 0 with the files written, exit 2 with
the file, line and key of bad input, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.fcfs import fcfs_plan
from planner.files.scenario import load_scenario
from tests.conftest import ROOT

ZHAOTONG = str(ROOT / "scenarios" / "zhaotong.yaml")


def planner(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m planner ARGS`, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_exit_codes(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(fcfs_plan(load_scenario(ZHAOTONG)).model_dump_json(), "utf-8")
    other = tmp_path / "other.json"
    other.write_text(fcfs_plan(load_scenario(ROOT / "scenarios" / "sandu.yaml"))
                     .model_dump_json(), "utf-8")  # fmt: skip
    bad = tmp_path / "chance.yaml"
    bad.write_text("no_show: 0.1\nservice_cv: {mdt: -1}\n", "utf-8")
    out = tmp_path / "out"

    run = planner("simulate", ZHAOTONG, "--plan", str(plan), "--out", str(out), "--runs", "50",
                  "--seed", "3", "--lang", "en", "--compare", str(plan))  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("50 runs (seed 3): ")
    assert json.loads((out / "simulation.json").read_text("utf-8"))["runs"] == 50

    run = planner("simulate", ZHAOTONG, "--plan", str(plan), "--out", str(out),
                  "--variability", str(bad))  # fmt: skip
    assert run.returncode == 2
    assert run.stderr == (
        "chance.yaml:2: service_cv.mdt: input should be greater than or equal to 0 (got -1)\n"
    )

    run = planner("simulate", ZHAOTONG, "--plan", str(other), "--out", str(out))
    assert run.returncode == 2
    assert run.stderr.startswith("other.json: appointments[0]: unknown service")
    assert run.stderr.endswith("is this the plan of the scenario 'Zhaotong, Yunnan (stop 12)'?\n")
    assert "Traceback" not in run.stderr

    run = planner("simulate", ZHAOTONG, "--plan", str(tmp_path / "none.json"), "--out", str(out))
    assert (run.returncode, run.stderr) == (2, f"{tmp_path / 'none.json'}: file not found\n")


@pytest.mark.skipif(shutil.which("taskset") is None, reason="needs taskset")
def test_the_same_seed_gives_the_same_figures_on_one_core_or_two(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(fcfs_plan(load_scenario(ZHAOTONG)).model_dump_json(), "utf-8")
    figures = []
    for cores, threads in (("0", "1"), ("0,1", "2")):
        out = tmp_path / f"on-{threads}"
        env = {**os.environ, "OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads}
        run = subprocess.run(
            ["taskset", "-c", cores, sys.executable, "-m", "planner", "simulate", ZHAOTONG,
             "--plan", str(plan), "--out", str(out), "--runs", "300", "--seed", "9"],
            capture_output=True, text=True, timeout=120, env=env,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        data = json.loads((out / "simulation.json").read_text("utf-8"))
        data.pop("wall_s")
        figures.append(data)
    assert figures[0] == figures[1]
    assert figures[0]["walk_ins"]["arrived"]["mean"] > 0
