"""Decorators that choose a view's ``X-Frame-Options`` header, or exempt it from one.

``xframe_options_deny`` and ``xframe_options_sameorigin`` set the header unless the view set
it; ``xframe_options_exempt`` tells ``XFrameOptionsMiddleware`` to leave the response alone,
so that other sites may show it in a frame. A view returning a str, dict or tuple is turned
into a response first, with ``make_response()``.
"""

from __future__ import annotations

import functools
import typing as t

from chainweb.http import make_response

if t.TYPE_CHECKING:
    from chainweb.http import Request

ViewFunction = t.Callable[..., t.Any]


def _with_xframe_options(view: ViewFunction, value: str) -> ViewFunction:
    """Wrap ``view`` so that its responses get ``X-Frame-Options: value`` unless they have one."""

    @functools.wraps(view)
    def inner(request: Request, *args: t.Any, **kwargs: t.Any) -> t.Any:
        response = make_response(view(request, *args, **kwargs))
        if "X-Frame-Options" not in response.headers:
            response.headers["X-Frame-Options"] = value
        return response

    return inner


def xframe_options_deny(view: ViewFunction) -> ViewFunction:
    """Forbid every site, this one included, to show the view in a frame (``DENY``)."""
    return _with_xframe_options(view, "DENY")


def xframe_options_sameorigin(view: ViewFunction) -> ViewFunction:
    """Let only this site show the view in a frame (``SAMEORIGIN``)."""
    return _with_xframe_options(view, "SAMEORIGIN")


def xframe_options_exempt(view: ViewFunction) -> ViewFunction:
    """Let any site show the view in a frame: ``XFrameOptionsMiddleware`` skips its responses."""

    @functools.wraps(view)
    def inner(request: Request, *args: t.Any, **kwargs: t.Any) -> t.Any:
        response = make_response(view(request, *args, **kwargs))
        response.xframe_options_exempt = True  # type: ignore[attr-defined]
        return response

    return inner
