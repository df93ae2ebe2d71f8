"""The words on the printouts, one table per language, and the date and time formats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from planner.model.errors import InputError
from planner.model.formats import day_text, duration_text
from planner.model.words import N_, word_table

WORDS: dict[str, str] = {
    "grid": N_("Master grid"),
    "rooms": N_("Room sheets"),
    "agendas": N_("Expert agendas"),
    "slips": N_("Appointment slips"),
    "signin": N_("Reception sign-in list"),
    "training": N_("Training programme"),
    "summary": N_("Summary"),
    "route_sheet": N_("Home-visit route sheet"),
    "day": N_("Day"),
    "time": N_("Time"),
    "start": N_("Start"),
    "end": N_("End"),
    "room": N_("Room"),
    "room_unused": N_("{room}: no appointments this day (free)"),
    "venue": N_("Venue"),
    "patient": N_("Patient"),
    "family": N_("Family"),
    "members": N_("Family members"),
    "service": N_("Service"),
    "experts": N_("Experts"),
    "lecturers": N_("Lecturers"),
    "hospital": N_("Hospital"),
    "arrives": N_("Arrives"),
    "first": N_("First appointment"),
    "phone": N_("Phone"),
    "signed_in": N_("Signed in"),
    "notes": N_("Notes"),
    "topics": N_("Topics"),
    "expected": N_("Expected"),
    "registered": N_("Registered"),
    "seats": N_("Seats"),
    "course": N_("Course"),
    "lunch": N_("Lunch break"),
    "reason": N_("Reason"),
    "household": N_("Household"),
    "village": N_("Village"),
    "address": N_("Address"),
    "contact": N_("Contact"),
    "window": N_("Time window"),
    "any_time": N_("any time"),
    "arrive": N_("Arrive"),
    "visit": N_("Visit"),
    "team": N_("Team"),
    "team_phone": N_("Team phone"),
    "team_members": N_("Team members"),
    "distance": N_("Distance"),
    "drive": N_("Driving"),
    "depart": N_("Leave"),
    "back": N_("Back"),
    "base": N_("Base"),
    "number": N_("No."),
    "outcome": N_("Outcome (tick)"),
    "visited": N_("Visited"),
    "not_home": N_("Not at home"),
    "refused": N_("Refused"),
    "moved": N_("Moved away"),
    "note_line": N_("Notes:"),
    "km": N_("km"),
    "page": N_("Page {page}"),
    "nothing": N_("none"),
    "slip_title": N_("Appointment slip"),
    "slip_come": N_("Please come to the reception desk by {time}"),
    "slip_order": N_("What happens, in order"),
    "slip_bring": N_("Please bring"),
    "slip_missed": N_("Not possible this time"),
    "slip_none": N_(
        "We are sorry: no appointment could be made this time. Please speak to the staff."
    ),
    "cancelled": N_("Cancelled"),
    "changes": N_("Whom to tell"),
    "changes_intro": N_("Soonest change first: call from the top down and tick each call."),
    "changes_none": N_("No changes to tell anyone about."),
    "not_called": N_("Not called (did not come):"),
    "not_called_why": N_(
        "Their bookings were cancelled because they did not come: they know, and a call "
        "would not keep the booking, so they are not on the list (their experts are still "
        "told). Call them only to offer another day."
    ),
    "who": N_("Whom"),
    "change": N_("What changed (was → now)"),
    "called": N_("Called"),
    "expert": N_("Expert"),
    "change_moved": N_("Moved"),
    "change_cancelled": N_("Cancelled"),
    "change_new": N_("New"),
    "signin_count": N_("People"),
    "served": N_("Served"),
    "unserved": N_("Unserved"),
    "unvisited": N_("Households not visited"),
    "needs": N_("Needs"),
    "by_service": N_("By service"),
    "by_severity": N_("By severity"),
    "severity": N_("Severity"),
    "severe": N_("severe"),
    "intermediate": N_("intermediate"),
    "carrier": N_("carrier"),
    "unknown": N_("unknown"),
    "solver": N_("Solver"),
    "status": N_("Status"),
    "wall_s": N_("Wall time (s)"),
    "objective": N_("Objective"),
    "bound": N_("Bound"),
    "gap": N_("Gap"),
    "seed": N_("Seed"),
    "time_limit_s": N_("Time limit (s)"),
    "schedule_status": N_("Schedule status"),
    "routing_status": N_("Routing status"),
    "routing_engine": N_("Routing engine"),
    "routes": N_("Home-visit routes"),
    "visits": N_("Visits"),
    "min": N_("min"),
}
"""The printouts' words in English: each a message of the catalogs (docs/translating.md)."""


def table(lang: str) -> dict[str, str]:
    """The words in `lang`, from the catalogs (English: the messages themselves)."""
    return word_table(lang, WORDS)


ZH, EN = table("zh"), table("en")

LANGUAGES: dict[str, Mapping[str, str]] = {"zh": ZH, "en": EN}


@dataclass(frozen=True)
class Labels:
    """The words and formats of one language; `text.room` or `text["room"]` in templates."""

    lang: str
    words: Mapping[str, str]

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def __getattr__(self, key: str) -> str:
        if key.startswith("__"):  # copy and pickle probe for these before `words` exists
            raise AttributeError(key)
        try:
            return self.words[key]
        except KeyError:
            raise AttributeError(key) from None

    def pick(self, name: str, name_zh: str | None) -> str:
        """A scenario name in this language: the `_zh` variant in Chinese when there is one."""
        return name_zh if self.lang == "zh" and name_zh else name

    def date(self, day: dt.date) -> str:
        """A day with its weekday, such as '2025年3月15日 周六' or 'Sat 15 Mar 2025'."""
        return day_text(day, self.lang)

    def duration(self, minutes: int) -> str:
        """A length of time, such as '1 h 35 min' or '1小时35分钟'."""
        return duration_text(minutes, self.lang)


def labels_for(lang: str) -> Labels:
    """The words of a language.

    Raises:
        InputError: for a language other than 'zh' or 'en'.
    """
    try:
        return Labels(lang, LANGUAGES[lang])
    except KeyError:
        raise InputError(f"unknown printout language {lang!r} (use 'zh' or 'en')") from None
