"""The output folder: a failed write names the file, whatever job wrote it."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.files.out_dir import writing
from planner.model.errors import OutputError


def test_a_failed_write_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "plan.json"
    with pytest.raises(OutputError) as caught, writing(tmp_path):
        target.write_text("{}")
    assert caught.value.messages == [f"{target}: cannot be written: No such file or directory"]


def test_what_is_not_a_failed_write_goes_through(tmp_path: Path) -> None:
    with pytest.raises(ValueError), writing(tmp_path):
        raise ValueError("not ours")
