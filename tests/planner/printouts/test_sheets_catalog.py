"""The `sheets` catalogs (sweep page, tour map, calendars): every message of their files has
a Chinese translation, and the compiled catalogs match their sources."""

from __future__ import annotations

import gettext

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from planner.model.words import LOCALE_DIR
from tests.conftest import ROOT

SOURCES = {
    "planner/printouts/sweep.py": "python",
    "planner/printouts/templates/sweep.html.j2": "jinja2",
    "maps/tour.py": "python",
    "maps/templates/tour_popup.html.j2": "jinja2",
    "planner/printouts/ical.py": "python",
    "planner/printouts/tour_calendars.py": "python",
}
"""The files whose messages the `sheets` domain holds (as `pybabel extract` reads them)."""
KEYWORDS = {"_": None, "gettext": None, "N_": None, "translate": (2,)}


def _extracted() -> set[str]:
    messages = set()
    for path, method in SOURCES.items():
        for _, message, _, _ in extract_from_file(method, str(ROOT / path), keywords=KEYWORDS):
            messages.add(message if isinstance(message, str) else message[0])
    return messages


def _catalog(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "sheets.po").open("rb") as file:
        return {m.id: m.string for m in read_po(file) if m.id and isinstance(m.id, str)}


def test_every_message_has_a_chinese_translation() -> None:
    messages = _extracted()
    assert len(messages) > 20  # the extraction found the page's words
    zh = _catalog("zh")
    assert messages - zh.keys() == set()
    assert [m for m in messages if not zh[m]] == []
    assert messages <= _catalog("en").keys()


def test_the_compiled_catalogs_match_their_sources() -> None:
    for lang in ("zh", "en"):
        mo = LOCALE_DIR / lang / "LC_MESSAGES" / "sheets.mo"
        with mo.open("rb") as file:
            compiled = gettext.GNUTranslations(file)
        for message, text in _catalog(lang).items():
            assert compiled.gettext(message) == (text or message), (lang, message)


def test_a_message_with_fields_keeps_them_in_chinese() -> None:
    for message, text in _catalog("zh").items():
        fields = {part.split("}")[0] for part in message.split("{")[1:]}
        assert fields == {part.split("}")[0] for part in text.split("{")[1:]}, message
