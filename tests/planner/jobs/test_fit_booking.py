"""The desk's booking: `planner fit --book a --changes FILE` writes the walk-in with its
times pinned, and `planner replan` keeps them (or says why it cannot)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planner.check import check_plan
from planner.files.changes import append_walk_ins, load_changes
from planner.files.day import load_day, load_fit_day
from planner.files.plan import load_plan
from planner.files.scenario import load_scenario
from planner.files.walk_in import load_walk_ins
from planner.jobs.fit import book
from planner.jobs.fit import fit as fit_job
from planner.jobs.replan import replan_stop
from planner.model import Plan
from planner.model.errors import InputError
from planner.model.replanning import day_of
from solver.limits import Limits
from tests.solver.schedule.helpers import expert, patient, rooms, service, stop
from tests.support.cli import planner
from tests.support.plans import booked, plan_of

W1 = "{id: w1, family: fw1, arrives: 2025-07-05T09:00, leaves: 2025-07-05T12:00, needs: [consult]}"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    return make_desk(tmp_path)


def make_desk(tmp_path: Path) -> Path:
    """A tiny day whose one haematologist sees p1 at 09:00 (p1 is here 09:00–10:00)."""
    data = stop(experts=[expert("hem-1", ["hematology"])],
                patients=[patient("p1", ["consult"], "09:00", "10:00")])  # fmt: skip
    (tmp_path / "day.json").write_text(json.dumps(data), "utf-8")
    plan = plan_of(booked("p1", "consult", ["hem-1"], "c1", "09:00", "09:30"))
    (tmp_path / "plan.json").write_text(plan.model_dump_json(indent=2), "utf-8")
    return tmp_path


def fit(desk: Path, walk_in: str, *extra: str):  # type: ignore[no-untyped-def]
    return planner("fit", str(desk / "day.json"), "--plan", str(desk / "plan.json"),
                   "--patient", walk_in, "--lang", "en", *extra)  # fmt: skip


def replanned(desk: Path, extra: str = "") -> Plan:
    """The clinic re-planned with the changes file (and `extra` lines added to it)."""
    changes = desk / "changes.yaml"
    changes.write_text(changes.read_text("utf-8") + extra, "utf-8")
    day = load_day(desk / "day.json", desk / "plan.json", changes)
    plan = replan_stop(day, Limits(time_limit_s=3, seed=1))
    assert check_plan(day.scenario, plan) == []
    return plan


def start_of(plan: Plan, patient_id: str) -> str:
    return next(f"{a.start:%H:%M}" for a in plan.appointments if a.patient == patient_id)


@pytest.fixture(scope="module")
def booked_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """w1 booked at option a (09:30, right after p1) into a new changes file, by the
    command line, once; each test gets a copy (`booked_w1`)."""
    folder = make_desk(tmp_path_factory.mktemp("desk"))
    run = fit(folder, W1, "--book", "a", "--changes", str(folder / "changes.yaml"))
    assert run.returncode == 0, run.stderr
    assert "   a) 09:30–10:00  c1  Dr hem-1" in run.stdout
    assert run.stdout.splitlines()[-1] == (
        f"booked option a in {folder / 'changes.yaml'}: w1 consult 09:30–10:00 (created with "
        "now: 2025-07-05T09:00, the arrival; set it when re-planning); `planner replan` keeps "
        "these times"
    )
    return folder


@pytest.fixture
def booked_w1(booked_once: Path, tmp_path: Path) -> Path:
    shutil.copytree(booked_once, tmp_path / "desk")
    return tmp_path / "desk"


def test_book_a_writes_the_walk_in_with_option_a_pinned(booked_w1: Path) -> None:
    changes = load_changes(booked_w1 / "changes.yaml", load_scenario(booked_w1 / "day.json"))
    assert f"{changes.now:%H:%M}" == "09:00"  # a new file starts at the walk-in's arrival
    [w1] = changes.walk_ins
    pinned = [(b.need, f"{b.start:%H:%M}", f"{b.end:%H:%M}", b.room, b.experts, b.option)
              for b in w1.booked]  # fmt: skip
    assert pinned == [("consult", "09:30", "10:00", "c1", ["hem-1"], "a")]


def test_the_next_walk_in_is_fitted_around_the_booking(booked_w1: Path) -> None:
    scenario = load_scenario(booked_w1 / "day.json")
    changes = booked_w1 / "changes.yaml"
    day = day_of(scenario, load_plan(booked_w1 / "plan.json"), load_changes(changes, scenario))
    [w2] = load_walk_ins(W1.replace("w1", "w2"), day.scenario)
    fitted = fit_job(day.scenario, day.published, w2, per_need=1)
    assert "   a) 10:00–10:30  c1  Dr hem-1" in fitted.text("en")
    append_walk_ins(changes, book(fitted, "a"), scenario.localize(w2.arrives))
    assert [w.id for w in load_changes(changes, scenario).walk_ins] == ["w1", "w2"]


def test_a_booked_walk_in_keeps_option_a_through_replan(booked_w1: Path) -> None:
    plan = replanned(booked_w1)
    assert start_of(plan, "w1") == "09:30"
    [w1] = [c for c in plan.changes if c.patient == "w1"]
    assert w1.what == "kept"


def test_the_booking_holds_even_when_moving_it_would_serve_one_more(booked_w1: Path) -> None:
    # p1 is now late, and leaves at 10:00: only 09:30–10:00 is left for them, w1's time.
    # Moving w1 to 10:00 would serve both; the desk's promise comes first.
    late = "late: [{patient: p1, arrives: 2025-07-05T09:30}]\n"
    plan = replanned(booked_w1, late)
    assert start_of(plan, "w1") == "09:30"
    assert [(c.what, c.reason) for c in plan.changes if c.patient == "p1"] == [
        ("cancelled", next(u.reason for u in plan.unserved if u.patient == "p1"))
    ]


def test_a_booking_that_can_no_longer_be_kept_says_why(booked_w1: Path) -> None:
    away = 'experts: [{id: hem-1, available: [{date: 2025-07-05, start: "10:00", end: "17:00"}]}]\n'
    plan = replanned(booked_w1, away)
    [w1] = [c for c in plan.changes if c.patient == "w1"]
    assert w1.what in ("moved", "cancelled")
    assert w1.reason.startswith(
        "the booking made at the desk could not be kept: hem-1 is no longer available 09:30–10:00"
    )


def test_book_needs_a_changes_file(desk: Path) -> None:
    run = fit(desk, W1, "--book", "a")
    assert (run.returncode, run.stderr) == (
        2,
        "--book needs --changes FILE: the changes file it is written to\n",
    )


@pytest.mark.parametrize(
    "text",
    [
        W1,
        json.dumps({"id": "w1", "family": "fw1", "arrives": "2025-07-05T09:00",
                    "leaves": "2025-07-05T12:00", "needs": ["consult"]}),
        "id: w1\nfamily: fw1\narrives: 2025-07-05T09:00\nleaves: 2025-07-05T12:00\n"
        "needs: [consult]\n",
    ],
    ids=["yaml-flow", "json", "yaml-block"],
)  # fmt: skip
def test_the_patient_may_be_given_inline(desk: Path, text: str) -> None:
    [w1] = load_walk_ins(text, load_scenario(desk / "day.json"))
    assert (w1.id, w1.needs) == ("w1", ["consult"])


def test_an_inline_patient_s_problems_name_the_option(desk: Path) -> None:
    text = "id: p1\nfamily: fw1\narrives: 2025-07-05T09:00\nleaves: 2025-07-05T12:00\nneeds: [x]"
    with pytest.raises(InputError) as caught:
        load_walk_ins(text, load_scenario(desk / "day.json"))
    assert str(caught.value).splitlines() == [
        "--patient:1: id: patient id 'p1' is already in the scenario",
        "--patient:5: needs[0]: unknown service 'x' (known: consult)",
    ]


def test_a_family_s_problems_name_each_member(desk: Path) -> None:
    text = f"[{W1}, {W1}]"
    with pytest.raises(InputError) as caught:
        load_walk_ins(text, load_scenario(desk / "day.json"))
    assert str(caught.value) == "--patient:1: [1].id: 'w1' is given twice"


def test_checking_a_replan_against_the_original_scenario_names_the_day_s_file(
    booked_w1: Path,
) -> None:
    plan = replanned(booked_w1)
    (booked_w1 / "new").mkdir()
    (booked_w1 / "new" / "plan.json").write_text(plan.model_dump_json(), "utf-8")
    run = planner("check", str(booked_w1 / "day.json"), str(booked_w1 / "new" / "plan.json"))
    assert run.returncode == 1
    assert "unknown patient 'w1'" in run.stdout
    assert run.stderr.splitlines()[-1] == (
        "plan.json is a re-plan (it lists `changes`): check it against the day as it now is, "
        "with its walk-ins and history, which `planner replan` wrote beside it: "
        f"planner check {booked_w1 / 'new' / 'scenario.yaml'} {booked_w1 / 'new' / 'plan.json'}"
    )


def test_a_family_booked_at_option_b_keeps_its_block_through_replan(tmp_path: Path) -> None:
    # One geneticist, a lab; p1's HLA at 09:00. A walk-in family of two comes for HLA.
    data = stop(
        experts=[expert("gen-1", ["genetics"])],
        services=[service("hla", ["genetics"], 10, "sampling", family_block=True)],
        venues=rooms({"id": "lab", "kind": "sampling"}),
        patients=[patient("p1", ["hla"])],
    )
    (tmp_path / "day.json").write_text(json.dumps(data), "utf-8")
    published = plan_of(booked("p1", "hla", ["gen-1"], "lab", "09:00", "09:10"))
    (tmp_path / "plan.json").write_text(published.model_dump_json(), "utf-8")
    scenario = load_scenario(tmp_path / "day.json")
    family = load_walk_ins(
        f"[{W1.replace('[consult]', '[hla]')}, "
        f"{W1.replace('w1', 'w2').replace('fw2', 'fw1').replace('[consult]', '[hla]')}]",
        scenario,
    )
    fitted = fit_job(scenario, published, family)
    assert "   b) 09:20–09:30  lab  Dr gen-1" in fitted.text("en")
    changes = tmp_path / "changes.json"  # a JSON changes file, created
    append_walk_ins(changes, book(fitted, "b"), family[0].arrives)
    assert json.loads(changes.read_text("utf-8"))["now"] == "2025-07-05T09:00"
    day = load_day(tmp_path / "day.json", tmp_path / "plan.json", changes)
    assert [w.id for w in day.changes.walk_ins] == ["w2", "w1"]  # in the block's order
    plan = replan_stop(day, Limits(time_limit_s=3, seed=1))
    assert check_plan(day.scenario, plan) == []
    assert (start_of(plan, "w2"), start_of(plan, "w1")) == ("09:10", "09:20")
    assert {c.patient: c.what for c in plan.changes if c.patient in ("w1", "w2")} == {
        "w1": "kept",
        "w2": "kept",
    }


def test_an_existing_changes_file_keeps_its_comments(booked_w1: Path) -> None:
    changes = booked_w1 / "changes.yaml"
    changes.write_text("# the coordinator's note\n" + changes.read_text("utf-8"), "utf-8")
    scenario = load_scenario(booked_w1 / "day.json")
    day = day_of(scenario, load_plan(booked_w1 / "plan.json"), load_changes(changes, scenario))
    [w2] = load_walk_ins(W1.replace("w1", "w2"), day.scenario)
    append_walk_ins(changes, book(fit_job(day.scenario, day.published, w2), "a"), day.changes.now)
    text = changes.read_text("utf-8")
    assert text.startswith("# the coordinator's note\nnow: 2025-07-05T09:00\n")
    assert len(load_changes(changes, scenario).walk_ins) == 2


def test_a_no_show_s_time_is_offered_to_the_next_walk_in(booked_w1: Path) -> None:
    changes = booked_w1 / "changes.yaml"
    changes.write_text(changes.read_text("utf-8") + "no_shows: [p1]\n", "utf-8")
    scenario, published = load_fit_day(booked_w1 / "day.json", booked_w1 / "plan.json", changes)
    [w2] = load_walk_ins(W1.replace("w1", "w2"), scenario)
    text = fit_job(scenario, published, w2, per_need=2).text("en")
    assert "   a) 09:00–09:30  c1  Dr hem-1" in text  # p1's, released
    assert "   b) 10:00–10:30  c1  Dr hem-1" in text  # after w1's booking


def booking(need: str = "consult", end: str = "10:00", room: str = "c1", rest: str = "") -> str:
    """A booking of w1 from 09:30, as the changes file holds it."""
    return f"{{need: {need}, start: 2025-07-05T09:30, end: 2025-07-05T{end}, room: {room}{rest}}}"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (booking("mdt", rest=", experts: [hem-1]"),
         "need: 'mdt' is not one of w1's needs (consult)"),
        (booking(room="c9", rest=", experts: [hem-1]"), "room: unknown room 'c9' (known: c1)"),
        (booking(rest=", experts: [hem-7]"),
         "experts[0]: unknown expert 'hem-7' (known: hem-1)"),
        (booking(end="09:50", rest=", experts: [hem-1]"),
         "end: lasts 20 min, but consult takes 30 min"),
        (booking(), "experts: missing required key 'experts'"),
    ],
)  # fmt: skip
def test_a_bad_booking_is_named_with_its_line(desk: Path, entry: str, message: str) -> None:
    text = f"now: 2025-07-05T09:00\nwalk_ins:\n  - {W1[:-1]},\n     booked: [{entry}]}}\n"
    (desk / "changes.yaml").write_text(text, "utf-8")
    with pytest.raises(InputError) as caught:
        load_changes(desk / "changes.yaml", load_scenario(desk / "day.json"))
    assert str(caught.value) == f"changes.yaml:4: walk_ins[0].booked[0].{message}"
