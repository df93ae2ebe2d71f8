"""The scenario: everything a planner writes down about one stop of the tour.

Field validation lives here and in the parts' modules (`clinic.py`, `visits.py`): types,
ranges, windows, time zones, unknown keys. Cross-references between ids are checked in
`references.py`, so that the loader can report every broken reference at once, each at
its own place in the file.
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
    model_validator,
)

from planner.model.clinic import Buffers, Expert, Patient, Service, Training, Venue
from planner.model.common import LunchRule, Severity, Strict, TimeZoneName
from planner.model.crs import gcj02_to_wgs84
from planner.model.notify import Notify
from planner.model.plan import Appointment, Break, TrainingSession
from planner.model.references import reference_problems
from planner.model.travel import MeasuredTimes
from planner.model.visits import Visits


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
    """The weights of the scheduler's objective, all in one place.

    The objective has two levels, optimised in order. First, needs served, each worth
    its patient's `severity` weight: no comfort is bought with a need left out. Then, of
    the plans that serve as much, the one with the least sum of `wait_per_min` x the
    families' waiting minutes (x `early_or_far_factor` for those who set out before
    `early_before` or came further than `far_km`), `load_balance` x the spread of work
    between experts of a skill, and `finish` x the minutes to each day's last appointment.
    Rooms of a kind are handed out afterwards with the fewest room changes.
    """

    severity: dict[Severity, int] = Field(
        default_factory=_default_severity_weights,
        description="what serving one need of a patient of this severity is worth",
    )
    wait_per_min: int = Field(
        default=1, ge=0, description="cost of a minute a patient waits in the clinic"
    )
    early_or_far_factor: int = Field(
        default=2,
        ge=1,
        description="waiting counts this much more for families who set out "
        "before `early_before` or came further than `far_km`",
    )
    early_before: dt.time = dt.time(7, 0)
    far_km: float = Field(default=150.0, ge=0)
    load_balance: int = Field(
        default=1,
        ge=0,
        description="cost of a minute between the busiest and the idlest expert of a skill",
    )
    finish: int = Field(
        default=1,
        ge=0,
        description="cost of a minute later that a clinic day's last appointment ends",
    )


class History(Strict):
    """What happened before a clinic day was re-planned, exactly as published then.

    The checker exempts these entries from the day's rules (hours, arrivals, closed
    rooms, no-shows) because they already happened; they still occupy their experts
    and rooms, so nothing new may overlap them. Only what started before `now` is
    history: the later members of a family's run under way (an HLA block, siblings back
    to back) are not.
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
    timezone: TimeZoneName = "Asia/Shanghai"
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
    buffers: Buffers | None = Field(
        default=None,
        description="free minutes per expert per clock hour (absent: none are kept)",
    )
    notify: Notify | None = Field(
        default=None,
        description="text messages to families, households and experts: signature, "
        "contact number and templates (absent: the defaults)",
    )
    history: History | None = Field(
        default=None,
        description="a day under way: what started before `history.now`, exactly as it "
        "happened; exempt from the rules above, but it holds its rooms and experts",
    )

    _base_dir: Path = PrivateAttr(default_factory=Path.cwd)
    _measured_times: MeasuredTimes | None = PrivateAttr(default=None)
    """The travel matrix file's legs, read by the loader (`planner/files/scenario.py`)."""

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

    @property
    def measured_times(self) -> MeasuredTimes:
        """The legs of the travel matrix file, as the loader read them; none without one.

        Raises:
            RuntimeError: the scenario names a matrix file that was never read (a
                scenario made in code rather than loaded).
        """
        matrix = self.visits.travel.matrix if self.visits else None
        if not matrix:
            return {}
        if self._measured_times is None:
            raise RuntimeError(f"the travel matrix {matrix} was not read: load the scenario")
        return self._measured_times

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

    def free_min_for(self, expert: Expert) -> int:
        """The free minutes an expert keeps in every clock hour (0 without buffers)."""
        if self.buffers is None:
            return 0
        return self.buffers.experts.get(expert.id, self.buffers.free_min_per_hour)

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
