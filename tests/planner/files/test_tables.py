"""Patients and households from CSV and Excel files named in the scenario."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.files.scenario import load_scenario
from planner.model.errors import InputError
from tests.support.minimal import MINIMAL

PATIENTS_CSV = """\
id,family,severity,arrives,leaves,needs,travel_km
p1,f1,severe,2025-07-05T09:00,2025-07-05T12:00,mdt,12.5
p2,f1,intermediate,2025-07-05 09:00,2025-07-05 12:00,mdt; hla,
"""
HOUSEHOLDS_CSV = """\
id,village,lat,lon,windows,required,priority,needs
h1,Sayu,27.25,103.65,08:00-11:00; 15:00-18:00,yes,1,nurse
h2,Taiping,27.39,103.62,,no,3,
"""


def scenario_with_tables(tmp_path: Path, patients: str, households: str) -> Path:
    (tmp_path / "patients.csv").write_text(patients, encoding="utf-8")
    (tmp_path / "households.csv").write_text(households, encoding="utf-8")
    text = MINIMAL.split("patients:\n")[0] + "patients: {file: patients.csv}\n"
    text += MINIMAL.split("visits:\n")[1].join(["visits:\n", ""]).split("  households:\n")[0]
    text += "  households: {file: households.csv}\n"
    path = tmp_path / "stop.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_tables_become_entries(tmp_path: Path) -> None:
    scenario = load_scenario(scenario_with_tables(tmp_path, PATIENTS_CSV, HOUSEHOLDS_CSV))
    assert [(p.id, p.needs, p.travel_km) for p in scenario.patients] == [
        ("p1", ["mdt"], 12.5),
        ("p2", ["mdt", "hla"], None),
    ]
    assert scenario.visits is not None
    h1, h2 = scenario.visits.households
    assert [(w.start_min, w.end_min) for w in h1.windows] == [(480, 660), (900, 1080)]
    assert (h1.required, h1.priority, h1.needs, h1.location.lat) == (True, 1, ["nurse"], 27.25)
    assert (h2.required, h2.priority, h2.windows, h2.needs) == (False, 3, [], [])


def test_table_errors_name_file_row_and_column(tmp_path: Path) -> None:
    patients = PATIENTS_CSV.replace("mdt; hla", "mdt; hla-typing").replace("severe,", "grave,")
    households = HOUSEHOLDS_CSV.replace("08:00-11:00;", "8 to 11;").replace(",no,", ",perhaps,")
    with pytest.raises(InputError) as caught:
        load_scenario(scenario_with_tables(tmp_path, patients, households))
    assert caught.value.messages == [
        "households.csv: row 2, column windows: '8 to 11' is not a time window like 08:00-11:00",
        "households.csv: row 3, column required: 'perhaps' is not yes or no",
    ]
    with pytest.raises(InputError) as caught:
        load_scenario(scenario_with_tables(tmp_path, patients, HOUSEHOLDS_CSV))
    assert caught.value.messages == [
        "patients.csv: row 2, column severity: Input should be 'severe', 'intermediate', "
        "'carrier' or 'unknown'",
    ]
    # References are checked once every field is valid.
    patients = patients.replace("grave,", "severe,")
    with pytest.raises(InputError) as caught:
        load_scenario(scenario_with_tables(tmp_path, patients, HOUSEHOLDS_CSV))
    assert caught.value.messages == [
        "patients.csv: row 3, column needs: unknown service 'hla-typing' (known: hla, mdt)",
    ]


def test_unknown_column_gets_a_suggestion(tmp_path: Path) -> None:
    patients = PATIENTS_CSV.replace("travel_km", "travel_kms")
    with pytest.raises(InputError) as caught:
        load_scenario(scenario_with_tables(tmp_path, patients, HOUSEHOLDS_CSV))
    assert caught.value.messages == [
        "patients.csv: row 1: unknown column 'travel_kms' (did you mean 'travel_km'?)"
    ]


def test_excel_sheet(tmp_path: Path) -> None:
    path = scenario_with_tables(tmp_path, PATIENTS_CSV, HOUSEHOLDS_CSV)
    frame = pd.read_csv(tmp_path / "patients.csv", dtype=str, keep_default_na=False)
    frame.to_excel(tmp_path / "registrations.xlsx", sheet_name="Patients", index=False)
    text = path.read_text("utf-8").replace(
        "patients: {file: patients.csv}", "patients: {file: registrations.xlsx, sheet: Patients}"
    )
    path.write_text(text, "utf-8")
    scenario = load_scenario(path)
    assert [p.id for p in scenario.patients] == ["p1", "p2"]
    assert scenario.patients[1].arrives.hour == 9


def test_missing_table_file(tmp_path: Path) -> None:
    path = scenario_with_tables(tmp_path, PATIENTS_CSV, HOUSEHOLDS_CSV)
    (tmp_path / "patients.csv").unlink()
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    line = path.read_text("utf-8").splitlines().index("patients: {file: patients.csv}") + 1
    assert caught.value.messages == [
        f"stop.yaml:{line}: patients: file not found: {tmp_path.resolve() / 'patients.csv'}"
    ]
