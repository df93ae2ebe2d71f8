"""A tiny stop and a plan for it that keeps every rule: the checker's tests mutate it, and
the plan file's tests write and read it."""

from __future__ import annotations

from typing import Any

DAY = "2025-07-05"
VISIT_DAY = "2025-07-06"


def _hours(start: str, end: str, day: str = DAY) -> list[dict[str, str]]:
    return [{"date": day, "start": start, "end": end}]


def scenario_data() -> dict[str, Any]:
    """Three experts, four services, a course, five patients, two families, three homes."""
    return {
        "name": "tiny stop",
        "slot_min": 10,
        "venues": [{
            "id": "hosp", "name": "Hospital", "location": {"lat": 27.0, "lon": 103.0},
            "open": _hours("08:00", "18:00"),
            "rooms": [
                {"id": "hall", "kind": "lecture", "seats": 50},
                {"id": "c1", "kind": "consult"},
                {"id": "c2", "kind": "consult"},
                {"id": "lab", "kind": "sampling", "parallel": 2},
            ],
        }],
        "experts": [
            {"id": "hem-1", "name": "A", "hospital": "H", "skills": ["hematology", "transplant"],
             "available": _hours("08:00", "17:00")},
            {"id": "hem-2", "name": "B", "hospital": "H", "skills": ["hematology"],
             "available": _hours("08:00", "17:00"), "max_patients_per_day": 2},
            {"id": "gen-1", "name": "C", "hospital": "H", "skills": ["genetics"],
             "available": _hours("08:00", "17:00")},
        ],
        "services": [
            {"id": "mdt", "name": "MDT", "duration_min": 30,
             "needs": ["hematology", "transplant"], "room_kind": "consult"},
            {"id": "consult", "name": "Consult", "duration_min": 20,
             "needs": ["hematology"], "room_kind": "consult"},
            {"id": "genetic-test", "name": "Gene test", "duration_min": 10,
             "needs": ["genetics"], "room_kind": "sampling", "after": ["mdt"]},
            {"id": "hla", "name": "HLA", "duration_min": 10, "needs": ["genetics"],
             "room_kind": "sampling", "family_block": True},
        ],
        "trainings": [{
            "id": "course", "title": "Course", "date": DAY,
            "window": {"start": "08:00", "end": "10:00"}, "duration_min": 60,
            "lecturers": ["transplant"], "expected": 40,
        }],
        "patients": [
            {"id": "p01", "family": "f01", "severity": "severe", "arrives": f"{DAY}T09:00",
             "leaves": f"{DAY}T15:00", "needs": ["mdt", "genetic-test", "hla"]},
            {"id": "p02", "family": "f01", "relation": "sibling", "arrives": f"{DAY}T09:00",
             "leaves": f"{DAY}T15:00", "needs": ["consult", "hla"]},
            {"id": "p03", "family": "f02", "arrives": f"{DAY}T09:00",
             "leaves": f"{DAY}T15:00", "needs": ["consult"]},
            {"id": "p04", "family": "f02", "relation": "sibling", "arrives": f"{DAY}T09:00",
             "leaves": f"{DAY}T15:00", "needs": ["consult"]},
            {"id": "p05", "family": "f03", "arrives": f"{DAY}T14:00",
             "leaves": f"{DAY}T16:00", "needs": ["consult"]},
        ],
        "defaults": {"lunch": {"window": {"start": "12:00", "end": "13:30"}, "duration_min": 30}},
        "visits": {
            "days": [VISIT_DAY],
            "travel": {"circuity": 1.5, "speed_kmh": 30},
            "lunch": {"window": {"start": "12:00", "end": "14:00"}, "duration_min": 45},
            "teams": [{"id": "team-a", "start": {"lat": 27.0, "lon": 103.0},
                       "shift": {"start": "08:00", "end": "18:00"}, "skills": ["nurse"],
                       "max_drive_min": 300}],
            "households": [
                {"id": "h1", "village": "Dazhai", "location": {"lat": 27.05, "lon": 103.0},
                 "windows": [{"start": "09:00", "end": "12:00"}], "service_min": 60,
                 "needs": ["nurse"]},
                {"id": "h2", "village": "Xiaoba", "location": {"lat": 27.0, "lon": 103.05},
                 "service_min": 30},
                {"id": "h3", "village": "Shangtun", "location": {"lat": 27.2, "lon": 103.2}},
            ],
        },
    }  # fmt: skip


def _at(clock: str, day: str = DAY) -> str:
    return f"{day}T{clock}:00+08:00"


def _appointment(
    patient: str, service: str, experts: list[str], room: str, start: str, end: str
) -> dict[str, Any]:
    return {"patient": patient, "service": service, "experts": experts, "venue": "hosp",
            "room": room, "start": _at(start), "end": _at(end)}  # fmt: skip


def _lunch() -> list[dict[str, str]]:
    return [{"start": _at("12:00"), "end": _at("12:30")}]


def plan_data() -> dict[str, Any]:
    """A plan of the tiny stop that keeps every hard rule.

    Drives (great circle x 1.5 at 30 km/h): base-h1 8.34 km 17 min, h1-h2 11.17 km 23 min,
    h2-base 7.43 km 15 min.
    """
    return {
        "scenario": "tiny stop",
        "status": "feasible",
        "trainings": [{"training": "course", "lecturers": ["hem-1"], "venue": "hosp",
                       "room": "hall", "start": _at("08:00"), "end": _at("09:00")}],
        "appointments": [
            _appointment("p01", "mdt", ["hem-2", "hem-1"], "c1", "09:00", "09:30"),
            _appointment("p01", "genetic-test", ["gen-1"], "lab", "09:30", "09:40"),
            _appointment("p01", "hla", ["gen-1"], "lab", "10:00", "10:10"),
            _appointment("p02", "hla", ["gen-1"], "lab", "10:10", "10:20"),
            _appointment("p02", "consult", ["hem-2"], "c1", "09:30", "09:50"),
            _appointment("p03", "consult", ["hem-1"], "c2", "10:00", "10:20"),
            _appointment("p04", "consult", ["hem-1"], "c2", "10:20", "10:40"),
        ],
        "unserved": [{"patient": "p05", "service": "consult", "reason": "no expert free"}],
        "breaks": {"hem-1": _lunch(), "hem-2": _lunch(), "gen-1": _lunch()},
        "routes": [{
            "team": "team-a", "day": VISIT_DAY, "distance_km": 26.9, "drive_min": 55,
            "depart": _at("08:43", VISIT_DAY), "back": _at("11:15", VISIT_DAY),
            "visits": [
                {"household": "h1", "arrive": _at("09:00", VISIT_DAY),
                 "start": _at("09:00", VISIT_DAY), "end": _at("10:00", VISIT_DAY)},
                {"household": "h2", "arrive": _at("10:23", VISIT_DAY),
                 "start": _at("10:30", VISIT_DAY), "end": _at("11:00", VISIT_DAY)},
            ],
            "breaks": [{"start": _at("12:00", VISIT_DAY), "end": _at("12:45", VISIT_DAY)}],
        }],
        "unvisited": [{"household": "h3", "reason": "too far for one day"}],
        "solver": {"wall_s": 0.1, "objective": 0, "bound": 0, "gap": 0},
    }  # fmt: skip
