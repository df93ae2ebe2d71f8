"""The words on the maps, in Chinese and English."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

from planner.model.errors import InputError
from planner.model.formats import day_text, duration_text
from planner.model.words import P_, translate_in


@dataclass(frozen=True)
class Labels:
    """Every label a map shows, in one language."""

    lang: str
    html_lang: str
    team: str
    day: str
    distance: str
    drive: str
    stops: str
    base: str
    base_start_end: str
    base_end: str
    depart: str
    back: str
    village: str
    address: str
    contact: str
    call: str
    window: str
    any_time: str
    arrive: str
    visit: str
    minutes: str
    navigate: str
    amap: str
    geo: str
    straight_lines: str
    overview: str
    km: str
    statuses: tuple[tuple[str, str], ...]
    """(status, label) in the order the popup offers them; `planner.model.statuses`."""
    not_yet: str
    marked: str
    note: str
    export_status: str
    copy_status: str
    copied: str

    def duration(self, minutes: int) -> str:
        """A driving or visit time, such as '1 h 35 min' or '1小时35分钟'."""
        return duration_text(minutes, self.lang)

    def date(self, day: dt.date) -> str:
        """A day with its weekday, such as 'Sun 6 Jul 2025' or '2025年7月6日 周日'."""
        return day_text(day, self.lang)


EN = Labels(
    lang="en",
    html_lang="en",
    team=P_("maps", "Team"),
    day=P_("maps", "Day"),
    distance=P_("maps", "Distance"),
    drive=P_("maps", "Driving"),
    stops=P_("maps", "Visits"),
    base=P_("maps", "Base"),
    base_start_end=P_("maps", "start and end"),
    base_end=P_("maps", "End"),
    depart=P_("maps", "Leave"),
    back=P_("maps", "Back"),
    village=P_("maps", "Village"),
    address=P_("maps", "Address"),
    contact=P_("maps", "Contact"),
    call=P_("maps", "Call"),
    window=P_("maps", "Time window"),
    any_time=P_("maps", "any time"),
    arrive=P_("maps", "Arrive"),
    visit=P_("maps", "Visit"),
    minutes=P_("maps", "min"),
    navigate=P_("maps", "Navigate"),
    amap=P_("maps", "Amap"),
    geo=P_("maps", "Phone map"),
    straight_lines=P_("maps", "Straight lines between stops, not roads"),
    overview=P_("maps", "Home visits: overview"),
    km=P_("maps", "km"),
    statuses=(
        ("visited", P_("maps", "Visited")),
        ("not_home", P_("maps", "Not at home")),
        ("refused", P_("maps", "Refused")),
        ("moved", P_("maps", "Moved away")),
    ),
    not_yet=P_("maps", "Not yet"),
    marked=P_("maps", "Marked"),
    note=P_("maps", "Note"),
    export_status=P_("maps", "Export statuses (CSV)"),
    copy_status=P_("maps", "Copy as text"),
    copied=P_("maps", "Copied: paste it into a chat"),
)


def _in(lang: str, html_lang: str) -> Labels:
    """`EN`'s words translated by the catalogs into `lang`."""
    changed: dict[str, object] = {"lang": lang, "html_lang": html_lang}
    for field in fields(EN):
        value = getattr(EN, field.name)
        if isinstance(value, str) and field.name not in changed:
            changed[field.name] = translate_in(lang, "maps", value)
    changed["statuses"] = tuple(
        (key, translate_in(lang, "maps", words)) for key, words in EN.statuses
    )
    return replace(EN, **changed)  # type: ignore[arg-type]


ZH = _in("zh", "zh-CN")
LANGUAGES = {"zh": ZH, "en": EN}


def labels_for(lang: str) -> Labels:
    """The labels of a language.

    Raises:
        InputError: for a language other than 'zh' or 'en'.
    """
    try:
        return LANGUAGES[lang]
    except KeyError:
        raise InputError(f"unknown map language {lang!r} (use 'zh' or 'en')") from None
