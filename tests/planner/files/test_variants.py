"""Variants files and `--vary` shortcuts: every variant validated before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.files.variants import load_variants, prepare_variants
from planner.model.errors import InputError
from tests.support.tiny_stop import TINY


@pytest.fixture
def stop(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def variants_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "variants.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(call: object) -> list[str]:
    with pytest.raises(InputError) as caught:
        call()  # type: ignore[operator]
    return caught.value.messages


def test_patches_delete_and_replace_keys(stop: Path, tmp_path: Path) -> None:
    path = variants_file(tmp_path, """\
variants:
  - name: as-planned
    patch: {}
  - name: no-course-one-team
    patch:
      trainings: null
      visits:
        teams: [{id: solo, start: {lat: 27.3, lon: 103.7}, shift: {start: "09:00", end: "11:00"}}]
""")  # fmt: skip
    variants, scenarios = prepare_variants(stop, path, [])
    assert [v.name for v in variants] == ["as-planned", "no-course-one-team"]
    assert [t.id for t in scenarios[0].trainings] == ["course"]
    assert scenarios[1].trainings == []
    assert [t.id for t in scenarios[1].visits.teams] == ["solo"]  # type: ignore[union-attr]
    assert len(scenarios[1].visits.households) == 4  # type: ignore[union-attr]


def test_a_bad_variant_is_named_with_its_line_and_problem(stop: Path, tmp_path: Path) -> None:
    path = variants_file(
        tmp_path,
        """\
variants:
  - name: fine
    patch: {}
  - name: no-teams
    patch:
      visits:
        teams: []
  - name: typo
    patch: {expertz: []}
""",
    )
    assert messages(lambda: prepare_variants(stop, path, [])) == [
        "variants.yaml:7: variant 'no-teams': visits.teams: List should have at least 1 item "
        "after validation, not 0",
        "variants.yaml:9: variant 'typo': expertz: unknown key 'expertz' (did you mean 'experts'?)",
    ]


def test_a_problem_the_patch_causes_elsewhere_points_into_the_scenario(
    stop: Path, tmp_path: Path
) -> None:
    path = variants_file(
        tmp_path, "variants:\n  - name: one-day\n    patch: {visits: {days: [2025-07-06]}}\n"
    )
    found = messages(lambda: prepare_variants(stop, path, []))
    assert found == [
        "tiny.yaml:40: variant 'one-day': visits.teams[1].days[0]: 2025-07-07 is not one of "
        "visits.days",
        "tiny.yaml:46: variant 'one-day': visits.households[2].days[0]: 2025-07-07 is not one "
        "of visits.days",
    ]


def test_variants_file_errors_give_their_lines(tmp_path: Path) -> None:
    path = variants_file(
        tmp_path,
        """\
variants:
  - name: a
    patch: {}
  - name: A
  - name: bad/name
    pach: {}
""",
    )
    assert messages(lambda: load_variants(path)) == [
        "variants.yaml:5: variants[2].name: 'bad/name' cannot name a folder: use letters, "
        "digits and . _ - = + (starting with a letter or digit)",
        "variants.yaml:6: variants[2].pach: unknown key 'pach' (did you mean 'patch'?)",
    ]
    path.write_text("variants:\n  - name: a\n  - name: A\n", encoding="utf-8")
    assert messages(lambda: load_variants(path)) == [
        "variants.yaml:3: variants[1].name: duplicate variant name 'A' (first at variants[0])"
    ]


def test_vary_teams_and_visit_days(stop: Path) -> None:
    variants, scenarios = prepare_variants(stop, None, ["teams=1,3", "visit_days=1"])
    assert [v.name for v in variants] == ["teams=1", "teams=3", "visit_days=1"]
    assert [[t.id for t in s.visits.teams] for s in scenarios] == [  # type: ignore[union-attr]
        ["team-a"], ["team-a", "team-b", "team-c"], ["team-a", "team-c"],
    ]  # fmt: skip
    one_day = scenarios[2].visits
    assert one_day is not None
    assert [d.isoformat() for d in one_day.days] == ["2025-07-06"]
    assert [(t.id, t.days) for t in one_day.teams] == [("team-a", None), ("team-c", None)]
    assert [(h.id, h.days) for h in one_day.households] == [
        ("h1", None), ("h2", None), ("h4", None),
    ]  # fmt: skip


def test_vary_drop_expert_and_patients(stop: Path) -> None:
    variants, scenarios = prepare_variants(
        stop, None, ["drop_expert=hem-2,hem-1+hem-2", "patients=0.5,2.0"]
    )
    assert [v.name for v in variants] == [
        "drop_expert=hem-2", "drop_expert=hem-1+hem-2", "patients=0.5", "patients=2.0",
    ]  # fmt: skip
    assert [[e.id for e in s.experts] for s in scenarios[:2]] == [["hem-1"], []]
    half = scenarios[2]
    assert [p.id for p in half.patients] == ["p1", "p2"]  # whole family f1
    assert half.visits and half.visits.households[0].patients == []  # p3 is gone
    double = scenarios[3]
    assert len(double.patients) == 8
    added = double.patients[4:]
    assert all(p.family.startswith("new") and p.needs == ["mdt"] for p in added)
    assert all(
        p.arrives.date().isoformat() == "2025-07-05" and "09:00" <= f"{p.arrives:%H:%M}" <= "14:00"
        for p in added
    )


def test_bad_vary_options_are_all_listed(stop: Path) -> None:
    found = messages(
        lambda: prepare_variants(stop, None, ["teams=0,x", "drop_expert=nobody", "colour=red"])
    )
    assert found == [
        "--vary teams=0: the scenario has 3 visit teams; ask for 1 to 3",
        "--vary teams=x: 'x' is not a whole number of visit teams",
        "--vary drop_expert=nobody: no expert 'nobody' (known: hem-1, hem-2)",
        "--vary colour=red: expected KEY=V1,V2,... with KEY one of teams, visit_days, "
        "drop_expert, patients",
    ]


def test_nothing_to_sweep(stop: Path) -> None:
    assert messages(lambda: prepare_variants(stop, None, [])) == [
        "nothing to sweep: give --variants FILE or --vary KEY=V1,V2,..."
    ]
