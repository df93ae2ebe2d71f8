"""The command line's contract: commands, output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT
from tests.support.cli import planner


def test_validate_shipped_scenario() -> None:
    run = planner("validate", str(ROOT / "scenarios" / "zhaotong.yaml"))
    assert run.returncode == 0, run.stderr
    assert run.stdout == "zhaotong.yaml: valid: 27 patients, 6 experts, 14 households\n"


def test_schema_prints_json_schema() -> None:
    run = planner("schema")
    assert run.returncode == 0
    schema = json.loads(run.stdout)
    assert schema["title"] == "Touring-clinic scenario"
    assert {"venues", "experts", "services", "trainings", "patients", "visits"} <= set(
        schema["properties"]
    )


def test_generate_prints_a_valid_scenario(tmp_path: Path) -> None:
    run = planner("generate", "--patients", "25", "--households", "7", "--seed", "3")
    assert run.returncode == 0, run.stderr
    path = tmp_path / "gen.yaml"
    path.write_text(run.stdout, "utf-8")
    check = planner("validate", str(path))
    assert check.returncode == 0, check.stderr
    assert check.stdout == "gen.yaml: valid: 25 patients, 5 experts, 7 households\n"


def test_generate_rejects_an_unknown_city() -> None:
    run = planner("generate", "--city", "atlantis")
    assert run.returncode == 2
    assert run.stderr.startswith("unknown city 'atlantis' (known: zhaotong, longyan,")


def test_usage_errors_exit_2() -> None:
    assert planner("validate").returncode == 2
    assert planner("solve", str(ROOT / "scenarios" / "zhaotong.yaml")).returncode == 2


def test_check_exits_2_naming_the_place_in_a_bad_plan_file(tmp_path: Path) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text('{\n  "scenario": "x",\n  "status": \n}\n', encoding="utf-8")
    run = planner("check", str(ROOT / "scenarios" / "zhaotong.yaml"), str(bad))
    assert run.returncode == 2
    assert run.stderr == "plan.json:4: not valid JSON: Expecting value\n"
