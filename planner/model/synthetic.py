"""Realistic synthetic stops of any size, for tests and benchmarks.

A generated stop sits in a real city in mountain country, with villages scattered over
the hills around it. The clinic is over-subscribed (more needs than expert hours),
families bring siblings and parents for HLA matching, and severity follows a plausible
mix. The same arguments always give the same scenario.

A *hard* day (`GenerateOptions.hard`) is what the held-out days look like: half the
experts on part-days (a morning or an afternoon, drawn per date) and many family blocks
(half the families bring HLA draws, more with siblings, both parents).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any

from planner.model import Scenario

# Real county seats in the high-prevalence mountain regions (WGS-84).
CITIES: dict[str, tuple[float, float, str]] = {
    "zhaotong": (27.3380, 103.7170, "Northeast Yunnan Regional Medical Center"),
    "longyan": (25.0750, 117.0170, "Longyan First Hospital"),
    "sandu": (25.9830, 107.8700, "Sandu County People's Hospital"),
    "luodian": (25.4260, 106.7510, "Luodian County People's Hospital"),
    "jinghong": (22.0070, 100.7970, "Xishuangbanna People's Hospital"),
    "baise": (23.9020, 106.6180, "Affiliated Hospital of Youjiang Medical University"),
}
_SYLLABLES = [
    "Da",
    "Xiao",
    "Shang",
    "Xia",
    "Bai",
    "Hei",
    "Shui",
    "Shi",
    "Long",
    "Feng",
    "Yang",
    "Ma",
    "Niu",
    "Gao",
    "Ping",
    "Tian",
    "Lin",
    "Zhu",
    "Xin",
    "Jiu",
    "Huang",
    "Qing",
    "Yun",
    "He",
    "Ba",
    "Po",
    "Wan",
    "Ling",
]
_ENDINGS = ("zhai", "ba", "tun", "cun", "ping", "wan", "po", "chong", "gou", "ling")
_SURNAMES = "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lu Pan Wei Mo"


@dataclass(frozen=True)
class GenerateOptions:
    """What to generate."""

    patients: int = 40
    households: int = 20
    seed: int = 0
    days: int | None = None
    teams: int | None = None
    visit_days: int = 3
    city: str = "zhaotong"
    date: dt.date = dt.date(2025, 7, 5)
    hard: bool = False
    """Part-day experts and many family blocks (module docstring)."""


def generate(options: GenerateOptions) -> Scenario:
    """A valid synthetic scenario of the requested size.

    No patients means a home-visit campaign: no clinic day, no course, no experts.
    """
    rng = random.Random(options.seed)
    lat, lon, hospital = CITIES[options.city]
    days = options.days or (1 if options.patients <= 160 else 2)
    dates = [options.date + dt.timedelta(days=d) for d in range(days)]
    # Drawn even for a campaign without a clinic, so that a seed's households are the
    # same with or without one.
    experts = _experts(rng, dates, options.patients, options.hard)
    data: dict[str, Any] = {
        "name": f"Synthetic stop at {options.city.title()} "
        f"({options.patients} patients, {options.households} households, seed {options.seed})",
        "timezone": "Asia/Shanghai",
        "slot_min": 10,
        "defaults": {"lunch": {"window": {"start": "11:30", "end": "13:30"}, "duration_min": 30}},
    }
    if options.patients > 0:
        data |= {
            "venues": [_venue(hospital, lat, lon, dates, options.patients)],
            "experts": experts,
            "services": _services(),
            "trainings": [_training(dates[0])],
            "patients": _patients(rng, dates, options.patients, options.hard),
        }
    if options.households > 0:
        visit_days = [dates[-1] + dt.timedelta(days=d + 1) for d in range(options.visit_days)]
        teams = options.teams or max(2, math.ceil(options.households / 30))
        data["visits"] = _visits(rng, lat, lon, visit_days, options.households, teams)
    return Scenario.model_validate(data)


def _venue(name: str, lat: float, lon: float, dates: list[dt.date], patients: int) -> dict:
    consult_rooms = max(2, math.ceil(patients / (40 * len(dates))))
    rooms: list[dict[str, Any]] = [{"id": "hall", "kind": "lecture", "seats": 260}]
    rooms += [{"id": f"c{i + 1}", "kind": "consult"} for i in range(consult_rooms)]
    rooms += [
        {"id": "lab", "kind": "sampling", "parallel": 2},
        {"id": "counsel", "kind": "counselling"},
    ]
    return {
        "id": "hosp",
        "name": name,
        "location": {"lat": lat, "lon": lon},
        "open": [{"date": d.isoformat(), "start": "07:30", "end": "18:00"} for d in dates],
        "rooms": rooms,
    }


def _experts(rng: random.Random, dates: list[dt.date], patients: int, hard: bool) -> list[dict]:
    per_day = patients / len(dates)
    counts = {
        "hematology": max(2, round(per_day / 35)),
        "transplant": max(1, round(per_day / 60)),
        "genetics": max(1, round(per_day / 120)),
        "reproductive": max(1, round(per_day / 120)),
    }
    experts = []
    for skill, count in counts.items():
        for i in range(count):
            extra = ["transplant"] if skill == "hematology" and i % 3 == 2 else []
            start = rng.choice(["08:00", "08:00", "08:30", "09:30"])
            end = rng.choice(["17:30", "17:30", "17:00", "16:00"])
            hours = [{"date": d.isoformat(), "start": start, "end": end} for d in dates]
            if hard and i % 2 == 1:
                hours = [_part_day(rng, d) for d in dates]
            experts.append(
                {
                    "id": f"{skill[:3]}-{i + 1}",
                    "name": f"Dr {rng.choice(_SURNAMES.split())} ({skill} {i + 1})",
                    "hospital": "Yunnan First People's Hospital",
                    "skills": [skill, *extra],
                    "available": hours,
                    "max_patients_per_day": 30 if skill == "hematology" else None,
                }
            )
    return experts


def _part_day(rng: random.Random, day: dt.date) -> dict[str, str]:
    """A morning or an afternoon on one date: a part-day expert's hours."""
    start, end = rng.choice([("08:00", "12:30"), ("08:30", "13:00"), ("12:30", "17:30")])
    return {"date": day.isoformat(), "start": start, "end": end}


