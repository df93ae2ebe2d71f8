"""Each validation rule, with its exact message and place."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.files.scenario import load_scenario
from planner.model.errors import InputError
from tests.support.minimal import MINIMAL


def errors_of(tmp_path: Path, text: str, name: str = "stop.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    return caught.value.messages


def test_minimal_scenario_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "stop.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    scenario = load_scenario(path)
    assert [p.id for p in scenario.patients] == ["p1"]
    assert scenario.base_dir == tmp_path.resolve()


CASES = [
    # (replace this, with this, expected message)
    (
        "experts:",
        "expertz:",
        "stop.yaml:10: expertz: unknown key 'expertz' (did you mean 'experts'?)",
    ),
    (
        "needs: [mdt]}",
        "needs: [mdt, hla-typing]}",
        "stop.yaml:20: patients[0].needs[1]: unknown service 'hla-typing' (known: hla, mdt)",
    ),
    (
        "  - {id: hla,",
        "  - {id: mdt,",
        "stop.yaml:18: services[1].id: duplicate service id 'mdt' (first at services[0].id)",
    ),
    (
        '{date: 2025-07-05, start: "08:00", end: "17:00"}',
        '{date: 2025-07-05, start: "17:00", end: "08:00"}',
        "stop.yaml:15: experts[0].available[0]: ends at 08:00, not after its start 17:00",
    ),
    (
        "leaves: 2025-07-05T12:00",
        "leaves: 2025-07-05T08:00",
        "stop.yaml:20: patients[0]: leaves at 2025-07-05 08:00, not after arriving at "
        "2025-07-05 09:00",
    ),
    (
        "{lat: 27.4, lon: 103.6}",
        "{lat: 27.4, lon: 203.6}",
        "stop.yaml:28: visits.households[0].location.lon: input should be less than or equal "
        "to 180 (got 203.6)",
    ),
    (
        "name: Test stop",
        "name: Test stop\ntimezone: Asia/Zhaotong",
        "stop.yaml:2: timezone: unknown time zone 'Asia/Zhaotong' (use an IANA name such as "
        "'Asia/Shanghai')",
    ),
    (
        "duration_min: 30",
        "duration_min: 0",
        "stop.yaml:17: services[0].duration_min: input should be greater than 0 (got 0)",
    ),
    (
        "room_kind: consult}\n  - {id: hla",
        "room_kind: consul}\n  - {id: hla",
        "stop.yaml:17: services[0].room_kind: no room of kind 'consul' in any venue "
        "(known: consult, lecture)",
    ),
    (
        'date: 2025-07-05, start: "07:30"',
        'date: 2025-07-32, start: "07:30"',
        "stop.yaml:6: venues[0].open[0].date: input should be a valid date or datetime, day "
        "value is outside expected range (got '2025-07-32')",
    ),
    (
        'shift: {start: "08:00", end: "18:00"}',
        'shift: {start: "08:00", end: "25:00"}',
        "stop.yaml:26: visits.teams[0].shift.end: input should be in a valid time format, hour "
        "value is outside expected range of 0-23 (got '25:00')",
    ),
    (
        "    - {id: h1, village: V,",
        "    - {id: h1, village: V, patients: [p9],",
        "stop.yaml:28: visits.households[0].patients[0]: unknown patient 'p9' (known: p1)",
    ),
    (
        "{id: p1, family: f1,",
        "{id: p1, family: f1, severity: grave,",
        "stop.yaml:20: patients[0].severity: Input should be 'severe', 'intermediate', "
        "'carrier' or 'unknown'",
    ),
    (
        "  - {id: p1, family: f1,",
        "  - {id: p1,",
        "stop.yaml:20: patients[0].family: missing required key 'family'",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_rule_message(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in MINIMAL
    assert errors_of(tmp_path, MINIMAL.replace(old, new, 1)) == [expected]


def test_every_problem_is_reported_in_file_order(tmp_path: Path) -> None:
    text = MINIMAL.replace("experts:", "expertz:").replace("lon: 103.6}", "lon: 203.6}")
    messages = errors_of(tmp_path, text)
    assert [m.split(":")[1] for m in messages] == ["10", "28"]


def test_unknown_skill_is_not_a_format_error(tmp_path: Path) -> None:
    # 'hla' needs 'genetics', which no expert has: the solver reports that, not validation.
    path = tmp_path / "stop.yaml"
    path.write_text(MINIMAL.replace("needs: [mdt]}", "needs: [mdt, hla]}"), encoding="utf-8")
    assert load_scenario(path).patients[0].needs == ["mdt", "hla"]


def test_lunch_longer_than_its_window(tmp_path: Path) -> None:
    text = (
        MINIMAL + 'defaults:\n  lunch: {window: {start: "12:00", end: "12:30"}, duration_min: 45}\n'
    )
    assert errors_of(tmp_path, text) == [
        "stop.yaml:30: defaults.lunch: a 45-minute break does not fit in its window 12:00-12:30"
    ]


def test_buffers_are_0_to_59_free_minutes_of_known_experts(tmp_path: Path) -> None:
    text = MINIMAL + "buffers:\n  free_min_per_hour: 60\n  experts: {hem-1: -5}\n"
    assert errors_of(tmp_path, text) == [
        "stop.yaml:30: buffers.free_min_per_hour: input should be less than or equal to 59 "
        "(got 60)",
        "stop.yaml:31: buffers.experts.hem-1: input should be greater than or equal to 0 (got -5)",
    ]
    text = MINIMAL + "buffers:\n  free_min_per_hour: 10\n  experts:\n    hem-2: 15\n"
    assert errors_of(tmp_path, text) == [
        "stop.yaml:32: buffers.experts.hem-2: unknown expert 'hem-2' (did you mean 'hem-1'?)"
    ]
    path = tmp_path / "kept.yaml"
    path.write_text(MINIMAL + "buffers: {free_min_per_hour: 10, experts: {hem-1: 0}}\n")
    scenario = load_scenario(path)
    assert scenario.free_min_for(scenario.experts[0]) == 0


def test_team_day_outside_visit_days(tmp_path: Path) -> None:
    text = MINIMAL.replace("    - id: team-a\n", "    - id: team-a\n      days: [2025-07-09]\n")
    assert errors_of(tmp_path, text) == [
        "stop.yaml:25: visits.teams[0].days[0]: 2025-07-09 is not one of visits.days"
    ]


def test_gcj02_input_is_converted_to_wgs84(tmp_path: Path) -> None:
    from planner.model.crs import wgs84_to_gcj02

    path = tmp_path / "stop.yaml"
    path.write_text(MINIMAL.replace("name: Test stop", "name: Test stop\ncrs: gcj02"), "utf-8")
    scenario = load_scenario(path)
    venue = scenario.venues[0].location
    assert scenario.crs == "wgs84"
    assert (venue.lat, venue.lon) != (27.33, 103.72)
    lat, lon = wgs84_to_gcj02(venue.lat, venue.lon)
    assert lat == pytest.approx(27.33, abs=1e-6)
    assert lon == pytest.approx(103.72, abs=1e-6)


def test_json_scenarios_load_with_line_numbers(tmp_path: Path) -> None:
    import json

    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(MINIMAL)
    data["experts"][0]["skils"] = ["x"]
    text = json.dumps(data, indent=2, default=str)
    messages = errors_of(tmp_path, text, name="stop.json")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"skils"' in t)
    assert messages == [
        f"stop.json:{line}: experts[0].skils: unknown key 'skils' (did you mean 'skills'?)"
    ]
