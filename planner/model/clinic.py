"""The clinic's side of a stop: venues and rooms, experts, services, courses, patients."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from planner.model.common import DayHours, Id, Location, LunchRule, Severity, Strict, TimeRange
from planner.model.words import gettext as _

Relation = Literal["patient", "sibling", "parent", "relative"]


class Room(Strict):
    """A room of a venue. `parallel` is how many of its kind of service run at once."""

    id: Id
    kind: Id
    name: str | None = None
    name_zh: str | None = None
    seats: int | None = Field(default=None, gt=0)
    parallel: int = Field(default=1, ge=1, le=50)
    closed: list[DayHours] = Field(
        default_factory=list, description="spans in which the room cannot be used"
    )


class Venue(Strict):
    """A hospital or hall where the clinic or the course takes place."""

    id: Id
    name: str
    name_zh: str | None = None
    address: str | None = None
    location: Location
    open: list[DayHours] = Field(min_length=1)
    rooms: list[Room] = Field(min_length=1)


class Expert(Strict):
    """A doctor from a partner hospital, with skills and hours on site."""

    id: Id
    name: str
    name_zh: str | None = None
    hospital: str
    title: str | None = None
    skills: list[Id] = Field(min_length=1)
    available: list[DayHours] = Field(
        description="hours on site; [] when the expert did not come (a re-planned day)"
    )
    max_patients_per_day: int | None = Field(default=None, ge=1)
    lunch: LunchRule | None = None
    phone: str | None = None
    email: str | None = None


FreeMinutes = Annotated[int, Field(ge=0, le=59)]
"""Free minutes an expert keeps in every clock hour: 0 to 59."""


class Buffers(Strict):
    """Free minutes per expert per clock hour, kept out of the plan as slack.

    In every clock hour (09:00-10:00, 10:00-11:00, ...) an expert holds at most
    `60 - free` minutes of appointments; the rest absorbs consultations that run long and
    families who come late. Lectures and lunch are not appointments and do not count.
    """

    free_min_per_hour: FreeMinutes = Field(
        default=0, description="free minutes every expert keeps in every clock hour"
    )
    experts: dict[Id, FreeMinutes] = Field(
        default_factory=dict,
        description="free minutes per hour for these experts (by id), instead of free_min_per_hour",
    )


class Service(Strict):
    """A kind of appointment: which skills it needs together, how long, and where."""

    id: Id
    name: str
    name_zh: str | None = None
    duration_min: int = Field(gt=0, le=600)
    needs: list[Id] = Field(min_length=1)
    room_kind: Id
    after: list[Id] = Field(
        default_factory=list,
        description="services the same patient must have finished first, when both are planned",
    )
    family_block: bool = Field(
        default=False,
        description="the family's appointments for this service run back to back in one room",
    )
    bring: list[str] = Field(default_factory=list, description="what the family should bring")
    bring_zh: list[str] = Field(default_factory=list)


def in_after_order(services: list[Service]) -> list[Service]:
    """The services with each one after those of the list it must follow (`after`), in
    the list's order otherwise. A cycle, which a scenario may not have, ends where it
    closes."""
    ordered: dict[str, Service] = {}
    by_id = {s.id: s for s in services}

    def visit(service: Service, path: tuple[str, ...]) -> None:
        if service.id in ordered or service.id in path:
            return
        for before in service.after:
            if before in by_id:
                visit(by_id[before], (*path, service.id))
        ordered[service.id] = service

    for service in services:
        visit(service, ())
    return list(ordered.values())


class Training(Strict):
    """A course for local doctors, lectured by experts with the listed skills."""

    id: Id
    title: str
    title_zh: str | None = None
    date: dt.date
    window: TimeRange
    duration_min: int = Field(gt=0, le=720)
    lecturers: list[Id] = Field(min_length=1, description="one lecturer per listed skill")
    expected: int = Field(gt=0, description="attendance to seat (walk-ins included)")
    registered: int | None = Field(default=None, ge=0)
    room_kind: Id = "lecture"
    venue: Id | None = None
    topics: list[str] = Field(default_factory=list)
    topics_zh: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fits_window(self) -> Training:
        if self.duration_min > self.window.end_min - self.window.start_min:
            raise ValueError(
                _(
                    "a {duration_min}-minute course does not fit in its window "
                    "{start:%H:%M}-{end:%H:%M}",
                    duration_min=self.duration_min,
                    start=self.window.start,
                    end=self.window.end,
                )
            )
        return self


class Patient(Strict):
    """A person to be seen: a child with thalassemia, or a relative for HLA matching."""

    id: Id
    name: str | None = None
    family: Id
    relation: Relation = "patient"
    severity: Severity = "unknown"
    age: int | None = Field(default=None, ge=0, le=120)
    arrives: dt.datetime
    leaves: dt.datetime
    needs: list[Id] = Field(min_length=1)
    origin: str | None = None
    travel_km: float | None = Field(default=None, ge=0)
    set_out: dt.time | None = Field(default=None, description="when the family left home")
    phone: str | None = None
    absent: bool = Field(
        default=False,
        description="did not come (a no-show of a re-planned day): nothing of theirs is "
        "planned beyond the history",
    )

    @property
    def is_child(self) -> bool:
        """The patient or a sibling: the children the `siblings_back_to_back` rule is about."""
        return self.relation in ("patient", "sibling")

    @model_validator(mode="after")
    def _leaves_after_arriving(self) -> Patient:
        if self.leaves <= self.arrives:
            raise ValueError(
                _(
                    "leaves at {leaves:%Y-%m-%d %H:%M}, not after arriving at "
                    "{arrives:%Y-%m-%d %H:%M}",
                    leaves=self.leaves,
                    arrives=self.arrives,
                )
            )
        return self