def _services() -> list[dict]:
    return [
        {"id": "mdt", "name": "Multidisciplinary consultation", "duration_min": 30,
         "needs": ["hematology", "transplant"], "room_kind": "consult"},
        {"id": "consult", "name": "Haematology consultation", "duration_min": 20,
         "needs": ["hematology"], "room_kind": "consult"},
        {"id": "genetic-test", "name": "Genetic test (blood draw)", "duration_min": 10,
         "needs": ["genetics"], "room_kind": "sampling", "after": ["mdt"]},
        {"id": "hla", "name": "HLA typing (blood draw)", "duration_min": 10,
         "needs": ["genetics"], "room_kind": "sampling", "family_block": True},
        {"id": "fertility", "name": "Fertility-preservation consultation", "duration_min": 20,
         "needs": ["reproductive"], "room_kind": "counselling"},
    ]  # fmt: skip


def _training(day: dt.date) -> dict:
    return {
        "id": "course",
        "title": "Diagnosis and treatment of severe thalassemia",
        "date": day.isoformat(),
        "window": {"start": "08:30", "end": "12:00"},
        "duration_min": 120,
        "lecturers": ["hematology", "transplant"],
        "expected": 240,
        "registered": 160,
    }


def _patients(rng: random.Random, dates: list[dt.date], count: int, hard: bool) -> list[dict]:
    patients: list[dict] = []
    family = 0
    while len(patients) < count:
        family += 1
        day = dates[(family - 1) % len(dates)]
        common = {"family": f"f{family:03d}", **family_timing(rng, day)}
        hla = rng.random() < (0.5 if hard else 0.2)
        children = 2 if rng.random() < (0.5 if hard else 0.3) else 1
        for child in range(children):
            severity = rng.choices(
                ["severe", "intermediate", "carrier", "unknown"], [40, 30, 10, 20]
            )[0]
            needs = ["mdt" if severity == "severe" else "consult"]
            if rng.random() < 0.25 and "mdt" in needs:
                needs.append("genetic-test")
            if hla:
                needs.append("hla")
            if severity == "severe" and rng.random() < 0.3:
                needs.append("fertility")
            patients.append(
                {**common, "id": f"p{len(patients) + 1:03d}", "severity": severity,
                 "relation": "patient" if child == 0 else "sibling",
                 "age": rng.randint(1, 14), "needs": needs}
            )  # fmt: skip
        for _ in range((2 if hard else 1) if hla else 0):
            patients.append(
                {**common, "id": f"p{len(patients) + 1:03d}", "relation": "parent",
                 "severity": "carrier", "age": rng.randint(26, 45), "needs": ["hla"]}
            )  # fmt: skip
    return patients[:count]


