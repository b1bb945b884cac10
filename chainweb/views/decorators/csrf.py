"""Mark views for the CSRF middleware, or protect them without it.

``csrf_exempt`` skips the checks; ``csrf_protect`` applies ``CsrfViewMiddleware`` to one view;
``requires_csrf_token`` makes ``get_token()`` work without refusing anything (for error
views); ``ensure_csrf_cookie`` sends the CSRF cookie even when the page has no form.
"""

from __future__ import annotations

import functools
import typing as t

from chainweb.http import HttpResponse, make_response
from chainweb.middleware.csrf import CsrfViewMiddleware, get_token

if t.TYPE_CHECKING:
    from chainweb.http import Request

ViewFunction = t.Callable[..., t.Any]


def csrf_exempt(view: ViewFunction) -> ViewFunction:
    """Mark ``view`` as exempt from CSRF protection (CsrfViewMiddleware skips it)."""

    @functools.wraps(view)
    def inner(*args: t.Any, **kwargs: t.Any) -> t.Any:
        return view(*args, **kwargs)

    inner.csrf_exempt = True  # type: ignore[attr-defined]
    return inner


def _decorate(middleware_class: type[CsrfViewMiddleware], view: ViewFunction) -> ViewFunction:
    """Return ``view`` wrapped in ``middleware_class``'s hooks.

    The middleware is built for each call, so that it reads the settings of the moment (and
    importing the view's module does not read them).
    """

    @functools.wraps(view)
    def inner(request: Request, *args: t.Any, **kwargs: t.Any) -> t.Any:
        middleware = middleware_class(view)
        middleware.process_request(request)  # never answers: it only notes the secret
        result = middleware.process_view(request, view, args, kwargs)
        if result is not None:
            return result
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponse):
            response = make_response(response)

        def process_response(rendered: HttpResponse) -> HttpResponse:
            return middleware.process_response(request, rendered)

        add_callback = getattr(response, "add_post_render_callback", None)
        if response.render is not None and callable(add_callback):
            # A TemplateResponse asks for the token while it renders, after this returns.
            add_callback(process_response)
            return response
        return process_response(response)

    return inner


class _EnsureCsrfToken(CsrfViewMiddleware):
    """CsrfViewMiddleware that refuses nothing and logs nothing."""

    def _reject(self, request: Request, reason: str) -> HttpResponse | None:
        return None


class _EnsureCsrfCookie(_EnsureCsrfToken):
    """_EnsureCsrfToken that also makes the response set the cookie."""

    def process_view(
        self,
        request: Request,
        callback: t.Callable[..., t.Any],
        callback_args: tuple[t.Any, ...],
        callback_kwargs: dict[str, t.Any],
    ) -> HttpResponse | None:
        """Note the token as used, so that the response sends the cookie."""
        result = super().process_view(request, callback, callback_args, callback_kwargs)
        get_token(request)
        return result


def csrf_protect(view: ViewFunction) -> ViewFunction:
    """Protect ``view`` as CsrfViewMiddleware would, for a project that does not list it."""
    return _decorate(CsrfViewMiddleware, view)


def requires_csrf_token(view: ViewFunction) -> ViewFunction:
    """Make ``get_token()`` and ``{{ csrf_input }}`` work in ``view``, refusing nothing.

    For error views (a 403 or 404 page with a form) that must render even when the checks fail.
    """
    return _decorate(_EnsureCsrfToken, view)


def ensure_csrf_cookie(view: ViewFunction) -> ViewFunction:
    """Send the CSRF cookie with ``view``'s responses, for pages that post with JavaScript."""
    return _decorate(_EnsureCsrfCookie, view)
