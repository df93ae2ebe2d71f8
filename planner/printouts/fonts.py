"""Whether an installed font can print the printouts' Chinese, asked before any solve.

WeasyPrint draws a character that no installed font covers as an empty box and says
nothing, so a coordinator would find out at the printer. On Linux (and the BSDs) it finds
fonts through fontconfig, which is asked here the same way: is there a font for the
language `zh`? On Windows and macOS the system fonts cover Chinese already.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Iterable, Iterator
from functools import cache

from planner.model.errors import InputError
from planner.model.words import gettext as _

FONTS_TO_INSTALL = (
    "Install a Chinese font: on Debian or Ubuntu `apt-get install fonts-wqy-microhei` "
    "(or `fonts-noto-cjk`); on Windows and macOS the system fonts already serve."
)


def printed_texts(data: object, lang: str) -> Iterator[str]:
    """Every string in plain data (a dumped scenario) that printouts in `lang` may show.

    English printouts never show the `*_zh` fields, so those are skipped for `en`.
    """
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if lang == "zh" or not str(key).endswith("_zh"):
                yield from printed_texts(value, lang)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from printed_texts(value, lang)


def has_chinese(texts: Iterable[str]) -> bool:
    """Whether any of `texts` holds a CJK ideograph or CJK punctuation."""
    return any(_is_cjk(char) for text in texts for char in text)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x3000 <= code <= 0x303F


def check_fonts(lang: str, data: object) -> None:
    """Refuse to plan when the printouts need Chinese and no installed font has it.

    Args:
        lang: the printouts' language; `zh` prints Chinese whatever the data.
        data: the input as plain data (a dumped scenario), searched for Chinese text.

    Raises:
        InputError: (exit 2) with the fonts that would serve and how to install them.
    """
    data_has_chinese = has_chinese(printed_texts(data, "en"))
    if lang != "zh" and not data_has_chinese:
        return
    if chinese_font_count() != 0:
        return
    why = (
        "the printouts are in Chinese (--lang zh)"
        if lang == "zh"
        else "the scenario has Chinese names or places"
    )
    messages = [
        f"no installed font can print Chinese, and {why}: every Chinese character in the "
        "PDFs would print as an empty box.",
        FONTS_TO_INSTALL,
    ]
    if not data_has_chinese:
        messages.append(_("Or print in English with --lang en: this scenario has no Chinese text."))
    raise InputError(messages)


def chinese_font_count() -> int | None:
    """How many installed fonts cover Chinese, or None where that can't be asked.

    None on Windows and macOS (their system fonts serve) and where fontconfig can't be
    loaded (WeasyPrint could not print at all then, and says so itself).
    """
    if sys.platform.startswith(("win", "darwin")):
        return None
    library = _fontconfig()
    if library is None:
        return None
    return _count_fonts(library, b":lang=zh")


@cache
def _fontconfig() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return None
    library.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    library.FcNameParse.restype = ctypes.c_void_p
    library.FcNameParse.argtypes = [ctypes.c_char_p]
    library.FcObjectSetBuild.restype = ctypes.c_void_p
    library.FcFontList.restype = ctypes.POINTER(_FontSet)
    library.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    library.FcFontSetDestroy.argtypes = [ctypes.POINTER(_FontSet)]
    library.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    library.FcObjectSetDestroy.argtypes = [ctypes.c_void_p]
    library.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    return library


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.c_void_p)]


def _count_fonts(library: ctypes.CDLL, pattern_text: bytes) -> int:
    """Fonts matching a fontconfig pattern, in a configuration read afresh (FONTCONFIG_FILE)."""
    config = library.FcInitLoadConfigAndFonts()
    pattern = library.FcNameParse(pattern_text)
    objects = library.FcObjectSetBuild(b"family", None)
    fonts = library.FcFontList(ctypes.c_void_p(config), ctypes.c_void_p(pattern), objects)
    try:
        return int(fonts.contents.nfont) if fonts else 0
    finally:
        if fonts:
            library.FcFontSetDestroy(fonts)
        library.FcObjectSetDestroy(objects)
        library.FcPatternDestroy(pattern)
        library.FcConfigDestroy(ctypes.c_void_p(config))
