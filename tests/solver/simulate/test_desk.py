"""The desk's walk-in fit (bitmasks) against `planner fit`'s own (`solver/fit`): the same
first option for every need, walk-in after walk-in, on the shipped stops' plans."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from benchmarks.fcfs import fcfs_plan
from planner.files.scenario import load_scenario
from planner.model import Patient
from solver.fit import fit_walk_in, with_first_options
from solver.simulate.chance import WalkIn
from solver.simulate.desk import Desk, span, window
from solver.simulate.timeline import timeline_of
from tests.conftest import SCENARIOS


def test_window_marks_the_starts_of_free_runs() -> None:
    free = span(10, 40) | span(50, 55)
    assert window(free, 30) == 1 << 10
    assert window(free, 5) == span(10, 36) | (1 << 50)
    assert window(free, 31) == 0


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_desk_books_what_fit_offers_first(path: object) -> None:
    scenario = load_scenario(path)  # type: ignore[arg-type]
    plan = fcfs_plan(scenario)
    timeline = timeline_of(scenario, plan)
    desk = Desk(timeline, plan)
    book = desk.base.copy()
    rng = random.Random(7)
    day = scenario.clinic_dates()[0]
    opens, closes = timeline.open_hours[0]
    compared = booked = 0
    for number in range(25):
        model = rng.choice(scenario.patients)
        minute = rng.randrange(int(opens), int(closes) - 30)
        arrives = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
        leaves = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=closes)
        walk_in = Patient(id=f"w{number}", family=f"wf{number}", severity=model.severity,
                          arrives=arrives, leaves=leaves, needs=model.needs)  # fmt: skip
        expected = fit_walk_in(scenario, plan, walk_in, per_need=1)
        found, missed = desk.fit(book, WalkIn(number, 0, float(minute), float(closes),
                                              tuple(dict.fromkeys(model.needs)), ()))  # fmt: skip
        firsts = [(n.service, n.options[0]) for n in expected.needs if n.options]
        assert missed == len(expected.needs) - len(firsts)
        assert [(b.service, b.start, b.length, b.room) for b in found] == [
            (s, timeline.minutes(o.start), timeline.minutes(o.end) - timeline.minutes(o.start),
             timeline.rooms.index((o.venue, o.room))) for s, o in firsts
        ]  # fmt: skip
        assert [tuple(timeline.experts[e] for e in b.experts) for b in found] == [
            o.experts for _, o in firsts
        ]
        compared += len(expected.needs)
        booked += len(firsts)
        plan = with_first_options(plan, walk_in, expected)
        scenario = scenario.model_copy(update={"patients": [*scenario.patients, walk_in]})
    assert compared > 25 and booked > 5
