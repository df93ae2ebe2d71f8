"""RFC 7386 JSON merge patches: how a sweep's variant changes its scenario."""

from __future__ import annotations

import copy
from typing import Any


def merge_patch(target: Any, patch: Any) -> Any:
    """Apply an RFC 7386 merge patch to `target` and return the result.

    A mapping in the patch merges into a mapping in the target, key by key: `null`
    deletes the key, a mapping merges again one level down, anything else (a list, a
    number, text) replaces the value whole. A patch that is not a mapping replaces the
    target. Neither argument is changed.

    Args:
        target: the document, as plain data (dicts, lists, scalars).
        patch: the merge patch, as plain data.

    Returns:
        The patched document; parts that the patch leaves alone are copies.
    """
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
