"""The command line in the user's language: its help, and everything it prints after.

Typer builds the help from the options' texts before it parses them, so the language is
read from `--lang` in the arguments (else the locale) when the command starts, and the
built commands' texts (English, marked for the catalogs) are translated in place.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial
from typing import Any

import typer
from typer import Abort, rich_utils
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from planner.cli import usage
from planner.model.words import LANGS, N_, speak, spoken, translate

TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ABORTED_TEXT": N_("Aborted."),
}
"""Typer's panel titles and notes, module constants read when the help is drawn."""

HELP_OPTION = N_("Show this message and exit.")


def lang_in(args: Sequence[str]) -> str | None:
    """The language given by `--lang X` or `--lang=X` in `args`, if it is one spoken."""
    for i, arg in enumerate(args):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value in LANGS:
            return value
    return None


class SpokenGroup(TyperGroup):
    """Typer's group of commands, speaking the language chosen for this run."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **options: Any,
    ) -> Any:
        """Pick the language from `--lang` (else the locale), translate the help, then run.

        Standalone, click's usage errors are shown here in that language (`usage.show`)
        rather than by Typer in English, with the same exit codes.
        """
        speak(lang_in(sys.argv[1:] if args is None else args))
        lang = spoken()
        _translate(self, lang)
        for name, words in TYPER_WORDS.items():
            # Typer reads these module constants each time it draws a help page.
            setattr(rich_utils, name, translate(lang, words))
        run = partial(
            super().main, args, prog_name, complete_var, False, windows_expand_args, **options
        )
        if not standalone_mode:
            return run()
        try:
            code = run()  # Ctrl-C (130) and --help (0) come back as exit codes
        except ClickException as error:
            usage.show(error)
            sys.exit(error.exit_code)
        except Abort:
            rich_utils.rich_abort_error()
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _translate(command: Any, lang: str) -> None:
    """Translate `command`'s help and its options', and its subcommands', in place."""
    if command.help:
        command.help = translate(lang, command.help)
    if command.short_help:
        command.short_help = translate(lang, command.short_help)
    for param in command.params:
        if getattr(param, "help", None):  # options, and Typer's arguments
            param.help = translate(lang, param.help)
    # Typer carries a click of its own: groups are told by their commands, not their type.
    for sub in getattr(command, "commands", {}).values():
        _translate(sub, lang)
    help_option = command.get_help_option(typer.Context(command))
    if help_option is not None and help_option.help:
        help_option.help = translate(lang, HELP_OPTION)
