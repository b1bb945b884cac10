"""The two kinds of pattern a URL can be matched against: ``path()`` routes and regexes."""

from __future__ import annotations

import functools
import re
import string
import typing as t

from chainweb.core.checks import CheckMessage, Warning
from chainweb.core.exceptions import ImproperlyConfigured

from . import _regex
from .converters import Converter, get_converters

#: What a successful match gives: the rest of the path, positional args, keyword args.
Match = tuple[str, tuple[t.Any, ...], dict[str, t.Any]]

_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


class RegexPattern:
    """A ``re_path()`` pattern: a regular expression searched in the path."""

    def __init__(self, regex: str, name: str | None = None, is_endpoint: bool = False) -> None:
        self._regex = regex
        self.name = name
        self._is_endpoint = is_endpoint
        self.converters: dict[str, Converter] = {}
        # A regex ending in '$' must match the whole path: '$' alone would also
        # accept a trailing newline.
        self._fullmatch = is_endpoint and regex.endswith("$") and not regex.endswith(r"\$")

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """Return the compiled regex (compiled on first use)."""
        try:
            return re.compile(self._regex)
        except re.error as exc:
            raise ImproperlyConfigured(
                f"{self._regex!r} is not a valid regular expression: {exc}. "
                "Fix the pattern passed to re_path()."
            ) from exc

    @functools.cached_property
    def literal_prefix(self) -> str | None:
        """Return the text every match starts with, or None if it may start anywhere."""
        return _regex.literal_prefix(self._regex)

    @functools.cached_property
    def _literal_text(self) -> str | None:
        # The text a regex of plain characters matches; endpoints keep the regex for '$'.
        return None if self._is_endpoint else _regex.literal_text(self._regex)

    @functools.cached_property
    def possibilities(self) -> list[_regex.Possibility]:
        """Return the ways to build URL text from this pattern (see ``reverse()``)."""
        self.regex  # noqa: B018 - an invalid regex raises its clear error here
        return _regex.possibilities(self._regex)

    @property
    def regex_text(self) -> str:
        """Return the regex source, for joining with the patterns around it."""
        return self._regex

    def match(self, path: str) -> Match | None:
        """Match the start of ``path``; named groups are kwargs, else groups are args."""
        literal = self._literal_text
        if literal is not None:  # PERF: '^/' and the like need no regex
            return (path[len(literal) :], (), {}) if path.startswith(literal) else None
        found = self.regex.fullmatch(path) if self._fullmatch else self.regex.search(path)
        if found is None:
            return None
        kwargs = found.groupdict()
        args = () if kwargs else found.groups()
        kwargs = {key: value for key, value in kwargs.items() if value is not None}
        return path[found.end() :], args, kwargs

    def check(self) -> list[CheckMessage]:
        """Return warnings about this pattern (a '$' ending an include, a leading slash)."""
        messages: list[CheckMessage] = []
        if not self._is_endpoint and self._regex.endswith("$") and not self._regex.endswith(r"\$"):
            messages.append(
                Warning(
                    f"Your URL pattern {self.describe()} uses include with a route ending "
                    "with a '$'.",
                    hint="Remove the dollar from the route to avoid problems including URLs.",
                    id="urls.W001",
                )
            )
        if self._regex.startswith(("/", "^/", "^\\/")):
            messages.append(_leading_slash_warning(self))
        return messages

    def describe(self) -> str:
        """Return the pattern and its name for messages: ``'^a/$' [name='a']``."""
        return _describe(self)

    def __str__(self) -> str:
        return self._regex

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._regex!r}>"


