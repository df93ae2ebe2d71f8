"""Command-line usage errors in the user's language.

Typer's click writes its usage errors in English, so the command line runs it without its
own error handling (`standalone_mode=False`) and shows each error here: the message is
made again from the exception's attributes (the option, the value, the choices), and where
click's text cannot be made again it is kept, inside translated words.
"""

from __future__ import annotations

import re

from pydantic import ValidationError
from rich.panel import Panel
from typer import rich_utils
from typer._click import Context
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)

from planner.model.words import gettext as _

CLICK_TEXTS = (
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)"), "extra"),
    (re.compile(r"No such command '(?P<name>.*?)'\.(?: Did you mean (?P<near>.*)\?)?"), "command"),
    (re.compile(r"Missing command\."), "no command"),
)
"""Click's messages that carry their values only in the text (`ctx.fail`)."""


def show(error: ClickException) -> None:
    """Print `error` on stderr as Typer would, in the spoken language."""
    if isinstance(error, NoArgsIsHelpError):
        return  # the help is already printed
    console = rich_utils._get_rich_console(stderr=True)
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        console.print(rich_utils.highlighter(_usage(ctx)), style=rich_utils.STYLE_USAGE_COMMAND)
        if ctx.command.get_help_option(ctx) is not None:
            hint = _(
                "Try '{command} {option}' for help.",
                command=ctx.command_path,
                option=ctx.help_option_names[0],
            )
            console.print(rich_utils.highlighter(hint), style=rich_utils.STYLE_ERRORS_SUGGESTION)
    panel = Panel(
        rich_utils.highlighter(message(error)),
        border_style=rich_utils.STYLE_ERRORS_PANEL_BORDER,
        title=_("Error"),
        title_align=rich_utils.ALIGN_ERRORS_PANEL,
    )
    console.print(panel)


def _usage(ctx: Context) -> str:
    """The command's usage line, after a translated "Usage:"."""
    formatter = ctx.make_formatter()
    pieces = ctx.command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))
    return formatter.getvalue().rstrip("\n")


def message(error: ClickException) -> str:
    """What is wrong, in the spoken language."""
    if isinstance(error, MissingParameter):
        return _missing(error)
    if isinstance(error, BadParameter):
        return _("Invalid value for {name}: {problem}", name=_hint(error), problem=_value(error))
    if isinstance(error, NoSuchOption):
        text = _("No such option: {option}", option=error.option_name)
        if error.possibilities:
            near = ", ".join(sorted(error.possibilities))
            text += " " + _("(did you mean {options}?)", options=near)
        return text
    if isinstance(error, BadOptionUsage):
        return _option_usage(error)
    if isinstance(error, UsageError):
        return _click_text(error.message)
    return error.format_message()  # files and the like: click's own words


def _hint(error: BadParameter) -> str:
    """The option or argument at fault, as click names it ('--out' / '-o')."""
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is None:
        return "?"
    return hint if isinstance(hint, str) else " / ".join(repr(h) for h in hint)


def _missing(error: MissingParameter) -> str:
    """A required option or argument not given, with its choices when it has some."""
    kind = error.param_type or (error.param.param_type_name if error.param else "")
    name = _hint(error)
    text = (
        _("Missing option {name}.", name=name)
        if kind == "option"
        else _("Missing argument {name}.", name=name)
        if kind == "argument"
        else _("Missing parameter {name}.", name=name)
    )
    choices = _choices(error)
    return text + " " + _("Choose from: {choices}", choices=choices) if choices else text


def _choices(error: BadParameter) -> str:
    """The values an option of fixed choices takes, or nothing."""
    described = getattr(error.param, "type_descriptor", None)
    if described is None or not described.is_choice or not described.choices:
        return ""
    return ", ".join(str(getattr(c, "value", c)) for c in described.choices)


def _value(error: BadParameter) -> str:
    """Why the given value is refused, from pydantic's error where Typer checked it."""
    cause = error.__cause__
    if not isinstance(cause, ValidationError) or not cause.errors():
        return error.message  # a check of ours (already translated) or of click's
    first = cause.errors()[0]
    kind, value, limits = first["type"], first.get("input"), first.get("ctx") or {}
    if kind == "float_parsing":
        return _("'{value}' is not a number", value=value)
    if kind in ("int_parsing", "int_from_float"):
        return _("'{value}' is not a whole number", value=value)
    if kind in ("greater_than_equal", "greater_than"):
        return _("{value} is below the least allowed, {limit}", value=value, limit=_limit(limits))
    if kind in ("less_than_equal", "less_than"):
        return _("{value} is above the most allowed, {limit}", value=value, limit=_limit(limits))
    choices = _choices(error)
    if choices:
        return _("'{value}' is not one of {choices}", value=value, choices=choices)
    return error.message


def _limit(limits: dict[str, object]) -> object:
    """The bound of a range error (pydantic names it ge, gt, le or lt)."""
    return next((limits[k] for k in ("ge", "gt", "le", "lt") if k in limits), "?")


def _option_usage(error: BadOptionUsage) -> str:
    """An option given a value it takes none of, or given none where it needs one."""
    if "does not take a value" in error.message:
        return _("Option {option} takes no value.", option=repr(error.option_name))
    if "requires" in error.message:
        return _("Option {option} needs a value.", option=repr(error.option_name))
    return error.message


def _click_text(text: str) -> str:
    """Click's message made of words and values, in the spoken language; else kept."""
    for pattern, kind in CLICK_TEXTS:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        if kind == "extra":
            return _("Unexpected extra arguments: {args}", args=found["args"])
        if kind == "no command":
            return _("Missing command.")
        said = _("No such command '{name}'.", name=found["name"])
        near = found["near"]
        return said + " " + _("(did you mean {options}?)", options=near) if near else said
    return text
