"""Start-up checks of a URLconf: mistakes reported with an ID and a fix.

IDs follow Django's where Django has the check: ``urls.W001`` (an include's
regex ends in '$'), ``urls.W002`` (a route starts with '/'), ``urls.W003`` (a
name holds ':'), ``urls.E004`` (not a pattern), ``urls.W005`` (a namespace used
twice), ``urls.E009`` (a view class without ``as_view()``). chainweb adds
``urls.W010`` (regex syntax in ``path()``), ``urls.W011`` (a name used twice in
one namespace for the same arguments), ``urls.E012`` (an include that loops),
``urls.E013`` (a view that is not callable), ``urls.E014`` (a URLconf that
cannot be loaded).
"""

from __future__ import annotations

import typing as t
from collections import defaultdict

from chainweb.core.checks import CheckMessage, Error, Warning
from chainweb.core.exceptions import ImproperlyConfigured

from .resolvers import URLConf, URLPattern, URLResolver, get_resolver


def check_urlconf(urlconf: URLConf | None = None) -> list[CheckMessage]:
    """Return the problems found in ``urlconf`` (default: ``settings.ROOT_URLCONF``)."""
    try:
        resolver = get_resolver(urlconf)
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="urls.E014")]
    return check_resolver(resolver)


def check_resolver(resolver: URLResolver) -> list[CheckMessage]:
    """Return the problems found in the tree under ``resolver``."""
    walker = _Walker()
    walker.walk(resolver, (), "", ())
    return walker.messages + walker.duplicate_names() + walker.duplicate_namespaces()


def invalid_pattern_message(pattern: t.Any) -> str:
    """Return the message for an item of ``urlpatterns`` that is not a pattern."""
    message = (
        f"Your URL pattern {pattern!r} is invalid. Ensure that urlpatterns is a list of "
        "path() and/or re_path() instances."
    )
    if isinstance(pattern, str):
        message += (
            f" Try removing the string {pattern!r}. The list of urlpatterns should not have "
            "a prefix string as the first element."
        )
    return message


def find_include_loop(resolver: URLResolver) -> str | None:
    """Return a message describing an include() that loops back, or None."""
    for message in check_resolver(resolver):
        if message.id == "urls.E012":
            return message.msg + " " + (message.hint or "")
    return None


class _Walker:
    def __init__(self) -> None:
        self.messages: list[CheckMessage] = []
        # (namespace path, name, arguments) -> routes using that name
        self.names: dict[tuple[str, str, frozenset[str]], list[str]] = defaultdict(list)
        self.namespaces: dict[str, int] = defaultdict(int)

    def walk(
        self,
        resolver: URLResolver,
        urlconfs: tuple[str, ...],
        namespace: str,
        prefix: tuple[str, ...],
    ) -> None:
        key = _urlconf_name(resolver.urlconf_name)
        if key is not None and key in urlconfs:
            chain = " -> ".join([*urlconfs, key])
            self.messages.append(
                Error(
                    f"The URLconf {key!r} includes itself ({chain}).",
                    hint="Remove the include() that loops back; resolving or reversing any "
                    "URL under it would never end.",
                    id="urls.E012",
                )
            )
            return
        if key is not None:
            urlconfs = (*urlconfs, key)
        try:
            patterns = resolver.url_patterns
        except ImproperlyConfigured as exc:
            self.messages.append(Error(str(exc), id="urls.E014"))
            return
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                self.messages += pattern.pattern.check()
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                    self.namespaces[inner] += 1
                self.walk(pattern, urlconfs, inner, (*prefix, str(pattern.pattern)))
            elif isinstance(pattern, URLPattern):
                self.messages += pattern.pattern.check() + _check_view(pattern)
                if pattern.name is not None:
                    _check_name(pattern, self.messages)
                    arguments = frozenset(pattern.pattern.converters) | frozenset(
                        name for _, params in pattern.pattern.possibilities[:1] for name in params
                    )
                    route = "".join((*prefix, str(pattern.pattern)))
                    self.names[(namespace, pattern.name, arguments)].append(route)
            else:
                self.messages.append(Error(invalid_pattern_message(pattern), id="urls.E004"))

    def duplicate_names(self) -> list[CheckMessage]:
        messages: list[CheckMessage] = []
        for (namespace, name, _), routes in self.names.items():
            # A namespace used twice is reported once, as W005, not for each name in it.
            if len(routes) > 1 and self.namespaces.get(namespace, 0) <= 1:
                where = f"namespace '{namespace}'" if namespace else "the root namespace"
                messages.append(
                    Warning(
                        f"URL name '{name}' is used by {len(routes)} patterns in {where} that "
                        f"take the same arguments: {routes}.",
                        hint="reverse() only ever returns the last of them. Give each "
                        "pattern its own name, or remove the duplicate.",
                        id="urls.W011",
                    )
                )
        return messages

    def duplicate_namespaces(self) -> list[CheckMessage]:
        return [
            Warning(
                f"URL namespace '{namespace}' isn't unique. You may not be able to reverse "
                "all URLs in this namespace.",
                hint="Give each include() of the same URLconf its own namespace argument.",
                id="urls.W005",
            )
            for namespace, count in self.namespaces.items()
            if count > 1
        ]


def _check_name(pattern: URLPattern, messages: list[CheckMessage]) -> None:
    if pattern.name and ":" in pattern.name:
        messages.append(
            Warning(
                f"Your URL pattern {pattern.pattern.describe()} has a name including a ':'.",
                hint="Remove the colon, to avoid ambiguous namespace references.",
                id="urls.W003",
            )
        )


def _check_view(pattern: URLPattern) -> list[CheckMessage]:
    view = pattern.callback
    if isinstance(view, type) and hasattr(view, "as_view"):
        name = view.__name__
        return [
            Error(
                f"Your URL pattern {pattern.pattern.describe()} has an invalid view, pass "
                f"{name}.as_view() instead of {name}.",
                id="urls.E009",
            )
        ]
    if not callable(view):
        return [
            Error(
                f"Your URL pattern {pattern.pattern.describe()} has a view that is not "
                f"callable: {view!r}.",
                hint="Pass the view function itself, or a class-based view's as_view().",
                id="urls.E013",
            )
        ]
    return []


def _urlconf_name(urlconf: t.Any) -> str | None:
    if isinstance(urlconf, str):
        return urlconf
    return getattr(urlconf, "__name__", None)
