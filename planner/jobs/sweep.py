"""The sweep: solve what-if variants of one scenario side by side on Dask distributed.

validate (every variant, before anything runs) → solve each on a Dask worker, with its
share of the cores → check each plan → write `DIR/<variant>/`, `DIR/sweep.csv` and
`DIR/sweep.html`. Results stream back as they finish; a variant that fails is listed,
and the others go on.
"""

from __future__ import annotations

import csv
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from planner.files.out_dir import prepare_out_dir, writing
from planner.files.scenario import dump_scenario
from planner.jobs.cluster import dask_client
from planner.jobs.outputs import OutputOptions, write_outputs
from planner.jobs.solve import solve_stop
from planner.model import Plan, Scenario
from planner.model.errors import PlannerError
from planner.model.plan_status import status_words
from planner.model.variants import SweepRow, Variant, failed_row, sweep_row
from planner.model.words import gettext as _
from planner.printouts.fonts import check_fonts
from planner.printouts.sweep import sweep_page

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True)
class SweepOptions:
    """How to run a sweep."""

    workers: int = 2
    scheduler: str | None = None
    time_limit_s: float = 30.0
    seed: int = 0
    lang: str = "zh"
    simulate_runs: int = 0
    """With more than 0: each variant's plan replayed that many times (default chance)."""


@dataclass(frozen=True)
class Job:
    """One variant's solve, as sent to a worker."""

    variant: str
    scenario: Scenario
    time_limit_s: float
    seed: int = 0
    lang: str = "zh"
    cpsat_workers: int = 1
    simulate_runs: int = 0


@dataclass
class Outcome:
    """What a worker sends back: the row, and the variant's files by relative path."""

    row: SweepRow
    files: dict[str, bytes] = field(default_factory=dict)


def run_variant(job: Job) -> Outcome:
    """Solve, check and write one variant (on a Dask worker) and return its files.

    The files travel back to the client, so the workers of a cluster need no shared
    folder with it. A variant for which no plan exists gives a failed row, not an error.
    """
    from planner.check import check_plan
    from solver.limits import Limits

    started = time.perf_counter()
    limits = Limits(time_limit_s=job.time_limit_s, seed=job.seed, workers=job.cpsat_workers)
    try:
        plan = solve_stop(job.scenario, limits)
        with tempfile.TemporaryDirectory(prefix="sweep-") as tmp:
            write_outputs(job.scenario, plan, Path(tmp), OutputOptions(lang=job.lang))
            files = {
                path.relative_to(tmp).as_posix(): path.read_bytes()
                for path in sorted(Path(tmp).rglob("*"))
                if path.is_file()
            }
    except PlannerError as error:
        return Outcome(failed_row(job.variant, " ".join(error.messages), _since(started)))
    files["scenario.yaml"] = dump_scenario(job.scenario).encode("utf-8")
    row = sweep_row(job.variant, job.scenario, plan, _since(started))
    row.violations = len(check_plan(job.scenario, plan))
    if job.simulate_runs and plan.appointments:
        _add_simulation(row, job.scenario, plan, job.simulate_runs, job.seed)
    return Outcome(row, files)


def _add_simulation(row: SweepRow, scenario: Scenario, plan: Plan, runs: int, seed: int) -> None:
    """The plan replayed `runs` times under the default chance: its p90 finish (last day),
    p90 family waiting and mean walk-ins turned away, into the row."""
    from planner.model.variability import Variability
    from solver.simulate import simulate

    figures = simulate(scenario, plan, Variability(), runs=runs, seed=seed)
    if figures.days:
        p90 = round(figures.days[-1].finish.p90)
        row.sim_p90_finish = f"{p90 // 60:02d}:{p90 % 60:02d}"
    row.sim_p90_wait_min = round(figures.wait_min.p90, 1)
    row.sim_walk_ins_turned_away = round(figures.walk_ins.turned_away.mean, 2)


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 2)


@dataclass(frozen=True)
class Swept:
    """A sweep run and written: one row per variant, in the variants' order."""

    rows: list[SweepRow]
    out_dir: Path

    @property
    def failed(self) -> list[str]:
        """The variants that gave no plan."""
        return [row.variant for row in self.rows if row.status == "failed"]

    @property
    def summary(self) -> str:
        """The last line of a sweep: how many ran, and where the results are."""
        ran, total = len(self.rows) - len(self.failed), len(self.rows)
        if self.failed:
            return _(
                "{ran} of {total} variants ran; failed: {failed}; results in {out_dir}",
                ran=ran, total=total, failed=", ".join(self.failed), out_dir=self.out_dir,
            )  # fmt: skip
        return _("{ran} of {total} variants ran; results in {out_dir}", ran=ran, total=total,
                 out_dir=self.out_dir)  # fmt: skip


