"""The generator's hard days (`planner generate --hard`): part-day experts and many
family blocks, as on the held-out days the clinic-day LNS is measured on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.files.scenario import load_scenario
from planner.model import Scenario
from planner.model.synthetic import GenerateOptions, generate
from tests.support.cli import planner

PART_DAY = dt.timedelta(hours=5)


def part_day_experts(scenario: Scenario) -> set[str]:
    """Experts with a date of at most five hours on duty."""
    return {
        e.id
        for e in scenario.experts
        for h in e.available
        if dt.datetime.combine(h.date, h.end) - dt.datetime.combine(h.date, h.start) <= PART_DAY
    }


def in_family_blocks(scenario: Scenario) -> int:
    """Patients in a family's block of HLA draws for two people or more."""
    families: dict[str, int] = {}
    for p in scenario.patients:
        if "hla" in p.needs:
            families[p.family] = families.get(p.family, 0) + 1
    return sum(count for count in families.values() if count > 1)


def test_a_hard_day_has_part_day_experts_and_more_family_blocks() -> None:
    for seed in (1, 2, 3):
        usual = generate(GenerateOptions(patients=120, households=0, seed=seed))
        hard = generate(GenerateOptions(patients=120, households=0, seed=seed, hard=True))
        assert part_day_experts(usual) == set()
        assert len(part_day_experts(hard)) >= len(hard.experts) // 3
        assert in_family_blocks(hard) >= 1.5 * in_family_blocks(usual)
        assert len(hard.patients) == 120


def test_planner_generate_hard_prints_a_valid_hard_day(tmp_path: Path) -> None:
    run = planner("generate", "--patients", "40", "--households", "0", "--seed", "2", "--hard")
    assert run.returncode == 0, run.stderr
    path = tmp_path / "hard.yaml"
    path.write_text(run.stdout, "utf-8")
    scenario = load_scenario(path)
    expected = generate(GenerateOptions(patients=40, households=0, seed=2, hard=True))
    assert part_day_experts(scenario) == part_day_experts(expected) != set()
    assert in_family_blocks(scenario) == in_family_blocks(expected) > 0
