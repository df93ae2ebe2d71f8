"""The words people read, in their language: gettext catalogs chosen by `--lang` or the locale.

Messages are written in English in the code, marked with `gettext` (or `N_` where they are
defined before the language is known), and translated by the catalogs in
`planner/locale/<lang>/LC_MESSAGES/<domain>.po`. Babel extracts them (`babel.cfg`) and
compiles the `.mo` files read here (docs/translating.md). Every `.mo` of a language is read,
so a part of the program may keep its messages in a domain of its own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

LANGS = ("zh", "en")
"""The languages the planner speaks; the first is the programme's own."""

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")
"""Where the language is looked for when `--lang` is not given, in POSIX's order."""


def N_(message: str) -> str:
    """Mark `message` for translation where it is defined; translate it where it is shown."""
    return message


def P_(context: str, message: str) -> str:
    """Mark `message` for translation in `context` (a table of words: "serve", "maps"),
    where one English word reads differently in Chinese; translate it with `translate_in`."""
    return message


def translate_in(lang: str, context: str, message: str) -> str:
    """`message` of `context` (`P_`) in `lang`."""
    return translator(lang).pgettext(context, message)


def language(chosen: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The language to speak: `chosen` (from `--lang`), else the locale's, else Chinese.

    A locale with no language (C, POSIX) or one the planner does not speak is passed over,
    so `LANG=C.UTF-8` on a server still gives the programme's own language.
    """
    if chosen:
        return chosen
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "").strip().lower()
        for lang in LANGS:
            if value.startswith(lang):
                return lang
    return LANGS[0]


@cache
def translator(lang: str) -> NullTranslations:
    """Every catalog of `lang` as one translation; English falls back to the messages."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    merged: NullTranslations = NullTranslations()
    for path in sorted(folder.glob("*.mo")):
        with path.open("rb") as file:
            catalog = GNUTranslations(file)
        catalog.add_fallback(merged)
        merged = catalog
    return merged


def translate(lang: str, message: str, /, **values: object) -> str:
    """`message` in `lang`, with `{name}` fields filled from `values`."""
    text = translator(lang).gettext(message)
    return text.format(**values) if values else text


HTML_LANG = {"zh": "zh-CN", "en": "en"}
"""Each language's tag for a page's `<html lang>`."""


def word_table(lang: str, english: Mapping[str, str], context: str | None = None) -> dict[str, str]:
    """A page's words by key in `lang` (of `context`, for `P_` tables), from the catalogs,
    with `html_lang` for its `<html>` tag."""
    words = {
        key: translate_in(lang, context, text) if context else translate(lang, text)
        for key, text in english.items()
    }
    return {"html_lang": HTML_LANG[lang]} | words


_spoken: list[str] = []
"""The language chosen for this run (`speak`), if any; else the locale's is spoken."""


def speak(lang: str | None) -> None:
    """Speak `lang` from now on in messages made without a language at hand (errors,
    progress, results); None goes back to the locale's. The command line calls it first."""
    _spoken[:] = [lang] if lang else []


def spoken() -> str:
    """The language messages are made in: the one chosen by `speak`, else the locale's."""
    return _spoken[0] if _spoken else language()


def gettext(message: str, /, **values: object) -> str:
    """`message` in the spoken language, with `{name}` fields filled from `values`.

    Errors are raised far from the command line, where no language is at hand; they speak
    the run's language, so a message reads the same wherever it is made.
    """
    return translate(spoken(), message, **values)


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    """`singular` or `plural` as `count` asks, in the spoken language; `{count}` and the
    `{name}` fields filled from `values`."""
    text = translator(spoken()).ngettext(singular, plural, count)
    return text.format(count=count, **values)
