"""Median gap to the best-known solutions, per instance and engine, as a markdown table.

    python -m benchmarks.solomon.report --seeds 1,2,3 --time-limit 10 --engines auto,ortools
    python -m benchmarks.solomon.report --engines ortools,households --from runs.json ...

Each solve runs in its own process, one after another (the machines have two cores
and are shared, so parallel solves would measure each other).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.solomon.instance import DATA


def run_one(path: Path, engine: str, seed: int, time_limit_s: float) -> dict[str, Any]:
    """One solve in a fresh process, through the harness's command line."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.solomon",
        str(path),
        "--json",
        f"--time-limit={time_limit_s}",
        f"--engine={engine}",
        f"--seed={seed}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)[0]
    result["requested_engine"] = engine
    return result


def table(results: list[dict[str, Any]], engines: list[str]) -> str:
    """Markdown: median gap (%) and median wall time per instance and engine, then means."""
    names = sorted({r["instance"] for r in results})
    header = "| instance | " + " | ".join(f"{e} gap % | {e} wall s" for e in engines) + " |"
    lines = [header, "|" + "---|" * (1 + 2 * len(engines))]
    medians: dict[str, list[float]] = {e: [] for e in engines}
    for name in names:
        cells = []
        for engine in engines:
            runs = [r for r in results if r["instance"] == name and r["requested_engine"] == engine]
            if not runs:
                cells += ["", ""]
                continue
            gap = statistics.median(_gap(r) for r in runs)
            medians[engine].append(gap)
            cells += [f"{gap:.2f}", f"{statistics.median(r['wall_s'] for r in runs):.1f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    means = [f"**{statistics.mean(medians[e]):.2f}**" if medians[e] else "" for e in engines]
    lines.append("| mean | " + " | ".join(cell for m in means for cell in (m, "")) + " |")
    return "\n".join(lines)


def class_table(results: list[dict[str, Any]], engines: list[str]) -> str:
    """Markdown: the mean over each class (C1, C2, R1, R2, RC1, RC2; GH200 instances by
    their set, e.g. R1_2) of the per-instance median gaps, per engine."""
    rows: dict[str, dict[str, list[float]]] = {}
    for name in sorted({r["instance"] for r in results}):
        for engine in engines:
            runs = [r for r in results if r["instance"] == name and r["requested_engine"] == engine]
            if runs:
                gaps = rows.setdefault(instance_class(name), {}).setdefault(engine, [])
                gaps.append(statistics.median(_gap(r) for r in runs))
    lines = ["| class | " + " | ".join(f"{e} mean gap %" for e in engines) + " |"]
    lines.append("|" + "---|" * (1 + len(engines)))
    for name, by_engine in rows.items():
        cells = [f"{statistics.mean(by_engine[e]):.2f}" if e in by_engine else "" for e in engines]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def instance_class(name: str) -> str:
    """C101 -> C1, RC207 -> RC2, R1_2_2 -> R1_2."""
    if "_" in name:
        return name.rsplit("_", 1)[0]
    return name.rstrip("0123456789") + name.lstrip("CR")[0]


def _gap(result: dict[str, Any]) -> float:
    """The gap of a run; an infeasible answer counts as infinitely far."""
    return float(result["gap_pct"]) if result["feasible"] else float("inf")


def main(argv: list[str] | None = None) -> int:
    """Run every instance x seed x engine and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.solomon.report")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--engines", default="auto,ortools")
    parser.add_argument("--instances", nargs="*", type=Path, default=sorted(DATA.glob("*.vrp")))
    parser.add_argument("--out", type=Path, help="also write every run as JSON here")
    parser.add_argument(
        "--from", dest="saved", nargs="+", type=Path, help="tables from runs saved by --out"
    )
    args = parser.parse_args(argv)
    engines = args.engines.split(",")
    if args.saved:
        saved = [r for path in args.saved for r in json.loads(path.read_text())]
        print(table(saved, engines) + "\n\n" + class_table(saved, engines))
        return 0
    load_before = os.getloadavg()[0]
    results = []
    for engine in engines:
        for path in args.instances:
            for seed in (int(s) for s in args.seeds.split(",")):
                result = run_one(path, engine, seed, args.time_limit)
                print(
                    f"{engine} {result['instance']} seed {seed}: gap {result['gap_pct']} %, "
                    f"feasible {result['feasible']}, {result['wall_s']} s",
                    file=sys.stderr,
                )
                results.append(result)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1))
    print(
        f"Solomon, {args.time_limit:g} s per instance, median over seeds {args.seeds} "
        f"(1-minute load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after):\n"
    )
    print(table(results, engines) + "\n\n" + class_table(results, engines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
