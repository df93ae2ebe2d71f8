"""The main job end to end: shipped scenarios solved, written, and checked independently."""

from __future__ import annotations

import json
import signal
import time
from functools import cache
from pathlib import Path

import pytest

from planner.check import check_plan
from planner.files.scenario import load_scenario
from planner.jobs.solve import solve, solve_stop
from planner.model import Plan, Scenario
from planner.model.errors import InputError, NoPlanError
from solver.limits import Limits
from tests.conftest import ROOT, SCENARIOS
from tests.support.cli import planner, start


@cache
def solved(path: Path) -> tuple[Scenario, Plan]:
    scenario = load_scenario(path)
    return scenario, solve_stop(scenario, Limits(time_limit_s=4, seed=1))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenario_plan_keeps_every_rule(path: Path) -> None:
    scenario, plan = solved(path)
    assert check_plan(scenario, plan) == []
    needs = sorted((p.id, need) for p in scenario.patients for need in p.needs)
    planned = [(a.patient, a.service) for a in plan.appointments]
    listed = [(u.patient, u.service) for u in plan.unserved]
    assert sorted(planned + listed) == needs
    assert all(u.reason for u in plan.unserved)
    households = sorted(h.id for h in scenario.visits.households) if scenario.visits else []
    routed = [v.household for route in plan.routes for v in route.visits]
    assert sorted(routed + [u.household for u in plan.unvisited]) == households
    assert all(u.reason for u in plan.unvisited)
    assert [t.training for t in plan.trainings] == [t.id for t in scenario.trainings]


def test_severe_children_come_first_in_longyan() -> None:
    scenario, plan = solved(ROOT / "scenarios" / "longyan.yaml")
    severe = {p.id for p in scenario.patients if p.severity == "severe"}
    assert not [u for u in plan.unserved if u.patient in severe]


def test_solve_and_check_from_the_command_line(tmp_path: Path) -> None:
    scenario = ROOT / "scenarios" / "zhaotong.yaml"
    out = tmp_path / "out"
    run = planner(
        "solve",
        str(scenario),
        "--out",
        str(out),
        "--time-limit",
        "4",
        "--seed",
        "2",
        "--lang",
        "en",
        "--tiles",
        "none",
    )
    assert run.returncode == 0, run.stderr
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert set(plan) >= {"scenario", "status", "appointments", "trainings", "unserved",
                         "routes", "unvisited", "solver"}  # fmt: skip
    assert plan["status"] in ("optimal", "feasible")
    assert plan["appointments"][0]["start"].endswith("+08:00")
    assert set(plan["solver"]) >= {"wall_s", "objective", "bound", "gap"}
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"print/slips.pdf", "print/grid.html", "schedule.xlsx", "maps/overview.html"} <= written
    experts = {e for a in plan["appointments"] for e in a["experts"]}
    assert {f"calendar/{e}.ics" for e in experts} <= written
    assert plan["routes"]
    for route in plan["routes"]:
        assert f"maps/{route['team']}-{route['day']}.html" in written
        assert f"print/routes/{route['team']}-{route['day']}.pdf" in written
    check = planner("check", str(scenario), str(out / "plan.json"))
    assert check.returncode == 0, check.stdout + check.stderr
    # A tampered plan is caught: two appointments of one expert at the same time.
    first, second = plan["appointments"][0], plan["appointments"][1]
    second["experts"], second["start"], second["end"] = (
        first["experts"],
        first["start"],
        first["end"],
    )
    (tmp_path / "bad.json").write_text(json.dumps(plan), "utf-8")
    bad = planner("check", str(scenario), str(tmp_path / "bad.json"))
    assert bad.returncode == 1
    assert bad.stdout.strip()


def test_impossible_scenario_exits_1_with_a_diagnosis(tmp_path: Path) -> None:
    text = (ROOT / "scenarios" / "zhaotong.yaml").read_text("utf-8")
    text = text.replace("seats: 260}", "seats: 200}")
    path = tmp_path / "small-hall.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(NoPlanError) as caught:  # a planner error: its messages, no traceback
        solve(load_scenario(path), Limits(time_limit_s=10), tmp_path / "out")
    assert caught.value.exit_code == 1
    assert "hall" in str(caught.value) and "240" in str(caught.value)


def test_an_output_folder_that_is_a_file_is_refused_before_the_solve(tmp_path: Path) -> None:
    taken = tmp_path / "plan-here"
    taken.write_text("someone's notes", "utf-8")
    sandu = str(ROOT / "scenarios" / "sandu.yaml")
    run = planner("solve", sandu, "--out", str(taken), "--time-limit", "60", "--quiet")
    assert run.returncode == 2
    assert run.stderr.strip() == f"--out {taken}: this is a file, not a folder"
    assert taken.read_text("utf-8") == "someone's notes"
    nested = planner("solve", sandu, "--out", str(taken / "sub"), "--quiet")
    assert nested.returncode == 2 and "cannot make the folder" in nested.stderr


def test_an_engine_that_cannot_keep_the_rules_is_a_usage_error(tmp_path: Path) -> None:
    longyan = load_scenario(ROOT / "scenarios" / "longyan.yaml")
    with pytest.raises(InputError) as caught:  # a planner error: its messages, no traceback
        solve(longyan, Limits(time_limit_s=5), tmp_path / "out", engine="pyvrp")
    assert caught.value.exit_code == 2
    assert "--engine pyvrp" in str(caught.value) and "lunch breaks" in str(caught.value)


def test_ctrl_c_writes_the_best_plan_found_so_far(tmp_path: Path) -> None:
    scenario = tmp_path / "busy.yaml"
    generated = planner("generate", "--patients", "120", "--households", "30", "--seed", "4")
    assert generated.returncode == 0, generated.stderr
    scenario.write_text(generated.stdout, "utf-8")
    out = tmp_path / "out"
    solve = start("solve", str(scenario), "--out", str(out), "--time-limit", "300",
                  "--tiles", "none")  # fmt: skip
    assert solve.stderr is not None
    progress = solve.stderr.readline()  # the first progress line: the search is under way
    started = time.monotonic()
    solve.send_signal(signal.SIGINT)
    _, stderr = solve.communicate(timeout=120)
    assert solve.returncode == 0, progress + stderr
    assert time.monotonic() - started < 60  # far from the 300 s limit
    assert "stopping: writing the best plan found so far" in stderr
    check = planner("check", str(scenario), str(out / "plan.json"))
    assert check.returncode == 0, check.stdout
    assert json.loads((out / "plan.json").read_text("utf-8"))["routes"]  # routed all the same
