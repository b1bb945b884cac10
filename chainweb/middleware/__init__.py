"""Middleware: layers around the view, listed in ``settings.MIDDLEWARE``.

Each entry is a factory called with the next handler (``get_response``) that
returns a callable taking a request and returning a response. The optional
hooks ``process_view``, ``process_exception`` and ``process_template_response``
are found on what the factory returns.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request

GetResponse = t.Callable[["Request"], "HttpResponse"]


class MiddlewareMixin:
    """Write middleware in the older style: ``process_request`` and ``process_response``.

    ``process_request(request)`` runs before the rest of the chain; a response
    it returns is used instead. ``process_response(request, response)`` runs on
    every response on the way out and returns the response to send.
    """

    def __init__(self, get_response: GetResponse) -> None:
        if get_response is None:
            raise ValueError(
                f"{type(self).__name__} needs get_response: it is called with the next "
                "handler by the middleware chain."
            )
        self.get_response = get_response
        # PERF: look the hooks up once, not on every request.
        self._request_hook = getattr(self, "process_request", None)
        self._response_hook = getattr(self, "process_response", None)

    def __call__(self, request: Request) -> HttpResponse:
        response = None
        if self._request_hook is not None:
            response = self._request_hook(request)
        if response is None:
            response = self.get_response(request)
        if self._response_hook is not None:
            response = self._response_hook(request, response)
        return response

    def __repr__(self) -> str:
        inner = getattr(self.get_response, "__qualname__", type(self.get_response).__name__)
        return f"<{type(self).__qualname__} get_response={inner}>"
