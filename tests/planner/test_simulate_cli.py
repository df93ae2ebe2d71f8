"""`planner simulate` on the command line: exit 0 with the files written, exit 2 with
the file, line and key of bad input, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.fcfs import fcfs_plan
from planner.files.scenario import load_scenario
from tests.conftest import ROOT
from tests.planner.test_cli import planner

ZHAOTONG = str(ROOT / "scenarios" / "zhaotong.yaml")


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
