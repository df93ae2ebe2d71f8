"""Text messages to families, households and experts: templates, their rules, their length.

A scenario's optional `notify:` section gives a signature, a contact number and one template
per kind of message (`reminder`, `moved`, `cancelled`, `new`), for the clinic and for the
home visits, in English and in Chinese; what it leaves out comes from the defaults below,
which the `notify` catalog translates. With no number to call back anywhere in the
scenario (`contact_number`), the defaults drop their contact clause, so that no text ends
on an empty "Tel". A text says only who, when, where and whom to call:
no service, no diagnosis, no severity (`HEALTH_WORDS`).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Sequence
from typing import Literal

from pydantic import Field, field_validator

from planner.model.common import Strict
from planner.model.references import Problem
from planner.model.visits import Team
from planner.model.words import N_, translate
from planner.model.words import gettext as _

Kind = Literal["reminder", "moved", "cancelled", "new"]
KINDS: tuple[Kind, ...] = ("reminder", "moved", "cancelled", "new")
VARIABLES = ("name", "date", "time", "place", "contact")
"""What a template may say: who, the day, the time, where, and the number to call back."""

SINGLE_MAX, PART_LEN = 70, 67
"""Chinese gateways: up to 70 characters is one message; longer ones go in 67-character parts."""

HEALTH_WORDS = (
    "hla", "genetic", "gene ", "genes", "thalass", "diagnos", "severe", "intermediate",
    "carrier", "transplant", "marrow", "stem cell", "fertility", "screening",
    "地贫", "地中海", "贫血", "基因", "配型", "遗传", "移植", "骨髓", "干细胞", "重型", "中间型",
    "携带", "确诊", "诊断", "筛查", "生育",
)  # fmt: skip
"""Words that would tell a reader something of a person's health: never in a text."""

PHONE = re.compile(r"^\+?[0-9][0-9 -]{2,20}[0-9]$")
"""A phone number as people write it: digits, perhaps a leading +, spaces or dashes."""


def dialled(phone: str) -> str:
    """`phone` as the consoles' import files hold it: digits only. Spaces, dashes and a
    leading + go, and so does China's country code before a mobile number (+86, 0086),
    since both consoles take a mainland number without it."""
    national = re.sub(r"^(\+|00)86(?=1\d{10}$)", "", re.sub(r"[^\d+]", "", phone))
    return national.lstrip("+")


DEFAULT_SIGNATURE = N_("[Free clinic]")
CLINIC_TEMPLATES: dict[Kind, str] = {
    "reminder": N_("Hello: {name} is booked on {date}, please come at {time} to {place}. "
                   "Tel {contact}"),
    "moved": N_("Hello: {name} is now booked on {date}, please come at {time} to {place}. "
                "Tel {contact}"),
    "cancelled": N_("Hello: the booking of {name} on {date}, at {time} is cancelled. "
                    "Tel {contact}"),
    "new": N_("Hello: {name} has a new booking on {date}, please come at {time} to {place}. "
              "Tel {contact}"),
}  # fmt: skip
VISIT_TEMPLATES: dict[Kind, str] = {
    "reminder": N_("Hello {name}: our team will visit {place} on {date}, at about {time}. "
                   "Tel {contact}"),
    "moved": N_("Hello {name}: our visit to {place} is now on {date}, at about {time}. "
                "Tel {contact}"),
    "cancelled": N_("Hello {name}: our visit on {date}, at about {time} is cancelled. "
                    "Tel {contact}"),
    "new": N_("Hello {name}: our team will visit {place} on {date}, at about {time}. "
              "Tel {contact}"),
}  # fmt: skip
CLINIC_TEMPLATES_NO_CONTACT: dict[Kind, str] = {
    "reminder": N_("Hello: {name} is booked on {date}, please come at {time} to {place}."),
    "moved": N_("Hello: {name} is now booked on {date}, please come at {time} to {place}."),
    "cancelled": N_("Hello: the booking of {name} on {date}, at {time} is cancelled."),
    "new": N_("Hello: {name} has a new booking on {date}, please come at {time} to {place}."),
}
VISIT_TEMPLATES_NO_CONTACT: dict[Kind, str] = {
    "reminder": N_("Hello {name}: our team will visit {place} on {date}, at about {time}."),
    "moved": N_("Hello {name}: our visit to {place} is now on {date}, at about {time}."),
    "cancelled": N_("Hello {name}: our visit on {date}, at about {time} is cancelled."),
    "new": N_("Hello {name}: our team will visit {place} on {date}, at about {time}."),
}
"""The default texts, with and without the number to call back, in English here and in
Chinese in the `notify` catalog."""


