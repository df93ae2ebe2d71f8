"""Tour files and `planner tour`: line-numbered errors, the schema, every output."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.check import check_plan
from planner.check.tour import check_tour
from planner.files.scenario import load_scenario
from planner.files.schema import tour_schema_text
from planner.files.tour import load_tour
from planner.jobs.solve import solve_stop
from planner.jobs.tour import tour as tour_job
from planner.model.errors import InputError, NoPlanError
from planner.model.tour import TourPlan
from planner.printouts.tour_calendars import write_tour_calendars
from solver.limits import Limits
from tests.conftest import ROOT, TOURS
from tests.support.cli import planner

SMALL = f"""\
name: Two stops
crew: {{crews: 1, rest_days: 2}}
expert_gap_days: 6
start_weekdays: [sat]
stops:
  - id: longyan
    city: Longyan
    city_zh: 龙岩
    location: {{lat: 25.08, lon: 117.02}}
    window: {{from: 2026-03-01, to: 2026-03-31}}
    days: 2
    needs: {{hematology: 2, transplant: 1, genetics: 1}}
    scenario: {ROOT / "scenarios" / "longyan.yaml"}
  - id: sanming
    city: Sanming
    location: {{lat: 26.26, lon: 117.64}}
    window: {{from: 2026-03-01, to: 2026-03-16}}
    days: 1
    needs: {{hematology: 1, transplant: 1}}
experts:
  - {{id: wang-xd, name: Wang Xiaodong, location: {{lat: 31.2, lon: 121.5}},
     skills: [hematology, transplant]}}
  - {{id: wang-cy, name: Wang Chengyi, location: {{lat: 26.0, lon: 119.2}},
     skills: [hematology]}}
  - {{id: fz-hem, name: Dr Lin, location: {{lat: 26.0, lon: 119.2}}, skills: [hematology],
     max_stops: 1}}
  - {{id: fz-gen, name: Dr Chen, location: {{lat: 26.0, lon: 119.2}}, skills: [genetics],
     unavailable: [{{from: 2026-03-01, to: 2026-04-10}}]}}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_errors_name_the_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent("""\
        name: bad
        crew: {crews: 0}
        stops:
          - id: a
            city: A
            location: {lat: 95, lon: 117}
            window: {from: 2026-03-09, to: 2026-03-01}
            neds: {hematology: 1}
        experts: []
        """), encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as caught:
        load_tour(path)
    assert caught.value.messages == [
        "bad.yaml:2: crew.crews: input should be greater than or equal to 1 (got 0)",
        "bad.yaml:6: stops[0].location.lat: input should be less than or equal to 90 (got 95)",
        "bad.yaml:7: stops[0].window: ends on 2026-03-01, before it starts on 2026-03-09",
        "bad.yaml:8: stops[0].neds: unknown key 'neds' (did you mean 'needs'?)",
    ]


