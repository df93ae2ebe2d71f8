"""The chance a simulated day runs under (`planner simulate --variability V.yaml`).

Every figure has a default from the outpatient-scheduling literature or from the
programme's own stops (docs/how-it-plans.md, "Simulating a day", gives the sources):

- `no_show`: the share of registered patients who do not come. 0.15 sits inside the
  range Dantas et al. (2018, Health Policy 122:412-421) found across 105 studies (13.2 %
  in Oceania to 43.0 % in Africa, 23 % on average); families here register a few days
  ahead with the foundation, which keeps it at the low end.
- `service_cv`: the coefficient of variation of consultation lengths, which are
  lognormal with their planned length as the mean (the lognormal model of Cayirli,
  Veral and Rosen, 2006, Health Care Manag Sci 9:47-58; Cayirli and Veral's 2003
  review finds CVs of about 0.35 to 0.85 in the studies it covers).
- `arrival_late_min`: the mean lateness of a family (exponential), after their
  `arrives` time.
- `walk_ins_per_hour`: unregistered patients (a Poisson process over the opening
  hours). 1 per hour adds about 40 % to the shipped Zhaotong day (27 patients, 11 hours
  open), near the half again that the programme saw at Zhaotong (240 came where 160 had
  registered).
- `expert_late`: the chance that an expert arrives late on a day, and by how much.

Each of the first three may be given once for all, or per severity (no-shows,
lateness) or per service (spread), with `default` for the rest.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from planner.model.common import Id, Severity, Strict

DEFAULT_NO_SHOW = 0.15
DEFAULT_SERVICE_CV = 0.5
DEFAULT_ARRIVAL_LATE_MIN = 10.0
DEFAULT_WALK_INS_PER_HOUR = 1.0
DEFAULT_EXPERT_LATE_PROBABILITY = 0.1
DEFAULT_EXPERT_LATE_MIN = 60.0

Probability = Annotated[float, Field(ge=0, le=1)]
Spread = Annotated[float, Field(ge=0, le=5)]
Minutes = Annotated[float, Field(ge=0, le=600)]
SeverityKey = Literal["default", "severe", "intermediate", "carrier", "unknown"]


def _by_severity(value: float) -> dict[SeverityKey, float]:
    return {"default": value}


def _per_key(value: Any) -> Any:
    """A single number stands for every severity or service: `{default: number}`."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"default": value}
    return value


class ExpertLate(Strict):
    """The chance that an expert arrives late on a clinic day, and by how many minutes."""

    probability: Probability = DEFAULT_EXPERT_LATE_PROBABILITY
    minutes: Minutes = DEFAULT_EXPERT_LATE_MIN


class Variability(Strict):
    """What chance does to a planned day: no-shows, spread, lateness, walk-ins, experts."""

    no_show: dict[SeverityKey, Probability] = Field(
        default_factory=lambda: _by_severity(DEFAULT_NO_SHOW),
        description="probability that a registered patient does not come; or by severity",
    )
    service_cv: dict[Id, Spread] = Field(
        default_factory=lambda: {"default": DEFAULT_SERVICE_CV},
        description="spread of consultation lengths (lognormal, mean = planned); or by service",
    )
    arrival_late_min: dict[SeverityKey, Minutes] = Field(
        default_factory=lambda: _by_severity(DEFAULT_ARRIVAL_LATE_MIN),
        description="mean lateness of families after their `arrives` (exponential); or by severity",
    )
    walk_ins_per_hour: Annotated[float, Field(ge=0, le=60)] = DEFAULT_WALK_INS_PER_HOUR
    expert_late: ExpertLate = Field(default_factory=ExpertLate)

    @field_validator("no_show", "service_cv", "arrival_late_min", mode="before")
    @classmethod
    def _one_for_all(cls, value: Any) -> Any:
        return _per_key(value)

    def no_show_for(self, severity: Severity) -> float:
        """The no-show probability of a patient of this severity."""
        return self.no_show.get(severity, self.no_show.get("default", DEFAULT_NO_SHOW))

    def late_for(self, severity: Severity) -> float:
        """The mean lateness, in minutes, of a patient of this severity."""
        fallback = self.arrival_late_min.get("default", DEFAULT_ARRIVAL_LATE_MIN)
        return self.arrival_late_min.get(severity, fallback)

    def cv_for(self, service: str) -> float:
        """The coefficient of variation of this service's length."""
        return self.service_cv.get(service, self.service_cv.get("default", DEFAULT_SERVICE_CV))


def no_chance() -> Variability:
    """Every chance at zero: the plan replays exactly."""
    return Variability(
        no_show={"default": 0.0}, service_cv={"default": 0.0}, arrival_late_min={"default": 0.0},
        walk_ins_per_hour=0.0, expert_late=ExpertLate(probability=0.0, minutes=0.0),
    )  # fmt: skip
