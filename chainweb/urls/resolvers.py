"""Turn request paths into views, and view names back into paths.

A URLconf is a tree: a ``URLResolver`` holds a prefix pattern and a list of
``URLPattern`` leaves and nested resolvers (from ``include()``). Resolution
keeps Django's rule, the first pattern that matches wins, but each resolver
tries only the patterns whose literal prefix the path starts with (see
``_index``), so its cost stays flat as the number of routes grows. Reversal
looks names up in tables built once, on first use.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
import threading
import typing as t
from importlib import import_module
from types import ModuleType
from urllib.parse import quote

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured

from . import _regex
from ._index import PrefixIndex
from .converters import (
    Converter,
    IntConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from .exceptions import NoReverseMatch, Resolver404
from .patterns import Pattern, RegexPattern

#: Patterns tried while resolving: one list per attempt, outermost pattern first.
TriedList = list[list[t.Union["URLPattern", "URLResolver"]]]
URLConf = str | ModuleType | t.Sequence[t.Any]


class _Found:
    """A match on its way up the resolver tree, before it becomes a ResolverMatch.

    Each level adds its part in place (PERF: no tuple rebuilt per level).
    ``app_names`` and ``namespaces`` are gathered innermost first.
    """

    __slots__ = (
        "func",
        "args",
        "kwargs",
        "url_name",
        "app_names",
        "namespaces",
        "route",
        "captured",
        "extra",
    )

    def __init__(
        self,
        func: t.Callable[..., t.Any],
        args: tuple[t.Any, ...],
        kwargs: dict[str, t.Any],
        url_name: str | None,
        route: str,
        captured: dict[str, t.Any],
        extra: dict[str, t.Any],
    ) -> None:
        self.func = func
        self.args = args
        self.kwargs = kwargs
        self.url_name = url_name
        self.app_names: list[str | None] = []
        self.namespaces: list[str | None] = []
        self.route = route
        self.captured = captured
        self.extra = extra

    def to_match(self, tried: t.Callable[[], TriedList] | None = None) -> ResolverMatch:
        """Return the ResolverMatch, with fresh kwargs a view may change freely."""
        return ResolverMatch(
            self.func,
            self.args,
            dict(self.kwargs) if self.kwargs is self.captured else self.kwargs,
            self.url_name,
            self.app_names[::-1] if self.app_names else None,
            self.namespaces[::-1] if self.namespaces else None,
            self.route,
            tried,
            self.captured,
            self.extra,
        )


#: A possibility ready to build: positional template, params, their set, a (name,
#: to-text function) pair for each placeholder in order, and whether its text is always safe.
_Slot = tuple[str, t.Callable[[t.Any], str]]
_Plan = tuple[str, tuple[str, ...], frozenset[str], tuple[_Slot, ...], bool]

#: Up to this many patterns on a level, trying them all is cheaper than walking its index.
SMALL_LEVEL = 8

_DEFAULT_ERROR_VIEWS = {
    400: "bad_request",
    403: "permission_denied",
    404: "page_not_found",
    500: "server_error",
}

# Characters left unquoted in reversed URLs: RFC 3986 sub-delims and the rest of pchar.
_SAFE_URL_CHARS = "!$&'()*+,;=" + "/~:@"
_UNSAFE_URL_CHAR = re.compile(r"[^A-Za-z0-9_.~!$&'()*+,;=/:@-]")


class ResolverMatch:
    """The view a path resolved to, with its arguments and where it sits in the URLconf."""

    def __init__(
        self,
        func: t.Callable[..., t.Any],
        args: tuple[t.Any, ...],
        kwargs: dict[str, t.Any],
        url_name: str | None = None,
        app_names: t.Sequence[str | None] | None = None,
        namespaces: t.Sequence[str | None] | None = None,
        route: str | None = None,
        tried: TriedList | t.Callable[[], TriedList] | None = None,
        captured_kwargs: dict[str, t.Any] | None = None,
        extra_kwargs: dict[str, t.Any] | None = None,
    ) -> None:
        self.func = func
        self.args = args
        self.kwargs = kwargs
        self.url_name = url_name
        self.route = route
        self.captured_kwargs = captured_kwargs
        self.extra_kwargs = extra_kwargs
        #: Application namespaces from outermost to innermost (``['polls']``).
        self.app_names = [name for name in app_names if name] if app_names else []
        #: Instance namespaces from outermost to innermost.
        self.namespaces = [name for name in namespaces if name] if namespaces else []
        self._tried = tried

    @property
    def app_name(self) -> str:
        """Return the application namespace, nested ones joined: ``'admin:polls'``."""
        return ":".join(self.app_names)

    @property
    def namespace(self) -> str:
        """Return the instance namespace, nested ones joined."""
        return ":".join(self.namespaces)

    @property
    def tried(self) -> TriedList:
        """Return the patterns tried before (and including) the one that matched."""
        if callable(self._tried):
            self._tried = self._tried()
        return self._tried or []

    @functools.cached_property
    def _func_path(self) -> str:
        func = getattr(self.func, "view_class", self.func)
        if not hasattr(func, "__name__"):  # a callable instance
            return f"{type(func).__module__}.{type(func).__name__}"
        return f"{func.__module__}.{func.__name__}"

    @functools.cached_property
    def view_name(self) -> str:
        """Return ``'namespace:url_name'``, or the view's dotted path when it has no name."""
        return ":".join([*self.namespaces, self.url_name or self._func_path])

    def __getitem__(self, index: int) -> t.Any:
        return (self.func, self.args, self.kwargs)[index]

    def __iter__(self) -> t.Iterator[t.Any]:
        return iter((self.func, self.args, self.kwargs))

    def __repr__(self) -> str:
        func = repr(self.func) if isinstance(self.func, functools.partial) else self._func_path
        extra = ""
        if self.captured_kwargs:
            extra += f", captured_kwargs={self.captured_kwargs!r}"
        if self.extra_kwargs:
            extra += f", extra_kwargs={self.extra_kwargs!r}"
        return (
            f"ResolverMatch(func={func}, args={self.args!r}, kwargs={self.kwargs!r}, "
            f"url_name={self.url_name!r}, app_names={self.app_names!r}, "
            f"namespaces={self.namespaces!r}, route={self.route!r}{extra})"
        )


