"""Decorators that set a view's caching headers."""

from __future__ import annotations

import functools
import typing as t

from chainweb.http import make_response
from chainweb.utils.cache import add_never_cache_headers, patch_cache_control

if t.TYPE_CHECKING:
    from chainweb.http import Request

ViewFunction = t.Callable[..., t.Any]


def never_cache(view: ViewFunction) -> ViewFunction:
    """Ask browsers and proxies never to cache the view's responses."""

    @functools.wraps(view)
    def inner(request: Request, *args: t.Any, **kwargs: t.Any) -> t.Any:
        response = make_response(view(request, *args, **kwargs))
        add_never_cache_headers(response)
        return response

    return inner


def cache_control(**directives: t.Any) -> t.Callable[[ViewFunction], ViewFunction]:
    """Add ``Cache-Control`` directives to the view's responses: ``@cache_control(max_age=60)``."""

    def decorator(view: ViewFunction) -> ViewFunction:
        @functools.wraps(view)
        def inner(request: Request, *args: t.Any, **kwargs: t.Any) -> t.Any:
            response = make_response(view(request, *args, **kwargs))
            patch_cache_control(response, **directives)
            return response

        return inner

    return decorator
