"""Terminal colours for management command output, off when the stream is not a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

#: Role name -> ANSI SGR codes. Commands use ``self.style.SUCCESS(text)`` and so on.
PALETTE: dict[str, str] = {
    "ERROR": "1;31",
    "ERROR_OUTPUT": "1;31",
    "SUCCESS": "1;32",
    "WARNING": "1;33",
    "NOTICE": "31",
    "HTTP_INFO": "1",
    "HTTP_SUCCESS": "",
    "HTTP_REDIRECT": "32",
    "HTTP_NOT_MODIFIED": "36",
    "HTTP_BAD_REQUEST": "1;31",
    "HTTP_NOT_FOUND": "33",
    "HTTP_SERVER_ERROR": "1;35",
    "SQL_FIELD": "1;32",
    "MIGRATE_HEADING": "1;36",
    "MIGRATE_LABEL": "1",
}


def _identity(text: str) -> str:
    return text


def _colorizer(codes: str) -> Callable[[str], str]:
    if not codes:
        return _identity

    def colorize(text: str) -> str:
        return f"\x1b[{codes}m{text}\x1b[0m"

    return colorize


class Style:
    """Callables named for output roles (``ERROR``, ``SUCCESS``, ``WARNING``, ``NOTICE`` ...)."""

    def __init__(self, colored: bool = True) -> None:
        for role, codes in PALETTE.items():
            setattr(self, role, _colorizer(codes) if colored else _identity)

    def __getattr__(self, name: str) -> Callable[[str], str]:
        # Roles not in the palette (a typo, or one a newer chainweb adds) print plainly.
        if name.isupper():
            return _identity
        raise AttributeError(name)


def supports_color(stream: object = None) -> bool:
    """Return whether ``stream`` (default stdout) is a terminal that shows ANSI colours."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def color_style(force_color: bool = False) -> Style:
    """Return a Style that colours output when the terminal supports it."""
    return Style(colored=force_color or supports_color())


def no_style() -> Style:
    """Return a Style whose roles leave text unchanged."""
    return Style(colored=False)
