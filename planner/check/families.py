"""Family rules: block services in one room back to back, and siblings one after the other."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable

from planner.check.context import Context
from planner.check.violation import Violation, span
from planner.model import Appointment
from planner.model.words import gettext as _


def check_family_block(ctx: Context) -> list[Violation]:
    """A family's appointments for a family_block service run back to back in one room."""
    if not ctx.scenario.rules.family_block:
        return []
    groups = _by_family_and_service(ctx, lambda a: ctx.services[a.service].family_block)
    found = []
    for (family, service), appointments in sorted(groups.items()):
        rooms = sorted({f"{a.venue}/{a.room}" for a in appointments})
        if len(rooms) > 1:
            found.append(
                _(
                    "family {family}'s {service} appointments are in rooms {listed}",
                    family=family,
                    service=service,
                    listed=", ".join(rooms),
                )
            )
        found += [
            _(
                "family {family}'s {service} appointments are not back to back: {gap}",
                family=family,
                service=service,
                gap=gap,
            )
            for gap in _gaps(appointments)
        ]
    return [Violation("family-block", message) for message in found]


def check_siblings_back_to_back(ctx: Context) -> list[Violation]:
    """Children of one family with the same (non-block) service follow each other directly."""
    if not ctx.scenario.rules.siblings_back_to_back:
        return []

    def sibling_service(a: Appointment) -> bool:
        is_child = ctx.patients[a.patient].is_child
        return is_child and not ctx.services[a.service].family_block

    groups = _by_family_and_service(ctx, sibling_service)
    return [
        Violation(
            "siblings-back-to-back",
            _(
                "siblings of family {family} for {service}: {gap}",
                family=family,
                service=service,
                gap=gap,
            ),
        )
        for (family, service), appointments in sorted(groups.items())
        for gap in _gaps(appointments)
    ]


def _by_family_and_service(
    ctx: Context, keep: Callable[[Appointment], bool]
) -> dict[tuple[str, str], list[Appointment]]:
    """Appointments `keep` selects, by (family, service), for groups of two or more.

    History is left out: a run under way when the day was re-planned may go on with
    another expert or be broken, as the re-plan's `changes` say (`model.runs`).
    """
    groups: dict[tuple[str, str], list[Appointment]] = defaultdict(list)
    for a in ctx.current:
        if keep(a):
            groups[(ctx.patients[a.patient].family, a.service)].append(a)
    return {key: group for key, group in groups.items() if len(group) > 1}


def _gaps(appointments: list[Appointment]) -> list[str]:
    """Where a group, in order of start, fails to chain end to start."""
    ordered = sorted(appointments, key=lambda a: (a.start, a.end, a.patient))
    return [
        _(
            "{patient} {span} then {patient2} {span2}",
            patient=first.patient,
            span=span(first.start, first.end),
            patient2=second.patient,
            span2=span(second.start, second.end),
        )
        for first, second in itertools.pairwise(ordered)
        if first.end != second.start
    ]
