"""`planner simulate`: replay a published plan under chance, and write what it shows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from planner.files.out_dir import prepare_out_dir, writing
from planner.model import Plan, Scenario
from planner.model.simulation import Comparison, Simulation
from planner.model.variability import Variability
from planner.model.words import gettext as _
from planner.printouts.simulation import clock, simulation_json, simulation_page
from solver.simulate import DEFAULT_RUNS
from solver.simulate import compare as compare_plans
from solver.simulate import simulate as simulate_plan


@dataclass(frozen=True)
class Simulated:
    """A plan replayed and its figures written (with the second plan's, when compared)."""

    simulation: Simulation
    comparison: Comparison | None
    written: list[Path]
    out_dir: Path

    @property
    def summary(self) -> str:
        """A few lines for the planner: what is held, how late it runs, who is turned away."""
        s = self.simulation
        lines = [
            _("{runs} runs (seed {seed}): {held:.1f} of {appointments} appointments held on "
              "average; start delay p90 {delay:.0f} min; family waiting p90 {wait:.0f} min; "
              "experts' overtime p90 {overtime:.0f} min",
              runs=s.runs, seed=s.seed, held=s.served.mean, appointments=s.appointments,
              delay=s.delay_min.p90, wait=s.wait_min.p90, overtime=s.overtime_min.p90),
            *(_("{date}: finishes {p50} (p50), {p90} (p90); planned {planned}", date=d.date,
                p50=clock(d.finish.p50), p90=clock(d.finish.p90),
                planned=clock(d.planned_finish_min)) for d in s.days),
            _("walk-ins: {arrived:.1f} a run, {turned_away:.1f} turned away",
              arrived=s.walk_ins.arrived.mean, turned_away=s.walk_ins.turned_away.mean),
        ]  # fmt: skip
        if self.comparison is not None:
            lines += [
                _("B - A {measure}: {mean:+.2f} (95 % CI {low:.2f} to {high:.2f}; better: "
                  "{better})", measure=d.measure, mean=d.mean, low=d.low, high=d.high,
                  better=d.better) for d in self.comparison.differences
            ]  # fmt: skip
        lines.append(_("{count} files in {out_dir}", count=len(self.written), out_dir=self.out_dir))
        return "\n".join(lines)


def simulate(
    scenario: Scenario, plan: Plan, variability: Variability, out_dir: Path,
    runs: int = DEFAULT_RUNS, seed: int = 0, lang: str = "zh", compare: Plan | None = None,
) -> Simulated:  # fmt: skip
    """Replay `plan` (and `compare`, on the same random numbers) and write
    `simulation.json` and `simulation.html` into `out_dir`.

    The scenario and the plans must have been checked together (`plan_problems`).

    Raises:
        OutputError: the folder cannot be written (found before any replay).
    """
    prepare_out_dir(out_dir)
    comparison = None
    if compare is None:
        simulation = simulate_plan(scenario, plan, variability, runs, seed)
    else:
        comparison = compare_plans(scenario, plan, compare, variability, runs, seed)
        simulation = comparison.a
    data = simulation_json(scenario, simulation, variability, comparison)
    json_path, html_path = out_dir / "simulation.json", out_dir / "simulation.html"
    page = simulation_page(scenario, simulation, variability, lang, comparison)
    with writing(out_dir):
        json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
        html_path.write_text(page, encoding="utf-8")
    return Simulated(simulation, comparison, [json_path, html_path], out_dir)
