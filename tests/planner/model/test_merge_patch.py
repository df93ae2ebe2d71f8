"""RFC 7386 merge patches: the RFC's own examples, and patches on a scenario."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from planner.model.merge_patch import merge_patch

# RFC 7386, appendix A: (target, patch, result).
RFC_EXAMPLES: list[tuple[Any, Any, Any]] = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(("target", "patch", "result"), RFC_EXAMPLES)
def test_rfc_7386_examples(target: Any, patch: Any, result: Any) -> None:
    assert merge_patch(target, patch) == result


def test_neither_argument_is_changed() -> None:
    target = {"visits": {"teams": [{"id": "a"}], "days": ["2025-07-06"]}, "notes": "x"}
    patch = {"visits": {"teams": [{"id": "b"}]}, "notes": None}
    before = copy.deepcopy((target, patch))
    merge_patch(target, patch)
    assert (target, patch) == before


def test_a_patch_deletes_replaces_and_merges_scenario_keys() -> None:
    scenario = {
        "name": "Stop",
        "trainings": [{"id": "course"}],
        "visits": {
            "days": ["2025-07-06", "2025-07-07"],
            "teams": [{"id": "team-a"}, {"id": "team-b"}],
            "travel": {"circuity": 1.5, "speed_kmh": 35},
        },
    }
    patch = {
        "trainings": None,  # deleted
        "visits": {"teams": [{"id": "team-b"}], "travel": {"speed_kmh": 25}},  # list replaced
    }
    assert merge_patch(scenario, patch) == {
        "name": "Stop",
        "visits": {
            "days": ["2025-07-06", "2025-07-07"],
            "teams": [{"id": "team-b"}],
            "travel": {"circuity": 1.5, "speed_kmh": 25},
        },
    }
