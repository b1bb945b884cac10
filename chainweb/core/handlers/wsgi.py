"""The WSGI entry point: environ in, middleware chain, response out."""

from __future__ import annotations

import typing as t

from chainweb.conf import settings
from chainweb.core.signals import request_finished, request_started
from chainweb.http import Request
from chainweb.urls.base import _script_prefix

from .base import BaseHandler

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


class WSGIHandler(BaseHandler):
    """A WSGI application serving the project described by ``settings``."""

    request_class = Request

    def __init__(self) -> None:
        self.load_middleware()

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        """Handle one request: build it, run the chain, start the response."""
        prefix = get_script_prefix(environ)
        prefix_token = _script_prefix.set(prefix) if prefix != _script_prefix.get() else None
        try:
            if request_started.receivers:
                request_started.send(type(self), environ=environ)
            request = self.request_class(environ)
            environ["chainweb.request"] = request
            response = self.get_response(request)
        finally:
            if prefix_token is not None:
                _script_prefix.reset(prefix_token)
        if request_finished.receivers:
            response.call_on_close(_send_request_finished(type(self)))
        return response(environ, start_response)


def _send_request_finished(sender: type) -> t.Callable[[], None]:
    def send() -> None:
        request_finished.send(sender)

    return send


def get_script_prefix(environ: WSGIEnvironment) -> str:
    """Return the URL prefix the project is served under (SCRIPT_NAME), ending in '/'."""
    if settings.FORCE_SCRIPT_NAME is not None:
        prefix = str(settings.FORCE_SCRIPT_NAME)
    else:
        prefix = environ.get("SCRIPT_NAME", "")
    return prefix if prefix.endswith("/") else prefix + "/"
