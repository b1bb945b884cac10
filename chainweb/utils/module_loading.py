"""Import objects named by dotted paths in settings."""

from __future__ import annotations

import typing as t
from importlib import import_module


def import_string(dotted_path: str) -> t.Any:
    """Import and return the attribute named by ``'package.module.Name'``.

    Raise ImportError naming the path and what went wrong.
    """
    try:
        module_path, attribute = dotted_path.rsplit(".", 1)
    except ValueError as exc:
        raise ImportError(
            f"{dotted_path!r} doesn't look like a module path: write it as 'package.module.Name'."
        ) from exc
    module = import_module(module_path)
    try:
        return getattr(module, attribute)
    except AttributeError as exc:
        raise ImportError(
            f"Module {module_path!r} does not define a {attribute!r} attribute/class."
        ) from exc
