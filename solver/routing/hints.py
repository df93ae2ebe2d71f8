"""What a re-plan tells the router besides the scenario: minimal change and mop-up.

A re-plan routes the households that are left over the days that are left. Those that
were already planned on one of these days keep their team and day (`home`): a promised
one (`promised`) is held to it and kept before every other household; the published
routes are the search's starting point (`initial`). A household nobody was at home for
is preferably visited in another of its windows (`avoid`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from planner.model import Household, Route, TimeRange
from solver.routing.households import VisitProblem
from solver.routing.problem import RoutingSolution, Stop, Window

REASSIGN_COST = 20_000
"""Moving a household off the team and day it was planned on costs as much as 20 km of
driving; less than leaving out an optional household (1,000 km, `households.py`)."""
FIRST_PENALTY = 4_000_000
"""What leaving out a household in `RouteHints.first` costs beyond its like: as much as
four priority-1 optional households, so a mop-up visit is kept before another one."""
PREFERENCE_COST_PER_MIN = 100
"""Each minute a mop-up visit starts inside the window it was missed in, or short of
the other windows, costs as much as 100 m of driving: three hours cost 18 km."""


@dataclass(frozen=True)
class RouteHints:
    """Soft wishes and a starting point for the router.

    Attributes:
        home: household id -> the (team, day) it was planned on; kept where it can be.
        promised: households whose `home` is a promise: held to that team and day, and
            dropped only when no plan keeps every other promise and them too.
        avoid: household id -> the window in which it was missed; another is preferred.
        initial: published routes to start the search from (households or teams that
            are no longer in the problem are skipped).
        first: households to keep before the others of their kind (mop-up visits):
            leaving one out costs `FIRST_PENALTY` more, required or not.
    """

    home: Mapping[str, tuple[str, dt.date]] = field(default_factory=dict)
    avoid: Mapping[str, TimeRange] = field(default_factory=dict)
    initial: Sequence[Route] = ()
    first: frozenset[str] = frozenset()
    promised: frozenset[str] = frozenset()


def apply_hints(vp: VisitProblem, hints: RouteHints) -> RoutingSolution | None:
    """Put the hints into `vp.problem`; return the initial routes, if there are any."""
    vehicle_of = {(td.team.id, td.day): v for v, td in enumerate(vp.vehicles)}
    stops = [
        _hinted(stop, household, hints, vehicle_of)
        for stop, household in zip(vp.problem.stops, vp.households, strict=True)
    ]
    # A promised stop rides only on its home vehicle: moving it costs nothing to weigh,
    # and arc costs alike on every vehicle keep the search quick.
    moving = any(stop.home is not None and not stop.promised for stop in stops)
    vp.problem = dataclasses.replace(
        vp.problem,
        stops=stops,
        reassign_cost=REASSIGN_COST if moving else 0,
        preference_cost=PREFERENCE_COST_PER_MIN if hints.avoid else 0,
    )
    return _initial(vp, hints.initial, vehicle_of)


def _hinted(
    stop: Stop,
    household: Household,
    hints: RouteHints,
    vehicle_of: Mapping[tuple[str, dt.date], int],
) -> Stop:
    home = vehicle_of.get(hints.home[household.id]) if household.id in hints.home else None
    if home is not None and stop.vehicles and home not in stop.vehicles:
        home = None  # it can no longer go there (skills, days): no team is preferred
    avoid = hints.avoid.get(household.id)
    preferred = _other_windows(household, avoid) if avoid is not None else None
    penalty = stop.penalty + (FIRST_PENALTY if household.id in hints.first else 0)
    hinted = dataclasses.replace(stop, home=home, preferred=preferred, penalty=penalty)
    if home is None or household.id not in hints.promised:
        return hinted
    return dataclasses.replace(hinted, vehicles=frozenset({home}), promised=True)


def _other_windows(household: Household, missed: TimeRange) -> Window | None:
    """Service starts in the household's windows after the missed one (else before it)."""
    service = household.service_min
    others = [w for w in household.windows if w != missed and w.end_min - w.start_min >= service]
    later = [w for w in others if w.start_min >= missed.end_min]
    if later:
        return Window(min(w.start_min for w in later), max(w.end_min for w in later) - service)
    earlier = [w for w in others if w.end_min <= missed.start_min]
    if earlier:
        return Window(min(w.start_min for w in earlier), max(w.end_min for w in earlier) - service)
    return None


def _initial(
    vp: VisitProblem, routes: Sequence[Route], vehicle_of: Mapping[tuple[str, dt.date], int]
) -> RoutingSolution | None:
    """The published routes as stop indices on this problem's vehicles."""
    if not routes:
        return None
    stop_of = {household.id: s for s, household in enumerate(vp.households)}
    initial: list[list[int]] = [[] for _ in vp.vehicles]
    for route in routes:
        v = vehicle_of.get((route.team, route.day))
        if v is None:
            continue
        kept = [stop_of[visit.household] for visit in route.visits if visit.household in stop_of]
        initial[v] = [
            s for s in kept if not vp.problem.stops[s].vehicles or v in vp.problem.stops[s].vehicles
        ]
    return RoutingSolution(initial, [], "published", 0, 0.0)
