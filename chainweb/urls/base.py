"""``resolve()`` and ``reverse()``, and the per-request URLconf and script prefix they use."""

from __future__ import annotations

import typing as t
from contextvars import ContextVar
from urllib.parse import urlencode

from chainweb.conf import settings
from chainweb.core.signals import setting_changed
from chainweb.utils.functional import LazyStr

from . import resolvers
from .exceptions import NoReverseMatch
from .resolvers import ResolverMatch, ReverseTarget, URLConf, URLResolver, get_resolver

# Set by the handler for each request (SCRIPT_NAME, and request.urlconf from a middleware).
_script_prefix: ContextVar[str] = ContextVar("chainweb_script_prefix", default="/")
_urlconf: ContextVar[URLConf | None] = ContextVar("chainweb_urlconf", default=None)

# What each name reverses through: (urlconf, viewname, current_app) -> target. It
# depends only on the URLconf, so it is kept until URLconfs are reloaded (bounded).
_targets: dict[t.Hashable, ReverseTarget] = {}
_CACHE_SIZE = 4096


def resolve(path: str, urlconf: URLConf | None = None) -> ResolverMatch:
    """Return the ``ResolverMatch`` for ``path``; raise ``Resolver404`` if nothing matches."""
    return get_resolver(urlconf if urlconf is not None else get_urlconf()).resolve(path)


def reverse(
    viewname: t.Any,
    urlconf: URLConf | None = None,
    args: t.Sequence[t.Any] | None = None,
    kwargs: dict[str, t.Any] | None = None,
    current_app: str | None = None,
    *,
    query: t.Any = None,
    fragment: str | None = None,
) -> str:
    """Return the URL path of a view, from its name (``'ns:name'``) or the view itself.

    For an application namespace with several instances, the instance is the
    one in ``current_app`` if given, else the default instance (the one whose
    namespace is the application's name), else the last one deployed.
    ``query`` (a mapping or pairs) and ``fragment`` are appended, encoded.
    """
    if urlconf is None:
        # Keyed by the module name, so a changed ROOT_URLCONF never serves old URLs.
        urlconf = _urlconf.get() or settings.ROOT_URLCONF
    url = _target(urlconf, viewname, current_app).build(
        _script_prefix.get(), args or (), kwargs or {}
    )
    if query:
        query_string = urlencode(query, doseq=True)
        if query_string:
            url += "?" + query_string
    if fragment is not None:
        url += "#" + fragment
    return url


def _target(urlconf: URLConf | None, viewname: t.Any, current_app: str | None) -> ReverseTarget:
    """Return the entries ``viewname`` reverses through, walking namespaces once per name."""
    key: t.Hashable = (urlconf, viewname, current_app)
    try:
        target = _targets.get(key)
    except TypeError:  # a list as urlconf, an unhashable view: not remembered
        key, target = None, None
    if target is None:
        resolver = get_resolver(urlconf)
        if isinstance(viewname, str) and ":" in viewname:
            *path, view = viewname.split(":")
            resolver, layers, namespace = _walk_namespaces(resolver, path, current_app)
            target = resolver.reverse_target(view, layers, namespace)
        else:
            target = resolver.reverse_target(viewname)
        if key is not None:
            _remember(_targets, key, target)
    return target


def _remember(cache: dict[t.Any, t.Any], key: t.Hashable, value: t.Any) -> None:
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value


def _walk_namespaces(
    resolver: URLResolver, path: list[str], current_app: str | None
) -> tuple[URLResolver, tuple[URLResolver, ...], str]:
    current_path = current_app.split(":")[::-1] if current_app else None
    resolved: list[str] = []
    layers: tuple[URLResolver, ...] = ()
    for namespace in path:
        current_namespace = current_path.pop() if current_path else None
        instances = resolver.app_dict.get(namespace)
        if instances is not None:
            # An application namespace: pick its instance.
            if current_namespace and current_namespace in instances:
                namespace = current_namespace
            elif namespace not in instances:
                namespace = instances[0]  # the last deployed
        if namespace != current_namespace:
            current_path = None
        try:
            more_layers, resolver = resolver.namespace_dict[namespace]
        except KeyError:
            if resolved:
                raise NoReverseMatch(
                    f"'{namespace}' is not a registered namespace inside '{':'.join(resolved)}'."
                ) from None
            raise NoReverseMatch(
                f"'{namespace}' is not a registered namespace. Give include() the namespace "
                "argument, or set app_name in the included URLconf."
            ) from None
        resolved.append(namespace)
        layers += more_layers
    return resolver, layers, ":".join(resolved)


def reverse_lazy(
    viewname: t.Any,
    urlconf: URLConf | None = None,
    args: t.Sequence[t.Any] | None = None,
    kwargs: dict[str, t.Any] | None = None,
    current_app: str | None = None,
) -> LazyStr:
    """Return ``reverse(...)`` as text worked out when first used (for import-time values)."""
    return LazyStr(reverse, viewname, urlconf, args, kwargs, current_app)


def set_script_prefix(prefix: str) -> None:
    """Set the prefix ``reverse()`` puts before every URL (from SCRIPT_NAME)."""
    if not prefix.endswith("/"):
        prefix += "/"
    _script_prefix.set(prefix)


def get_script_prefix() -> str:
    """Return the prefix ``reverse()`` puts before every URL; ``'/'`` by default."""
    return _script_prefix.get()


def clear_script_prefix() -> None:
    """Go back to the default script prefix, ``'/'``."""
    _script_prefix.set("/")


def set_urlconf(urlconf: URLConf | None) -> None:
    """Set the URLconf for the current request (None: use ROOT_URLCONF)."""
    _urlconf.set(urlconf)


def get_urlconf(default: URLConf | None = None) -> URLConf | None:
    """Return the URLconf set for the current request, or ``default``."""
    return _urlconf.get() or default


def clear_url_caches() -> None:
    """Forget every built resolver, so URLconfs and ROOT_URLCONF are read again."""
    resolvers.get_resolver.cache_clear()  # type: ignore[attr-defined]
    _targets.clear()


def _reset_on_setting_change(sender: t.Any, *, setting: str, **kwargs: t.Any) -> None:
    if setting == "ROOT_URLCONF":
        clear_url_caches()


setting_changed.connect(_reset_on_setting_change, weak=False)