def family_timing(
    rng: random.Random,
    day: dt.date,
    first: dt.time = dt.time(8),
    last: dt.time = dt.time(11),
    closes: dt.time = dt.time(17, 30),
) -> dict[str, Any]:
    """When a family comes and how far it travelled: arrivals from `first` to `last` in
    10-minute steps, a stay of 3 to 8 hours until `closes` at the latest, a quarter from
    150 km or more away, and those (and a fifth of the rest) set out at dawn."""
    start = dt.datetime.combine(day, first)
    steps = max(0, (dt.datetime.combine(day, last) - start) // dt.timedelta(minutes=10))
    arrive = start + dt.timedelta(minutes=10 * rng.randint(0, steps))
    stay = dt.timedelta(minutes=10 * rng.randint(18, 48))
    leave = min(arrive + stay, dt.datetime.combine(day, closes))
    far = rng.random() < 0.25
    timing: dict[str, Any] = {
        "arrives": arrive.isoformat(timespec="minutes"),
        "leaves": leave.isoformat(timespec="minutes"),
        "travel_km": round(rng.uniform(150, 420) if far else rng.uniform(3, 120), 1),
    }
    if far or rng.random() < 0.2:
        timing["set_out"] = rng.choice(["05:30", "06:00", "06:30"])
    return timing


def _visits(
    rng: random.Random, lat: float, lon: float, days: list[dt.date], count: int, teams: int
) -> dict:
    households = []
    for i in range(count):
        distance_km = rng.uniform(4, 55)
        bearing = rng.uniform(0, 2 * math.pi)
        h_lat = lat + distance_km * math.cos(bearing) / 111.0
        h_lon = lon + distance_km * math.sin(bearing) / (111.0 * math.cos(math.radians(lat)))
        windows = rng.choice(
            [
                [],
                [("08:00", "11:30"), ("14:30", "18:00")],
                [("08:30", "12:00")],
                [("13:30", "17:30")],
            ]
        )
        household: dict[str, Any] = {
            "id": f"h{i + 1:03d}",
            "village": rng.choice(_SYLLABLES) + rng.choice(_ENDINGS),
            "location": {"lat": round(h_lat, 5), "lon": round(h_lon, 5)},
            "windows": [{"start": s, "end": e} for s, e in windows],
            "service_min": rng.choice([30, 45, 45, 60]),
            "required": rng.random() < 0.5,
            "priority": rng.choice([1, 2, 2, 3]),
        }
        if rng.random() < 0.3:
            household["needs"] = ["nurse"]
        households.append(household)
    return {
        "days": [d.isoformat() for d in days],
        "travel": {"circuity": 1.5, "speed_kmh": 35},
        "lunch": {"window": {"start": "11:30", "end": "14:00"}, "duration_min": 45},
        "teams": [
            {
                "id": f"team-{chr(ord('a') + t)}" if t < 26 else f"team-{t + 1}",
                "start": {"lat": lat, "lon": lon},
                "start_name": "Hotel",
                "shift": {"start": "08:00", "end": "18:00"},
                "max_drive_min": 300,
                "skills": ["nurse"] if t % 2 == 0 else [],
            }
            for t in range(teams)
        ],
        "households": households,
    }
