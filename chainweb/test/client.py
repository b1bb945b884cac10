"""The test client and the request factory: make requests without a server.

``Client`` runs requests through a real ``WSGIHandler`` (middleware, URLconf, views) on top of
werkzeug's test client, and keeps cookies between requests. ``RequestFactory`` only builds
``chainweb.http.Request`` objects, for calling a view function directly.
"""

from __future__ import annotations

import contextvars
import json as jsonlib
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from werkzeug.datastructures import Headers, iter_multi_items
from werkzeug.test import Client as WerkzeugClient
from werkzeug.test import EnvironBuilder, TestResponse
from werkzeug.wrappers import Request as WerkzeugRequest

from chainweb.core.handlers.trace import TRACE_ATTRIBUTE, TRACE_ENVIRON_KEY, ChainTrace
from chainweb.core.handlers.wsgi import WSGIHandler
from chainweb.core.signals import got_request_exception, template_rendered
from chainweb.http import HttpResponse, Request
from chainweb.middleware.csrf import DONT_ENFORCE_CSRF_CHECKS

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from chainweb.urls import ResolverMatch

#: The host name every request is made to; it is in the test settings' ``ALLOWED_HOSTS``.
TEST_HOST = "testserver"

#: The environ key under which ``WSGIHandler`` stores the ``chainweb.http.Request`` it built.
REQUEST_KEY = "chainweb.request"

# The environ key of the per-request record the client reads back after the call.
_EXCHANGE_KEY = "chainweb.test.exchange"

# The exchange of the request this thread (or task) is running, for the template receiver.
_current_exchange: contextvars.ContextVar[_Exchange | None] = contextvars.ContextVar(
    "chainweb.test.exchange", default=None
)

_FORM_MIMETYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_JSON_CONTENT_TYPE = re.compile(r"^application/(.+\+)?json", re.IGNORECASE)