def sweep(
    variants: list[Variant],
    scenarios: list[Scenario],
    out_dir: Path,
    options: SweepOptions,
    source: str = "",
    progress: Callable[[str], None] = print,
) -> Swept:
    """Solve every variant (each validated already, `files.variants.prepare_variants`) and
    write their folders, the CSV and the page.

    Args:
        source: the scenario file's name, for the page.

    Raises:
        PlannerError: no font for Chinese printouts, or an unusable output folder, before
            anything runs.
    """
    check_fonts(options.lang, [scenario.model_dump(mode="json") for scenario in scenarios])
    prepare_out_dir(out_dir)
    rows = run_sweep(variants, scenarios, out_dir, options, progress)
    with writing(out_dir):
        write_csv(rows, out_dir / "sweep.csv")
        first = scenarios[0]
        title = first.name_zh if options.lang == "zh" and first.name_zh else first.name
        page = sweep_page(rows, scenario=title, source=source, lang=options.lang)
        (out_dir / "sweep.html").write_text(page, encoding="utf-8")
    return Swept(rows, out_dir)


def run_sweep(
    variants: list[Variant],
    scenarios: list[Scenario],
    out_dir: Path,
    options: SweepOptions,
    progress: Callable[[str], None] = print,
) -> list[SweepRow]:
    """Solve every variant on Dask and write each one's folder as its result comes back.

    Returns:
        The rows in the order of `variants` (not the order they finished in).
    """
    jobs = [
        Job(
            variant.name,
            scenario,
            options.time_limit_s,
            options.seed,
            options.lang,
            simulate_runs=options.simulate_runs,
        )
        for variant, scenario in zip(variants, scenarios, strict=True)
    ]
    rows: dict[str, SweepRow] = {}
    with dask_client(options.workers, options.scheduler) as client:
        from distributed import as_completed

        share = cpsat_share(client)
        progress(f"sweep: {len(jobs)} variants on {len(client.nthreads())} workers, "
                 f"{share} CP-SAT workers each")  # fmt: skip
        jobs = [replace(job, cpsat_workers=share) for job in jobs]
        futures = client.map(run_variant, jobs, pure=False)
        named = {future.key: job.variant for future, job in zip(futures, jobs, strict=True)}
        try:
            for future in as_completed(futures):
                variant = named[future.key]
                try:
                    outcome: Outcome = future.result()
                except Exception as error:  # a worker died or the task broke: listed, not fatal
                    outcome = Outcome(failed_row(variant, f"{type(error).__name__}: {error}"))
                _write_files(out_dir / variant, outcome.files)
                rows[variant] = outcome.row
                progress(progress_line(len(rows), len(jobs), outcome.row))
        except KeyboardInterrupt:  # keep what finished: the CSV and the page still get written
            progress(_("stopping: the variants still running are listed as stopped"))
            client.cancel(futures)
    stopped = failed_row("", "stopped (Ctrl-C) before it finished")
    return [rows.get(v.name, stopped.model_copy(update={"variant": v.name})) for v in variants]


def progress_line(done: int, total: int, row: SweepRow) -> str:
    """`[2/8] teams=4: proven best plan, 120 of 130 needs (weight 410), 18 of 20
    households, ...`, in the spoken language."""
    head = f"[{done}/{total}] {row.variant}:"
    if row.status == "failed":
        return _("{head} FAILED: {error}", head=head, error=row.error)
    return _(
        "{head} {status}, {served} of {needs} needs (weight {weight}), {visited} of "
        "{households} households, {missed} required missed, {wall_s:.1f} s",
        head=head, status=status_words(row.status), served=row.needs_served,
        needs=row.needs_total, weight=row.served_weight, visited=row.households_visited,
        households=row.households_total, missed=row.required_missed, wall_s=row.wall_s,
    )  # fmt: skip


def cpsat_share(client: Client) -> int:
    """CP-SAT workers per variant, so that Dask threads x CP-SAT workers <= cores per host."""
    cores: dict[str, int] = client.run(lambda: os.cpu_count() or 1)
    threads = client.nthreads()
    per_host: dict[str, int] = {}
    for address, count in threads.items():
        host = urlparse(address).hostname or address
        per_host[host] = per_host.get(host, 0) + count
    shares = [cores[a] // per_host[urlparse(a).hostname or a] for a in cores if a in threads]
    return max(1, min(shares, default=1))


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
    with writing(folder):
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


CSV_COLUMNS = list(SweepRow.model_fields)
"""The contract's columns first (variant ... wall_s), then `violations` and `error`, then
the simulated figures (empty without `--simulate`)."""


def write_csv(rows: list[SweepRow], path: Path) -> None:
    """`sweep.csv`: one row per variant; empty cells where a failed variant has no figure."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.model_dump().items()})