class URLPattern:
    """A leaf of the URLconf: a pattern and the view it leads to (made by ``path()``)."""

    _is_resolver = False

    def __init__(
        self,
        pattern: Pattern,
        callback: t.Callable[..., t.Any],
        default_args: dict[str, t.Any] | None = None,
        name: str | None = None,
    ) -> None:
        self.pattern = pattern
        self.callback = callback
        self.default_args = default_args or {}
        self.name = name

    def resolve(self, path: str) -> ResolverMatch | None:
        """Return a match if ``path`` matches this pattern, else None."""
        found = self._match(path)
        return None if found is None else found.to_match()

    def _match(self, path: str) -> _Found | None:
        match = self.pattern.match(path)
        if match is None:
            return None
        _, args, captured = match
        kwargs = {**captured, **self.default_args} if self.default_args else captured
        return _Found(
            self.callback, args, kwargs, self.pattern.name, str(self.pattern), captured,
            self.default_args,
        )  # fmt: skip

    @property
    def lookup_str(self) -> str:
        """Return the dotted path of the view, such as ``'blog.views.index'``."""
        callback = self.callback
        if isinstance(callback, functools.partial):
            callback = callback.func
        callback = getattr(callback, "view_class", callback)
        if not hasattr(callback, "__name__"):
            return f"{type(callback).__module__}.{type(callback).__qualname__}"
        return f"{callback.__module__}.{callback.__qualname__}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.pattern.describe()}>"


