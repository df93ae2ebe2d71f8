"""The Excel workbook: one sheet per day, per room and per expert, ready to print on A4."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planner.printouts.entries import LUNCH, Entry
from planner.printouts.labels import Labels
from planner.printouts.sheets import Agenda, RoomSheet

HEADER_FILL = PatternFill("solid", start_color="DDDDDD")
WIDTHS = {"time": 13, "room": 22, "service": 26, "patient": 22, "family": 10, "experts": 36}
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_workbook(
    path: Path,
    text: Labels,
    entries: list[Entry],
    days: list[dt.date],
    rooms: list[RoomSheet],
    agendas: list[Agenda],
) -> Path:
    """Write the workbook to `path` and return it."""
    book = Workbook()
    for sheet in list(book.worksheets):  # the empty sheet a new workbook starts with
        book.remove(sheet)
    used: set[str] = set()
    columns = ["time", "room", "service", "patient", "family", "experts"]
    for day in days:
        rows = [_row(e) for e in entries if e.day == day and e.kind != LUNCH]
        _sheet(book, _title(f"{day:%m-%d}", used), text, columns, rows)
    for sheet in rooms:
        rows = [_row(e) for e in sheet.entries]
        _sheet(book, _title(f"{sheet.day:%m-%d} {sheet.room}", used), text, columns, rows)
    for agenda in agendas:
        rows = [_row(e) for day in agenda.days for e in day.entries]
        _sheet(book, _title(agenda.name, used), text, columns, rows)
    book.save(path)
    return path


def _row(entry: Entry) -> list[str]:
    experts = ", ".join(entry.expert_names) if entry.kind != LUNCH else ""
    when = f"{entry.day:%Y-%m-%d} {entry.times}"
    return [when, entry.room_name, entry.title, entry.patient_name, entry.family, experts]


def _title(name: str, used: set[str]) -> str:
    """A unique sheet name within Excel's 31 characters, without the characters it forbids."""
    base = FORBIDDEN.sub("_", name).strip("'")[:31] or "_"
    title, number = base, 2
    while title.lower() in used:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(title.lower())
    return title


def _sheet(
    book: Workbook, title: str, text: Labels, columns: list[str], rows: Sequence[list[str]]
) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append([text[column] for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        sheet.append(row)
    for index, column in enumerate(columns):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = WIDTHS[column]
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    return sheet
