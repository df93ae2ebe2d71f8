"""The catalogs: every message the code marks has a Chinese translation, the compiled
`.mo` files are those of the `.po` files, and a translation keeps the message's fields."""

from __future__ import annotations

import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from planner.model.words import LANGS, LOCALE_DIR, N_, translate
from tests.conftest import ROOT

KEYWORDS = {
    "gettext": None, "ngettext": (1, 2), "_": None, "N_": None, "translate": (2,),
    "P_": ((1, "c"), 2),
}  # fmt: skip
"""Babel's keywords for the planner (docs/translating.md): `translate`'s message is its 2nd,
`P_`'s first argument is the context."""

Key = tuple[str | None, str]
"""A message as catalogs key it: its context (None: none) and its (singular) text."""


def _ids(messages: object) -> tuple[str, ...]:
    return messages if isinstance(messages, tuple) else (str(messages),)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def extracted() -> set[Key]:
    """Every message marked in the code (python and templates, as babel.cfg says)."""
    method_map, options_map = _babel_config()
    found: set[Key] = set()
    for _, _, message, _, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add((context, _ids(message)[0]))  # a plural by its singular, as catalogs key it
    return found


def _babel_config() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as file:
        return parse_mapping_cfg(file)


def _catalogs(lang: str) -> list[tuple[Path, Catalog]]:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    return [(path, read_po(path.open("rb"))) for path in sorted(folder.glob("*.po"))]


def _translated(lang: str) -> dict[Key, str]:
    """msgid -> msgstr over every domain of `lang` (plurals by their singular)."""
    return {message: text for message, (text, _) in _entries(lang).items()}


def _entries(lang: str) -> dict[Key, tuple[str, tuple[str, ...]]]:
    """msgid -> (msgstr, every msgid form) over every domain of `lang`, translated only."""
    out: dict[Key, tuple[str, tuple[str, ...]]] = {}
    for _, catalog in _catalogs(lang):
        for message in catalog:
            text = message.string if isinstance(message.string, str) else message.string[0]
            if message.id and text and not message.fuzzy:
                out[message.context, _ids(message.id)[0]] = (text, _ids(message.id))
    return out


def test_the_code_marks_messages(extracted: set[Key]) -> None:
    assert (None, "{path}: file not found") in extracted
    assert ("maps", "Navigate") in extracted
    assert len(extracted) > 200


def test_every_message_has_a_chinese_translation(extracted: set[Key]) -> None:
    translated = _translated("zh")
    missing = sorted(m for m in extracted if m not in translated)
    assert not missing, f"{len(missing)} messages lack a zh translation: {missing[:20]}"


def test_english_catalogs_hold_every_message(extracted: set[Key]) -> None:
    """English falls back to the message itself, but its catalogs list them all."""
    listed = {(m.context, _ids(m.id)[0]) for _, catalog in _catalogs("en") for m in catalog if m.id}
    missing = sorted(m for m in extracted if m not in listed)
    assert not missing, f"{len(missing)} messages missing from the en catalogs: {missing[:20]}"


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:  # not a format string (a message shown as it is)
        return set()


@pytest.mark.parametrize("lang", LANGS)
def test_translations_use_only_the_messages_fields(lang: str) -> None:
    wrong = {}
    for message, (text, forms) in _entries(lang).items():
        allowed = set().union(*map(_fields, forms))
        if len(forms) > 1:  # ngettext fills `count` in every form
            allowed.add("count")
        if not _fields(text) <= allowed:
            wrong[message] = text
    assert not wrong


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogs_match_their_sources(lang: str) -> None:
    for path, catalog in _catalogs(lang):
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        assert path.with_suffix(".mo").read_bytes() == compiled.getvalue(), (
            f"{path.with_suffix('.mo')} is stale: run pybabel compile (docs/translating.md)"
        )


def test_a_message_reads_in_chinese() -> None:
    said = translate("zh", N_("{path}: file not found"), path="stop.yaml")
    assert said.startswith("stop.yaml") and re.search("[\u4e00-\u9fff]", said)
    english = translate("en", "{path}: file not found", path="stop.yaml")
    assert english == "stop.yaml: file not found"
