"""Reading a variants file and making each variant's scenario, every one validated.

A sweep must not spend an hour on the first variants and then stop at a typo in the
last, so every variant is patched onto the scenario and validated before anything
runs, and all problems are reported at once. A problem inside a variant's patch points
at its line in the variants file; one in the rest of the scenario at its line there.
"""

from __future__ import annotations

import copy
import typing
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from planner.files.documents import read_document
from planner.files.error_wording import error_message
from planner.files.scenario import Loc, Placer, read_scenario_document, scenario_from_document
from planner.model import Scenario, format_loc
from planner.model.errors import InputError
from planner.model.merge_patch import merge_patch
from planner.model.variants import Variant, VariantsFile, variant_problems
from planner.model.words import gettext as _


def load_variants(path: Path) -> tuple[list[Variant], dict[Loc, int]]:
    """The variants of a variants file and the line of each key in it.

    Raises:
        InputError: every problem, as `FILE:LINE: key.path: what is wrong`.
    """
    data, lines = read_document(path)
    place = Placer(path.name, lines, {})
    if not isinstance(data, dict):
        raise InputError(
            _("{name}:1: the top level must be a mapping with 'variants'", name=path.name)
        )
    try:
        variants = VariantsFile.model_validate(data).variants
    except ValidationError as exc:
        raise InputError([place(e["loc"], _message(e)) for e in exc.errors()]) from None
    problems = variant_problems(variants)
    if problems:
        raise InputError([place(p.loc, p.message) for p in problems])
    return variants, lines


def _message(error: ErrorDetails) -> str:
    """The common wording, but a variant's name is said to be a folder's."""
    if error["type"] == "string_pattern_mismatch":
        return (
            f"'{error['input']}' cannot name a folder: use letters, digits and . _ - = + "
            "(starting with a letter or digit)"
        )
    return error_message(error, VariantsFile)


class _VariantPlacer(Placer):
    """Places a problem of a patched scenario in the patch, or else in the scenario file."""

    def __init__(self, base: Placer, label: str, patch_file: str, patch_lines: dict[Loc, int]):
        super().__init__(base.name, base.lines, dict(base.tables), label)
        self.patch_file, self.patch_lines = patch_file, patch_lines

    def __call__(self, loc: typing.Sequence[str | int], message: str) -> str:
        loc = tuple(loc)
        cut = next((c for c in range(len(loc), 0, -1) if loc[:c] in self.patch_lines), 0)
        if cut and cut >= self.depth(loc):  # the patch set this value, or a part above it
            return f"{self.patch_file}:{self.patch_lines[loc[:cut]]}: {self.label}: " + (
                f"{format_loc(loc)}: {message}"
            )
        return super().__call__(loc, message)


def patch_lines(lines: dict[Loc, int], index: int) -> dict[Loc, int]:
    """The lines of variant `index`'s patch, keyed by their path in the scenario."""
    head = ("variants", index, "patch")
    return {loc[3:]: line for loc, line in lines.items() if loc[:3] == head and len(loc) > 3}


def variant_scenarios(
    scenario_path: Path,
    base: dict[str, Any],
    place: Placer,
    variants: list[Variant],
    variant_lines: tuple[str, dict[Loc, int]] = ("", {}),
    matrix_ids: Collection[str] = (),
) -> list[Scenario]:
    """Each variant's scenario: its patch applied to `base` and the result validated.

    Args:
        scenario_path: the scenario file (its folder anchors relative paths).
        base: the scenario document, tables read in (it is not changed).
        place: where the keys of `base` are in the scenario file.
        variants: the variants, in order.
        variant_lines: the variants file's name and key lines, for problems in patches;
            a variant with an index beyond them (made by `--vary`) has none.
        matrix_ids: the teams and households of the scenario itself, which its travel
            matrix may name even where a variant leaves them out.

    Raises:
        InputError: every problem of every variant, each naming its variant.
    """
    name, lines = variant_lines
    scenarios, problems = [], []
    for index, variant in enumerate(variants):
        # Variants past the file's are made by --vary: they have no lines of their own.
        from_file = any(loc[:2] == ("variants", index) for loc in lines)
        label = f"variant '{variant.name}'" if from_file else f"--vary {variant.name}"
        where = _VariantPlacer(place, label, name, patch_lines(lines, index))
        data = merge_patch(base, variant.patch)
        try:
            scenarios.append(scenario_from_document(data, scenario_path, where, matrix_ids))
        except InputError as error:
            problems += error.messages
    if problems:
        raise InputError(problems)
    return scenarios


def prepare_variants(
    scenario_path: Path, variants_path: Path | None, vary: list[str]
) -> tuple[list[Variant], list[Scenario]]:
    """The variants of the file and of the `--vary` options, each with its scenario.

    Raises:
        InputError: every problem, of the scenario, the variants file, the options or
            any patched scenario, before anything runs.
    """
    from planner.model.variant_shortcuts import vary_variants

    base, place = read_scenario_document(scenario_path)
    scenario = scenario_from_document(copy.deepcopy(base), scenario_path, place)
    variants, lines = load_variants(variants_path) if variants_path else ([], {})
    file_names = {variant.name.lower() for variant in variants}
    extra = vary_variants(vary, base, scenario)
    clashes = [v.name for v in extra if v.name.lower() in file_names]
    if clashes:
        raise InputError(
            _("--vary {clashes}: the variants file has a variant of that name", clashes=clashes[0])
        )
    variants += extra
    if not variants:
        raise InputError(_("nothing to sweep: give --variants FILE or --vary KEY=V1,V2,..."))
    source = variants_path.name if variants_path else ""
    ids = (
        {t.id for t in scenario.visits.teams} | {h.id for h in scenario.visits.households}
        if scenario.visits
        else set()
    )
    return variants, variant_scenarios(scenario_path, base, place, variants, (source, lines), ids)
