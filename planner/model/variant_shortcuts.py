"""`--vary KEY=V1,V2,...`: variants for the common what-if questions, without a file.

- `teams=4,6,8`: only the first N visit teams;
- `visit_days=2,3`: only the first N home-visit days (teams and households that were
  only for the days cut are left out of that variant);
- `drop_expert=hem-1,hem-2`: without that expert (`hem-1+hem-2` drops both at once);
- `patients=1.0,1.5,2.0`: registrations scaled by that factor. Fewer keeps whole
  families, in file order; more adds families shaped like the stop's own (members,
  severities, needs) who come and travel the way `planner generate` draws it, within
  the hours families come to this stop.

Each value becomes one variant named `KEY=VALUE`, whose merge patch replaces the lists
it changes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from planner.model import Scenario, Visits
from planner.model.errors import InputError
from planner.model.synthetic import family_timing
from planner.model.variants import Variant
from planner.model.words import gettext as _

Patch = dict[str, Any]


def vary_variants(specs: list[str], base: dict[str, Any], scenario: Scenario) -> list[Variant]:
    """The variants of every `--vary` option, in order.

    Args:
        specs: the options' values, such as `teams=4,6,8`.
        base: the scenario document (tables read in), which the patches replace parts of.
        scenario: the same scenario, validated.

    Raises:
        InputError: every option that cannot be used, with the reason.
    """
    variants, problems = [], []
    for spec in specs:
        key, _equals, values = spec.partition("=")
        make = SHORTCUTS.get(key.strip())
        if make is None or not values.strip():
            problems.append(
                _(
                    "--vary {spec}: expected KEY=V1,V2,... with KEY one of {listed}",
                    spec=spec,
                    listed=", ".join(SHORTCUTS),
                )
            )
            continue
        for value in (v.strip() for v in values.split(",")):
            try:
                patch = make(value, base, scenario)
            except ValueError as error:
                problems.append(
                    _("--vary {key}={value}: {error}", key=key, value=value, error=error)
                )
                continue
            name = f"{key.strip()}={value}"
            variants.append(Variant(name=name, patch=patch))
    if problems:
        raise InputError(problems)
    return variants


def _count(value: str, what: str, available: int) -> int:
    try:
        count = int(value)
    except ValueError:
        raise ValueError(
            _("'{value}' is not a whole number of {what}", value=value, what=what)
        ) from None
    if not 1 <= count <= available:
        raise ValueError(
            _(
                "the scenario has {available} {what}; ask for 1 to {available}",
                available=available,
                what=what,
            )
        )
    return count


def _visits(scenario: Scenario) -> Visits:
    if scenario.visits is None:
        raise ValueError(_("the scenario has no home visits"))
    return scenario.visits


def first_teams(value: str, base: dict[str, Any], scenario: Scenario) -> Patch:
    """The first N teams of the scenario."""
    _visits(scenario)
    teams = base["visits"]["teams"]
    return {"visits": {"teams": teams[: _count(value, "visit teams", len(teams))]}}


def first_visit_days(value: str, base: dict[str, Any], scenario: Scenario) -> Patch:
    """The first N home-visit days; teams and households lose the days that are gone."""
    visits_model = _visits(scenario)
    kept = sorted(visits_model.days)[: _count(value, "home-visit days", len(visits_model.days))]
    visits = base["visits"]
    patch: Patch = {"days": [day.isoformat() for day in kept]}
    if any(team.days is not None for team in visits_model.teams):
        patch["teams"] = _trim_days(visits["teams"], [t.days for t in visits_model.teams], kept)
    if any(household.days is not None for household in visits_model.households):
        patch["households"] = _trim_days(
            visits["households"], [h.days for h in visits_model.households], kept
        )
    return {"visits": patch}


def _trim_days(
    raws: list[dict], days: list[list[dt.date] | None], kept: list[dt.date]
) -> list[dict]:
    """Entries whose own `days` keep only the kept ones (an entry without `days` is left).

    An entry with none of its days left is left out: a team with no day has no route,
    and a household that may be visited on none of the days cannot be (the router has no
    reason text for an empty list of days).
    """
    trimmed = []
    for raw, own in zip(raws, days, strict=True):
        if own is None:
            trimmed.append(raw)
        elif left := [day.isoformat() for day in own if day in kept]:
            trimmed.append({**raw, "days": left})
    return trimmed


def drop_experts(value: str, base: dict[str, Any], scenario: Scenario) -> Patch:
    """The scenario without the named experts (`hem-1+hem-2` drops both)."""
    dropped = {name.strip() for name in value.split("+")}
    known = {expert.id for expert in scenario.experts}
    unknown = sorted(dropped - known)
    if unknown:
        raise ValueError(
            _(
                "no expert '{unknown}' (known: {listed})",
                unknown=unknown[0],
                listed=", ".join(sorted(known)),
            )
        )
    experts = base["experts"]
    return {"experts": [raw for raw, e in zip(experts, scenario.experts, strict=True)
                        if e.id not in dropped]}  # fmt: skip


def scaled_patients(value: str, base: dict[str, Any], scenario: Scenario) -> Patch:
    """Registrations scaled by a factor: whole families dropped, or new ones added."""
    try:
        factor = float(value)
    except ValueError:
        raise ValueError(
            _("'{value}' is not a number (a factor such as 1.5)", value=value)
        ) from None
    if not 0 < factor <= 20 or not scenario.patients:
        raise ValueError(_("the factor must be above 0 and at most 20, with patients to scale"))
    raw = base["patients"]
    target = max(1, round(factor * len(raw)))
    if target <= len(raw):
        patients = _whole_families(raw, scenario, target)
        kept = {p["id"] for p in patients}
        patch: Patch = {"patients": patients}
        if scenario.visits and any(set(h.patients) - kept for h in scenario.visits.households):
            patch["visits"] = {"households": [
                {**h, "patients": [p for p in h.get("patients", []) if p in kept]}
                for h in base["visits"]["households"]
            ]}  # fmt: skip
        return patch
    return {"patients": raw + _new_families(raw, scenario, target - len(raw))}


def _whole_families(raw: list[dict], scenario: Scenario, target: int) -> list[dict]:
    """The first families, in file order, that fit in `target` patients (at least one)."""
    keep: set[str] = set()
    count = 0
    for patient in scenario.patients:
        if patient.family in keep:
            continue
        size = sum(1 for p in scenario.patients if p.family == patient.family)
        if keep and count + size > target:
            break
        keep.add(patient.family)
        count += size
    return [p for p, model in zip(raw, scenario.patients, strict=True) if model.family in keep]


def _new_families(raw: list[dict], scenario: Scenario, count: int) -> list[dict]:
    """`count` new registrations: families shaped like the stop's, timed like generated ones."""
    rng = random.Random(count)  # the same question gives the same families
    families: dict[str, list[dict]] = {}
    for patient, model in zip(raw, scenario.patients, strict=True):
        families.setdefault(model.family, []).append(patient)
    hours = _hours_by_day(scenario)
    taken = {p.id for p in scenario.patients} | {p.family for p in scenario.patients}
    added: list[dict] = []
    number = 0
    while len(added) < count:
        number += 1
        family = f"new{number:03d}"
        if family in taken or f"{family}-1" in taken:
            continue
        day = sorted(hours)[number % len(hours)]
        timing = family_timing(rng, day, *hours[day])
        for index, member in enumerate(rng.choice(list(families.values()))):
            fresh = {k: v for k, v in member.items() if k not in ("name", "phone", "set_out")}
            added.append({**fresh, **timing, "id": f"{family}-{index + 1}", "family": family})
    return added[:count]


def _hours_by_day(scenario: Scenario) -> dict[dt.date, tuple[dt.time, dt.time, dt.time]]:
    """Per clinic day: the first and last arrival of the stop's families, and the closing."""
    hours: dict[dt.date, tuple[dt.time, dt.time, dt.time]] = {}
    for patient in scenario.patients:
        day = patient.arrives.date()
        first, last, closes = hours.get(day, (dt.time.max, dt.time.min, dt.time.min))
        arrives, leaves = patient.arrives.time(), patient.leaves.time()
        hours[day] = (min(first, arrives), max(last, arrives), max(closes, leaves))
    return hours


SHORTCUTS: dict[str, Callable[[str, dict[str, Any], Scenario], Patch]] = {
    "teams": first_teams,
    "visit_days": first_visit_days,
    "drop_expert": drop_experts,
    "patients": scaled_patients,
}
"""Every `--vary` key and the function that makes its patch from one value."""
