"""The replay's rules written again as a discrete-event simulation in SimPy, one run at a
time, to check `solver/simulate/replay.py` (a vectorised recursion) against an
event-driven reading of the same rules (`START_RULES`).

Each present item of the plan is a SimPy process. It waits for its floor (its planned
start, or the start of a run of no-shows just before it on one of its experts' queues),
for its patient's arrival, for its experts to be on site, for the previous present item
on each of its experts' and its patient's queues, and for a place in its room. A desk
process per room hands out the room's places in planned order, each to the place that
frees first. Given the same chance (`solver.simulate.chance.Chance`), the two must agree
run by run; walk-ins are left out (their booking is held to `solver/fit` separately).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import simpy

from planner.model.variability import Variability
from solver.simulate.chance import Chance, lognormal_factor
from solver.simulate.timeline import APPOINTMENT, BREAK, Item, Timeline


def simpy_run(timeline: Timeline, variability: Variability, chance: Chance,
              run: int) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """One run: each item's start and end (NaN where it does not take place)."""
    items = timeline.items
    present = [_present(item, chance, run) for item in items]
    floors = _floors(items, present)
    env = simpy.Environment()
    done = {i: env.event() for i in range(len(items)) if present[i]}
    before = _previous(items, present)
    places = _room_desks(env, timeline, items, present, done)
    start = np.full(len(items), np.nan)
    end = np.full(len(items), np.nan)
    for i, item in enumerate(items):
        if present[i]:
            env.process(_item(env, timeline, variability, chance, run, i, item, floors[i],
                              [done[j] for j in before[i]], places.get(i), done[i],
                              start, end))  # fmt: skip
    env.run()
    return start, end


def _present(item: Item, chance: Chance, run: int) -> bool:
    if item.kind != APPOINTMENT or item.patient is None or item.fixed:
        return True
    return not bool(chance.absent[run, item.patient])


def _floors(items: list[Item], present: list[bool]) -> list[float]:
    """Each item's floor: its planned start, or earlier after no-shows on its experts."""
    floors: list[float] = []
    pull: dict[int, float] = {}
    for i, item in enumerate(items):
        floor = item.start
        if item.kind == APPOINTMENT:
            floor = min([floor, *(pull.get(e, np.inf) for e in item.experts)])
        floors.append(floor)
        for e in item.experts:
            if item.kind == APPOINTMENT and not present[i]:
                pull[e] = min(pull.get(e, np.inf), floor)
            else:
                pull.pop(e, None)
    return floors


def _previous(items: list[Item], present: list[bool]) -> list[list[int]]:
    """For each item, the previous present item on each of its experts' and patient's queues."""
    last: dict[tuple[str, int], int] = {}
    before: list[list[int]] = []
    for i, item in enumerate(items):
        queues = [("expert", e) for e in item.experts]
        if item.patient is not None:
            queues.append(("patient", item.patient))
        before.append(sorted({last[q] for q in queues if q in last}))
        if present[i]:
            for q in queues:
                last[q] = i
    return before


def _room_desks(env: simpy.Environment, timeline: Timeline, items: list[Item],
                present: list[bool], done: dict[int, Any]) -> dict[int, Any]:  # fmt: skip
    """Per room, a process handing out its places in planned order; per item, the event
    that gives it the event of its place becoming free."""
    by_room: dict[int, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        if item.room is not None and present[i]:
            by_room[item.room].append(i)
    given = {i: env.event() for order in by_room.values() for i in order}

    def desk(room: int, order: list[int]) -> Any:
        lanes = []
        for _ in range(timeline.parallel[room]):
            free = env.event()
            free.succeed(-np.inf)
            lanes.append(free)
        for i in order:
            yield env.any_of(lanes)
            ready = [(lane.value, k) for k, lane in enumerate(lanes) if lane.triggered]
            _, k = min(ready)
            given[i].succeed(lanes[k])
            lanes[k] = done[i]

    for room, order in by_room.items():
        env.process(desk(room, order))
    return given


def _item(env: simpy.Environment, timeline: Timeline, variability: Variability,
          chance: Chance, run: int, i: int, item: Item, floor: float, previous: list[Any],
          place: Any, done: Any, start: np.ndarray, end: np.ndarray) -> Any:  # fmt: skip
    length = item.length
    waits = [floor]
    if item.kind == APPOINTMENT and item.patient is not None and not item.fixed:
        waits.append(float(chance.arrival[run, item.patient]))
        if item.need is not None:
            cv = variability.cv_for(timeline.needs[item.need][1])
            length = item.length * float(lognormal_factor(chance.z[run, item.need], cv))
    if item.kind != BREAK and not item.fixed:
        waits += [float(chance.expert_ready[run, e, item.day]) for e in item.experts]
    yield env.timeout(max(0.0, max(waits) - env.now))
    if previous:
        yield env.all_of(previous)
    if place is not None:
        free = yield place
        yield free
    start[i] = env.now
    yield env.timeout(length)
    end[i] = env.now
    done.succeed(env.now)