class RoutePattern:
    """A ``path()`` route such as ``'articles/<int:year>/'``."""

    def __init__(self, route: str, name: str | None = None, is_endpoint: bool = False) -> None:
        self._route = route
        self.name = name
        self._is_endpoint = is_endpoint
        self.regex_text, self.converters, self.possibilities, self.literal_prefix = _parse_route(
            route, is_endpoint
        )

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """Return the compiled regex (compiled on first use)."""
        return re.compile(self.regex_text)

    def match(self, path: str) -> Match | None:
        """Match the start of ``path``; converted parameters are kwargs."""
        if self.converters:
            found = self.regex.search(path)
            if found is None:
                return None
            kwargs: dict[str, t.Any] = found.groupdict()
            for key, value in kwargs.items():
                try:
                    kwargs[key] = self.converters[key].to_python(value)
                except ValueError:
                    return None
            return path[found.end() :], (), kwargs
        # PERF: a route without parameters is plain text; no regex needed.
        if self._is_endpoint:
            return ("", (), {}) if path == self._route else None
        if path.startswith(self._route):
            return path[len(self._route) :], (), {}
        return None

    def check(self) -> list[CheckMessage]:
        """Return warnings about this route (regex syntax, a leading slash)."""
        route = self._route
        if "(?P<" in route or route.startswith("^") or route.endswith("$"):
            return [
                Warning(
                    f"Your URL pattern {self.describe()} has a route that contains '(?P<', "
                    "begins with a '^', or ends with a '$'.",
                    hint="path() takes routes such as 'articles/<int:year>/', not regular "
                    "expressions. Rewrite the route, or use re_path() for a regex.",
                    id="urls.W010",
                )
            ]
        if route.startswith("/"):
            return [_leading_slash_warning(self)]
        return []

    def describe(self) -> str:
        """Return the route and its name for messages: ``'a/' [name='a']``."""
        return _describe(self)

    def __str__(self) -> str:
        return self._route

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._route!r}>"


Pattern = RegexPattern | RoutePattern


def _describe(pattern: Pattern) -> str:
    text = f"'{pattern}'"
    return f"{text} [name='{pattern.name}']" if pattern.name else text


def _leading_slash_warning(pattern: Pattern) -> CheckMessage:
    return Warning(
        f"Your URL pattern {pattern.describe()} has a route beginning with a '/'.",
        hint="Remove this slash as it is unnecessary. If this pattern is targeted in an "
        "include(), ensure the include() pattern has a trailing '/'.",
        id="urls.W002",
    )


def _parse_route(
    route: str, is_endpoint: bool
) -> tuple[str, dict[str, Converter], list[_regex.Possibility], str]:
    """Return the regex, converters, reverse possibilities and literal prefix of a route."""
    if not isinstance(route, str):
        raise TypeError(f"path() takes the route as a str, not {type(route).__name__}: {route!r}.")
    all_converters = get_converters()
    converters: dict[str, Converter] = {}
    regex_parts = ["^"]
    format_parts = []
    literal_prefix = None
    end = 0
    for found in _PARAMETER.finditer(route):
        if not set(found.group()).isdisjoint(string.whitespace):
            raise ImproperlyConfigured(
                f"URL route {route!r} cannot contain whitespace in angle brackets <…>. "
                "Write parameters as <converter:name>, such as <int:pk>."
            )
        converter_name, parameter = found.groups(default="str")
        if not parameter.isidentifier():
            raise ImproperlyConfigured(
                f"URL route {route!r} uses parameter name {parameter!r} which isn't a valid "
                "Python identifier. Rename it, such as <int:pk>."
            )
        if parameter in converters:
            raise ImproperlyConfigured(
                f"URL route {route!r} uses parameter name {parameter!r} twice. Give each "
                "parameter its own name."
            )
        try:
            converter = all_converters[converter_name]
        except KeyError:
            known = ", ".join(sorted(all_converters))
            raise ImproperlyConfigured(
                f"URL route {route!r} uses invalid converter {converter_name!r}. Use one of "
                f"{known}, or call register_converter() before this URLconf is imported."
            ) from None
        converters[parameter] = converter
        literal = route[end : found.start()]
        if literal_prefix is None:
            literal_prefix = literal
        regex_parts += [re.escape(literal), f"(?P<{parameter}>{converter.regex})"]
        format_parts += [literal.replace("%", "%%"), f"%({parameter})s"]
        end = found.end()
    regex_parts.append(re.escape(route[end:]))
    format_parts.append(route[end:].replace("%", "%%"))
    if is_endpoint:
        regex_parts.append(r"\Z")
    possibility = ("".join(format_parts), tuple(converters))
    prefix = route if literal_prefix is None else literal_prefix
    return "".join(regex_parts), converters, [possibility], prefix
