"""The output folder of every command that writes one."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from planner.model.errors import OutputError
from planner.model.words import gettext as _


def prepare_out_dir(out_dir: Path) -> None:
    """Make the output folder, or say why it cannot be used, before any time is spent."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(_("--out {out_dir}: this is a file, not a folder", out_dir=out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            _(
                "--out {out_dir}: cannot make the folder: {strerror}",
                out_dir=out_dir,
                strerror=error.strerror,
            )
        ) from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(_("--out {out_dir}: the folder is not writable", out_dir=out_dir))


@contextlib.contextmanager
def writing(where: Path) -> Iterator[None]:
    """Turn a failed write inside the block into an `OutputError` that names the file (or
    `where`, when the system does not say which)."""
    try:
        yield
    except OSError as error:
        path = error.filename or where
        raise OutputError(
            _("{path}: cannot be written: {strerror}", path=path, strerror=error.strerror)
        ) from None
