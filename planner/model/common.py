"""Small value types shared by the scenario and the plan."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from planner.model.words import gettext as _

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
"""An identifier: a short non-empty string, unique within its list."""


def _known_zone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            _("unknown time zone {value!r} (use an IANA name such as 'Asia/Shanghai')", value=value)
        ) from None
    return value


TimeZoneName = Annotated[str, AfterValidator(_known_zone)]
"""An IANA time zone name, such as `Asia/Shanghai`."""

Severity = Literal["severe", "intermediate", "carrier", "unknown"]
SEVERITIES: tuple[Severity, ...] = ("severe", "intermediate", "carrier", "unknown")


class Strict(BaseModel):
    """Base of every scenario model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


class Location(Strict):
    """A point in WGS-84 degrees (after any GCJ-02 input has been converted)."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class TimeRange(Strict):
    """A span of local clock time within one day, such as a window or a shift."""

    start: dt.time
    end: dt.time

    @model_validator(mode="after")
    def _ends_after_start(self) -> TimeRange:
        if self.end <= self.start:
            raise ValueError(
                _(
                    "ends at {end:%H:%M}, not after its start {start:%H:%M}",
                    end=self.end,
                    start=self.start,
                )
            )
        return self

    @property
    def start_min(self) -> int:
        """Minutes after midnight at which the range starts."""
        return self.start.hour * 60 + self.start.minute

    @property
    def end_min(self) -> int:
        """Minutes after midnight at which the range ends."""
        return self.end.hour * 60 + self.end.minute


class DayHours(TimeRange):
    """Opening hours or availability on one date."""

    date: dt.date


class LunchRule(Strict):
    """A break of at least `duration_min` minutes, taken wholly inside `window`."""

    window: TimeRange
    duration_min: int = Field(gt=0, le=240)

    @model_validator(mode="after")
    def _fits_window(self) -> LunchRule:
        if self.duration_min > self.window.end_min - self.window.start_min:
            raise ValueError(
                _(
                    "a {duration_min}-minute break does not fit in its window "
                    "{start:%H:%M}-{end:%H:%M}",
                    duration_min=self.duration_min,
                    start=self.window.start,
                    end=self.window.end,
                )
            )
        return self
