"""Turn exceptions raised in the middleware chain into responses.

Every layer of the chain, the core included, is wrapped by
``convert_exception_to_response``, so an exception becomes a response at the
layer that raised it and the layers outside always see a response.
"""

from __future__ import annotations

import functools
import logging
import sys
import typing as t

from werkzeug.exceptions import HTTPException

from chainweb.conf import settings
from chainweb.core import signals
from chainweb.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from chainweb.http import Http404, HttpResponse, make_response
from chainweb.http.response import split_response_tuple
from chainweb.urls import get_resolver, get_urlconf
from chainweb.utils.log import log_response
from chainweb.views import debug

if t.TYPE_CHECKING:
    from chainweb.http import Request
    from chainweb.middleware import GetResponse


def convert_exception_to_response(get_response: GetResponse) -> GetResponse:
    """Wrap ``get_response`` so that an exception it raises becomes a response."""

    @functools.wraps(get_response)
    def inner(request: Request) -> HttpResponse:
        try:
            return get_response(request)
        except Exception as exc:
            return response_for_exception(request, exc)

    return inner


def layer(get_response: GetResponse, name: str) -> GetResponse:
    """Wrap ``get_response`` as ``convert_exception_to_response`` does, traceable.

    ``load_middleware()`` wraps each layer with this. When the request has a trace
    (``chainweb.core.handlers.trace``), the layer records entering and leaving it.
    """

    @functools.wraps(get_response)
    def inner(request: Request) -> HttpResponse:
        trace = request._chain_trace
        if trace is None:
            try:
                return get_response(request)
            except Exception as exc:
                return response_for_exception(request, exc)
        trace.enter(name)
        try:
            response = get_response(request)
        except Exception as exc:
            response = response_for_exception(request, exc)
            trace.leave(response, exc)
            return response
        trace.leave(response)
        return response

    return inner


def response_for_exception(request: Request, exc: Exception) -> HttpResponse:
    """Return the response for ``exc``: 404, 403, 400 (413), the HTTP error's own, or 500.

    werkzeug's ``NotFound``, ``Forbidden`` and ``BadRequest`` (``abort(404)`` and the like)
    go to the same error views as ``Http404``, ``PermissionDenied`` and ``BadRequest``,
    unless they carry a response of their own.
    """
    if isinstance(exc, HTTPException) and exc.response is None and exc.code in _ERROR_VIEWS:
        exc = _ERROR_VIEWS[exc.code](exc.description)
    if isinstance(exc, Http404):
        if settings.DEBUG:
            response = debug.technical_404_response(request, exc)
        else:
            response = _error_view_response(request, 404, exc)
    elif isinstance(exc, PermissionDenied):
        response = _error_view_response(request, 403, exc)
        log_response(
            "Forbidden (Permission denied): %s",
            request.path,
            response=response,
            request=request,
            exception=exc,
        )
    elif isinstance(exc, BadRequest | SuspiciousOperation):
        if isinstance(exc, SuspiciousOperation):
            logging.getLogger(f"chainweb.security.{type(exc).__name__}").error(
                "%s", exc, extra={"status_code": 400, "request": request}
            )
        if settings.DEBUG:
            exc_type, exc_value, tb = sys.exc_info()
            response = debug.technical_500_response(request, exc_type, exc_value, tb, 400)
        else:
            response = _error_view_response(request, 400, exc)
        if isinstance(exc, RequestDataTooBig):
            response.status_code = 413
        log_response("%s: %s", exc, request.path, response=response, request=request, exception=exc)
    elif isinstance(exc, HTTPException):
        response = _http_exception_response(request, exc)
        log_response(
            "%s: %s", exc.name, request.path, response=response, request=request, exception=exc
        )
    else:
        signals.got_request_exception.send(_sender(), request=request, exception=exc)
        response = _uncaught_exception_response(request, sys.exc_info())
        log_response(
            "%s: %s",
            response.status,
            request.path,
            response=response,
            request=request,
            exception=exc,
        )
    # A TemplateResponse from an error view is rendered here: no middleware will.
    render = getattr(response, "render", None)
    if not getattr(response, "is_rendered", True) and callable(render):
        response = render()
    return response


#: werkzeug HTTP errors that the URLconf's error views answer, as chainweb's own.
_ERROR_VIEWS: dict[int, type[Exception]] = {
    400: BadRequest,
    403: PermissionDenied,
    404: Http404,
}


def _sender() -> type:
    from .base import BaseHandler

    return BaseHandler


def _error_view_response(request: Request, status: int, exc: Exception) -> HttpResponse:
    """Call the URLconf's ``handler<status>`` view; its own failure becomes a 500."""
    try:
        view = get_resolver(request.urlconf or get_urlconf()).resolve_error_handler(status)
        return _error_response(view(request, exception=exc), status)
    except Exception as view_exc:
        signals.got_request_exception.send(_sender(), request=request, exception=view_exc)
        return _uncaught_exception_response(request, sys.exc_info())


def _error_response(rv: object, status: int) -> HttpResponse:
    """Turn what an error view returned into a response, as the handler does for views.

    A body returned without a status (a str, a dict, ``(body, headers)``) gets the error's.
    """
    if isinstance(rv, HttpResponse):
        return rv
    body, given, headers = split_response_tuple(rv)
    return make_response((body, status if given is None else given, headers))


def _uncaught_exception_response(request: Request, exc_info: t.Any) -> HttpResponse:
    if settings.DEBUG:
        return debug.technical_500_response(request, *exc_info)
    try:
        view = get_resolver(request.urlconf or get_urlconf()).resolve_error_handler(500)
        return _error_response(view(request), 500)
    except Exception:
        # The URLconf itself is broken (it may be why we are here): fall back to the default.
        from chainweb.views.defaults import server_error

        logging.getLogger("chainweb.request").exception("The handler500 view failed.")
        return server_error(request)


def _http_exception_response(request: Request, exc: HTTPException) -> HttpResponse:
    if exc.response is not None:  # abort(response): send that response
        return make_response(exc.response)
    status = exc.code or 500
    response = HttpResponse(
        exc.get_body(request.environ), status=status, content_type="text/html; charset=utf-8"
    )
    for name, value in exc.get_headers(request.environ):
        if name.lower() != "content-type":
            response.headers[name] = value
    return response
