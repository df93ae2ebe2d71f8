"""Hostile and broken files: exit code 2, a message that points at the place, no traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from planner.files.scenario import load_scenario
from planner.model.errors import InputError
from tests.support.cli import planner

BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]"
            for a, b in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)

BAD_FILES = {
    "empty.yaml": (b"", "empty.yaml:1: the file is empty"),
    "blank.yaml": (b"\n   \n", "blank.yaml:1: the file is empty"),
    "binary.yaml": (
        bytes(range(256)),
        "binary.yaml: not a text file (it contains NUL bytes); expected YAML or JSON",
    ),
    "latin1.yaml": (
        "name: Zhaotong caf\xe9\n".encode("latin-1"),
        "latin1.yaml: not UTF-8 text (bad byte at offset 18); save the file as UTF-8",
    ),
    "broken.yaml": (
        b"name: x\nvenues: [\n  - id: a\n",
        "broken.yaml:3: not valid YAML: while parsing a flow node expected the node content, "
        "but found '-'",
    ),
    "list.yaml": (
        b"- a\n- b\n",
        "list.yaml:1: the top level must be a mapping of keys (name, venues, experts, ...), "
        "found a list",
    ),
    "scalar.yaml": (
        b"just words\n",
        "scalar.yaml:1: the top level must be a mapping of keys (name, venues, experts, ...), "
        "found a single value ('just words')",
    ),
    "bomb.yaml": (
        BOMB.encode(),
        "bomb.yaml: the document expands to 490,329,055 values, more than 2,000,000 "
        "(anchors and aliases nested too deep?); refusing to read it",
    ),
    "duplicate.yaml": (
        b"name: x\nname: y\n",
        "duplicate.yaml:2: not valid YAML: while constructing a mapping found duplicate key "
        '"name" with value "y" (original value: "x")',
    ),
    "tagged.yaml": (
        b"name: !!python/object:os.system x\n",
        "tagged.yaml:1: name: unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'",
    ),
    "broken.json": (
        b'{"name": "x",\n "venues": [}\n',
        "broken.json:2: not valid JSON: Expecting value",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_rejected_quickly(tmp_path: Path, name: str) -> None:
    content, expected = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:  # a planner error: its messages, no traceback
        load_scenario(path)
    elapsed = time.perf_counter() - started
    assert caught.value.exit_code == 2  # as `planner validate` exits
    assert str(caught.value) == expected
    # The check takes milliseconds, the bomb included (the command adds only start-up).
    assert elapsed < 1.0


def test_missing_file(tmp_path: Path) -> None:
    run = planner("validate", str(tmp_path / "nope.yaml"))
    assert run.returncode == 2
    assert run.stderr.strip() == f"{tmp_path / 'nope.yaml'}: file not found"
