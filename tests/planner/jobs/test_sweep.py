"""`planner sweep` end to end: tiny variants on a LocalCluster and on a real scheduler."""

from __future__ import annotations

import csv
import json
import signal
import time
from pathlib import Path

import pytest

from planner.check import check_plan
from planner.files.plan import load_plan
from planner.files.scenario import load_scenario
from planner.files.variants import prepare_variants
from planner.jobs.sweep import SweepOptions, sweep
from planner.model.variants import sweep_row
from tests.support.cli import planner, start
from tests.support.tiny_stop import TINY

CONTRACT = (
    "variant,status,needs_served,needs_total,served_weight,households_visited,"
    "households_total,required_missed,drive_km,wall_s"
)

VARIANTS = """\
variants:
  - name: as-planned
    patch: {}
  - name: no-course
    patch: {trainings: null}
"""


@pytest.fixture
def stop(tmp_path: Path) -> Path:
    (tmp_path / "variants.yaml").write_text(VARIANTS, encoding="utf-8")
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def assert_checked_plan(folder: Path, row: dict[str, str]) -> None:
    """The variant's plan keeps every rule of its scenario, and the row says what it holds."""
    scenario = load_scenario(folder / "scenario.yaml")
    plan = load_plan(folder / "plan.json")
    assert check_plan(scenario, plan) == []
    expected = sweep_row(row["variant"], scenario, plan, float(row["wall_s"]))
    figures = {
        k: str(v)
        for k, v in expected.model_dump().items()
        if k != "error" and not k.startswith("sim_")
    }
    assert {k: row[k] for k in figures if k != "violations"} == {
        k: v for k, v in figures.items() if k != "violations"
    }
    assert row["violations"] == "0"


def test_simulate_adds_the_simulated_figures_to_a_variants_row(stop: Path) -> None:
    from planner.jobs.sweep import CSV_COLUMNS, Job, run_variant

    scenario = load_scenario(stop)
    plain = run_variant(Job("as-planned", scenario, 2.0)).row
    assert (plain.sim_p90_finish, plain.sim_p90_wait_min, plain.sim_walk_ins_turned_away) == (
        None, None, None,
    )  # fmt: skip
    row = run_variant(Job("as-planned", scenario, 2.0, simulate_runs=200)).row
    assert row.status in ("optimal", "feasible") and row.violations == 0
    assert row.sim_p90_finish is not None and "12:00" <= row.sim_p90_finish <= "20:00"
    assert row.sim_p90_wait_min is not None and row.sim_p90_wait_min >= 0
    assert row.sim_walk_ins_turned_away is not None and row.sim_walk_ins_turned_away >= 0
    assert CSV_COLUMNS[-3:] == ["sim_p90_finish", "sim_p90_wait_min", "sim_walk_ins_turned_away"]


def test_three_tiny_variants_on_a_local_cluster(stop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    lines: list[str] = []
    options = SweepOptions(workers=2, time_limit_s=2, lang="en")
    variants, scenarios = prepare_variants(stop, tmp_path / "variants.yaml", ["teams=1"])
    rows = sweep(variants, scenarios, out, options, stop.name, lines.append).rows
    assert [row.variant for row in rows] == ["as-planned", "no-course", "teams=1"]
    assert lines[0] == "sweep: 3 variants on 2 workers, 1 CP-SAT workers each"
    assert len(lines) == 4
    assert sorted(line.split(" ")[0] for line in lines[1:]) == ["[1/3]", "[2/3]", "[3/3]"]
    finished = sorted(line.split(" ")[1] for line in lines[1:])
    assert finished == ["as-planned:", "no-course:", "teams=1:"]
    text = (out / "sweep.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith(CONTRACT + ",")
    table = list(csv.DictReader(text.splitlines()))
    assert [r["variant"] for r in table] == ["as-planned", "no-course", "teams=1"]
    for row in table:
        assert row["status"] in ("optimal", "feasible")
        assert_checked_plan(out / row["variant"], row)
        assert (out / row["variant"] / "print" / "summary.html").is_file()
    assert json.loads((out / "no-course" / "plan.json").read_text("utf-8"))["trainings"] == []
    assert {r.team for r in load_plan(out / "teams=1" / "plan.json").routes} <= {"team-a"}
    page = (out / "sweep.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 2 and "<script" not in page and "http" not in page
    assert all(f'data-variant="{name}"' in page for name in ("as-planned", "no-course", "teams=1"))


def test_a_sweep_on_a_real_scheduler_lists_a_failed_variant(
    stop: Path, tmp_path: Path, cluster: str
) -> None:
    variants = tmp_path / "variants.yaml"
    variants.write_text(
        "variants:\n  - name: as-planned\n    patch: {}\n  - name: no-experts\n"
        "    patch: {experts: []}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    lines: list[str] = []
    started = time.monotonic()
    options = SweepOptions(scheduler=cluster, time_limit_s=2, lang="en")
    pairs = prepare_variants(stop, variants, [])
    swept = sweep(*pairs, out, options, stop.name, lines.append)
    assert time.monotonic() - started < 240
    assert swept.failed == ["no-experts"], lines  # `planner sweep` exits 1
    progress = "\n".join(lines)
    assert "sweep: 2 variants on 1 workers" in progress
    assert (
        "no-experts: FAILED: no plan can keep every hard rule of the clinic day: course "
        "'course' needs skill 'hematology' that no expert present has" in progress
    )
    assert swept.summary == f"1 of 2 variants ran; failed: no-experts; results in {out}"
    table = list(csv.DictReader((out / "sweep.csv").read_text("utf-8").splitlines()))
    assert [(r["variant"], r["status"]) for r in table] == [
        ("as-planned", "feasible"), ("no-experts", "failed"),
    ]  # fmt: skip
    assert table[1]["needs_served"] == "" and "no expert present" in table[1]["error"]
    assert_checked_plan(out / "as-planned", table[0])
    assert not (out / "no-experts").exists()


def test_a_bad_variant_exits_2_before_anything_runs(stop: Path, tmp_path: Path) -> None:
    variants = tmp_path / "variants.yaml"
    variants.write_text(
        "variants:\n  - name: ok\n    patch: {}\n  - name: slow\n    patch: {slot_min: 0}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = planner("sweep", str(stop), "--variants", str(variants), "--out", str(out))
    assert run.returncode == 2
    assert run.stderr == (
        "variants.yaml:5: variant 'slow': slot_min: input should be greater than or equal to 1 "
        "(got 0)\n"
    )
    assert not out.exists()


def test_ctrl_c_keeps_the_variants_that_finished(stop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    sweep_run = start(
        "sweep", str(stop), "--vary", "teams=1,2,3", "--workers", "1", "--out", str(out),
        "--time-limit", "3",
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
    )  # fmt: skip
    assert sweep_run.stderr is not None
    for line in sweep_run.stderr:
        if line.startswith("[1/3] "):
            sweep_run.send_signal(signal.SIGINT)
            break
    stdout, stderr = sweep_run.communicate(timeout=120)
    assert sweep_run.returncode == 1
    assert "stopping: the variants still running are listed as stopped" in stderr
    table = list(csv.DictReader((out / "sweep.csv").read_text("utf-8").splitlines()))
    assert [(r["variant"], r["status"]) for r in table] == [
        ("teams=1", "feasible"), ("teams=2", "failed"), ("teams=3", "failed"),
    ]  # fmt: skip
    assert table[1]["error"] == "stopped (Ctrl-C) before it finished"
    assert stdout == f"1 of 3 variants ran; failed: teams=2, teams=3; results in {out}\n"
