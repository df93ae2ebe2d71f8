"""The plan: what `planner solve` writes to `plan.json`.

Times are aware datetimes and serialise as ISO 8601 with their UTC offset. Every
(patient, service) need appears once, in `appointments` or `unserved`; every household
once, in `routes` or `unvisited`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

Status = Literal["optimal", "feasible"]


class PlanModel(BaseModel):
    """Base of the plan's models (extra keys are kept out)."""

    model_config = ConfigDict(extra="forbid")


class Appointment(PlanModel):
    """One service for one patient: who, where and when."""

    patient: str
    service: str
    experts: list[str]
    venue: str
    room: str
    start: AwareDatetime
    end: AwareDatetime


class TrainingSession(PlanModel):
    """When and where a course runs, and who lectures it."""

    training: str
    lecturers: list[str]
    venue: str
    room: str
    start: AwareDatetime
    end: AwareDatetime


class Unserved(PlanModel):
    """A need that the plan does not serve, with a reason a coordinator understands."""

    patient: str
    service: str
    reason: str
    code: str = Field(
        "", description="why, as a stable code beside the words (docs/outputs-and-maps.md)"
    )


class Break(PlanModel):
    """A break taken on a route or by an expert."""

    start: AwareDatetime
    end: AwareDatetime


class RouteVisit(PlanModel):
    """One household on a route: arrival, and the visit's start and end.

    `status` is set on the visits of days that have passed when a plan is re-planned:
    what the team marked (visited, not_home, refused, moved), or not_reached; or
    unknown on a team-day from which no status came back (kept as published, placing
    its household). A not_home or not_reached visit did not happen, so the household is
    placed again (on a later route, or in unvisited).
    """

    household: str
    arrive: AwareDatetime
    start: AwareDatetime
    end: AwareDatetime
    status: str | None = None


class Route(PlanModel):
    """One team's day."""

    team: str
    day: dt.date
    depart: AwareDatetime | None = None
    back: AwareDatetime | None = None
    distance_km: float
    drive_min: int
    visits: list[RouteVisit]
    breaks: list[Break] = Field(default_factory=list)


class Unvisited(PlanModel):
    """A household that no route visits, with the reason."""

    household: str
    reason: str
    code: str = Field(
        "", description="why, as a stable code beside the words (docs/outputs-and-maps.md)"
    )


class SolverInfo(PlanModel):
    """How the plan was found: figures of the last solve."""

    wall_s: float
    objective: float
    bound: float
    gap: float
    seed: int = 0
    time_limit_s: float | None = None
    schedule_status: str | None = None
    routing_status: str | None = None
    routing_engine: str | None = None
    terms: dict[str, float] = Field(default_factory=dict)


ChangeKind = Literal["kept", "moved", "cancelled", "new"]


class Placing(PlanModel):
    """Where and when a published or a re-planned entry is: an appointment or a visit."""

    experts: list[str] = Field(default_factory=list)
    venue: str | None = None
    room: str | None = None
    team: str | None = None
    day: dt.date | None = None
    start: AwareDatetime
    end: AwareDatetime


class DiffEntry(PlanModel):
    """What re-planning did to one published appointment, course or visit, or to a new need.

    `kept` has `from` and `to` equal; `moved` has both; `cancelled` has only `from` and a
    reason; `new` (a walk-in served) has only `to`.
    """

    model_config = ConfigDict(extra="forbid", validate_by_name=True, serialize_by_alias=True)

    patient: str | None = None
    household: str | None = None
    training: str | None = None
    service: str | None = None
    what: ChangeKind
    from_: Placing | None = Field(default=None, alias="from")
    to: Placing | None = None
    reason: str = ""
    code: str = Field(
        "", description="why, as a stable code beside the words (docs/outputs-and-maps.md)"
    )


class Plan(PlanModel):
    """The plan of one stop."""

    scenario: str
    status: Status
    appointments: list[Appointment] = Field(default_factory=list)
    trainings: list[TrainingSession] = Field(default_factory=list)
    unserved: list[Unserved] = Field(default_factory=list)
    routes: list[Route] = Field(default_factory=list)
    unvisited: list[Unvisited] = Field(default_factory=list)
    breaks: dict[str, list[Break]] = Field(
        default_factory=dict, description="lunch breaks by expert id"
    )
    solver: SolverInfo
    changes: list[DiffEntry] = Field(
        default_factory=list,
        description="a re-planned day: what changed against the published plan",
    )


def safe_name(text: str) -> str:
    """`text` with anything but letters, digits, '.', '_' and '-' replaced by '_'."""
    return re.sub(r"[^\w.-]", "_", text)


def route_file_stem(team: str, day: dt.date) -> str:
    """`<team>-<day>`: the name a route's map and its paper route sheet share."""
    return f"{safe_name(team)}-{day.isoformat()}"


def tel_link(phone: str) -> str:
    """A `tel:` link that dials `phone` (spaces and dashes dropped)."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)
