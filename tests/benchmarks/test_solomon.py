"""The Solomon harness: the reader's convention, the independent checks, the CLI end to end."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from benchmarks.solomon.harness import with_household_rules
from benchmarks.solomon.instance import (
    DATA,
    FormatError,
    Instance,
    cost,
    read_instance,
    read_solution,
    routing_problem,
    violations,
)
from benchmarks.solomon.report import class_table, table
from solver.routing.evaluate import earliest_starts
from solver.routing.problem import BreakRule

HARNESS = [sys.executable, "-m", "benchmarks.solomon"]
ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("NODE_COORD_SECTION", "DEMAND_SECTION", "TIME_WINDOW_SECTION")
NAMES = ["C101", "C201", "R101", "R201", "RC101", "RC201"]


def bks_table() -> dict[str, float]:
    with (DATA / "bks.csv").open() as f:
        return {row["instance"]: float(row["distance"]) for row in csv.DictReader(f)}


@pytest.mark.parametrize("name", NAMES)
def test_best_known_solution_recomputes_to_its_cost(name: str) -> None:
    instance = read_instance(DATA / f"{name}.vrp")
    routes, stated = read_solution(DATA / f"{name}.sol")
    assert cost(instance, routes) == pytest.approx(stated, abs=0.05)
    assert cost(instance, routes) == pytest.approx(bks_table()[name], abs=0.05)
    assert violations(instance, routes) == []


def test_reader_reads_c101() -> None:
    c101 = read_instance(DATA / "C101.vrp")
    assert (c101.customers, c101.vehicles, c101.capacity, c101.service) == (100, 25, 200, 90.0)
    assert c101.coords[0] == (40.0, 50.0) and c101.windows[0] == (0.0, 1236.0)
    assert c101.coords[1] == (45.0, 68.0) and c101.demand[1] == 10


def test_problem_is_in_truncated_tenths() -> None:
    c101 = read_instance(DATA / "C101.vrp")
    problem = routing_problem(c101)
    # Depot (40, 50) to customer 1 (45, 68): sqrt(349) = 18.681... -> 186 tenths.
    assert problem.distance[0, 1] == problem.duration[0, 1] == 186
    assert problem.stops[0].windows[0].start == 10 * 912 and problem.stops[0].service == 900
    assert problem.vehicles[0].shift.end == 12360 and len(problem.vehicles) == 25
    assert all(v.capacity == 200 for v in problem.vehicles)


def test_checks_catch_broken_routes() -> None:
    c101 = read_instance(DATA / "C101.vrp")
    routes, _ = read_solution(DATA / "C101.sol")
    missing = [routes[0][1:], *routes[1:]]
    assert "not every customer exactly once" in violations(c101, missing)
    merged = [routes[0] + routes[1], *routes[2:]]
    assert any("more than 200" in v for v in violations(c101, merged))
    reversed_first = [routes[0][::-1], *routes[1:]]
    assert any("after" in v for v in violations(c101, reversed_first))


def test_a_file_that_is_not_an_instance_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vrp"
    bad.write_text("NAME : bad\nNODE_COORD_SECTION\n1 0 0\n")
    with pytest.raises(FormatError, match="not a VRPLIB CVRPTW instance"):
        read_instance(bad)


def truncated_c101(tmp_path: Path, customers: int) -> Path:
    """C101's depot and first customers as a VRPLIB file of its own."""
    text = (DATA / "C101.vrp").read_text().splitlines()
    keep = customers + 1
    out, section = [], ""
    for line in text:
        if line.startswith("DIMENSION"):
            line = f"DIMENSION : {keep}"
        elif line.startswith("NAME"):
            line = f"NAME : C101-{customers}"
        elif line.endswith("_SECTION") or line == "EOF":
            section = line
        elif section in SECTIONS and int(line.split()[0]) > keep:
            continue
        out.append(line)
    path = tmp_path / f"C101-{customers}.vrp"
    path.write_text("\n".join(out) + "\n")
    return path


def independent_distance(instance: Instance, routes: list[list[int]]) -> float:
    """DIMACS distance written out again, apart from the harness's code."""
    total = 0.0
    for route in routes:
        stops = [instance.coords[0], *(instance.coords[c] for c in route), instance.coords[0]]
        for (xa, ya), (xb, yb) in pairwise(stops):
            total += math.floor(10 * math.sqrt((xa - xb) ** 2 + (ya - yb) ** 2)) / 10
    return total


