"""`planner fit`: the earliest options for walk-ins' needs that move nobody else, and the
desk's booking of one of them (`--book`), which `planner replan` then keeps."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from planner.files.changes import append_walk_ins
from planner.model import Patient, Plan, Scenario, Unserved
from planner.model.changes import Booking, WalkIn
from planner.model.errors import InputError
from planner.model.fit import FitResult, Option
from planner.model.words import gettext as _
from planner.printouts.walk_in import report_data, report_json, report_text
from solver.fit import fit_walk_in, with_first_options

LETTERS = "abcdefghijklmnopqrst"
"""The options' letters, as the listing reads them out (at most 20 options per need)."""


@dataclass(frozen=True)
class Fitted:
    """Walk-ins' options, and how the desk reads them out.

    Attributes:
        scenario: the day they were fitted into (without them).
        published: its plan, which nothing of the fit moves.
        walk_ins: one walk-in, or a family's, in the order they were fitted: each one's
            options fit with the first options of those before.
        results: each walk-in's options.
        family: the walk-ins were given as a list (the JSON is a list too).
    """

    scenario: Scenario
    published: Plan
    walk_ins: list[Patient]
    results: list[FitResult]
    family: bool = False

    def text(self, lang: str) -> str:
        """The options as the reception desk reads them out, in `lang` (zh or en)."""
        last = len(self.walk_ins) - 1
        return "".join(
            report_text(self.scenario, walk_in, result, lang, foot=i == last)
            for i, (walk_in, result) in enumerate(zip(self.walk_ins, self.results, strict=True))
        )

    def json(self) -> str:
        """The options as JSON, for tools: one walk-in's, or a list for a family."""
        if not self.family:
            return report_json(self.results[0])
        data = [report_data(result) for result in self.results]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def fit(
    scenario: Scenario, published: Plan, walk_ins: Patient | list[Patient], per_need: int = 3
) -> Fitted:
    """Up to `per_need` options for each need of each walk-in in the published plan.

    A family (a list) is fitted one after the other, each around the first options of
    those before, so that a family's block (HLA) stays together. The scenario, the plan
    and the walk-ins must have been checked together (`files.walk_in.load_walk_ins` and
    `files.plan.plan_problems`).
    """
    people = [walk_ins] if isinstance(walk_ins, Patient) else list(walk_ins)
    day, plan, results = scenario, published, []
    for person in people:
        result = fit_walk_in(day, plan, person, per_need=per_need)
        results.append(result)
        day = day.model_copy(update={"patients": [*day.patients, person]})
        plan = with_first_options(plan, person, result)
    return Fitted(scenario, published, people, results, family=isinstance(walk_ins, list))


@dataclass(frozen=True)
class Booked:
    """Walk-ins booked into a changes file.

    Attributes:
        walk_ins: the walk-ins as written, with their bookings.
        changes: the changes file.
        letter: the option booked.
        created: the file was new, with `now` at the walk-ins' earliest arrival.
    """

    walk_ins: list[WalkIn]
    changes: Path
    letter: str
    created: dt.datetime | None

    @property
    def summary(self) -> str:
        """Each booked time, and what `now` a new file was given."""
        times = [f"{w.id} {b.need} {b.start:%H:%M}–{b.end:%H:%M}"
                 for w in self.walk_ins for b in w.booked]  # fmt: skip
        booked = ", ".join(times) or _("no need had an option")
        if self.created is not None:
            return _("booked option {letter} in {changes}: {booked} (created with now: "
                     "{created:%Y-%m-%dT%H:%M}, the arrival; set it when re-planning); "
                     "`planner replan` keeps these times", letter=self.letter,
                     changes=self.changes, booked=booked, created=self.created)  # fmt: skip
        return _("booked option {letter} in {changes}: {booked}; `planner replan` keeps these "
                 "times", letter=self.letter, changes=self.changes, booked=booked)  # fmt: skip


def book_into(fitted: Fitted, letter: str, changes: Path) -> Booked:
    """Book option `letter` (`book`) and add the walk-ins to the changes file; a new file
    gets `now` at the walk-ins' earliest arrival.

    Raises:
        InputError: as `book`.
        OutputError: the changes file cannot be written.
    """
    walk_ins = book(fitted, letter)
    arrivals = [fitted.scenario.localize(w.arrives) for w in walk_ins]
    now = min(arrivals).replace(tzinfo=None)
    created = append_walk_ins(changes, walk_ins, now)
    return Booked(walk_ins, changes, letter, now if created else None)


