"""Functions used in URLconfs: ``path()``, ``re_path()`` and ``include()``."""

from __future__ import annotations

import typing as t
from importlib import import_module

from chainweb.core.exceptions import ImproperlyConfigured

from .patterns import Pattern, RegexPattern, RoutePattern
from .resolvers import URLPattern, URLResolver

#: What ``include()`` returns and ``path()`` accepts as its view.
Included = tuple[t.Any, str | None, str | None]


def include(arg: t.Any, namespace: str | None = None) -> Included:
    """Include another URLconf under the prefix of the ``path()`` that uses it.

    ``arg`` is a dotted module path, a module, a list of patterns, or a
    ``(patterns_or_module, app_name)`` tuple. The application namespace comes
    from that tuple or from the module's ``app_name``; the instance
    ``namespace`` defaults to it.
    """
    app_name = None
    if isinstance(arg, tuple):
        try:
            urlconf_module, app_name = arg
        except ValueError:
            raise ImproperlyConfigured(
                f"Passing a {len(arg)}-tuple to include() is not supported. Pass a 2-tuple "
                "containing the list of patterns and app_name, and provide the namespace "
                "argument to include() instead."
            ) from None
    else:
        urlconf_module = arg
    if isinstance(urlconf_module, str):
        urlconf_module = import_module(urlconf_module)
    app_name = getattr(urlconf_module, "app_name", app_name)
    if namespace and not app_name:
        raise ImproperlyConfigured(
            f"Specifying a namespace ({namespace!r}) in include() without providing an "
            "app_name is not supported. Set the app_name attribute in the included module, "
            "or pass a 2-tuple containing the list of patterns and app_name instead."
        )
    return urlconf_module, app_name, namespace or app_name


def _path(
    route: str,
    view: t.Any,
    kwargs: dict[str, t.Any] | None = None,
    name: str | None = None,
    *,
    pattern_class: type[Pattern],
    function_name: str,
) -> URLPattern | URLResolver:
    if kwargs is not None and not isinstance(kwargs, dict):
        raise TypeError(
            f"kwargs argument must be a dict, but got {type(kwargs).__name__}. Pass extra "
            f"view arguments to {function_name}() as a dict."
        )
    if isinstance(view, list | tuple):
        if len(view) != 3:
            raise TypeError(
                f"{function_name}() takes a view or the result of include(), not a "
                f"{type(view).__name__} of {len(view)} items. Wrap patterns in include()."
            )
        urlconf_module, app_name, namespace = view
        return URLResolver(
            pattern_class(route, is_endpoint=False),
            urlconf_module,
            kwargs,
            app_name=app_name,
            namespace=namespace,
        )
    if callable(view):
        return URLPattern(pattern_class(route, name=name, is_endpoint=True), view, kwargs, name)
    raise TypeError(
        f"view must be a callable or a list/tuple in the case of include(), not "
        f"{type(view).__name__} ({view!r}). Pass the view function itself (without calling "
        "it), a class-based view's as_view(), or include()."
    )


def path(
    route: str,
    view: t.Any,
    kwargs: dict[str, t.Any] | None = None,
    name: str | None = None,
) -> URLPattern | URLResolver:
    """Return a pattern sending paths that match ``route`` to ``view``.

    ``route`` is text with parameters such as ``'articles/<int:year>/'``;
    ``view`` is a view callable or the result of ``include()``; ``kwargs`` are
    extra keyword arguments for the view; ``name`` is what ``reverse()`` takes.
    """
    return _path(route, view, kwargs, name, pattern_class=RoutePattern, function_name="path")


def re_path(
    route: str,
    view: t.Any,
    kwargs: dict[str, t.Any] | None = None,
    name: str | None = None,
) -> URLPattern | URLResolver:
    """Return a pattern sending paths that match the regular expression ``route`` to ``view``.

    Named groups become keyword arguments; without named groups, groups are
    passed as positional arguments.
    """
    return _path(route, view, kwargs, name, pattern_class=RegexPattern, function_name="re_path")