class URLResolver:
    """A node of the URLconf: a prefix pattern over a list of patterns (from ``include()``)."""

    _is_resolver = True

    def __init__(
        self,
        pattern: Pattern,
        urlconf_name: URLConf,
        default_kwargs: dict[str, t.Any] | None = None,
        app_name: str | None = None,
        namespace: str | None = None,
    ) -> None:
        self.pattern = pattern
        self.urlconf_name = urlconf_name
        self.default_kwargs = default_kwargs or {}
        self.app_name = app_name
        self.namespace = namespace
        self._index: PrefixIndex | None = None
        self._small: tuple[URLPattern | URLResolver, ...] | None = None
        self._reverse: _ReverseTables | None = None
        self._error_views: dict[int, t.Callable[..., t.Any]] = {}

    def __repr__(self) -> str:
        urlconf = self.urlconf_name
        if isinstance(urlconf, list) and urlconf:
            # The whole list can be huge; name its kind only.
            shown = f"<{type(urlconf[0]).__name__} list>"
        else:
            shown = repr(urlconf)
        return (
            f"<{type(self).__name__} {shown} ({self.app_name}:{self.namespace}) "
            f"{self.pattern.describe()}>"
        )

    @functools.cached_property
    def urlconf_module(self) -> t.Any:
        """Return the URLconf: the module named by ``urlconf_name``, or the object given."""
        if not isinstance(self.urlconf_name, str):
            return self.urlconf_name
        try:
            return import_module(self.urlconf_name)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"The URLconf {self.urlconf_name!r} could not be imported: {exc}. Check the "
                "dotted path given to include() or in ROOT_URLCONF."
            ) from exc

    @functools.cached_property
    def url_patterns(self) -> list[URLPattern | URLResolver]:
        """Return the URLconf's ``urlpatterns`` (or the URLconf itself if it is a list)."""
        patterns = getattr(self.urlconf_module, "urlpatterns", self.urlconf_module)
        try:
            return list(patterns)
        except TypeError:
            raise ImproperlyConfigured(
                f"The included URLconf {self.urlconf_name!r} does not appear to have any "
                "patterns in it. If you see the 'urlpatterns' variable with valid patterns in "
                "the file then the issue is probably caused by a circular import."
            ) from None

    # Resolving ------------------------------------------------------------------

    def resolve(self, path: str) -> ResolverMatch:
        """Return the match for ``path``; raise ``Resolver404`` if nothing matches."""
        path = str(path)
        try:
            found = self._match(path)
        except RecursionError:
            from .checks import find_include_loop

            raise ImproperlyConfigured(
                find_include_loop(self) or "The URLconf is too deep."
            ) from None
        tried = functools.partial(self._tried, path)
        if found is None:
            own = self.pattern.match(path)
            raise Resolver404(own[0] if own else path, tried)
        return found.to_match(tried)

    def _match(self, path: str) -> _Found | None:
        match = self.pattern.match(path)
        if match is None:
            return None
        rest, args, captured = match
        index = self._index or self._build_index()
        candidates: t.Iterable[URLPattern | URLResolver] = self._small or map(
            self.url_patterns.__getitem__, index.candidates(rest)
        )
        for pattern in candidates:
            found = pattern._match(rest)
            if found is None:
                continue
            if captured or self.default_kwargs:
                found.kwargs = {**captured, **self.default_kwargs, **found.kwargs}
            # Positional groups count only when no level captured a named one.
            if args and not found.kwargs:
                found.args = args + found.args
            if pattern._is_resolver:
                found.route = _join_route(str(pattern.pattern), found.route)
            if self.namespace:
                found.namespaces.append(self.namespace)
            if self.app_name:
                found.app_names.append(self.app_name)
            if self.default_kwargs:
                found.extra = {**self.default_kwargs, **found.extra}
            return found
        return None

    def _build_index(self) -> PrefixIndex:
        prefixes = []
        for pattern in self.url_patterns:
            if not isinstance(pattern, URLPattern | URLResolver):
                from .checks import invalid_pattern_message

                raise ImproperlyConfigured(invalid_pattern_message(pattern))
            prefixes.append(pattern.pattern.literal_prefix)
        # PERF: a level of a few patterns tries them all, in order; a larger one uses the index.
        self._small = tuple(self.url_patterns) if len(prefixes) <= SMALL_LEVEL else None
        self._index = PrefixIndex(prefixes)
        return self._index

    def _tried(self, path: str) -> TriedList:
        """Try every pattern in order, as Django does, and list what was tried.

        Only error pages and ``.tried`` need this, so the fast path never builds it.
        """
        return _scan(self, path)[1] or []

    def resolve_error_handler(self, status: int) -> t.Callable[..., t.Any]:
        """Return the URLconf's ``handler<status>`` view, or chainweb's default one."""
        try:
            return self._error_views[status]
        except KeyError:
            view = self._error_views[status] = self._find_error_handler(status)
            return view

    def _find_error_handler(self, status: int) -> t.Callable[..., t.Any]:
        view = getattr(self.urlconf_module, f"handler{status}", None)
        if not view:
            from chainweb.views import defaults

            view = _DEFAULT_ERROR_VIEWS[status]
            return t.cast(t.Callable[..., t.Any], getattr(defaults, view))
        if isinstance(view, str):
            from chainweb.utils.module_loading import import_string

            view = import_string(view)
        return t.cast(t.Callable[..., t.Any], view)

    # Reversing ------------------------------------------------------------------

    @property
    def reverse_dict(self) -> dict[t.Any, list[_ReverseEntry]]:
        """Return the reverse lookups: view name or callable -> ways to build its URL."""
        return self._reverse_tables.lookups

    @property
    def namespace_dict(self) -> dict[str, tuple[tuple[URLResolver, ...], URLResolver]]:
        """Return namespace -> (the includes leading to it, its resolver)."""
        return self._reverse_tables.namespaces

    @property
    def app_dict(self) -> dict[str, list[str]]:
        """Return application namespace -> instance namespaces, last deployed first."""
        return self._reverse_tables.apps

    @property
    def _reverse_tables(self) -> _ReverseTables:
        if self._reverse is None:
            self._reverse = _ReverseTables.build(self)
        return self._reverse

    def reverse(self, lookup_view: t.Any, *args: t.Any, **kwargs: t.Any) -> str:
        """Return the URL text (without the script prefix) for a view name or callable."""
        return self.reverse_target(lookup_view).build("", args, kwargs)

    def reverse_target(
        self, lookup_view: t.Any, layers: tuple[URLResolver, ...] = (), namespace: str = ""
    ) -> ReverseTarget:
        """Return what ``lookup_view`` reverses through, seen through namespace ``layers``."""
        tables = self._reverse_tables
        return ReverseTarget(lookup_view, tables.entries(lookup_view, layers), tables, namespace)


