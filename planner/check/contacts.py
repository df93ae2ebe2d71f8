"""Warnings about reaching people: who has no phone number, and values the SMS consoles refuse.

The call list and the text messages (`DIR/notify/`) are only as good as the numbers in the
scenario, so `validate` says whom they could not reach, and `solve` says it again beside its
summary (after the plan, so that the progress and an unusable `--out` come first). These are
warnings, not errors: a plan can be made without them.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.model import Scenario
from planner.model.notify import console_problems, desk_team
from planner.model.words import N_, translate

SHOWN = 6
"""Ids listed in one warning; the rest are counted."""

NO_FAMILY_PHONE = N_(
    "warning: {count} families have no phone number ({ids}): the call list and the text "
    "messages cannot reach them"
)
NO_EXPERT_PHONE = N_(
    "warning: {count} experts have no phone number ({ids}): the call list and the text "
    "messages of a re-plan cannot reach them"
)
NO_HOUSEHOLD_PHONE = N_(
    "warning: {count} households have no phone number ({ids}): the call list and the text "
    "messages cannot reach them"
)
NO_HOUSEHOLD_CONTACT = N_(
    "warning: {count} households have no contact ({ids}): give the name of the person to ask for"
)
NO_CONTACT = N_(
    "warning: no number to call back (notify.contact, or a visiting team's phone): the text "
    "messages give none"
)
DESK_CONTACT = N_(
    "warning: notify.contact is not set: the text messages give the phone of team {team} "
    "({phone}) to call back, and those of a home visit their team's"
)
CONSOLE_VALUE = N_("warning: text messages: {what} {value!r}: {problem}")


def contact_warnings(scenario: Scenario, lang: str) -> list[str]:
    """Every warning about phone numbers and contacts, in `lang`."""
    found = []
    families = {p.family for p in scenario.patients}
    reachable = {p.family for p in scenario.patients if p.phone}
    found += _missing(lang, NO_FAMILY_PHONE, sorted(families - reachable))
    found += _missing(lang, NO_EXPERT_PHONE, [e.id for e in scenario.experts if not e.phone])
    households = scenario.visits.households if scenario.visits else []
    found += _missing(lang, NO_HOUSEHOLD_PHONE, [h.id for h in households if not h.phone])
    found += _missing(lang, NO_HOUSEHOLD_CONTACT, [h.id for h in households if not h.contact])
    if (scenario.patients or households) and not (scenario.notify and scenario.notify.contact):
        desk = desk_team(scenario.visits.teams if scenario.visits else [])
        found.append(
            translate(lang, DESK_CONTACT, team=desk.id, phone=desk.phone)
            if desk is not None
            else translate(lang, NO_CONTACT)
        )
    return found + _console_warnings(scenario, lang)


def _missing(lang: str, message: str, ids: list[str]) -> list[str]:
    if not ids:
        return []
    shown = ", ".join(ids[:SHOWN]) + (", …" if len(ids) > SHOWN else "")
    return [translate(lang, message, count=len(ids), ids=shown)]


def _console_warnings(scenario: Scenario, lang: str) -> list[str]:
    """The values a text would carry that an SMS console would refuse in a variable."""
    warnings = []
    for what, value in _variable_values(scenario, lang):
        for problem in console_problems(value, lang):
            warnings.append(translate(lang, CONSOLE_VALUE, what=what, value=value, problem=problem))
    return warnings


def _variable_values(scenario: Scenario, lang: str) -> Iterable[tuple[str, str]]:
    """(where it comes from, value) for the names and places the texts would carry."""

    def pick(name: str, name_zh: str | None) -> str:
        return name_zh if lang == "zh" and name_zh else name

    for venue in scenario.venues:
        yield f"venues {venue.id}", pick(venue.name, venue.name_zh)
    households = scenario.visits.households if scenario.visits else []
    for household in households:
        yield f"households {household.id}", household.contact or household.name or ""
        yield f"households {household.id}", household.village
    for patient in scenario.patients:
        if patient.relation == "patient" and patient.name:
            yield f"patients {patient.id}", patient.name
    if scenario.notify and scenario.notify.contact:
        yield "notify.contact", scenario.notify.contact
