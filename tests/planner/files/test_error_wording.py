"""One wording of validation errors: plan.json and variants files say it as scenarios do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.files.plan import load_plan
from planner.files.variants import load_variants
from planner.model.errors import InputError

PLAN = {
    "scenario": "tiny stop",
    "status": "feasible",
    "appointments": [],
    "unserved": [{"patient": "p05", "service": "consult", "reson": "busy"}],
    "routes": {},
    "solver": {"wall_s": 0.1, "objective": 0, "bound": 0, "gap": 0},
}


def _messages(load: object, path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(path)  # type: ignore[operator]
    return caught.value.messages


def test_a_plan_gets_did_you_mean_and_the_expected_shape(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(PLAN, indent=2), encoding="utf-8")
    assert _messages(load_plan, path) == [
        "plan.json:6: unserved[0].reason: missing required key 'reason'",
        "plan.json:9: unserved[0].reson: unknown key 'reson' (did you mean 'reason'?)",
        "plan.json:12: routes: expected a list, got {}",
    ]


def test_a_variants_file_gets_did_you_mean_at_the_top(tmp_path: Path) -> None:
    path = tmp_path / "variants.yaml"
    path.write_text("variant:\n  - name: a\n", encoding="utf-8")
    assert _messages(load_variants, path) == [
        "variants.yaml:1: variants: missing required key 'variants'",
        "variants.yaml:1: variant: unknown key 'variant' (did you mean 'variants'?)",
    ]