class ReverseTarget:
    """The ways to build one view's URL; ``reverse()`` keeps these per name.

    Which entries a name has depends only on the URLconf, never on the
    arguments, so a target can be reused for every call with that name.
    """

    __slots__ = ("view", "entries", "tables", "namespace")

    def __init__(
        self,
        view: t.Any,
        entries: list[_ReverseEntry],
        tables: _ReverseTables,
        namespace: str,
    ) -> None:
        self.view = view
        self.entries = entries
        self.tables = tables
        self.namespace = namespace

    def build(self, prefix: str, args: t.Sequence[t.Any], kwargs: dict[str, t.Any]) -> str:
        """Return the quoted URL for these arguments; raise NoReverseMatch if none fits."""
        if args and kwargs:
            raise ValueError("Don't mix *args and **kwargs in call to reverse()!")
        for entry in self.entries:
            url = entry.build(prefix, args, kwargs)
            if url is not None:
                return url
        raise NoReverseMatch(
            _no_reverse_message(self.view, args, kwargs, self.entries, self.tables, self.namespace)
        )


def _join_route(outer: str, inner: str) -> str:
    if not outer:
        return inner
    return outer + inner.removeprefix("^")


def _scan(resolver: URLResolver, path: str) -> tuple[bool, TriedList | None]:
    """Resolve by trying every pattern, listing them; ``None`` if the prefix did not match."""
    match = resolver.pattern.match(path)
    if match is None:
        return False, None
    rest = match[0]
    tried: TriedList = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            matched, sub_tried = _scan(pattern, rest)
            if sub_tried is None:
                tried.append([pattern])
            else:
                tried.extend([pattern, *attempt] for attempt in sub_tried)
        else:
            matched = pattern._match(rest) is not None
            tried.append([pattern])
        if matched:
            return True, tried
    return False, tried


# Reverse tables ---------------------------------------------------------------------


