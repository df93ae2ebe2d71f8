"""A province on a cluster: the whole `planner solve` command from 500 to 10,000 households.

    python -m benchmarks.province --sizes 500 2000 10000 --workers 1 2 --seed 1 \
        [--seconds-per-household 0.05] [--scheduler local] [--json FILE] [--chart FILE]
    python -m benchmarks.province --from-json A.json B.json --chart FILE

For each size N: `planner generate --patients 0 --households N --teams N/100
--visit-days 10`; then for each worker count W, the command as a coordinator runs it,
`planner solve FILE --out DIR --time-limit T --workers W [--scheduler local]` with T = N
x `--seconds-per-household`, timed from start to exit, files included; then `planner
check`. The progress lines give the first plan's time and the pairs of groups routed.
While it runs, the memory of the command's process and of each of its descendants (the
worker processes, or the LocalCluster's nannies and workers) is sampled twice a second;
"worker peak" is the most any one routing worker held. Last, the overview map is opened in
Debian's Chromium (the settings of `tests/support/browser.py`): the time from asking for
the page until the first marker cluster is drawn.

Prints a Markdown table; `--chart FILE` draws wall time and memory against households
(PNG with matplotlib).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from planner.files.scenario import load_scenario

SAMPLE_S = 0.5
ROUTING_WORKER = "spawn_main"
"""In the command line of a spawned routing worker (a pool's or a LocalCluster's); the
printouts' PDF workers are forks of the command and carry its command line."""
FIRST_PLAN = re.compile(r"(?:first plan: |初始方案：).* · (\d+) (?:s of|秒 / 共)")
PAIRS = re.compile(
    r"(?P<improved>\d+) of (?P<tried>\d+) pairs improved"
    r"|试了 (?P<tried_zh>\d+) 对，改进了 (?P<improved_zh>\d+) 对"
)
"""The progress lines that say when the first plan came and how many pairs of groups were
routed, in the language of the command (the locale's, as a coordinator runs it)."""


@dataclass
class Run:
    """The figures of one command."""

    households: int
    workers: int
    time_limit_s: float
    wall_s: float
    first_plan_s: float | None
    pairs_tried: int
    pairs_improved: int
    visited: int
    required_missed: int
    files: int
    checked: bool
    main_peak_mb: float
    worker_peak_mb: float
    map_open_s: float


def planner(*args: str) -> list[str]:
    """The command line of `planner ARGS`, run with this interpreter."""
    return [sys.executable, "-m", "planner", *args]


