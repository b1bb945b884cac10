"""Path converters: the ``<int:pk>`` part of ``path()`` routes."""

from __future__ import annotations

import functools
import re
import typing as t
import uuid


class Converter(t.Protocol):
    """What a path converter provides; see ``register_converter()``."""

    regex: str

    def to_python(self, value: str) -> t.Any:
        """Turn the matched text into the view's argument (ValueError: no match)."""

    def to_url(self, value: t.Any) -> str:
        """Turn a ``reverse()`` argument into URL text (ValueError: no match)."""


class StringConverter:
    """Match any non-empty text without a slash."""

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        """Return the text as it is."""
        return value

    def to_url(self, value: t.Any) -> str:
        """Return the value as text."""
        return str(value)


class IntConverter:
    """Match zero or a positive integer; the view gets an ``int``."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        """Return the digits as an int."""
        return int(value)

    def to_url(self, value: t.Any) -> str:
        """Return the integer as text."""
        return str(value)


class SlugConverter(StringConverter):
    """Match ASCII letters, digits, hyphens and underscores."""

    regex = "[-a-zA-Z0-9_]+"


class UUIDConverter:
    """Match a lowercase, hyphenated UUID; the view gets a ``uuid.UUID``."""

    regex = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

    def to_python(self, value: str) -> uuid.UUID:
        """Return the text as a UUID."""
        return uuid.UUID(value)

    def to_url(self, value: t.Any) -> str:
        """Return the UUID as text."""
        return str(value)


class PathConverter(StringConverter):
    """Match any non-empty text, slashes included."""

    regex = ".+"


DEFAULT_CONVERTERS: dict[str, Converter] = {
    "int": IntConverter(),
    "path": PathConverter(),
    "slug": SlugConverter(),
    "str": StringConverter(),
    "uuid": UUIDConverter(),
}

REGISTERED_CONVERTERS: dict[str, Converter] = {}


def register_converter(converter: type[Converter] | Converter, type_name: str) -> None:
    """Make ``converter`` usable in routes as ``<type_name:...>``.

    ``converter`` is a class (instantiated once) or an instance with ``regex``,
    ``to_python()`` and ``to_url()``. Register converters before the URLconfs
    that use them are imported.
    """
    if type_name in REGISTERED_CONVERTERS or type_name in DEFAULT_CONVERTERS:
        raise ValueError(
            f"Converter {type_name!r} is already registered. Pick another name for "
            f"{getattr(converter, '__name__', converter)!r}."
        )
    instance = converter() if isinstance(converter, type) else converter
    for attribute in ("regex", "to_python", "to_url"):
        if not hasattr(instance, attribute):
            raise TypeError(
                f"Converter {type_name!r} has no {attribute!r}; a converter needs a regex "
                "attribute and to_python() and to_url() methods."
            )
    re.compile(instance.regex)  # fail now, not on the first request
    REGISTERED_CONVERTERS[type_name] = instance
    get_converters.cache_clear()


@functools.cache
def get_converters() -> dict[str, Converter]:
    """Return every converter by name, built-in and registered."""
    return {**DEFAULT_CONVERTERS, **REGISTERED_CONVERTERS}
