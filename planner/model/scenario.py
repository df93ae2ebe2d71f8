"""The scenario: everything a planner writes down about one stop of the tour.

Field validation lives here (types, ranges, windows, time zones, unknown keys).
Cross-references between ids are checked in `references.py`, so that the loader can
report every broken reference at once, each at its own place in the file.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from planner.model.common import (
    DayHours,
    Id,
    Location,
    LunchRule,
    Severity,
    Strict,
    TimeRange,
)
from planner.model.crs import gcj02_to_wgs84
from planner.model.plan import Appointment, Break, TrainingSession

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
                f"a {self.duration_min}-minute course does not fit in its window "
                f"{self.window.start:%H:%M}-{self.window.end:%H:%M}"
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
                f"leaves at {self.leaves:%Y-%m-%d %H:%M}, "
                f"not after arriving at {self.arrives:%Y-%m-%d %H:%M}"
            )
        return self


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


class Defaults(Strict):
    """Values that apply unless an expert overrides them."""

    lunch: LunchRule | None = None
    max_patients_per_day: int | None = Field(default=None, ge=1)


class Rules(Strict):
    """Switches for the family rules of the scheduler."""

    family_block: bool = Field(
        default=True,
        description="a family_block service (HLA) is one back-to-back run for the whole "
        "family, in one room, served whole or not at all",
    )
    siblings_back_to_back: bool = Field(
        default=True,
        description="siblings served for the same service are seen one right after the "
        "other; a sibling who cannot fit is left out alone",
    )


def _default_severity_weights() -> dict[Severity, int]:
    return {"severe": 8, "intermediate": 4, "unknown": 2, "carrier": 1}


class Weights(Strict):
    """The weights of the lexicographic objective, all in one place.

    Levels are optimised in order: needs served (by severity), then waiting, then
    balance and room changes, then the finish time. Weights only trade terms off
    within a level.
    """

    severity: dict[Severity, int] = Field(default_factory=_default_severity_weights)
    wait_per_min: int = Field(default=1, ge=0)
    early_or_far_factor: int = Field(
        default=2,
        ge=1,
        description="waiting counts this much more for families who set out "
        "before `early_before` or came further than `far_km`",
    )
    early_before: dt.time = dt.time(7, 0)
    far_km: float = Field(default=150.0, ge=0)
    load_balance: int = Field(default=1, ge=0)
    room_change: int = Field(default=5, ge=0)
    finish: int = Field(default=1, ge=0)


class History(Strict):
    """What happened before a clinic day was re-planned, exactly as published then.

    The checker exempts these entries from the day's rules (hours, arrivals, closed
    rooms, no-shows) because they already happened; they still occupy their experts
    and rooms, so nothing new may overlap them.
    """

    now: dt.datetime = Field(description="the moment of re-planning (local time)")
    appointments: list[Appointment] = Field(default_factory=list)
    trainings: list[TrainingSession] = Field(default_factory=list)
    breaks: dict[str, list[Break]] = Field(
        default_factory=dict, description="lunch breaks started before `now`, by expert id"
    )


class Scenario(Strict):
    """One stop of the tour: the clinic day(s), the course and the home visits."""

    name: str
    name_zh: str | None = None
    timezone: str = "Asia/Shanghai"
    crs: Literal["wgs84", "gcj02"] = "wgs84"
    slot_min: int = Field(default=10, ge=1, le=60)
    notes: str | None = None
    venues: list[Venue] = Field(default_factory=list)
    experts: list[Expert] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    trainings: list[Training] = Field(default_factory=list)
    patients: list[Patient] = Field(default_factory=list)
    visits: Visits | None = None
    defaults: Defaults = Field(default_factory=Defaults)
    rules: Rules = Field(default_factory=Rules)
    weights: Weights = Field(default_factory=Weights)
    history: History | None = Field(
        default=None,
        description="a day under way: what started before `history.now`, exactly as it "
        "happened; exempt from the rules above, but it holds its rooms and experts",
    )

    _base_dir: Path = PrivateAttr(default_factory=Path.cwd)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as 'Asia/Shanghai')"
            ) from None
        return value

    @model_validator(mode="before")
    @classmethod
    def _to_wgs84(cls, data: Any) -> Any:
        """Convert every location of GCJ-02 input to WGS-84, once, before validation."""
        if isinstance(data, dict) and data.get("crs") == "gcj02":
            data = _convert_locations(data)
            data["crs"] = "wgs84"
        return data

    @model_validator(mode="after")
    def _references_hold(self, info: ValidationInfo) -> Scenario:
        if info.context and info.context.get("defer_references"):
            return self
        from planner.model.references import reference_problems

        problems = reference_problems(self)
        if problems:
            raise ValueError("; ".join(f"{p.path}: {p.message}" for p in problems))
        return self

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        """The scenario's time zone."""
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def base_dir(self) -> Path:
        """The folder of the scenario file; relative paths inside it start here."""
        return self._base_dir

    def localize(self, moment: dt.datetime) -> dt.datetime:
        """Attach the scenario's time zone to a naive local time (aware ones convert)."""
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.tz)
        return moment.astimezone(self.tz)

    def at(self, day: dt.date, minute: int) -> dt.datetime:
        """The aware local moment `minute` minutes after midnight of `day`."""
        return self.localize(dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute))

    def clinic_dates(self) -> list[dt.date]:
        """Dates on which any venue is open, in order."""
        return sorted({hours.date for venue in self.venues for hours in venue.open})

    def lunch_for(self, expert: Expert) -> LunchRule | None:
        """The lunch rule that applies to an expert."""
        return expert.lunch or self.defaults.lunch

    def max_patients_for(self, expert: Expert) -> int | None:
        """The daily patient limit that applies to an expert, if any."""
        return expert.max_patients_per_day or self.defaults.max_patients_per_day


def _convert_locations(node: Any) -> Any:
    """A copy of `node` with every {lat, lon} mapping moved from GCJ-02 to WGS-84."""
    if isinstance(node, dict):
        out = {key: _convert_locations(value) for key, value in node.items()}
        lat, lon = out.get("lat"), out.get("lon")
        if isinstance(lat, int | float) and isinstance(lon, int | float) and len(out) == 2:
            out["lat"], out["lon"] = (round(v, 7) for v in gcj02_to_wgs84(lat, lon))
        return out
    if isinstance(node, list):
        return [_convert_locations(item) for item in node]
    return node