def test_cli_solves_a_small_instance_end_to_end(tmp_path: Path) -> None:
    path = truncated_c101(tmp_path, 20)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.solomon", str(path), "--time-limit", "1", "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    [entry] = json.loads(done.stdout)
    instance = read_instance(path)
    assert entry["instance"] == "C101-20" and entry["feasible"] is True
    assert sorted(c for r in entry["routes"] for c in r) == list(range(1, 21))
    assert entry["vehicles"] == len(entry["routes"]) <= 25
    assert entry["distance"] == pytest.approx(independent_distance(instance, entry["routes"]))
    assert all(sum(instance.demand[c] for c in r) <= 200 for r in entry["routes"])
    assert entry["bks"] is None and entry["engine"] == "pyvrp" and entry["seed"] == 1


def test_cli_reaches_c101s_best_known_in_two_seconds() -> None:
    done = subprocess.run(
        [*HARNESS, str(DATA / "C101.vrp"), "--time-limit=2", "--json", "--seed=2"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
    )
    [entry] = json.loads(done.stdout)
    assert entry["feasible"] and entry["seed"] == 2
    assert entry["distance"] == pytest.approx(827.3) and entry["gap_pct"] == 0.0


def test_cli_refuses_an_unknown_engine() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.solomon", str(DATA / "C101.vrp"), "--engine=gurobi"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2 and "invalid choice: 'gurobi'" in done.stderr


def test_report_table_takes_medians_per_instance_and_their_mean() -> None:
    def run(name: str, gap: float, feasible: bool = True) -> dict[str, object]:
        fields = {"instance": name, "requested_engine": "auto", "gap_pct": gap}
        return {**fields, "wall_s": 10.0, "feasible": feasible}

    results = [run("A", 0.0), run("A", 1.0), run("A", 5.0), run("B", 2.0), run("B", 0.0, False)]
    text = table(results, ["auto"])
    assert "| A | 1.00 | 10.0 |" in text
    assert "| B | inf | 10.0 |" in text


def test_household_rules_add_a_zero_lunch_and_a_driving_limit_that_cannot_bind() -> None:
    c101 = read_instance(DATA / "C101.vrp")
    plain = routing_problem(c101)
    problem = with_household_rules(plain)
    # Anywhere in the depot's 0-1236 (tenths: 12360), zero minutes long.
    assert {v.lunch for v in problem.vehicles} == {BreakRule(0, 12360, 0)}
    # Every arc at its longest, once per node and once more, plus one.
    longest = int(plain.duration.max())
    assert {v.max_drive for v in problem.vehicles} == {longest * 102 + 1}
    routes, _ = read_solution(DATA / "C101.sol")
    stop_of = {int(s.id): k for k, s in enumerate(problem.stops)}
    indices = [[stop_of[c] for c in route] for route in routes]
    padded = indices + [[] for _ in range(len(problem.vehicles) - len(routes))]
    starts = [earliest_starts(problem, v, r) for v, r in enumerate(padded)]
    assert all(s is not None for s in starts)  # the best-known routes keep the rules
    assert starts == [earliest_starts(plain, v, r) for v, r in enumerate(padded)]


def test_cli_households_engine_solves_and_reads_the_bks_next_to_the_file(tmp_path: Path) -> None:
    path = truncated_c101(tmp_path, 20)
    (tmp_path / "bks.csv").write_text("instance,vehicles,distance\nC101-20,2,100.0\n")
    done = subprocess.run(
        [*HARNESS, str(path), "--time-limit=1", "--json", "--engine=households"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    [entry] = json.loads(done.stdout)
    assert entry["feasible"] and entry["engine"] in ("pyvrp", "pyvrp+ortools")
    assert sorted(c for r in entry["routes"] for c in r) == list(range(1, 21))
    assert entry["bks"] == 100.0
    assert entry["gap_pct"] == round(100 * (entry["distance"] - 100.0) / 100.0, 3)


def test_class_table_averages_the_instances_of_each_class() -> None:
    def run(name: str, gap: float) -> dict[str, object]:
        return {"instance": name, "requested_engine": "e", "gap_pct": gap, "feasible": True}

    results = [run("R101", 1.0), run("R112", 3.0), run("RC201", 0.5), run("R1_2_2", 2.0)]
    assert class_table(results, ["e"]).splitlines()[2:] == [
        "| R1 | 2.00 |",
        "| R1_2 | 2.00 |",
        "| RC2 | 0.50 |",
    ]
