"""The home-visit side of a stop: travel estimates, teams and households."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from planner.model.common import Id, Location, LunchRule, Strict, TimeRange


class Travel(Strict):
    """How driving times are estimated: great circle x circuity / speed, or a matrix."""

    circuity: float = Field(default=1.5, ge=1.0, le=4.0)
    speed_kmh: float = Field(default=35.0, gt=0, le=130)
    matrix: str | None = Field(
        default=None,
        description="CSV of measured times (columns from,to,minutes[,km]); ids of team "
        "starts and households; path relative to the scenario file",
    )


class Team(Strict):
    """A visiting team: one route per day it works."""

    id: Id
    name: str | None = None
    members: list[str] = Field(default_factory=list)
    phone: str | None = None
    start: Location
    start_name: str | None = None
    end: Location | None = None
    shift: TimeRange
    lunch: LunchRule | None = None
    max_drive_min: int | None = Field(default=None, gt=0)
    days: list[dt.date] | None = None
    skills: list[Id] = Field(default_factory=list)


class Household(Strict):
    """A family to visit at home."""

    id: Id
    name: str | None = None
    village: str
    address: str | None = None
    location: Location
    windows: list[TimeRange] = Field(default_factory=list)
    service_min: int = Field(default=45, gt=0, le=480)
    required: bool = True
    priority: int = Field(default=2, ge=1, le=3, description="1 = most important")
    needs: list[Id] = Field(default_factory=list)
    days: list[dt.date] | None = None
    patients: list[Id] = Field(default_factory=list)
    contact: str | None = None
    phone: str | None = None
    purpose: str | None = None
    purpose_zh: str | None = None


class Visits(Strict):
    """The home-visit days that follow the clinic."""

    days: list[dt.date] = Field(min_length=1)
    travel: Travel = Field(default_factory=Travel)
    lunch: LunchRule | None = None
    teams: list[Team] = Field(min_length=1)
    households: list[Household] = Field(default_factory=list)