class Templates(Strict):
    """One template per kind of message; a kind left out keeps its default."""

    reminder: str | None = Field(default=None, description="the first notice (planner solve)")
    moved: str | None = Field(default=None, description="a booking or visit moved (replan)")
    cancelled: str | None = Field(default=None, description="a booking or visit cancelled")
    new: str | None = Field(default=None, description="a booking or visit added (replan)")

    @field_validator("reminder", "moved", "cancelled", "new")
    @classmethod
    def _keeps_the_rules(cls, text: str | None) -> str | None:
        if text is not None:
            problem = template_problem(text)
            if problem:
                raise ValueError(problem)
        return text


class Notify(Strict):
    """How families, households and experts are told by text message (`DIR/notify/`)."""

    signature: str | None = Field(
        default=None, description="the signature the SMS console registered, e.g. 【...】"
    )
    signature_zh: str | None = None
    contact: str | None = Field(
        default=None, description="the number families call back ({contact}); when not "
        "given, a visit's texts give its team's phone and the others the first team's",
    )  # fmt: skip
    templates: Templates = Field(default_factory=Templates, description="clinic, in English")
    templates_zh: Templates = Field(default_factory=Templates, description="clinic, in Chinese")
    visit_templates: Templates = Field(
        default_factory=Templates, description="home visits, in English"
    )
    visit_templates_zh: Templates = Field(default_factory=Templates)

    @field_validator("signature", "signature_zh")
    @classmethod
    def _signature_says_nothing_of_health(cls, text: str | None) -> str | None:
        word = health_word(text or "")
        if word:
            raise ValueError(
                _("the signature would tell of health ({word}): leave it out", word=repr(word))
            )
        return text

    @field_validator("contact")
    @classmethod
    def _contact_is_a_number(cls, text: str | None) -> str | None:
        if text is not None and not PHONE.match(text):
            raise ValueError(_("not a phone number: {text}", text=repr(text)))
        return text

    def signature_in(self, lang: str) -> str:
        """The signature in `lang` (the default one when the scenario gives none)."""
        given = self.signature_zh if lang == "zh" else self.signature
        return given or translate(lang, DEFAULT_SIGNATURE)

    def template(self, lang: str, kind: Kind, visit: bool, contact: bool = True) -> str:
        """The template of `kind` in `lang`, for a home visit or for the clinic.

        Without a `contact` number, a default without its contact clause: the scenario's
        own template too if it uses `{contact}` (`contact_problems` stops such a file).
        """
        if visit:
            given = self.visit_templates_zh if lang == "zh" else self.visit_templates
        else:
            given = self.templates_zh if lang == "zh" else self.templates
        own: str | None = getattr(given, kind)
        if own and (contact or "contact" not in variables_of(own)):
            return own
        if contact:
            default = (VISIT_TEMPLATES if visit else CLINIC_TEMPLATES)[kind]
        else:
            default = (VISIT_TEMPLATES_NO_CONTACT if visit else CLINIC_TEMPLATES_NO_CONTACT)[kind]
        return translate(lang, default)

    def contact_problems(self) -> list[Problem]:
        """Each of the scenario's templates that uses `{contact}`: an error when the
        scenario has no number to call back (`contact_number`)."""
        found = []
        for field in ("templates", "templates_zh", "visit_templates", "visit_templates_zh"):
            given: Templates = getattr(self, field)
            for kind in KINDS:
                own = getattr(given, kind)
                if own and "contact" in variables_of(own):
                    found.append(Problem(("notify", field, kind), no_number()))
        return found


