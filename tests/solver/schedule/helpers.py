"""Tiny clinic days built in code, and a solve that always runs the independent checker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.check import check_plan
from planner.model import Plan, Scenario
from solver.limits import Limits
from solver.schedule import ScheduleResult, schedule_stop

DAY = "2025-07-05"


def hours(start: str, end: str, day: str = DAY) -> list[dict[str, str]]:
    """One span of hours on one date."""
    return [{"date": day, "start": start, "end": end}]


def expert(expert_id: str, skills: list[str], start: str = "08:00", end: str = "17:00",
           **extra: Any) -> dict[str, Any]:  # fmt: skip
    """An expert on duty on DAY."""
    return {"id": expert_id, "name": f"Dr {expert_id}", "hospital": "H", "skills": skills,
            "available": hours(start, end), **extra}  # fmt: skip


def patient(patient_id: str, needs: list[str], start: str = "09:00", end: str = "12:00",
            family: str | None = None, **extra: Any) -> dict[str, Any]:  # fmt: skip
    """A patient present on DAY from `start` to `end`."""
    return {"id": patient_id, "family": family or f"f-{patient_id}", "needs": needs,
            "arrives": f"{DAY}T{start}", "leaves": f"{DAY}T{end}", **extra}  # fmt: skip


def service(service_id: str, needs: list[str], minutes: int = 30, room_kind: str = "consult",
            **extra: Any) -> dict[str, Any]:  # fmt: skip
    """A service."""
    return {"id": service_id, "name": service_id, "duration_min": minutes, "needs": needs,
            "room_kind": room_kind, **extra}  # fmt: skip


def stop(**changes: Any) -> dict[str, Any]:
    """One venue with one consult room, one haematologist, one patient wanting a consult."""
    data: dict[str, Any] = {
        "name": "tiny clinic",
        "slot_min": 10,
        "venues": [
            {
                "id": "hosp",
                "name": "Hospital",
                "location": {"lat": 27.0, "lon": 103.0},
                "open": hours("07:30", "18:00"),
                "rooms": [{"id": "c1", "kind": "consult"}],
            }
        ],
        "experts": [expert("hem-1", ["hematology"])],
        "services": [service("consult", ["hematology"])],
        "patients": [patient("p1", ["consult"])],
    }
    data.update(changes)
    return data


def rooms(*entries: dict[str, Any], open_from: str = "07:30") -> list[dict[str, Any]]:
    """The one venue with these rooms."""
    return [{"id": "hosp", "name": "Hospital", "location": {"lat": 27.0, "lon": 103.0},
             "open": hours(open_from, "18:00"), "rooms": list(entries)}]  # fmt: skip


def solve(data: dict[str, Any] | Scenario, seconds: float = 3.0, **limits: Any) -> ScheduleResult:
    """Solve, then insist the plan keeps every rule and loses no need."""
    scenario = data if isinstance(data, Scenario) else Scenario.model_validate(data)
    result = schedule_stop(scenario, Limits(time_limit_s=seconds, seed=1, **limits))
    if result.status in ("optimal", "feasible"):
        assert_valid(scenario, result)
    return result


def assert_valid(scenario: Scenario, result: ScheduleResult) -> None:
    """The checker finds nothing, and every need is booked or explained once."""
    plan = as_plan(scenario, result)
    assert check_plan(scenario.model_copy(update={"visits": None}), plan) == []
    needs = sorted((p.id, n) for p in scenario.patients for n in dict.fromkeys(p.needs))
    booked = [(a.patient, a.service) for a in result.appointments]
    assert sorted(booked + [(u.patient, u.service) for u in result.unserved]) == needs
    assert all(u.reason.strip() for u in result.unserved)


def as_plan(scenario: Scenario, result: ScheduleResult) -> Plan:
    """The result as a plan, for the checker."""
    return Plan(
        scenario=scenario.name, status="feasible", appointments=result.appointments,
        trainings=result.trainings, unserved=result.unserved, breaks=result.breaks,
        solver=result.solver_info(),
    )  # fmt: skip


def served(result: ScheduleResult) -> set[tuple[str, str]]:
    """(patient, service) pairs booked."""
    return {(a.patient, a.service) for a in result.appointments}


def reason(result: ScheduleResult, patient_id: str, service_id: str) -> str:
    """Why a need is unserved."""
    return next(
        u.reason for u in result.unserved if (u.patient, u.service) == (patient_id, service_id)
    )


def clock(moment: dt.datetime) -> str:
    """HH:MM of an aware moment."""
    return f"{moment:%H:%M}"
