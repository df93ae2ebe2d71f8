"""The desk's bookings of walk-ins (`planner fit --book`), held exactly in a re-plan.

The desk promised a family these times, so a re-plan holds each booking where it was
made: same start, same experts, same room. A booking whose experts, room or patient are
no longer there is not held: its need is re-planned like any other, and the reason says
why (`Held.broken`). Holding comes before every other aim of the re-plan (the level
`booked`); a booking that cannot be held together with the day's history is let go with
a reason too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.model import Appointment
from planner.model.spans import within
from solver.schedule.grid import starts
from solver.schedule.keep import Published, published_placings, slot
from solver.schedule.variables import JobVars, Variables

Key = tuple[str, str]
"""(patient, service)"""

LET_GO = "it could not be held together with the day as it now is"


@dataclass
class Held:
    """The bookings held in the model, and why the others are not.

    Attributes:
        held: each bookable job's literal, true when it is held exactly as booked.
        broken: why each booking not held cannot be, by (patient, service).
    """

    held: dict[str, tuple[JobVars, cp_model.IntVar]] = field(default_factory=dict)
    broken: dict[Key, str] = field(default_factory=dict)

    @property
    def lost(self) -> cp_model.LinearExprT:
        """Bookings let go, one per family member."""
        return sum(len(jv.job.members) * (1 - lit) for jv, lit in self.held.values())

    def hints(self) -> list[tuple[cp_model.IntVar, int]]:
        """Every booking held: the re-plan's starting point."""
        return [(lit, 1) for _, lit in self.held.values()]

    def let_go(self, value: Callable[[cp_model.LinearExprT], int]) -> dict[Key, str]:
        """Why each booking is not held in the solution `value` reads."""
        broken = dict(self.broken)
        for jv, lit in self.held.values():
            if not value(lit):
                broken.update({(p.id, jv.job.service.id): LET_GO for p in jv.job.members})
        return broken


def hold_bookings(v: Variables, booked: list[Appointment]) -> Held:
    """Hold each booking still to come where it was made, when it still can be.

    Args:
        v: the re-plan's model (what is left of the day).
        booked: the walk-ins' bookings; those already in the history are left out.
    """
    found = Held()
    keep = published_placings(v, booked, [], {})
    for jv in v.jobs:
        keys = [(p.id, jv.job.service.id) for p in jv.job.members]
        mine = [a for a in booked if (a.patient, a.service) in keys]
        if not mine:
            continue
        placed = keep.jobs.get(jv.job.id)
        why = _why_not(v, jv, placed, mine)
        if why is not None or placed is None:
            found.broken.update({(a.patient, a.service): why or "" for a in mine})
            continue
        found.held[jv.job.id] = (jv, _hold(v, jv, placed))
    return found


def _hold(v: Variables, jv: JobVars, placed: Published) -> cp_model.IntVar:
    """A literal that, when true, keeps the job at its booked start, experts and pool."""
    model = v.model
    lit = model.new_bool_var(f"held[{jv.job.id}]")
    model.add(jv.present == 1).only_enforce_if(lit)
    model.add(jv.start == placed.start).only_enforce_if(lit)
    for skill, expert in placed.experts.items():
        model.add(jv.assign[(skill, expert)] == 1).only_enforce_if(lit)
    if placed.pool is not None:
        model.add(jv.pools[placed.pool] == 1).only_enforce_if(lit)
    return lit


def _why_not(
    v: Variables, jv: JobVars, placed: Published | None, mine: list[Appointment]
) -> str | None:
    """Why the booking cannot be held any more, in a coordinator's words; None if it can."""
    job, scenario = jv.job, v.instance.scenario
    first = min(mine, key=lambda a: a.start)
    end = max(a.end for a in mine)
    when = f"{scenario.localize(first.start):%H:%M}–{scenario.localize(end):%H:%M}"
    if job.problem:
        return job.problem
    if placed is None:
        booked = {a.patient for a in mine}
        others = ", ".join(p.id for p in job.members if p.id not in booked)
        return f"the family's {job.service.id} is now planned with {others} as well"
    members = _in_order(jv, mine)
    if any(slot(v, a.start) != placed.start + i * job.unit for i, a in enumerate(members)):
        return f"the family's {job.service.id} was booked in another order than its members"
    for skill in job.service.needs:
        expert = placed.experts.get(skill)
        if expert is None or (skill, expert) not in jv.assign:
            return f"no {skill} expert booked ({', '.join(first.experts)}) can see it now"
        if not within(starts(v.instance.available[expert], job.length), placed.start):
            return f"{expert} is no longer available {when}"
    pool = next((p for p in job.pools if p.id == placed.pool), None)
    if (
        pool is None
        or pool.id not in jv.pools
        or not within(starts(pool.open, job.length), placed.start)
    ):
        return f"room {first.room} is not open {when}"
    if not within(job.domain, placed.start):
        who = ", ".join(p.id for p in job.members)
        return f"{who} is no longer here for all of {when}"
    return None


def _in_order(jv: JobVars, mine: list[Appointment]) -> list[Appointment]:
    """The bookings in the order of the job's members."""
    by_patient = {a.patient: a for a in mine}
    return [by_patient[p.id] for p in jv.job.members if p.id in by_patient]
