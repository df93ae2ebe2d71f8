"""Why a scenario has no plan: targeted pre-checks, then a core of conflicting parts.

Only the mandatory parts can make a stop impossible: the courses (lecturers, hall,
window) and the experts' lunch breaks. Needs that do not fit simply go unserved. The
pre-checks catch what one item alone makes impossible, in words with ids and numbers.
When the parts only conflict together, the model is solved with each part's literal as
an assumption and CP-SAT names a sufficient set of them that cannot all hold.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.model import Expert, LunchRule, Scenario, Training
from planner.model.words import gettext as _
from solver.limits import DIAGNOSIS_MAX_S, Limits
from solver.schedule.grid import Grid, first_date
from solver.schedule.model import build_model, required_literals


def precheck(scenario: Scenario) -> list[str]:
    """What makes a course or a lunch impossible on its own, one sentence each."""
    found: list[str] = []
    for training in scenario.trainings:
        found += course_problems(scenario, training)
    grid = Grid(first_date(scenario), scenario.slot_min)
    for expert in scenario.experts:
        rule = scenario.lunch_for(expert)
        if rule is not None and _lunch_off_grid(grid, rule):
            found.append(
                _(
                    "{id}'s lunch break of {duration_min} min within {span} does not fit "
                    "the {slot_min}-minute slot grid",
                    id=expert.id,
                    duration_min=rule.duration_min,
                    span=_span(rule.window.start_min, rule.window.end_min),
                    slot_min=scenario.slot_min,
                )
            )
    return found


def course_problems(scenario: Scenario, training: Training) -> list[str]:
    """What makes one course impossible on its own (its hall, its lecturers), if anything."""
    return _hall_problems(scenario, training) + _lecturer_problems(scenario, training)


def _hall_problems(scenario: Scenario, training: Training) -> list[str]:
    venues = [v for v in scenario.venues if training.venue in (None, v.id)]
    rooms = [(v, r) for v in venues for r in v.rooms if r.kind == training.room_kind]
    if not rooms:
        return [
            _(
                "course '{id}' needs a {room_kind} room and there is none",
                id=training.id,
                room_kind=training.room_kind,
            )
        ]
    big = [(v, r) for v, r in rooms if (r.seats or 0) >= training.expected]
    if not big:
        hall = max(rooms, key=lambda pair: pair[1].seats or 0)[1]
        if hall.seats:
            return [
                _(
                    "the hall '{hall}' seats {seats} but course '{id}' expects {expected}",
                    hall=hall.id,
                    seats=hall.seats,
                    id=training.id,
                    expected=training.expected,
                )
            ]
        return [
            _(
                "the hall '{hall}' has no stated seats but course '{id}' expects {expected}",
                hall=hall.id,
                id=training.id,
                expected=training.expected,
            )
        ]
    window = (training.window.start_min, training.window.end_min)
    opened = [
        h for v, _ in big for h in v.open
        if h.date == training.date and _fits(h.start_min, h.end_min, window, training)
    ]  # fmt: skip
    if not opened:
        return [
            _(
                "no hall big enough for course '{id}' is open for {duration_min} min within "
                "{span} on {date}",
                id=training.id,
                duration_min=training.duration_min,
                span=_span(*window),
                date=training.date,
            )
        ]
    return []


def _lecturer_problems(scenario: Scenario, training: Training) -> list[str]:
    window = (training.window.start_min, training.window.end_min)
    found = []
    free: dict[str, list[Expert]] = {}
    for skill in dict.fromkeys(training.lecturers):
        having = [e for e in scenario.experts if skill in e.skills]
        free[skill] = [e for e in having if _free_for(e, training, window)]
        if not having:
            found.append(
                _(
                    "course '{id}' needs skill '{skill}' that no expert present has",
                    id=training.id,
                    skill=skill,
                )
            )
        elif not free[skill]:
            hours = ", ".join(f"{e.id} {_hours(e, training)}" for e in having)
            found.append(
                _(
                    "course '{id}' needs a lecturer with skill '{skill}' for "
                    "{duration_min} min within {span} on {date}, but those who have it are "
                    "not on duty then ({hours})",
                    id=training.id,
                    skill=skill,
                    duration_min=training.duration_min,
                    span=_span(*window),
                    date=training.date,
                    hours=hours,
                )
            )
    if not found and not _one_each(training.lecturers, free, ()):
        found.append(
            _(
                "course '{id}' needs {count} different lecturers for {listed}, and too "
                "few experts with those skills are on duty",
                id=training.id,
                count=len(training.lecturers),
                listed=", ".join(training.lecturers),
            )
        )
    return found


def _one_each(skills: list[str], free: dict[str, list[Expert]], taken: tuple[str, ...]) -> bool:
    """Whether each skill can go to a different free expert."""
    if not skills:
        return True
    return any(
        _one_each(skills[1:], free, (*taken, e.id)) for e in free[skills[0]] if e.id not in taken
    )


def _free_for(expert: Expert, training: Training, window: tuple[int, int]) -> bool:
    return any(
        h.date == training.date and _fits(h.start_min, h.end_min, window, training)
        for h in expert.available
    )


def _fits(start: int, end: int, window: tuple[int, int], training: Training) -> bool:
    return min(end, window[1]) - max(start, window[0]) >= training.duration_min


def _hours(expert: Expert, training: Training) -> str:
    spans = [_span(h.start_min, h.end_min) for h in expert.available if h.date == training.date]
    return ", ".join(spans) or _("not there on {date}", date=training.date)


def _lunch_off_grid(grid: Grid, rule: LunchRule) -> bool:
    day = grid.first
    begin, end = grid.ceil(day, rule.window.start_min), grid.floor(day, rule.window.end_min)
    return end - begin < grid.slots(rule.duration_min)


def _span(start: int, end: int) -> str:
    return f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"


def diagnose(scenario: Scenario, limits: Limits) -> list[str]:
    """The mandatory parts that cannot all hold together, found as an assumption core."""
    v = build_model(scenario)
    literals = required_literals(v)
    v.model.add_assumptions(literals)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = limits.seed
    solver.parameters.max_time_in_seconds = min(DIAGNOSIS_MAX_S, max(1.0, limits.time_limit_s))
    if solver.solve(v.model) != cp_model.INFEASIBLE:
        return ["the courses and lunch breaks could not be fitted in the time given"]
    core = set(solver.sufficient_assumptions_for_infeasibility())
    parts = [_describe_training(tv.training) for tv in v.trainings if tv.required.index in core]
    parts += [
        _describe_lunch(scenario, lunch.expert, str(lunch.day))
        for lunch in v.lunches
        if lunch.required.index in core
    ]
    if not parts:
        return ["the courses and lunch breaks cannot all be fitted (no smaller conflict found)"]
    return ["these cannot all hold together: " + "; ".join(parts)]


def _describe_training(training: Training) -> str:
    window = _span(training.window.start_min, training.window.end_min)
    return _(
        "course '{id}' ({duration_min} min within {window} on {date}, lecturers with {listed})",
        id=training.id,
        duration_min=training.duration_min,
        window=window,
        date=training.date,
        listed=", ".join(training.lecturers),
    )


def _describe_lunch(scenario: Scenario, expert: Expert, day: str) -> str:
    rule = scenario.lunch_for(expert)
    assert rule is not None
    window = _span(rule.window.start_min, rule.window.end_min)
    hours = ", ".join(_span(h.start_min, h.end_min) for h in expert.available if str(h.date) == day)
    duty = _("on duty {hours}", hours=hours) if hours else _("not on duty")
    return _(
        "{id}'s lunch ({duration_min} min within {window} on {day}; {duty})",
        id=expert.id,
        duration_min=rule.duration_min,
        window=window,
        day=day,
        duty=duty,
    )