def book(fitted: Fitted, letter: str) -> list[WalkIn]:
    """The walk-ins with option `letter` booked, for the changes file.

    One walk-in takes option `letter` of each need. A family's first walk-in does; each
    other member is then fitted again around the bookings before theirs and takes its
    first options, so that the family's block (HLA) stays together wherever the family
    chose it (with `a`, exactly the a) options listed). Needs without any option are left
    unbooked, for the re-plan to place. The walk-ins come in the order of the family's
    block, the order the re-plan keeps it in.

    Raises:
        InputError: a need has no option `letter`, or the chosen options do not fit
            together (each rule they would break, as the checker words it).
    """
    from planner.check import check_plan

    day, plan = fitted.scenario, fitted.published
    chosen: list[tuple[Patient, list[Option]]] = []
    for i, walk_in in enumerate(fitted.walk_ins):
        pick = letter if i == 0 else "a"
        result = fitted.results[0] if i == 0 else fit_walk_in(day, plan, walk_in, per_need=1)
        options = _options(walk_in, result, pick)
        chosen.append((walk_in, options))
        day = day.model_copy(update={"patients": [*day.patients, walk_in]})
        plan = _with_options(plan, [(walk_in, options)])
    before = {str(v) for v in check_plan(fitted.scenario, fitted.published)}
    broken = [str(v) for v in check_plan(day, plan) if str(v) not in before]
    if broken:
        raise InputError([f"--book {letter}: these options do not fit together:", *broken])
    booked = [_walk_in(walk_in, options, letter) for walk_in, options in chosen]
    return sorted(booked, key=lambda w: _block_start(fitted.scenario, w))


def _options(walk_in: Patient, result: FitResult, letter: str) -> list[Option]:
    """Option `letter` of each need that has options.

    Raises:
        InputError: a need has options, but not that many.
    """
    index, options, problems = LETTERS.index(letter), [], []
    for need in result.needs:
        if index < len(need.options):
            options.append(need.options[index])
        elif need.options:
            last = LETTERS[len(need.options) - 1]
            problems.append(
                _(
                    "--book {letter}: {id}'s {service} has options a–{last}",
                    letter=letter,
                    id=walk_in.id,
                    service=need.service,
                    last=last,
                )
            )
    if problems:
        raise InputError(problems)
    return options


def _with_options(plan: Plan, chosen: list[tuple[Patient, list[Option]]]) -> Plan:
    """The plan with the chosen options booked, and the lunches they bring; the needs
    left unbooked are unserved, so that nothing is lost."""
    breaks = {expert: list(items) for expert, items in plan.breaks.items()}
    added, unserved = [], []
    for walk_in, options in chosen:
        for option in options:
            added.append(option.appointment(walk_in.id))
            for expert, lunch in option.lunch:
                breaks.setdefault(expert, []).append(lunch)
        booked = {o.service for o in options}
        unserved += [Unserved(patient=walk_in.id, service=n, reason="not booked at the desk")
                     for n in walk_in.needs if n not in booked]  # fmt: skip
    return plan.model_copy(update={
        "appointments": [*plan.appointments, *added], "unserved": [*plan.unserved, *unserved],
        "breaks": breaks,
    })  # fmt: skip


def _walk_in(walk_in: Patient, options: list[Option], letter: str) -> WalkIn:
    # The options are in the scenario's time zone: written as local time, as `now` is.
    booked = [
        Booking(need=o.service, start=o.start.replace(tzinfo=None),
                end=o.end.replace(tzinfo=None), venue=o.venue, room=o.room,
                experts=list(o.experts), option=letter)
        for o in options
    ]  # fmt: skip
    return WalkIn.model_validate({**walk_in.model_dump(), "booked": booked})


def _block_start(scenario: Scenario, walk_in: WalkIn) -> tuple:
    """Where a walk-in comes in the family's block: the re-plan books a block's members
    in the order they are listed."""
    blocks = {s.id for s in scenario.services if s.family_block}
    starts = sorted(b.start for b in walk_in.booked if b.need in blocks)
    return (walk_in.family, starts[:1])