class _ReverseEntry:
    """One way to reverse a name: its possibilities, the regex to check them, defaults."""

    __slots__ = (
        "possibilities",
        "regex_text",
        "defaults",
        "converters",
        "description",
        "_regex",
        "_plans",
    )

    def __init__(
        self,
        possibilities: list[_regex.Possibility],
        regex_text: str,
        defaults: dict[str, t.Any],
        converters: dict[str, Converter],
        description: str,
    ) -> None:
        self.possibilities = possibilities
        self.regex_text = regex_text
        self.defaults = defaults
        self.converters = converters
        self.description = description
        self._regex: re.Pattern[str] | None = None
        self._plans: list[_Plan] | None = None

    @classmethod
    def for_pattern(cls, url_pattern: URLPattern) -> _ReverseEntry:
        """Return the entry of a leaf pattern."""
        pattern = url_pattern.pattern
        return cls(
            pattern.possibilities,
            pattern.regex_text.removeprefix("^"),
            url_pattern.default_args,
            pattern.converters,
            str(pattern).removeprefix("^"),
        )

    def under(self, resolver: URLResolver) -> _ReverseEntry:
        """Return this entry as seen from outside ``resolver`` (its prefix and kwargs added)."""
        prefix = resolver.pattern
        return _ReverseEntry(
            _regex.combine(prefix.possibilities, self.possibilities),
            prefix.regex_text.removeprefix("^") + self.regex_text,
            {**self.defaults, **resolver.default_kwargs},
            {**prefix.converters, **self.converters},
            _join_route(str(prefix).removeprefix("^"), self.description),
        )

    @property
    def plans(self) -> list[_Plan]:
        """Return each possibility ready to build (see ``_plan``), made on first use."""
        if self._plans is None:
            self._regex = re.compile(self.regex_text)
            self._plans = [
                _plan(*possibility, self.converters) for possibility in self.possibilities
            ]
        return self._plans

    def build(self, prefix: str, args: t.Sequence[t.Any], kwargs: dict[str, t.Any]) -> str | None:
        """Return the quoted URL for these arguments, or None if they do not fit."""
        for template, params, names, slots, always_safe in self.plans:
            if args:
                if len(args) != len(params):
                    continue
                values: dict[str, t.Any] = dict(zip(params, args, strict=True))
            elif not self.defaults:
                if kwargs.keys() != names:
                    continue
                values = kwargs
            elif self._fits_with_defaults(params, kwargs):
                values = {**self.defaults, **kwargs}
            else:
                continue
            try:
                if len(slots) == 1:
                    text: str = template % slots[0][1](values[slots[0][0]])
                else:
                    # PERF: a plain loop; a comprehension costs more than the work here.
                    texts = []
                    for name, to_text in slots:
                        texts.append(to_text(values[name]))
                    text = template % tuple(texts)
            except ValueError:  # to_url() refused the value
                continue
            if self._regex.match(text):  # type: ignore[union-attr] # compiled with the plans
                url = prefix + text
                if not (always_safe and prefix == "/") and _UNSAFE_URL_CHAR.search(url):
                    url = quote(url, safe=_SAFE_URL_CHARS)
                # Never produce a scheme-relative URL ('//evil.example/').
                return "/%2F" + url[2:] if url.startswith("//") else url
        return None

    def _fits_with_defaults(self, params: tuple[str, ...], kwargs: dict[str, t.Any]) -> bool:
        if set(kwargs).symmetric_difference(params).difference(self.defaults):
            return False
        return all(
            kwargs.get(key, default) == default
            for key, default in self.defaults.items()
            if key not in params
        )


_SAFE_CONVERTERS = {IntConverter, SlugConverter, UUIDConverter}
_STR_TO_URL = {StringConverter.to_url, IntConverter.to_url, UUIDConverter.to_url}
_PLACEHOLDER = re.compile(r"%%|%\((\w+)\)s")


def _plan(template: str, params: tuple[str, ...], converters: dict[str, Converter]) -> _Plan:
    """Turn a possibility into a positional template and the functions that fill it.

    ``'a/%(pk)s/'`` becomes ``'a/%s/'`` with ``(('pk', IntConverter().to_url),)``.
    """
    slots: list[_Slot] = []

    def positional(found: re.Match[str]) -> str:
        if found[1] is None:
            return "%%"
        converter = converters.get(found[1])
        to_text: t.Callable[[t.Any], str] = converter.to_url if converter else str
        # PERF: the built-in converters' to_url() is str(); call str directly.
        if getattr(to_text, "__func__", None) in _STR_TO_URL:
            to_text = str
        slots.append((found[1], to_text))
        return "%s"

    positional_template = _PLACEHOLDER.sub(positional, template)
    # Text that matched these converters' regexes never needs quoting; nor do safe literals.
    always_safe = all(
        type(converters.get(name)) in _SAFE_CONVERTERS for name, _ in slots
    ) and not _UNSAFE_URL_CHAR.search(positional_template.replace("%s", "").replace("%%", ""))
    return positional_template, params, frozenset(params), tuple(slots), always_safe