def no_number() -> str:
    """Why a template's `{contact}` cannot be filled in, in the run's language."""
    return _(
        "{contact} has no number to give: set notify.contact, or a phone for a visiting team "
        "(or leave {contact} out)",
        contact="{contact}",
    )


def desk_team(teams: Sequence[Team]) -> Team | None:
    """The first team with a phone: the stop's own staff, at the clinic and on the visits."""
    return next((team for team in teams if team.phone), None)


def contact_number(notify: Notify | None, teams: Sequence[Team], team: str | None = None) -> str:
    """The number a text gives to call back ('' when the scenario has none): `notify.contact`;
    else the phone of the visit's `team`; else that of the first team with one."""
    if notify is not None and notify.contact:
        return notify.contact
    own = next((t.phone for t in teams if t.id == team and t.phone), None)
    desk = desk_team(teams)
    return own or (desk.phone if desk is not None and desk.phone else "")


def variables_of(template: str) -> list[str]:
    """The `{variables}` of a template, in the order they appear."""
    parsed = string.Formatter().parse(template)
    return [field for _text, field, _spec, _conv in parsed if field is not None]


def template_problem(template: str) -> str | None:
    """What keeps a template from being used (None: nothing), as the SMS consoles see it."""
    try:
        fields = variables_of(template)
    except ValueError as exc:
        return _("cannot read the template: {error}", error=exc)
    unknown = [f for f in fields if f not in VARIABLES]
    if unknown:
        known = ", ".join(VARIABLES)
        return _(
            "unknown variable {variable} (known: {known})",
            variable=f"{{{unknown[0]}}}",
            known=known,
        )
    twice = sorted({f for f in fields if fields.count(f) > 1})
    if twice:
        return _(
            "{variable} appears twice: the SMS consoles take each variable once",
            variable=f"{{{twice[0]}}}",
        )
    if re.search(r"\}\s*\{", template):
        return _("two variables side by side: the SMS consoles need words between them")
    if re.search(r"[【】\[\]]", template):
        return _("brackets 【】 or [] belong to the signature, not the template")
    word = health_word(template)
    if word:
        return _(
            "the template would tell of health ({word}): only who, when, where", word=repr(word)
        )
    return None


def health_word(text: str) -> str | None:
    """The first word of `HEALTH_WORDS` in `text`, if any (case does not matter)."""
    lowered = text.lower()
    return next((word for word in HEALTH_WORDS if word in lowered), None)


def sms_parts(chars: int) -> int:
    """How many messages a text of `chars` characters goes out as."""
    return 1 if chars <= SINGLE_MAX else math.ceil(chars / PART_LEN)


ALIYUN_VALUE_MAX = 35
"""Characters an Aliyun variable may hold. (Tencent Cloud limits a variable to 12 for
accounts verified as a person; its console sets the limit of an organisation's.)"""


def console_problems(value: str, lang: str) -> list[str]:
    """What the SMS consoles would refuse in a variable's value: length, links, brackets."""
    found = []
    if len(value) > ALIYUN_VALUE_MAX:
        found.append(
            translate(
                lang,
                N_("{chars} characters, over the {most} of an Aliyun variable"),
                chars=len(value),
                most=ALIYUN_VALUE_MAX,
            )
        )
    if re.search(r"https?:|www\.|\.com\b|\.cn\b", value, re.IGNORECASE):
        found.append(translate(lang, N_("a link, which no console takes in a variable")))
    if re.search(r"[【】\[\]{}]", value):
        found.append(
            translate(
                lang, N_("brackets, which the consoles keep for the signature and the variables")
            )
        )
    return found


def aliyun_form(template: str) -> str:
    """The template as Aliyun writes it: `${name}`."""
    return re.sub(r"\{(\w+)\}", r"${\1}", template)


def tencent_form(template: str) -> str:
    """The template as Tencent Cloud writes it: `{1}`, `{2}`, ... in the order of use."""
    order = {name: i for i, name in enumerate(variables_of(template), start=1)}
    return re.sub(r"\{(\w+)\}", lambda m: "{" + str(order[m.group(1)]) + "}", template)