def test_duplicate_ids_are_placed(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(SMALL.replace("id: sanming", "id: longyan"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_tour(path)
    assert caught.value.messages == [
        "dup.yaml:14: stops[1].id: duplicate stop id 'longyan' (first at stops[0])"
    ]


def test_a_missing_stop_scenario_is_placed(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    path.write_text(SMALL.replace(str(ROOT / "scenarios" / "longyan.yaml"), "nowhere.yaml"))
    with pytest.raises(InputError) as caught:
        load_tour(path)
    assert caught.value.messages == [
        "missing.yaml:13: stops[0].scenario: scenario file not found: nowhere.yaml"
    ]


def test_validate_knows_tours_and_exits_2_on_bad_ones(small: Path, tmp_path: Path) -> None:
    run = planner("validate", str(small))
    assert (run.returncode, run.stdout) == (0, "small.yaml: valid tour: 2 stops, 4 experts\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("days: 1", "days: 0"), encoding="utf-8")
    run = planner("validate", str(bad))
    assert run.returncode == 2
    assert run.stderr.startswith("bad.yaml:18: stops[1].days: input should be greater")


def test_committed_tour_schema_is_current() -> None:
    committed = (ROOT / "tour.schema.json").read_text("utf-8")
    assert committed == tour_schema_text(), "run: planner schema --tour > tour.schema.json"
    assert planner("schema", "--tour").stdout == committed


@pytest.mark.parametrize("path", TOURS, ids=[p.stem for p in TOURS])
def test_shipped_tours_validate_and_say_where_facts_come_from(path: Path) -> None:
    tour = load_tour(path)
    assert len(tour.stops) >= 12
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../tour.schema.json")
    assert "From the articles" in text and "Assumed" in text


def test_tour_writes_every_output_and_its_stops_validate_and_solve(
    small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run = planner("tour", str(small), "--out", str(out), "--time-limit", "10",
                  "--deterministic", "--lang", "en", "--tiles", "gaode")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert re.search(r"^travel [\d,]+ km\b", run.stderr, re.MULTILINE)  # progress
    tour = load_tour(small)
    plan = TourPlan.model_validate_json((out / "tour.json").read_text("utf-8"))
    assert check_tour(tour, plan) == []
    assert {p.stop for p in plan.stops} == {"longyan", "sanming"}
    assert [u.model_dump() for u in plan.unfilled] == [
        {"stop": "longyan", "skill": "genetics", "missing": 1,
         "reason": "no geneticist is free on any start day of the window: "
                   "Dr Chen on leave 1 Mar–10 Apr"}
    ]  # fmt: skip
    assert len([s for p in plan.stops for s in p.experts]) == 5
    book = load_workbook(out / "tour.xlsx")
    assert book.sheetnames == ["Stops", "Experts by month", "Unfilled needs"]
    assert (out / "print" / "tour.pdf").read_bytes().startswith(b"%PDF")
    html = (out / "maps" / "tour.html").read_text("utf-8")
    assert "unpkg" not in html and "cdn." not in html and "L.tileLayer" in html
    assert "autonavi" in html and "openstreetmap" not in html  # --tiles gaode
    going = {s.expert for p in plan.stops for s in p.experts}
    # one layer per expert who travels, named in the layer control (JSON-escaped there)
    assert html.count("\\u25a0\\u003c/span\\u003e") == len(going) == 3
    for planned in plan.stops:
        scenario = load_scenario(out / "stops" / f"{planned.stop}.yaml")
        assert {e.id for e in scenario.experts} == {s.expert for s in planned.experts}
        assert scenario.clinic_dates()[0] == planned.start
        stop_plan = solve_stop(scenario, Limits(time_limit_s=6, deterministic=True))
        assert check_plan(scenario, stop_plan) == []


def test_calendar_uids_do_not_change_when_dates_move(small: Path, tmp_path: Path) -> None:
    tour = load_tour(small)
    seats = [{"expert": "wang-cy", "skill": "hematology"}]
    info = {"wall_s": 0, "objective": 0, "bound": 0, "gap": 0}
    events = []
    for first, last in (("2026-03-14", "2026-03-15"), ("2026-03-21", "2026-03-22")):
        stops = [{"stop": "longyan", "start": first, "end": last, "experts": seats}]
        plan = TourPlan.model_validate({"stops": stops, "solver": info})
        (path,) = write_tour_calendars(tour, plan, tmp_path / first)
        lines = path.read_text("utf-8").splitlines()
        events.append(dict(line.split(":", 1) for line in lines if ":" in line))
    assert events[0]["UID"] == events[1]["UID"]
    assert (events[0]["DTSTART;VALUE=DATE"], events[0]["DTEND;VALUE=DATE"]) == (
        "20260314",
        "20260316",
    )
    assert (events[1]["DTSTART;VALUE=DATE"], events[1]["DTEND;VALUE=DATE"]) == (
        "20260321",
        "20260323",
    )


def test_an_impossible_tour_exits_1_naming_the_stops(small: Path, tmp_path: Path) -> None:
    text = (
        SMALL.replace("days: 2\n", "days: 2\n    required: true\n")
        .replace("days: 1\n", "days: 1\n    required: true\n")
        .replace("to: 2026-03-31", "to: 2026-03-07")
        .replace("to: 2026-03-16", "to: 2026-03-08")
    )
    path = tmp_path / "impossible.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NoPlanError) as caught:  # a planner error: its messages, no traceback
        tour_job(load_tour(path), Limits(time_limit_s=60), tmp_path / "o")
    assert caught.value.exit_code == 1
    assert str(caught.value).splitlines() == [
        "no tour can keep every hard rule:",
        "the crew cannot run all these required stops within their windows "
        "(2 rest days after each):",
        "  stop 'longyan' (Longyan): 2 days, starting 1–7 Mar",
        "  stop 'sanming' (Sanming): 1 days, starting 1–8 Mar",
    ]


def test_tour_exits_2_naming_the_place_in_a_bad_tour_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("days: 1", "days: 0"), encoding="utf-8")
    run = planner("tour", str(bad), "--out", str(tmp_path / "out"), "--quiet")
    assert run.returncode == 2
    assert run.stderr.startswith("bad.yaml:18: stops[1].days: input should be greater")
    assert not (tmp_path / "out").exists()
