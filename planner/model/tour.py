"""The tour file and the tour plan (`planner tour`): the year's stops and their experts.

A stop is one to a few days in a city; the tour picks each stop's first day within its
window and the experts who fill its skill needs. Cross-references (duplicate ids) are
checked in `tour_problems`, so the loader can place each one on its line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, PrivateAttr, field_validator, model_validator

from planner.model.common import Id, Location, Strict, TimeZoneName
from planner.model.references import Problem
from planner.model.words import gettext as _

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class DateRange(Strict):
    """Whole days from `from` to `to`, both included."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)

    first: dt.date = Field(alias="from")
    last: dt.date = Field(alias="to")

    @model_validator(mode="after")
    def _in_order(self) -> DateRange:
        if self.last < self.first:
            raise ValueError(
                _("ends on {last}, before it starts on {first}", last=self.last, first=self.first)
            )
        return self

    def days(self) -> list[dt.date]:
        """Every date of the range, in order."""
        count = (self.last - self.first).days + 1
        return [self.first + dt.timedelta(days=n) for n in range(count)]


class Crew(Strict):
    """The foundation's own crews, who run every stop."""

    crews: int = Field(default=1, ge=1, le=50, description="stops that may run at once")
    rest_days: int = Field(
        default=0, ge=0, le=60, description="days a crew rests after a stop before the next"
    )


class TourTravel(Strict):
    """How expert travel is estimated: great circle x circuity, home to stop and back."""

    circuity: float = Field(default=1.3, ge=1.0, le=3.0)


class TourWeights(Strict):
    """Weights within the levels of the lexicographic objective.

    Levels are optimised in order: stops scheduled, needs filled, travel km, then the
    balance of load (the most stops of any one expert, then the spread). A weight only
    trades terms off within its level.
    """

    skills: dict[Id, int] = Field(
        default_factory=dict,
        description="weight of one filled need of a skill (default 1), e.g. {transplant: 3}",
    )
    km: int = Field(default=1, ge=0, description="weight of one km of expert travel")
    max_load: int = Field(
        default=10, ge=0, description="weight of the most stops any one expert does"
    )
    spread: int = Field(default=1, ge=0, description="weight of most minus fewest stops")


class TourStop(Strict):
    """One stop: where, when it may start, how long, and which experts it needs."""

    id: Id
    city: str
    city_zh: str | None = None
    province: str | None = None
    location: Location
    window: DateRange = Field(description="the stop's first day falls in here")
    days: int = Field(default=2, ge=1, le=14)
    needs: dict[Id, int] = Field(
        default_factory=dict, description="experts per skill for the whole stop"
    )
    priority: int = Field(default=1, ge=1, le=1000, description="weight of scheduling it")
    required: bool = Field(
        default=False, description="the stop must be scheduled; a tour that cannot is refused"
    )
    scenario: str | None = Field(
        default=None, description="the stop's scenario file, relative to the tour file"
    )

    @field_validator("needs")
    @classmethod
    def _positive(cls, needs: dict[str, int]) -> dict[str, int]:
        for skill, count in needs.items():
            if count < 1 or count > 50:
                raise ValueError(
                    _("{skill}: {count} experts; give 1 to 50", skill=skill, count=count)
                )
        return needs


class TourExpert(Strict):
    """A volunteer expert: home, skills, leave and how many stops they give."""

    id: Id
    name: str
    name_zh: str | None = None
    hospital: str = ""
    location: Location = Field(description="home (WGS-84)")
    skills: list[Id] = Field(min_length=1)
    unavailable: list[DateRange] = Field(default_factory=list)
    max_stops: int | None = Field(default=None, ge=0)

    def free_on(self, day: dt.date) -> bool:
        """Whether the expert is not on leave on `day`."""
        return not any(r.first <= day <= r.last for r in self.unavailable)


class Tour(Strict):
    """A year (or season) of stops and the experts who may go."""

    name: str
    timezone: TimeZoneName = "Asia/Shanghai"
    crew: Crew = Field(default_factory=Crew)
    expert_gap_days: int = Field(
        default=0, ge=0, le=365, description="free days an expert has between two stops"
    )
    start_weekdays: list[Weekday] = Field(
        default_factory=lambda: list(WEEKDAYS),
        min_length=1,
        description="days of the week a stop may start on, e.g. [sat]",
    )
    travel: TourTravel = Field(default_factory=TourTravel)
    weights: TourWeights = Field(default_factory=TourWeights)
    stops: list[TourStop] = Field(min_length=1)
    experts: list[TourExpert] = Field(default_factory=list)

    _base_dir: Path = PrivateAttr(default_factory=Path.cwd)

    @property
    def base_dir(self) -> Path:
        """The folder of the tour file; stop scenarios are found from here."""
        return self._base_dir

    def start_days(self, stop: TourStop) -> list[dt.date]:
        """The dates the stop may start on: its window, on the allowed weekdays."""
        allowed = {WEEKDAYS.index(d) for d in self.start_weekdays}
        return [day for day in stop.window.days() if day.weekday() in allowed]

    def stop(self, stop_id: str) -> TourStop:
        """The stop with this id."""
        return next(s for s in self.stops if s.id == stop_id)

    def expert(self, expert_id: str) -> TourExpert:
        """The expert with this id."""
        return next(e for e in self.experts if e.id == expert_id)


def tour_problems(tour: Tour) -> list[Problem]:
    """Duplicate stop and expert ids, in file order."""
    return _duplicates("stops", [s.id for s in tour.stops], "stop") + _duplicates(
        "experts", [e.id for e in tour.experts], "expert"
    )


def _duplicates(key: str, ids: list[str], what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, item_id in enumerate(ids):
        if item_id in seen:
            message = f"duplicate {what} id '{item_id}' (first at {key}[{seen[item_id]}])"
            problems.append(Problem((key, index, "id"), message))
        seen.setdefault(item_id, index)
    return problems


class TourExpertAssignment(Strict):
    """One expert filling one skill need at a stop."""

    expert: str
    skill: str


class TourStopPlan(Strict):
    """A scheduled stop: its dates and its experts."""

    stop: str
    start: dt.date
    end: dt.date
    experts: list[TourExpertAssignment] = Field(default_factory=list)


class Unfilled(Strict):
    """Experts of one skill that a scheduled stop still lacks, and why."""

    stop: str
    skill: str
    missing: int
    reason: str


class Unscheduled(Strict):
    """A stop that got no dates, and why."""

    stop: str
    reason: str


class TourSolverInfo(Strict):
    """How the solve went."""

    wall_s: float
    objective: float
    bound: float
    gap: float
    status: str = "feasible"
    seed: int = 0
    time_limit_s: float = 0.0
    levels: dict[str, str] = Field(default_factory=dict)
    terms: dict[str, float] = Field(default_factory=dict)


class TourPlan(Strict):
    """`DIR/tour.json`: the contract of `planner tour`."""

    tour: str = ""
    status: str = "feasible"
    stops: list[TourStopPlan] = Field(default_factory=list)
    unfilled: list[Unfilled] = Field(default_factory=list)
    unscheduled: list[Unscheduled] = Field(default_factory=list)
    solver: TourSolverInfo
