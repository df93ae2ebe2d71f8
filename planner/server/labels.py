"""The words on the day server's pages, one table per language (`--lang zh|en`).

The waiting-room screen shows both languages at once (`SCREEN`), and its words hold
nothing about health: it reads tickets, masked names and rooms.
"""

from __future__ import annotations

from planner.model.words import P_, word_table

WORDS: dict[str, str] = {
    "app": P_("serve", "Clinic day"),
    "login": P_("serve", "Log in"),
    "role": P_("serve", "Role"),
    "pin": P_("serve", "PIN"),
    "expert": P_("serve", "Expert"),
    "coordinator": P_("serve", "Coordinator"),
    "reception": P_("serve", "Reception"),
    "screen": P_("serve", "Waiting-room screen"),
    "wrong_pin": P_("serve", "Wrong PIN"),
    "desk": P_("serve", "Reception desk"),
    "search": P_("serve", "Search by name, phone or ticket"),
    "ticket": P_("serve", "Ticket"),
    "time": P_("serve", "Time"),
    "name": P_("serve", "Name"),
    "family": P_("serve", "Family"),
    "service": P_("serve", "Service"),
    "experts": P_("serve", "Experts"),
    "room": P_("serve", "Room"),
    "status": P_("serve", "Status"),
    "phone": P_("serve", "Phone"),
    "check_in": P_("serve", "Check in"),
    "no_show": P_("serve", "No-show"),
    "planned": P_("serve", "planned"),
    "checked_in": P_("serve", "checked in"),
    "called": P_("serve", "called"),
    "done": P_("serve", "done"),
    "absent": P_("serve", "no-show"),
    "cancelled": P_("serve", "cancelled"),
    "walk_in": P_("serve", "Walk-in"),
    "id": P_("serve", "Id"),
    "severity": P_("serve", "Severity"),
    "severe": P_("serve", "severe"),
    "intermediate": P_("serve", "intermediate"),
    "carrier": P_("serve", "carrier"),
    "unknown": P_("serve", "unknown"),
    "needs": P_("serve", "Needs"),
    "arrives": P_("serve", "Arrives"),
    "leaves": P_("serve", "Leaves"),
    "find_times": P_("serve", "Find times"),
    "options": P_("serve", "Options (nobody else moves)"),
    "option": P_("serve", "Option"),
    "book": P_("serve", "Book"),
    "no_option": P_("serve", "No option"),
    "slip": P_("serve", "Appointment slip"),
    "print": P_("serve", "Print"),
    "unserved": P_("serve", "Not served today"),
    "reason": P_("serve", "Reason"),
    "my_patients": P_("serve", "My next patients"),
    "call": P_("serve", "Call"),
    "skip": P_("serve", "Skip"),
    "finish": P_("serve", "Done"),
    "nothing": P_("serve", "Nobody waiting"),
    "now": P_("serve", "Now"),
    "grid": P_("serve", "The day"),
    "late_expert": P_("serve", "Expert's new hours"),
    "date": P_("serve", "Date"),
    "start": P_("serve", "From"),
    "end": P_("serve", "To"),
    "away_all_day": P_("serve", "away all day"),
    "save": P_("serve", "Save"),
    "close_room": P_("serve", "Close a room"),
    "close": P_("serve", "Close"),
    "replan": P_("serve", "Re-plan now"),
    "cancel": P_("serve", "Cancel"),
    "progress": P_("serve", "Progress"),
    "running": P_("serve", "re-planning…"),
    "proposal": P_("serve", "Proposal"),
    "was": P_("serve", "Was"),
    "becomes": P_("serve", "Now"),
    "change": P_("serve", "Change"),
    "kept": P_("serve", "kept"),
    "moved": P_("serve", "moved"),
    "new": P_("serve", "new"),
    "call_list": P_("serve", "Whom to tell"),
    "publish": P_("serve", "Publish"),
    "published": P_("serve", "Published as version {version}"),
    "stale": P_("serve", "The day changed since this re-plan started: re-plan again"),
    "failed": P_("serve", "The re-plan failed"),
    "versions": P_("serve", "Versions"),
    "version": P_("serve", "Version"),
    "plan_file": P_("serve", "plan"),
    "changes_file": P_("serve", "changes"),
    "audit": P_("serve", "Audit log"),
    "when": P_("serve", "When"),
    "who": P_("serve", "Who"),
    "what": P_("serve", "What"),
    "saved": P_("serve", "Saved"),
    "logged_in_as": P_("serve", "Logged in as"),
}
"""The pages' words in English: each a message of the catalogs (docs/translating.md)."""


def table(lang: str) -> dict[str, str]:
    """The words in `lang`, from the catalogs (English: the messages themselves)."""
    return word_table(lang, WORDS, "serve")


ZH, EN = table("zh"), table("en")

LANGUAGES = {"en": EN, "zh": ZH}

SCREEN: dict[str, str] = {
    "title": "叫号 Now calling",
    "ticket": "号码 Ticket",
    "name": "姓名 Name",
    "room": "诊室 Room",
    "nothing": "请稍候 Please wait",
}
"""The waiting-room screen's words, in Chinese and English together."""

STATUS_WORDS = {
    "planned": "planned",
    "checked_in": "checked_in",
    "called": "called",
    "done": "done",
    "no_show": "absent",
    "cancelled": "cancelled",
}
"""The label key of each status (`no_show` reads as the status word `absent`, as the
button `no_show` reads 'No-show')."""


def words(lang: str) -> dict[str, str]:
    """The pages' words in `lang` (the server's `--lang`, checked when it starts)."""
    return LANGUAGES[lang]
