"""Fitting a walk-in: the listing, JSON, and bad input (exit 2 naming the file and place)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.files.plan import load_plan
from planner.files.scenario import load_scenario
from planner.files.walk_in import load_walk_in
from planner.jobs.fit import Fitted
from planner.jobs.fit import fit as fit_job
from planner.model.errors import InputError
from tests.solver.schedule.helpers import expert, patient, stop
from tests.support.cli import planner
from tests.support.plans import booked, plan_of

WALK_IN = """\
id: w1
family: fw1
name: Li Ming
arrives: 2025-07-05T09:00
leaves: 2025-07-05T12:00
needs: [consult]
"""


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A tiny day whose one haematologist sees p1 at 09:00, and a walk-in file."""
    data = stop(experts=[expert("hem-1", ["hematology"], name_zh="王医生")],
                patients=[patient("p1", ["consult"])])  # fmt: skip
    (tmp_path / "day.json").write_text(json.dumps(data), "utf-8")
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"))
    (tmp_path / "plan.json").write_text(plan.model_dump_json(indent=2), "utf-8")
    (tmp_path / "w1.yaml").write_text(WALK_IN, "utf-8")
    return tmp_path


def fit(desk: Path, *extra: str, walk_in: str = "w1.yaml"):  # type: ignore[no-untyped-def]
    return planner("fit", str(desk / "day.json"), "--plan", str(desk / "plan.json"),
                   "--patient", str(desk / walk_in), *extra)  # fmt: skip


def fitted(desk: Path, per_need: int = 3, walk_in: str = "w1.yaml") -> Fitted:
    """The fit job on the desk's files, read as `planner fit` reads them."""
    scenario = load_scenario(desk / "day.json")
    person = load_walk_in(desk / walk_in, scenario)
    return fit_job(scenario, load_plan(desk / "plan.json"), person, per_need=per_need)


def test_lists_the_options_in_english(desk: Path) -> None:
    run = fit(desk, "--lang", "en", "--options", "2")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[:4] == [
        "Walk-in w1 (Li Ming), here 09:00–12:00: the earliest options that move nobody else",
        "1. consult (consult, 30 min)",
        "   a) 09:30–10:00  c1  Dr hem-1",
        "   b) 09:40–10:10  c1  Dr hem-1",
    ]


def test_lists_the_options_in_chinese_with_chinese_names(desk: Path) -> None:
    text = fitted(desk, per_need=1).text("zh")  # `planner fit`'s language by default
    assert text.splitlines()[2] == "   a) 09:30–10:00  c1  王医生"


def test_json_for_tools(desk: Path) -> None:
    data = json.loads(fitted(desk, per_need=1).json())
    assert data["needs"] == [
        {
            "service": "consult",
            "options": [
                {"start": "2025-07-05T09:30:00+08:00", "end": "2025-07-05T10:00:00+08:00",
                 "venue": "hosp", "room": "c1", "experts": ["hem-1"], "lunch": {}}
            ],
            "reason": None,
        }
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (WALK_IN.replace("needs: [consult]", "needs: [xray]"),
         "bad.yaml:6: needs[0]: unknown service 'xray' (known: consult)"),
        (WALK_IN.replace("id: w1", "id: p1"),
         "bad.yaml:1: id: patient id 'p1' is already in the scenario"),
        (WALK_IN.replace("family: fw1", "famly: fw1"),
         "bad.yaml:1: family: missing required key 'family'\n"
         "bad.yaml:2: famly: unknown key 'famly' (did you mean 'family'?)"),
        (WALK_IN.replace("leaves: 2025-07-05T12:00", "leaves: 2025-07-05T08:00"),
         "bad.yaml:1: (top level): leaves at 2025-07-05 08:00, "
         "not after arriving at 2025-07-05 09:00"),
        ("- id: w1\n", "bad.yaml:1: expected one patient as a mapping of keys (id, family, "
                       "arrives, leaves, needs, ...)"),
    ],
)  # fmt: skip
def test_a_bad_walk_in_exits_2_naming_file_line_and_problem(
    desk: Path, text: str, message: str
) -> None:
    (desk / "bad.yaml").write_text(text, "utf-8")
    with pytest.raises(InputError) as caught:  # a planner error: its messages, no traceback
        fitted(desk, walk_in="bad.yaml")
    assert caught.value.exit_code == 2
    assert str(caught.value).splitlines() == message.splitlines()


def test_a_plan_of_another_scenario_exits_2(desk: Path) -> None:
    plan = plan_of(booked("p1", "consult", ["hem-9"], "c1", "09:00", "09:30"))
    (desk / "plan.json").write_text(plan.model_dump_json(), "utf-8")
    run = fit(desk)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        "plan.json: appointments[0]: unknown expert 'hem-9'",
        "plan.json: is this the plan of the scenario 'tiny clinic'?",
    ]


def test_a_missing_walk_in_file_exits_2(desk: Path) -> None:
    with pytest.raises(InputError) as caught:
        fitted(desk, walk_in="nobody.yaml")
    assert caught.value.exit_code == 2
    assert caught.value.messages == [f"{desk / 'nobody.yaml'}: file not found"]
