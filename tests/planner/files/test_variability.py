"""Reading a variability file: overrides by severity and service, and every problem at its
line (`FILE:LINE: key.path: problem`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.files.scenario import load_scenario
from planner.files.variability import load_variability
from planner.model import Scenario
from planner.model.errors import InputError
from planner.model.variability import DEFAULT_NO_SHOW, DEFAULT_SERVICE_CV
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def zhaotong() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "zhaotong.yaml")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "chance.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, scenario: Scenario) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_variability(path, scenario)
    return caught.value.messages


def test_overrides_by_severity_and_service(tmp_path: Path, zhaotong: Scenario) -> None:
    path = write(tmp_path, "no_show: {severe: 0.05, unknown: 0.25}\nservice_cv:\n  mdt: 0.8\n"
                 "arrival_late_min: 20\nwalk_ins_per_hour: 3\n"
                 "expert_late: {probability: 0.2, minutes: 30}\n")  # fmt: skip
    chance = load_variability(path, zhaotong)
    assert (chance.no_show_for("severe"), chance.no_show_for("unknown")) == (0.05, 0.25)
    assert chance.no_show_for("carrier") == DEFAULT_NO_SHOW
    assert (chance.cv_for("mdt"), chance.cv_for("hla")) == (0.8, DEFAULT_SERVICE_CV)
    assert chance.late_for("carrier") == 20
    assert chance.walk_ins_per_hour == 3
    assert (chance.expert_late.probability, chance.expert_late.minutes) == (0.2, 30)


def test_a_default_key_covers_the_rest(tmp_path: Path, zhaotong: Scenario) -> None:
    path = write(tmp_path, "no_show: {default: 0.3, severe: 0.1}\nservice_cv: {default: 0.2}\n")
    chance = load_variability(path, zhaotong)
    assert (chance.no_show_for("carrier"), chance.no_show_for("severe")) == (0.3, 0.1)
    assert chance.cv_for("fertility") == 0.2


def test_every_problem_at_its_line(tmp_path: Path, zhaotong: Scenario) -> None:
    path = write(
        tmp_path,
        "no_show: 1.5\n"
        "service_cv:\n"
        "  mdt: -0.2\n"
        "  mdtt: 0.3\n"
        "arrival_late_min: {sever: 3}\n"
        "expert_late: {probability: 0.2, minute: 3}\n"
        "walk_in_per_hour: 2\n",
    )
    assert problems(path, zhaotong) == [
        "chance.yaml:1: no_show: input should be less than or equal to 1 (got 1.5)",
        "chance.yaml:3: service_cv.mdt: input should be greater than or equal to 0 (got -0.2)",
        "chance.yaml:4: service_cv.mdtt: unknown service 'mdtt' (did you mean 'mdt'?)",
        "chance.yaml:5: arrival_late_min.sever: unknown severity 'sever' (known: default, "
        "severe, intermediate, carrier, unknown)",
        "chance.yaml:6: expert_late.minute: unknown key 'minute' (did you mean 'minutes'?)",
        "chance.yaml:7: walk_in_per_hour: unknown key 'walk_in_per_hour' (did you mean "
        "'walk_ins_per_hour'?)",
    ]


def test_not_a_mapping_and_not_yaml(tmp_path: Path, zhaotong: Scenario) -> None:
    assert problems(write(tmp_path, "- 0.1\n"), zhaotong)[0].startswith(
        "chance.yaml:1: expected a mapping of keys (no_show,"
    )
    assert problems(write(tmp_path, "no_show: [0.1\n"), zhaotong)[0].startswith("chance.yaml:")