class _ReverseTables:
    """A resolver's reverse lookups, namespaces and application namespaces."""

    def __init__(
        self,
        lookups: dict[t.Any, list[_ReverseEntry]],
        namespaces: dict[str, tuple[tuple[URLResolver, ...], URLResolver]],
        apps: dict[str, list[str]],
    ) -> None:
        self.lookups = lookups
        self.namespaces = namespaces
        self.apps = apps

    @classmethod
    def build(cls, resolver: URLResolver) -> _ReverseTables:
        """Walk the resolver's patterns once, as Django's ``_populate``.

        Patterns are walked last to first, so for a name used twice the last
        pattern is tried first, and an application's instance namespaces are
        listed last deployed first.
        """
        with _include_guard(resolver):
            lookups: dict[t.Any, list[_ReverseEntry]] = {}
            namespaces: dict[str, tuple[tuple[URLResolver, ...], URLResolver]] = {}
            apps: dict[str, list[str]] = {}
            for pattern in reversed(resolver.url_patterns):
                if isinstance(pattern, URLPattern):
                    entry = _ReverseEntry.for_pattern(pattern)
                    lookups.setdefault(pattern.callback, []).append(entry)
                    if pattern.name is not None:
                        lookups.setdefault(pattern.name, []).append(entry)
                elif pattern.app_name:
                    namespace = pattern.namespace or pattern.app_name
                    apps.setdefault(pattern.app_name, []).append(namespace)
                    namespaces[namespace] = ((pattern,), pattern)
                else:
                    inner = pattern._reverse_tables
                    for name, entries in inner.lookups.items():
                        lookups.setdefault(name, []).extend(e.under(pattern) for e in entries)
                    for namespace, (layers, target) in inner.namespaces.items():
                        namespaces[namespace] = ((pattern, *layers), target)
                    for app_name, instances in inner.apps.items():
                        apps.setdefault(app_name, []).extend(instances)
        return cls(lookups, namespaces, apps)

    def entries(self, view: t.Any, layers: tuple[URLResolver, ...]) -> list[_ReverseEntry]:
        """Return the entries for ``view``, seen through the namespace ``layers`` if any."""
        try:
            entries = self.lookups.get(view, [])
        except TypeError:  # an unhashable view
            return []
        if not layers:
            return entries
        layered = []
        for entry in entries:
            for layer in reversed(layers):
                entry = entry.under(layer)
            layered.append(entry)
        return layered


def _no_reverse_message(
    view: t.Any,
    args: t.Sequence[t.Any],
    kwargs: dict[str, t.Any],
    entries: list[_ReverseEntry],
    tables: _ReverseTables,
    namespace: str,
) -> str:
    if isinstance(view, str):
        shown = f"{namespace}:{view}" if namespace else view
    else:
        shown = f"{getattr(view, '__module__', '?')}.{getattr(view, '__qualname__', view)}"
    if entries:
        if args:
            given = f"arguments '{tuple(args)}'"
        elif kwargs:
            given = f"keyword arguments '{kwargs}'"
        else:
            given = "no arguments"
        tried = [entry.description for entry in entries]
        return (
            f"Reverse for '{shown}' with {given} not found. {len(tried)} pattern(s) tried: {tried}"
        )
    message = (
        f"Reverse for '{shown}' not found. '{shown}' is not a valid view function or pattern name."
    )
    if isinstance(view, str):
        names = [name for name in tables.lookups if isinstance(name, str)]
        close = difflib.get_close_matches(view, names, n=1)
        if close:
            suggestion = f"{namespace}:{close[0]}" if namespace else close[0]
            message += f" Did you mean '{suggestion}'?"
    return message


_building = threading.local()


@contextlib.contextmanager
def _include_guard(resolver: URLResolver) -> t.Iterator[None]:
    """Refuse to build tables for a URLconf already being built: an include() loop."""
    active: list[str | None] = _building.__dict__.setdefault("active", [])
    key = _urlconf_key(resolver.urlconf_name)
    if key is not None and key in active:
        chain = " -> ".join(str(name) for name in [*active, key])
        raise ImproperlyConfigured(
            f"The URLconf includes itself ({chain}). Remove the include() that loops back."
        )
    active.append(key)
    try:
        yield
    finally:
        active.pop()


def _urlconf_key(urlconf: t.Any) -> str | None:
    if isinstance(urlconf, str):
        return urlconf
    if isinstance(urlconf, ModuleType):
        return urlconf.__name__
    return None


# The root resolver ------------------------------------------------------------------


def get_resolver(urlconf: URLConf | None = None) -> URLResolver:
    """Return the root resolver of ``urlconf`` (default: ``settings.ROOT_URLCONF``), cached."""
    if urlconf is None:
        urlconf = settings.ROOT_URLCONF
        if urlconf is None:
            raise ImproperlyConfigured(
                "The ROOT_URLCONF setting is not set. Set it to the dotted path of your root "
                "URLconf module, for example ROOT_URLCONF = 'mysite.urls'."
            )
    return _get_cached_resolver(urlconf)


@functools.cache
def _get_cached_resolver(urlconf: URLConf) -> URLResolver:
    return URLResolver(RegexPattern(r"^/"), urlconf)


get_resolver.cache_clear = _get_cached_resolver.cache_clear  # type: ignore[attr-defined]
