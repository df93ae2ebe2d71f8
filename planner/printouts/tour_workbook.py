"""`tour.xlsx`: the stops, an experts x months matrix, and the unfilled needs with reasons."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planner.model.tour import Tour, TourPlan
from planner.printouts.tour_rows import TourRows, tour_rows

HEADER_FILL = PatternFill("solid", start_color="DDDDDD")


def write_tour_workbook(tour: Tour, plan: TourPlan, path: Path, lang: str) -> Path:
    """Write the workbook to `path` and return it."""
    rows = tour_rows(tour, plan, lang)
    t = rows.labels
    book = Workbook()
    stops = book.active
    assert stops is not None
    stops.title = t["stops"]
    skills = list(dict.fromkeys(k for s in tour.stops for k in s.needs))
    _fill(stops, [t["stop"], t["city"], t["province"], t["start"], t["end"],
                  *(rows.skill(k) for k in skills)],
          [[r.stop, r.city, r.province, r.start.isoformat(), r.end.isoformat(),
            *(", ".join(r.by_skill.get(k, [])) for k in skills)] for r in rows.stops])  # fmt: skip
    _fill(book.create_sheet(t["matrix"]), *_matrix(rows))
    unfilled = [[u.stop, rows.skill(u.skill), u.missing, u.reason] for u in plan.unfilled]
    unfilled += [[u.stop, "", "", u.reason] for u in plan.unscheduled]
    _fill(book.create_sheet(t["unfilled"]),
          [t["stop"], t["skill"], t["missing"], t["reason"]], unfilled)  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _matrix(rows: TourRows) -> tuple[list[str], list[list[object]]]:
    """One row per expert, one column per month; a cell lists that month's stops."""
    head = [rows.labels["expert"], rows.labels["hospital"]]
    head += [f"{year}-{month:02d}" for year, month in rows.months]
    body: list[list[object]] = []
    for expert in rows.experts:
        cells = [
            ", ".join(
                f"{trip.city} {trip.start:%d}" for trip in expert.trips
                if (trip.start.year, trip.start.month) == month
            )
            for month in rows.months
        ]  # fmt: skip
        body.append([expert.name, expert.hospital, *cells])
    return head, body


def _fill(sheet: Worksheet, head: list[str], body: list[list[object]]) -> None:
    sheet.append(head)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in body:
        sheet.append(row)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        letter = column[0].column_letter
        sheet.column_dimensions[letter].width = min(60, max(10, width + 2))
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