def _build_environ(
    defaults: Mapping[str, Any],
    method: str,
    path: str,
    *,
    query: Any = None,
    body: Any = None,
    json: Any = None,
    content_type: str | None = None,
    secure: bool = False,
    headers: Mapping[str, str] | None = None,
    query_string: Any = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the WSGI environ for one request, built the way Django's RequestFactory does.

    ``query`` (a mapping, a list of pairs or a string), ``query_string`` and any query already
    in ``path`` are joined into ``QUERY_STRING``. ``body`` is sent as a form when it is a
    mapping, as JSON when ``content_type`` is a JSON type and it is a dict, list or tuple, and
    as-is (``application/octet-stream`` unless told otherwise) when it is bytes, text or a file.
    ``json`` is sent as a JSON body. ``defaults``, then ``headers``, then ``extra`` override the
    built environ.
    """
    path, _, path_query = path.partition("?")
    query_parts = [path_query, _encode_query(query_string), _encode_query(query)]
    builder_options: dict[str, Any] = {}
    if json is not None:
        if body is not None:
            raise TypeError(f"{method} {path}: pass the body either as data or as json, not both.")
        builder_options["json"] = json
    elif body is not None:
        builder_options.update(_encode_body(method, path, body, content_type))
        content_type = builder_options.pop("content_type", content_type)
    builder = EnvironBuilder(
        path=path,
        base_url=f"{'https' if secure else 'http'}://{TEST_HOST}",
        query_string="&".join(part for part in query_parts if part),
        method=method,
        content_type=content_type,
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
        environ_overrides={**defaults, **_headers_to_environ(headers or {}), **(extra or {})},
        **builder_options,
    )
    try:
        return builder.get_environ()
    finally:
        builder.close()


def _encode_query(query: Any) -> str:
    if query is None or isinstance(query, str):
        return query or ""
    if isinstance(query, bytes):
        return query.decode("latin-1")
    pairs = list(iter_multi_items(query)) if isinstance(query, Mapping) else list(query)
    _refuse_none(pairs, "the query string")
    return urlencode(pairs)


def _encode_body(method: str, path: str, body: Any, content_type: str | None) -> dict[str, Any]:
    """Return the EnvironBuilder options that send ``body``."""
    if content_type and _JSON_CONTENT_TYPE.match(content_type):
        if isinstance(body, (dict, list, tuple)):
            return {"data": jsonlib.dumps(body)}
        return {"data": body}
    if isinstance(body, Mapping):
        mimetype = (content_type or "").partition(";")[0].strip().lower()
        if content_type is not None and mimetype not in _FORM_MIMETYPES:
            raise TypeError(
                f"{method} {path}: data is a mapping, which is sent as a form, but "
                f"content_type is {content_type!r}. Pass the body as bytes or str for that "
                "content type, use json=... for JSON, or leave content_type out."
            )
        _refuse_none(iter_multi_items(body), "form data")
        return {"data": body}
    return {"data": body, "content_type": content_type or "application/octet-stream"}


def _refuse_none(pairs: Iterable[tuple[Any, Any]], where: str) -> None:
    for key, value in pairs:
        if value is None:
            raise TypeError(
                f"Cannot encode None for key {key!r} in {where}. Pass an empty string, or "
                "leave the key out."
            )


def _headers_to_environ(headers: Mapping[str, str]) -> dict[str, str]:
    """Turn ``{"X-Token": "a"}`` into ``{"HTTP_X_TOKEN": "a"}``, as a WSGI server would."""
    environ = {}
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = f"HTTP_{key}"
        environ[key] = value
    return environ


class RequestFactory:
    """Build ``chainweb.http.Request`` objects for calling views directly, as Django's.

    The requests do not go through the middleware or the URLconf. ``defaults`` are extra environ
    values for every request, for example ``RequestFactory(HTTP_USER_AGENT="tests")``.
    """

    def __init__(self, **defaults: Any) -> None:
        self.defaults = defaults

    def generic(
        self,
        method: str,
        path: str,
        data: Any = None,
        content_type: str | None = None,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        *,
        json: Any = None,
        query_string: Any = None,
        **extra: Any,
    ) -> Request:
        """Return a request with any method; ``data`` is the body, whatever the method."""
        environ = _build_environ(
            self.defaults,
            method.upper(),
            path,
            body=data,
            json=json,
            content_type=content_type,
            secure=secure,
            headers=headers,
            query_string=query_string,
            extra=extra,
        )
        return Request(environ)

    def _body_request(
        self,
        method: str,
        path: str,
        data: Any,
        content_type: str | None,
        secure: bool,
        headers: Mapping[str, str] | None,
        json: Any,
        query_string: Any,
        extra: dict[str, Any],
    ) -> Request:
        return self.generic(
            method,
            path,
            data,
            content_type,
            secure,
            headers,
            json=json,
            query_string=query_string,
            **extra,
        )

    def _query_request(
        self,
        method: str,
        path: str,
        data: Any,
        secure: bool,
        headers: Mapping[str, str] | None,
        query_string: Any,
        extra: dict[str, Any],
    ) -> Request:
        environ = _build_environ(
            self.defaults,
            method,
            path,
            query=data,
            secure=secure,
            headers=headers,
            query_string=query_string,
            extra=extra,
        )
        return Request(environ)

    def get(
        self,
        path: str,
        data: Any = None,
        *,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> Request:
        """Return a GET request; ``data`` becomes the query string."""
        return self._query_request("GET", path, data, secure, headers, query_string, extra)

    def head(
        self,
        path: str,
        data: Any = None,
        *,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> Request:
        """Return a HEAD request; ``data`` becomes the query string."""
        return self._query_request("HEAD", path, data, secure, headers, query_string, extra)

    def trace(
        self,
        path: str,
        data: Any = None,
        *,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> Request:
        """Return a TRACE request; ``data`` becomes the query string."""
        return self._query_request("TRACE", path, data, secure, headers, query_string, extra)

    def post(
        self,
        path: str,
        data: Any = None,
        *,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content_type: str | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> Request:
        """Return a POST request; a mapping ``data`` is sent as a form, ``json=`` as JSON."""
        return self._body_request(
            "POST", path, data, content_type, secure, headers, json, query_string, extra
        )

    def put(
        self,
        path: str,
        data: Any = None,
        *,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content_type: str | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> Request:
        """Return a PUT request; ``data`` is the body (see ``post()``)."""
        return self._body_request(
            "PUT", path, data, content_type, secure, headers, json, query_string, extra
        )

    def patch(
        self,
        path: str,
        data: Any = None,
        *,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content_type: str | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> Request:
        """Return a PATCH request; ``data`` is the body (see ``post()``)."""
        return self._body_request(
            "PATCH", path, data, content_type, secure, headers, json, query_string, extra
        )

    def delete(
        self,
        path: str,
        data: Any = None,
        *,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content_type: str | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> Request:
        """Return a DELETE request; ``data`` is the body (see ``post()``)."""
        return self._body_request(
            "DELETE", path, data, content_type, secure, headers, json, query_string, extra
        )

    def options(
        self,
        path: str,
        data: Any = None,
        *,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content_type: str | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> Request:
        """Return an OPTIONS request; ``data`` is the body (see ``post()``)."""
        return self._body_request(
            "OPTIONS", path, data, content_type, secure, headers, json, query_string, extra
        )


class _Exchange:
    """What the client learns about one request while the handler runs it."""

    def __init__(self) -> None:
        self.environ: WSGIEnvironment | None = None
        self.response: HttpResponse | None = None
        self.exception: Exception | None = None
        self.templates: list[Any] = []
        self.contexts: list[dict[str, Any]] = []


class ContextList(list[dict[str, Any]]):
    """The contexts of several rendered templates; ``contexts["key"]`` searches them all.

    Indexing with an int returns one context, as for a list; a str key returns the value
    from the first context that has it, as Django's ``ContextList``.
    """

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            for context in self:
                if key in context:
                    return context[key]
            raise KeyError(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        """Return the value of ``key`` in the first context that has it, else ``default``."""
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return any(key in context for context in self) if isinstance(key, str) else False

    def keys(self) -> set[str]:
        """Return the names in all the contexts."""
        return {key for context in self for key in context}


class ClientHandler(WSGIHandler):
    """A ``WSGIHandler`` that also hands the response object it built to the test client."""

    def get_response(self, request: Request) -> HttpResponse:
        """Return the response for ``request`` and note it for the client."""
        response = super().get_response(request)
        exchange = request.environ.get(_EXCHANGE_KEY)
        if isinstance(exchange, _Exchange):
            exchange.response = response
        return response


class ClientResponse(TestResponse):
    """The response the test client returns: werkzeug's, with Django's test attributes.

    Besides ``status_code``, ``headers``, ``text`` and ``get_data()`` from werkzeug it has
    ``content``, ``json()``, ``response["Header"]``, ``url`` (the ``Location``),
    ``wsgi_request`` (the ``chainweb.http.Request`` the view saw), ``resolver_match``,
    ``redirect_chain``, ``streaming``, ``templates`` and ``context``.
    """

    #: The client that made the request.
    client: Client
    #: The ``chainweb.http.Request`` the handler built; None if the handler failed first.
    wsgi_request: Request | None
    #: How the URL resolved; None if it did not resolve.
    resolver_match: ResolverMatch | None
    #: Each redirect followed with ``follow=True``, as ``(location, status_code)``.
    redirect_chain: list[tuple[str, int]]
    #: Whether the view returned a streaming response; its body is then read on demand.
    streaming: bool
    #: The request's way through the middleware chain, when traced.
    chain: ChainTrace | None
    #: The templates rendered for this response, in order (each has a ``name``).
    templates: list[Any]
    #: The context of the rendered template as a dict; a ``ContextList`` if several were
    #: rendered (``response.context["key"]`` searches them all); None if none was.
    context: dict[str, Any] | ContextList | None

    def __init__(
        self,
        response: Iterable[bytes],
        status: str,
        headers: Headers,
        request: WerkzeugRequest,
        history: tuple[TestResponse] = (),  # type: ignore[assignment]  # werkzeug's own default
        **kwargs: Any,
    ) -> None:
        super().__init__(response, status, headers, request, history, **kwargs)
        exchange = request.environ.get(_EXCHANGE_KEY)
        original = exchange.response if isinstance(exchange, _Exchange) else None
        self.wsgi_request = request.environ.get(REQUEST_KEY)
        self.resolver_match = getattr(self.wsgi_request, "resolver_match", None)
        #: The request's way through the middleware chain (``ChainTrace``), when traced:
        #: with DEBUG on or ``Client(trace_chain=True)``; else None.
        self.chain = getattr(self.wsgi_request, "__dict__", {}).get(TRACE_ATTRIBUTE)
        self.streaming = bool(getattr(original, "streaming", False))
        self.redirect_chain = []
        self.templates = list(exchange.templates) if isinstance(exchange, _Exchange) else []
        contexts = exchange.contexts if isinstance(exchange, _Exchange) else []
        if not contexts:
            self.context = None
        elif len(contexts) == 1:
            self.context = contexts[0]
        else:
            self.context = ContextList(contexts)

    @property
    def content(self) -> bytes:
        """Return the body as bytes (a streaming body is read to the end)."""
        return self.get_data()

    @property
    def streaming_content(self) -> Iterable[bytes]:
        """Return the body as an iterable of byte chunks."""
        return self.iter_encoded()

    @property
    def url(self) -> str | None:
        """Return the ``Location`` header, as Django's redirect responses do."""
        return self.headers.get("Location")

    def json(self, **loads_options: Any) -> Any:
        """Return the body parsed as JSON; raise ValueError if it is not JSON.

        Django's test responses have ``json()`` as a method, so this one does too; werkzeug's
        ``get_json()`` is still there.
        """
        content_type = self.headers.get("Content-Type", "")
        if not _JSON_CONTENT_TYPE.match(content_type):
            raise ValueError(
                f'Content-Type header is "{content_type}", not "application/json": the view '
                "did not return JSON. Check response.status_code and response.text."
            )
        return jsonlib.loads(self.get_data(as_text=True), **loads_options)

    def __getitem__(self, header: str) -> str:
        """Return a header's value; raise KeyError if it is missing."""
        return self.headers[header]

    def __contains__(self, header: str) -> bool:
        """Return whether the response has the header."""
        return header in self.headers

    def has_header(self, header: str) -> bool:
        """Return whether the response has the header (case-insensitive)."""
        return header in self.headers

    def get(self, header: str, alternate: str | None = None) -> str | None:
        """Return a header's value, or ``alternate`` if it is missing."""
        return self.headers.get(header, alternate)


class Client(WerkzeugClient):
    """Make requests to the project and get its responses back, as Django's test client.

    Requests go through a ``WSGIHandler`` built on the first request, so settings overridden
    before it (``MIDDLEWARE``, ``ROOT_URLCONF`` ...) are used. Cookies the project sets are sent
    back on later requests. ``defaults`` are extra environ values for every request.

    With ``raise_request_exception`` (the default), an exception a view raised and the handler
    turned into a 500 response is raised again in the test, after the response is complete;
    otherwise the 500 response is returned.

    As in Django, ``CsrfViewMiddleware`` does not check the client's requests unless
    ``enforce_csrf_checks`` is True (it still sets the cookie); ``csrf_protect`` views likewise.
    """

    def __init__(
        self,
        raise_request_exception: bool = True,
        *,
        enforce_csrf_checks: bool = False,
        trace_chain: bool = False,
        **defaults: Any,
    ) -> None:
        super().__init__(self._application, response_wrapper=ClientResponse)
        self.raise_request_exception = raise_request_exception
        #: Whether the CSRF checks apply to this client's requests (Django's flag).
        self.enforce_csrf_checks = enforce_csrf_checks
        #: Whether to trace each request through the middleware chain (``response.chain``),
        #: as DEBUG does.
        self.trace_chain = trace_chain
        self.defaults = defaults
        #: The handler serving the requests; built on the first request.
        self.handler: WSGIHandler | None = None

    # Cookies: the client's requests go to ``testserver``, so that is the default domain here
    # (werkzeug's is ``localhost``, whose cookies these requests would not send).

    def set_cookie(
        self, key: str, value: str = "", *, domain: str = TEST_HOST, **kwargs: Any
    ) -> None:
        """Set a cookie the next requests send; the domain is ``testserver`` by default."""
        super().set_cookie(key, value, domain=domain, **kwargs)

    def get_cookie(self, key: str, domain: str = TEST_HOST, path: str = "/") -> Any:
        """Return the cookie ``key`` the client holds for ``domain``, or None."""
        return super().get_cookie(key, domain, path)

    def delete_cookie(self, key: str, *, domain: str = TEST_HOST, path: str = "/") -> None:
        """Forget the cookie ``key``, so that the next requests do not send it."""
        super().delete_cookie(key, domain=domain, path=path)

    def _application(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        if self.handler is None:
            self.handler = ClientHandler()
        exchange = environ.get(_EXCHANGE_KEY)
        if isinstance(exchange, _Exchange):
            exchange.environ = environ  # werkzeug hands the application a copy of the environ.
        return self.handler(environ, start_response)

    def run_wsgi_app(
        self, environ: WSGIEnvironment, buffered: bool = False
    ) -> tuple[Iterable[bytes], str, Headers]:
        """Run one request, read the body unless it streams, and re-raise a view's exception."""
        exchange = _Exchange()
        environ[_EXCHANGE_KEY] = exchange
        if not self.enforce_csrf_checks:
            environ[DONT_ENFORCE_CSRF_CHECKS] = True
        if self.trace_chain:
            environ[TRACE_ENVIRON_KEY] = True

        def record(
            sender: Any, *, request: Any = None, exception: Any = None, **kwargs: Any
        ) -> None:
            request_environ = getattr(request, "environ", None) or {}
            if request_environ.get(_EXCHANGE_KEY) is exchange and exchange.exception is None:
                exchange.exception = exception

        def record_template(
            template: Any, *, context: Any = None, request: Any = None, **kwargs: Any
        ) -> None:
            if _current_exchange.get() is exchange:  # not another thread's request
                exchange.templates.append(template)
                exchange.contexts.append(dict(context or {}))

        token = _current_exchange.set(exchange)
        try:
            with (
                got_request_exception.connected_to(record),
                template_rendered.connected_to(record_template),
            ):
                app_iter, status, headers = super().run_wsgi_app(environ, buffered=buffered)
                if not buffered and not getattr(exchange.response, "streaming", False):
                    app_iter = _read_and_close(app_iter)
        finally:
            _current_exchange.reset(token)
        environ[REQUEST_KEY] = (exchange.environ or {}).get(REQUEST_KEY)
        if exchange.exception is not None and self.raise_request_exception:
            raise exchange.exception
        return app_iter, status, headers

    def open(
        self,
        *args: Any,
        buffered: bool = False,
        follow_redirects: bool = False,
        **kwargs: Any,
    ) -> ClientResponse:
        """Make a request from werkzeug ``EnvironBuilder`` arguments; see ``get()`` and co.

        Requests built from a path go to ``testserver`` unless ``base_url`` says otherwise.
        """
        prepared = len(args) == 1 and isinstance(args[0], (EnvironBuilder, dict, WerkzeugRequest))
        if not prepared:
            kwargs.setdefault("base_url", f"http://{TEST_HOST}")
        response = cast(
            ClientResponse,
            super().open(*args, buffered=buffered, follow_redirects=follow_redirects, **kwargs),
        )
        response.client = self
        response.redirect_chain = [
            (previous.headers.get("Location", ""), previous.status_code)
            for previous in response.history
        ]
        return response

    def generic(
        self,
        method: str,
        path: str,
        data: Any = None,
        content_type: str | None = None,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        *,
        follow: bool = False,
        json: Any = None,
        query_string: Any = None,
        **extra: Any,
    ) -> ClientResponse:
        """Make a request with any method; ``data`` is the body, whatever the method."""
        environ = _build_environ(
            self.defaults,
            method.upper(),
            path,
            body=data,
            json=json,
            content_type=content_type,
            secure=secure,
            headers=headers,
            query_string=query_string,
            extra=extra,
        )
        return self.open(WerkzeugRequest(environ), follow_redirects=follow)

    def _body_request(
        self,
        method: str,
        path: str,
        data: Any,
        follow: bool,
        content_type: str | None,
        secure: bool,
        headers: Mapping[str, str] | None,
        json: Any,
        query_string: Any,
        extra: dict[str, Any],
    ) -> ClientResponse:
        return self.generic(
            method,
            path,
            data,
            content_type,
            secure,
            headers,
            follow=follow,
            json=json,
            query_string=query_string,
            **extra,
        )

    def _query_request(
        self,
        method: str,
        path: str,
        data: Any,
        follow: bool,
        secure: bool,
        headers: Mapping[str, str] | None,
        query_string: Any,
        extra: dict[str, Any],
    ) -> ClientResponse:
        environ = _build_environ(
            self.defaults,
            method,
            path,
            query=data,
            secure=secure,
            headers=headers,
            query_string=query_string,
            extra=extra,
        )
        return self.open(WerkzeugRequest(environ), follow_redirects=follow)

    def get(
        self,
        path: str,
        data: Any = None,
        *,
        follow: bool = False,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> ClientResponse:
        """Make a GET request; ``data`` (a dict or a list of pairs) becomes the query string."""
        return self._query_request("GET", path, data, follow, secure, headers, query_string, extra)

    def head(
        self,
        path: str,
        data: Any = None,
        *,
        follow: bool = False,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> ClientResponse:
        """Make a HEAD request; ``data`` becomes the query string."""
        return self._query_request("HEAD", path, data, follow, secure, headers, query_string, extra)

    def trace(
        self,
        path: str,
        data: Any = None,
        *,
        follow: bool = False,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> ClientResponse:
        """Make a TRACE request; ``data`` becomes the query string."""
        return self._query_request(
            "TRACE", path, data, follow, secure, headers, query_string, extra
        )

    def post(
        self,
        path: str,
        data: Any = None,
        *,
        follow: bool = False,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content_type: str | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> ClientResponse:
        """Make a POST request; a mapping ``data`` is sent as a form, ``json=`` as JSON.

        A form holding files (open files, or ``(file, filename)`` tuples) is sent as
        ``multipart/form-data``; ``content_type="application/json"`` with a dict sends JSON, as
        in Django; bytes or str ``data`` is sent as it is.
        """
        return self._body_request(
            "POST", path, data, follow, content_type, secure, headers, json, query_string, extra
        )

    def put(
        self,
        path: str,
        data: Any = None,
        *,
        follow: bool = False,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content_type: str | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> ClientResponse:
        """Make a PUT request; ``data`` is the body (see ``post()``)."""
        return self._body_request(
            "PUT", path, data, follow, content_type, secure, headers, json, query_string, extra
        )

    def patch(
        self,
        path: str,
        data: Any = None,
        *,
        follow: bool = False,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content_type: str | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> ClientResponse:
        """Make a PATCH request; ``data`` is the body (see ``post()``)."""
        return self._body_request(
            "PATCH", path, data, follow, content_type, secure, headers, json, query_string, extra
        )

    def delete(
        self,
        path: str,
        data: Any = None,
        *,
        follow: bool = False,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content_type: str | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> ClientResponse:
        """Make a DELETE request; ``data`` is the body (see ``post()``)."""
        return self._body_request(
            "DELETE", path, data, follow, content_type, secure, headers, json, query_string, extra
        )

    def options(
        self,
        path: str,
        data: Any = None,
        *,
        follow: bool = False,
        secure: bool = False,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content_type: str | None = None,
        query_string: Any = None,
        **extra: Any,
    ) -> ClientResponse:
        """Make an OPTIONS request; ``data`` is the body (see ``post()``)."""
        return self._body_request(
            "OPTIONS", path, data, follow, content_type, secure, headers, json, query_string, extra
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} handler={self.handler!r}>"


def _read_and_close(app_iter: Iterable[bytes]) -> list[bytes]:
    """Read the whole body, then close it, as a WSGI server does (request_finished fires)."""
    try:
        return list(app_iter)
    finally:
        close = getattr(app_iter, "close", None)
        if close is not None:
            close()
