"""Patients and households read from a spreadsheet (CSV or Excel) named in the scenario.

Coordinators keep registration lists in Excel. A scenario can say

    patients: {file: registrations.xlsx, sheet: Patients}
    visits:
      households: {file: households.csv}

Each row becomes one entry. Lists go in one cell, separated by `;` (or `,`, `、`).
Errors name the file, the spreadsheet row (the header is row 1) and the column.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.model.errors import InputError
from planner.model.words import gettext as _

_LIST_SPLIT = re.compile(r"\s*[;,、；，]\s*")
_WINDOW = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–~至到]\s*(\d{1,2}:\d{2})\s*$")
_TRUE = {"true", "yes", "y", "1", "是", "必须", "required"}
_FALSE = {"false", "no", "n", "0", "否", "可选", "optional"}

PATIENT_COLUMNS: dict[str, str] = {
    "id": "text",
    "name": "text",
    "family": "text",
    "relation": "text",
    "severity": "text",
    "age": "int",
    "arrives": "text",
    "leaves": "text",
    "needs": "list",
    "origin": "text",
    "travel_km": "float",
    "set_out": "text",
    "phone": "text",
}
HOUSEHOLD_COLUMNS: dict[str, str] = {
    "id": "text",
    "name": "text",
    "village": "text",
    "address": "text",
    "lat": "float",
    "lon": "float",
    "windows": "windows",
    "service_min": "int",
    "required": "bool",
    "priority": "int",
    "needs": "list",
    "days": "list",
    "patients": "list",
    "contact": "text",
    "phone": "text",
    "purpose": "text",
    "purpose_zh": "text",
}


@dataclass(frozen=True)
class TableSource:
    """Where the rows of one scenario list came from, for error messages."""

    file: Path
    columns: list[str]

    def place(self, index: int, column: str | None) -> str:
        """`file: row N, column C` for the entry at `index` of the list."""
        if column:
            return _("{name}: row {row}, column {column}", name=self.file.name, row=index + 2,
                     column=column)  # fmt: skip
        return _("{name}: row {row}", name=self.file.name, row=index + 2)


def read_table(spec: Any, base_dir: Path, kind: str, origin: str) -> tuple[list[dict], TableSource]:
    """Read the rows of a `{file: ..., sheet: ...}` spec into scenario entries."""
    columns = PATIENT_COLUMNS if kind == "patients" else HOUSEHOLD_COLUMNS
    if isinstance(spec, str):
        spec = {"file": spec}
    unknown = set(spec) - {"file", "sheet"}
    if "file" not in spec or unknown:
        raise InputError(
            _("{origin}: a table is given as {{file: NAME, sheet: NAME}}", origin=origin)
        )
    path = (base_dir / str(spec["file"])).resolve()
    frame = _read_frame(path, spec.get("sheet"), origin)
    header = [str(c).strip() for c in frame.columns]
    errors = []
    for name in header:
        if name not in columns:
            hint = difflib.get_close_matches(name, list(columns), n=1)
            tip = f" (did you mean '{hint[0]}'?)" if hint else f" (known: {', '.join(columns)})"
            errors.append(
                _(
                    "{name}: row 1: unknown column '{column}'{tip}",
                    name=path.name,
                    column=name,
                    tip=tip,
                )
            )
    if errors:
        raise InputError(errors)
    rows = []
    for index, values in enumerate(frame.itertuples(index=False)):
        row: dict[str, Any] = {}
        for name, raw in zip(header, values, strict=True):
            cell = "" if raw is None else str(raw).strip()
            if cell and cell.lower() != "nan":
                try:
                    _put(row, name, columns[name], cell)
                except ValueError as exc:
                    errors.append(
                        _(
                            "{name}: row {number}, column {column}: {exc}",
                            name=path.name,
                            number=index + 2,
                            column=name,
                            exc=exc,
                        )
                    )
        rows.append(row)
    if errors:
        raise InputError(errors)
    return rows, TableSource(path, header)


def _read_frame(path: Path, sheet: Any, origin: str) -> Any:
    import pandas as pd

    if not path.is_file():
        raise InputError(_("{origin}: file not found: {path}", origin=origin, path=path))
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            return pd.read_excel(path, sheet_name=sheet or 0, dtype=str, keep_default_na=False)
        if path.suffix.lower() == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, KeyError, OSError, UnicodeDecodeError) as exc:
        raise InputError(
            _("{name}: cannot be read as a table: {exc}", name=path.name, exc=exc)
        ) from None
    except Exception as exc:  # pandas and openpyxl raise many kinds on damaged files
        raise InputError(
            _("{name}: cannot be read as a table: {exc}", name=path.name, exc=exc)
        ) from None
    raise InputError(_("{origin}: {name}: use a .csv or .xlsx file", origin=origin, name=path.name))


def _put(row: dict[str, Any], name: str, kind: str, cell: str) -> None:
    if kind == "list":
        row[name] = [item for item in _LIST_SPLIT.split(cell) if item]
    elif kind == "windows":
        row[name] = [_window(item) for item in re.split(r"\s*[;；]\s*", cell) if item]
    elif kind == "bool":
        if cell.lower() not in _TRUE | _FALSE:
            raise ValueError(_("'{cell}' is not yes or no", cell=cell))
        row[name] = cell.lower() in _TRUE
    elif kind == "int":
        try:
            row[name] = int(float(cell))
        except ValueError:
            raise ValueError(_("'{cell}' is not a whole number", cell=cell)) from None
    elif kind == "float":
        try:
            value = float(cell)
        except ValueError:
            raise ValueError(_("'{cell}' is not a number", cell=cell)) from None
        if name in {"lat", "lon"}:
            row.setdefault("location", {})[name] = value
        else:
            row[name] = value
    else:
        row[name] = cell


def _window(text: str) -> dict[str, str]:
    match = _WINDOW.match(text)
    if not match:
        raise ValueError(_("'{text}' is not a time window like 08:00-11:00", text=text))
    return {"start": match.group(1), "end": match.group(2)}