def measure(command: list[str]) -> tuple[float, str, float, float]:
    """Run `command`; return its wall time, its stderr, and the peak memory (MB) of its
    own process and of its largest routing worker."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, text=True)
        watched = psutil.Process(process.pid)
        main_peak = worker_peak = 0.0
        while process.poll() is None:
            try:
                main_peak = max(main_peak, watched.memory_info().rss / 2**20)
                for child in watched.children(recursive=True):
                    if ROUTING_WORKER in " ".join(child.cmdline()):
                        worker_peak = max(worker_peak, child.memory_info().rss / 2**20)
            except psutil.Error:  # a process ended between listing and reading
                pass
            time.sleep(SAMPLE_S)
        wall = time.perf_counter() - started
        err.seek(0)
        return wall, err.read(), main_peak, worker_peak


def map_open_s(page_file: Path) -> float:
    """Seconds from asking Chromium for the map until its first marker cluster shows."""
    from tests.support.browser import chromium

    with chromium() as browser:
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(page_file.as_uri())
        page.wait_for_selector(".marker-cluster", timeout=60_000)
        return time.perf_counter() - started


def run(scenario: Path, households: int, workers: int, args: argparse.Namespace) -> Run:
    """One `planner solve` of `scenario` with `workers`, checked, and its map opened."""
    out = Path(tempfile.mkdtemp(prefix=f"province-{households}-{workers}-"))
    limit = households * args.seconds_per_household
    cluster = ["--scheduler", args.scheduler] if args.scheduler else []
    command = planner(
        "solve", str(scenario), "--out", str(out), "--time-limit", str(limit),
        "--seed", str(args.seed), "--workers", str(workers), *cluster,
    )  # fmt: skip
    wall, log, main_peak, worker_peak = measure(command)
    if args.json:  # the progress lines, with their times, beside the figures
        args.json.with_suffix(f".{households}-{workers}.log").write_text(log, encoding="utf-8")
    checked = subprocess.run(
        planner("check", str(scenario), str(out / "plan.json")), capture_output=True
    )  # fmt: skip
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    visits = load_scenario(scenario).visits
    required = {h.id for h in visits.households if h.required} if visits else set()
    first = FIRST_PLAN.search(log)
    pairs = PAIRS.search(log)
    opened = map_open_s(out / "maps" / "overview.html")
    files = sum(1 for path in out.rglob("*") if path.is_file())
    shutil.rmtree(out)
    return Run(
        households=households,
        workers=workers,
        time_limit_s=limit,
        wall_s=round(wall, 1),
        first_plan_s=float(first.group(1)) if first else None,
        pairs_tried=int(pairs["tried"] or pairs["tried_zh"]) if pairs else 0,
        pairs_improved=int(pairs["improved"] or pairs["improved_zh"]) if pairs else 0,
        visited=sum(len(route["visits"]) for route in plan["routes"]),
        required_missed=sum(u["household"] in required for u in plan["unvisited"]),
        files=files,
        checked=checked.returncode == 0,
        main_peak_mb=round(main_peak),
        worker_peak_mb=round(worker_peak),
        map_open_s=round(opened, 2),
    )


def generated(households: int, seed: int, folder: Path) -> Path:
    """`planner generate`'s campaign of `households`, one team per 100, over 10 days."""
    path = folder / f"province-{households}.yaml"
    text = subprocess.run(
        planner("generate", "--patients", "0", "--households", str(households),
                "--teams", str(max(1, households // 100)), "--visit-days", "10",
                "--seed", str(seed)),
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path.write_text(text, encoding="utf-8")
    return path


def table(runs: list[Run]) -> str:
    """The runs as a Markdown table."""
    lines = [
        "| households | workers | time limit | whole command | first plan | pairs improved "
        "| visited | required missed | files | checked | main peak | worker peak | map opens |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r.households:,} | {r.workers} | {r.time_limit_s:.0f} s | {r.wall_s:.0f} s "
            f"| {r.first_plan_s or 0:.0f} s | {r.pairs_improved} of {r.pairs_tried} "
            f"| {r.visited:,} | {r.required_missed} | {r.files:,} "
            f"| {'yes' if r.checked else 'NO'} | {r.main_peak_mb:,.0f} MB "
            f"| {r.worker_peak_mb:,.0f} MB | {r.map_open_s:.1f} s |"
        )
    return "\n".join(lines)


def chart(runs: list[Run], path: Path) -> None:
    """Wall time and peak memory against households, one line per worker count."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (time_axis, memory_axis) = plt.subplots(1, 2, figsize=(9, 3.6))
    for workers in sorted({r.workers for r in runs}):
        mine = sorted((r for r in runs if r.workers == workers), key=lambda r: r.households)
        sizes = [r.households for r in mine]
        label = f"{workers} worker{'s' if workers > 1 else ''}"
        time_axis.plot(sizes, [r.wall_s for r in mine], "o-", label=f"whole command, {label}")
        time_axis.plot(sizes, [r.first_plan_s or 0 for r in mine], "s--",
                       label=f"first plan, {label}")  # fmt: skip
        memory_axis.plot(sizes, [r.main_peak_mb for r in mine], "o-", label=f"command, {label}")
        memory_axis.plot(sizes, [r.worker_peak_mb for r in mine], "s--",
                         label=f"largest worker, {label}")  # fmt: skip
    time_axis.set(xlabel="households", ylabel="seconds", title="Wall time")
    memory_axis.set(xlabel="households", ylabel="MB", title="Peak memory")
    for axis in (time_axis, memory_axis):
        axis.grid(alpha=0.3)
        axis.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    """Run every size with every worker count; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds-per-household", type=float, default=0.05)
    parser.add_argument("--scheduler", help="'local' (a LocalCluster) or tcp://HOST:PORT")
    parser.add_argument("--json", type=Path, help="write every run here")
    parser.add_argument("--chart", type=Path, help="draw the chart into this PNG")
    parser.add_argument(
        "--from-json", type=Path, nargs="+", help="run nothing: table and chart of saved runs"
    )
    args = parser.parse_args(argv)
    if args.from_json:
        saved = [Run(**row) for path in args.from_json for row in json.loads(path.read_text())]
        return report(saved, args.chart)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="province-") as folder:
        for households in args.sizes:
            scenario = generated(households, args.seed, Path(folder))
            for workers in args.workers:
                runs.append(run(scenario, households, workers, args))
                print(json.dumps(asdict(runs[-1])), file=sys.stderr, flush=True)
                if args.json:
                    args.json.write_text(json.dumps([asdict(r) for r in runs], indent=2))
    return report(runs, args.chart)


def report(runs: list[Run], chart_file: Path | None) -> int:
    """Print the table of `runs`, and draw their chart into `chart_file` if given."""
    print(table(runs))
    if chart_file:
        chart(runs, chart_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
