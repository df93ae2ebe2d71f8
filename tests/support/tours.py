"""A small tour for the tour printouts and map: three stops, two experts who live far away."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.model.tour import TourPlan

TOUR: dict[str, Any] = {
    "name": "Three stops",
    "stops": [
        {"id": "longyan", "city": "Longyan", "city_zh": "龙岩", "province": "Fujian",
         "location": {"lat": 25.08, "lon": 117.02},
         "window": {"from": "2026-03-01", "to": "2026-03-31"}, "needs": {"hematology": 1}},
        {"id": "sanming", "city": "Sanming", "city_zh": "三明",
         "location": {"lat": 26.26, "lon": 117.64},
         "window": {"from": "2026-03-01", "to": "2026-03-31"}, "needs": {"hematology": 1}},
        {"id": "zhaotong", "city": "Zhaotong", "city_zh": "昭通",
         "location": {"lat": 27.33, "lon": 103.72},
         "window": {"from": "2026-10-01", "to": "2026-11-30"}, "needs": {"screening": 1}},
    ],
    # Homes far outside the stops' box: Shanghai in the east, Harbin in the north.
    "experts": [
        {"id": "lin", "name": "Dr Lin", "name_zh": "林医生", "hospital": "Shanghai Children's",
         "location": {"lat": 31.2, "lon": 121.5}, "skills": ["hematology"]},
        {"id": "zhao", "name": "Dr Zhao", "location": {"lat": 45.75, "lon": 126.65},
         "skills": ["screening"]},
    ],
}  # fmt: skip


def tour_plan() -> TourPlan:
    """Longyan and Sanming in March (Dr Lin), Zhaotong from 1 November (Dr Zhao, screening)."""

    def stop(stop_id: str, day: dt.date, days: int, expert: str, skill: str) -> dict[str, Any]:
        seats = [{"expert": expert, "skill": skill}]
        return {"stop": stop_id, "start": day, "end": day + dt.timedelta(days=days - 1),
                "experts": seats}  # fmt: skip

    return TourPlan.model_validate({
        "tour": "Three stops",
        "stops": [stop("longyan", dt.date(2026, 3, 7), 2, "lin", "hematology"),
                  stop("sanming", dt.date(2026, 3, 14), 1, "lin", "hematology"),
                  stop("zhaotong", dt.date(2026, 11, 1), 2, "zhao", "screening")],
        "solver": {"wall_s": 0, "objective": 0, "bound": 0, "gap": 0},
    })  # fmt: skip
