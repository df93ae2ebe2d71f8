"""The options for a walk-in as the reception desk reads them out (zh or en), or as JSON
for tools."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from planner.model import Patient, Scenario
from planner.model.fit import FitResult, Option

WORDS = {
    "en": {
        "head": "Walk-in {who}, here {stay}: the earliest options that move nobody else",
        "after": "after {services}",
        "none": "no option: {reason}",
        "lunch": "lunch for {expert} at {time}",
        "foot": "Options a) of all needs fit together; each later option fits with the "
        "a) options above it. Book one with `planner fit ... --book a --changes FILE`; "
        "`planner replan` keeps it.",
    },
    "zh": {
        "head": "临时就诊者 {who}（在场 {stay}）：不改动他人安排的最早可选时间",
        "after": "须在 {services} 之后",
        "none": "无可选时间：{reason}",
        "lunch": "{expert} 午餐 {time}",
        "foot": "各项目的 a) 选项可同时安排；后面项目的其他选项与其前面项目的 a) 选项相容。"
        "用 `planner fit ... --book a --changes FILE` 预约所选选项，`planner replan` 会保留。",
    },
}


def report_text(
    scenario: Scenario, patient: Patient, result: FitResult, lang: str, foot: bool = True
) -> str:
    """The options as the reception desk reads them out, in `lang` (zh or en); `foot`
    adds how the options go together."""
    words = WORDS[lang]
    names = _Names(scenario, lang)
    several_days = len(scenario.clinic_dates()) > 1
    arrives, leaves = scenario.localize(patient.arrives), scenario.localize(patient.leaves)
    stay = _span(arrives, leaves, several_days)
    who = f"{patient.id} ({patient.name})" if patient.name else patient.id
    lines = [words["head"].format(who=who, stay=stay)]
    services = {s.id: s for s in scenario.services}
    for number, need in enumerate(result.needs, 1):
        service = services[need.service]
        before = [b for b in service.after if b in patient.needs]
        after = f", {words['after'].format(services=', '.join(before))}" if before else ""
        what = f"{service.id}, {service.duration_min} min{after}"
        lines.append(f"{number}. {names.service(service.id)} ({what})")
        for letter, option in zip("abcdefghijklmnopqrstuvwxyz", need.options, strict=False):
            lines.append(f"   {letter}) {_option_line(names, option, several_days, words)}")
        if need.reason:
            lines.append(f"   {words['none'].format(reason=need.reason)}")
    if foot:
        lines.append(words["foot"])
    return "\n".join(lines) + "\n"


def report_json(result: FitResult) -> str:
    """The options as JSON (times ISO 8601 with their offset)."""
    return json.dumps(report_data(result), ensure_ascii=False, indent=2) + "\n"


def report_data(result: FitResult) -> dict[str, Any]:
    """The options as the JSON data of `report_json`."""
    return {
        "patient": result.patient,
        "wall_s": result.wall_s,
        "needs": [
            {
                "service": need.service,
                "options": [_option_data(option) for option in need.options],
                "reason": need.reason,
            }
            for need in result.needs
        ],
    }


def _option_data(option: Option) -> dict[str, Any]:
    return {
        "start": option.start.isoformat(),
        "end": option.end.isoformat(),
        "venue": option.venue,
        "room": option.room,
        "experts": list(option.experts),
        "lunch": {
            expert: {"start": b.start.isoformat(), "end": b.end.isoformat()}
            for expert, b in option.lunch
        },
    }


def _option_line(names: _Names, option: Option, with_day: bool, words: dict[str, str]) -> str:
    experts = ", ".join(names.expert(e) for e in option.experts)
    line = f"{_span(option.start, option.end, with_day)}  {names.room(option)}  {experts}"
    for expert, b in option.lunch:
        lunch = _span(b.start, b.end, False)
        line += "; " + words["lunch"].format(expert=names.expert(expert), time=lunch)
    return line


def _span(start: dt.datetime, end: dt.datetime, with_day: bool) -> str:
    if with_day or start.date() != end.date():
        return f"{start:%m-%d %H:%M}–{end:%m-%d %H:%M}"
    return f"{start:%H:%M}–{end:%H:%M}"


class _Names:
    """Names of rooms, experts and services in the desk's language (ids as a fallback)."""

    def __init__(self, scenario: Scenario, lang: str) -> None:
        def pick(name: str | None, name_zh: str | None, fallback: str) -> str:
            return (name_zh if lang == "zh" and name_zh else name) or fallback

        self.experts = {e.id: pick(e.name, e.name_zh, e.id) for e in scenario.experts}
        self.services = {s.id: pick(s.name, s.name_zh, s.id) for s in scenario.services}
        self.rooms = {
            (v.id, r.id): pick(r.name, r.name_zh, r.id) for v in scenario.venues for r in v.rooms
        }
        self.several_venues = len(scenario.venues) > 1

    def expert(self, expert_id: str) -> str:
        return self.experts.get(expert_id, expert_id)

    def service(self, service_id: str) -> str:
        return self.services.get(service_id, service_id)

    def room(self, option: Option) -> str:
        name = self.rooms.get((option.venue, option.room), option.room)
        return f"{option.venue} · {name}" if self.several_venues else name
