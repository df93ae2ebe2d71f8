"""A county's parts routed side by side: on a real Dask cluster, in processes, in batches."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path

from distributed import Client

from planner.check import check_plan
from planner.files.scenario import dump_scenario
from planner.jobs.cluster import ClusterOptions, part_runner
from planner.model import Plan, SolverInfo
from planner.model.synthetic import GenerateOptions, generate
from solver.limits import Limits
from solver.routing import route_visits
from solver.routing.part_runs import InProcess, PartTask, RouteFn
from solver.routing.problem import RoutingSolution
from tests.support.cli import planner

COUNTY = GenerateOptions(patients=0, households=300, teams=3, visit_days=10, seed=2)
"""300 households, 3 teams over 10 days: three groups of ten team-days."""


def _routed_part_tasks(dask_scheduler: object) -> int:
    """On the scheduler: how many `route_part` tasks finished (their results came back)."""
    prefixes = dask_scheduler.task_prefixes  # type: ignore[attr-defined]
    return int(prefixes["route_part"].state_counts["memory"]) if "route_part" in prefixes else 0


def test_a_county_in_parts_on_a_real_scheduler_passes_planner_check(
    tmp_path: Path, cluster: str
) -> None:
    scenario = generate(COUNTY)
    with part_runner(ClusterOptions(scheduler=cluster)) as runner:
        result = route_visits(scenario, Limits(time_limit_s=12, seed=1), parts=True, runner=runner)
    with Client(cluster) as client:
        routed_there = client.run_on_scheduler(_routed_part_tasks)
    assert routed_there >= 3  # the first plan's three parts, then the pairs
    assert result.engine.endswith("in parts")
    assert sum(len(route.visits) for route in result.routes) > 150
    plan = Plan(scenario=scenario.name, status="feasible", routes=result.routes,
                unvisited=result.unvisited,
                solver=SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0))  # fmt: skip
    (tmp_path / "county.yaml").write_text(dump_scenario(scenario), encoding="utf-8")
    (tmp_path / "plan.json").write_text(plan.model_dump_json(), encoding="utf-8")
    checked = planner("check", str(tmp_path / "county.yaml"), str(tmp_path / "plan.json"))
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stdout


@dataclass
class Recording:
    """Routes in this process, `width` at a time, and records each batch of parts."""

    width: int
    batches: list[list[PartTask]] = field(default_factory=list)

    def map(self, route: RouteFn, tasks: list[PartTask]) -> list[RoutingSolution]:
        self.batches.append(tasks)
        return InProcess().map(route, tasks)


def test_the_first_plan_sends_every_part_at_once_and_pairs_share_no_group() -> None:
    # Four teams over 3 days: four groups (one a team), so two pairs can run at once.
    scenario = generate(GenerateOptions(patients=0, households=120, teams=4, visit_days=3))
    runner = Recording(width=2)
    # 15 s: on a loaded machine the first plan alone may take 6 s, leaving no pair.
    result = route_visits(scenario, Limits(time_limit_s=15, seed=1), parts=True, runner=runner)
    first, *pairs = runner.batches
    assert [len(task.problem.vehicles) for task in first] == [3, 3, 3, 3]
    assert all(task.initial is None for task in first)
    assert pairs, "no pair of groups was routed"
    assert len(pairs[0]) == 2  # the first round's first batch: a pair and its complement
    for batch in pairs:
        assert 1 <= len(batch) <= 2
        assert all(len(task.problem.vehicles) == 6 and task.initial for task in batch)
        teams = [set(task.problem.depots) for task in batch]
        assert len(batch) == 1 or not teams[0] & teams[1]
    assert result.engine.endswith("in parts")


def test_solve_names_a_scheduler_it_cannot_reach(tmp_path: Path) -> None:
    # About 13 s: Dask tries to connect for `cluster.CONNECT_TIMEOUT_S` before giving up.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nobody listens there once the probe is closed
    (tmp_path / "county.yaml").write_text(dump_scenario(generate(COUNTY)), encoding="utf-8")
    run = planner(
        "solve", str(tmp_path / "county.yaml"), "--out", str(tmp_path / "out"),
        "--time-limit", "5", "--scheduler", f"tcp://127.0.0.1:{port}", "--quiet",
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr.startswith(f"--scheduler tcp://127.0.0.1:{port}: cannot connect:")
    assert "Traceback" not in run.stderr


def test_parts_in_worker_processes_keep_every_rule() -> None:
    scenario = generate(GenerateOptions(patients=0, households=120, teams=4, visit_days=3))
    with part_runner(ClusterOptions(workers=2)) as runner:
        assert runner.width == 2
        result = route_visits(scenario, Limits(time_limit_s=8, seed=1), parts=True, runner=runner)
    plan = Plan(scenario=scenario.name, status="feasible", routes=result.routes,
                unvisited=result.unvisited,
                solver=SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0))  # fmt: skip
    assert check_plan(scenario, plan) == []
    assert result.engine.endswith("in parts") and result.routes
