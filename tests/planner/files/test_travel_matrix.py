"""The travel matrix file, read and checked with the scenario: `validate` finds a bad one."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from planner.files.scenario import load_scenario, read_scenario_document
from planner.files.variants import prepare_variants, variant_scenarios
from planner.model.errors import InputError
from planner.model.travel import MeasuredLeg
from planner.model.variants import Variant
from tests.support.minimal import MINIMAL

WITH_MATRIX = MINIMAL.replace("visits:\n", "visits:\n  travel: {matrix: times.csv}\n")
MATRIX_LINE = WITH_MATRIX.splitlines().index("  travel: {matrix: times.csv}") + 1


def _stop(folder: Path, matrix: str | None) -> Path:
    """A scenario naming `times.csv`, written with that matrix (none: no file)."""
    if matrix is not None:
        (folder / "times.csv").write_text(matrix, encoding="utf-8")
    path = folder / "stop.yaml"
    path.write_text(WITH_MATRIX, encoding="utf-8")
    return path


def test_the_matrix_is_read_with_the_scenario(tmp_path: Path) -> None:
    text = "from,to,minutes,km\nteam-a,h1,75,50\nh1,team-a,80.2,\n"
    scenario = load_scenario(_stop(tmp_path, text))
    assert scenario.measured_times == {
        ("team-a", "h1"): MeasuredLeg(75, 50.0),
        ("h1", "team-a"): MeasuredLeg(81, None),
    }


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        ("from,to\nteam-a,h1\n", ["times.csv:1: travel matrix lacks columns minutes"]),
        (
            "from,to,minutes\nteam-a,h1,soon\n",
            ["times.csv:2: minutes and km must be numbers, got 'soon' and None"],
        ),
        (
            "from,to,minutes,km\nteam-a,h1,5,inf\n",
            ["times.csv:2: minutes and km must be numbers, got '5' and 'inf'"],
        ),
        (
            "from,to,minutes\nteam-a,h1,-5\n",
            ["times.csv:2: minutes and km cannot be negative, got '-5' and None"],
        ),
        (
            "from,to,minutes\nteam-a,h1,5\n\nteam-b,h11,5\n",
            [
                "times.csv:4: from: unknown id 'team-b' (did you mean 'team-a'?)",
                "times.csv:4: to: unknown id 'h11' (did you mean 'h1'?)",
            ],
        ),
        (
            "from,to,minutes\nbase,h1\n",
            [
                "times.csv:2: from: unknown id 'base' (not a team or a household)",
                "times.csv:2: minutes and km must be numbers, got None and None",
            ],
        ),
    ],
)
def test_a_bad_matrix_is_refused_at_its_line(
    tmp_path: Path, text: str, messages: list[str]
) -> None:
    with pytest.raises(InputError) as error:
        load_scenario(_stop(tmp_path, text))
    assert error.value.messages == messages


def test_a_missing_matrix_is_named_at_the_scenario_key(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        load_scenario(_stop(tmp_path, None))
    assert error.value.messages == [
        f"stop.yaml:{MATRIX_LINE}: visits.travel.matrix: travel matrix file not found: "
        f"{tmp_path.resolve() / 'times.csv'}"
    ]


def test_validate_exits_2_on_a_negative_time(tmp_path: Path) -> None:
    path = _stop(tmp_path, "from,to,minutes\nteam-a,h1,30\nh1,team-a,-30\n")
    run = subprocess.run(
        [sys.executable, "-m", "planner", "validate", str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 2
    assert "times.csv:3: minutes and km cannot be negative, got '-30' and None" in run.stderr
    assert "Traceback" not in run.stderr


def test_copies_pickles_and_variants_keep_the_matrix(tmp_path: Path) -> None:
    path = _stop(tmp_path, "from,to,minutes\nteam-a,h1,75\n")
    scenario = load_scenario(path)
    legs = {("team-a", "h1"): MeasuredLeg(75)}
    assert scenario.model_copy(update={"name": "B"}).measured_times == legs
    assert scenario.model_copy(deep=True).measured_times == legs
    assert pickle.loads(pickle.dumps(scenario)).measured_times == legs
    base, place = read_scenario_document(path)
    patched = variant_scenarios(path, copy.deepcopy(base), place, [Variant(name="b", patch={})])
    assert patched[0].measured_times == legs


def test_a_scenario_made_in_code_with_a_matrix_is_not_silently_routed_by_the_formula(
    tmp_path: Path,
) -> None:
    scenario = load_scenario(_stop(tmp_path, "from,to,minutes\nteam-a,h1,75\n"))
    again = type(scenario).model_validate(scenario.model_dump())
    with pytest.raises(RuntimeError, match=r"travel matrix times\.csv was not read"):
        _ = again.measured_times


def test_a_variant_naming_a_missing_matrix_is_named_with_its_variant(tmp_path: Path) -> None:
    path = _stop(tmp_path, "from,to,minutes\nteam-a,h1,75\n")
    base, place = read_scenario_document(path)
    other = Variant(name="b", patch={"visits": {"travel": {"matrix": "other.csv"}}})
    with pytest.raises(InputError) as error:
        variant_scenarios(path, base, place, [other])
    assert error.value.messages == [
        f"stop.yaml:{MATRIX_LINE}: --vary b: visits.travel.matrix: travel matrix file not "
        f"found: {tmp_path.resolve() / 'other.csv'}"
    ]


def test_a_variant_without_a_household_of_the_matrix_is_valid(tmp_path: Path) -> None:
    path = _stop(tmp_path, "from,to,minutes\nteam-a,h1,75\n")
    variants = tmp_path / "variants.yaml"
    variants.write_text("variants:\n  - {name: none, patch: {visits: {households: []}}}\n")
    _, scenarios = prepare_variants(path, variants, [])
    assert [s.visits.households for s in scenarios if s.visits] == [[]]
