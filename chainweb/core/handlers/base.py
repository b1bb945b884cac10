"""The middleware chain and the core that resolves the URL and calls the view.

``load_middleware()`` builds the chain once: it walks ``settings.MIDDLEWARE``
in reverse, calling each factory with the handler built so far, so the first
entry ends up outermost. Every layer, the core included, is wrapped as
``convert_exception_to_response`` wraps a handler (``layer()`` also records the chain
trace when one is asked for).
"""

from __future__ import annotations

import inspect
import logging
import types
import typing as t
import weakref

from chainweb.conf import settings
from chainweb.core.exceptions import BadRequest, ImproperlyConfigured, MiddlewareNotUsed
from chainweb.core.signals import setting_changed
from chainweb.globals import _cv_request
from chainweb.http import HttpResponse, make_response
from chainweb.urls import ResolverMatch, get_resolver
from chainweb.urls.base import _urlconf
from chainweb.utils.asyncio import run_coroutine
from chainweb.utils.log import log_response
from chainweb.utils.module_loading import import_string

from .exception import layer
from .trace import CORE, TRACE_ENVIRON_KEY, ChainTrace

if t.TYPE_CHECKING:
    from chainweb.http import Request
    from chainweb.middleware import GetResponse

logger = logging.getLogger("chainweb.request")

ViewHook = t.Callable[..., t.Any]

# Handlers whose chain is rebuilt when MIDDLEWARE changes (override_settings in tests).
_handlers: weakref.WeakSet[BaseHandler] = weakref.WeakSet()


class BaseHandler:
    """Run requests through the middleware chain built from ``settings.MIDDLEWARE``."""

    _middleware_chain: GetResponse | None = None

    def load_middleware(self) -> None:
        """Build the middleware chain; raise ImproperlyConfigured for a broken entry."""
        view_hooks: list[ViewHook] = []
        template_response_hooks: list[ViewHook] = []
        exception_hooks: list[ViewHook] = []
        handler = layer(self._get_response, CORE)
        for path in reversed(settings.MIDDLEWARE):
            factory = _import_middleware(path)
            try:
                middleware = factory(handler)
            except MiddlewareNotUsed as exc:
                if settings.DEBUG:
                    logger.debug("MiddlewareNotUsed(%r): %s", path, exc or "no reason given")
                continue
            if middleware is None:
                raise ImproperlyConfigured(
                    f"Middleware factory {path} returned None. A middleware factory must "
                    "return a callable that takes a request and returns a response."
                )
            # Walking in reverse: view hooks go first-listed first, the others last-listed first.
            if hasattr(middleware, "process_view"):
                view_hooks.insert(0, middleware.process_view)
            if hasattr(middleware, "process_template_response"):
                template_response_hooks.append(middleware.process_template_response)
            if hasattr(middleware, "process_exception"):
                exception_hooks.append(middleware.process_exception)
            handler = layer(middleware, path)
        self._view_middleware = view_hooks
        self._template_response_middleware = template_response_hooks
        self._exception_middleware = exception_hooks
        # Assigned last: a chain that exists is a chain that loaded completely.
        self._middleware_chain = handler
        _handlers.add(self)

    def get_response(self, request: Request) -> HttpResponse:
        """Return the response for ``request``, with the context locals set meanwhile."""
        if self._middleware_chain is None:
            self.load_middleware()
        chain = t.cast("GetResponse", self._middleware_chain)
        if settings.DEBUG or TRACE_ENVIRON_KEY in request.environ:
            request._chain_trace = ChainTrace()
        request_token = _cv_request.set(request)
        try:
            response = chain(request)
        finally:
            # Context locals and a request.urlconf never outlive the request.
            _cv_request.reset(request_token)
            urlconf_token = request.__dict__.pop("_urlconf_token", None)
            if urlconf_token is not None:
                _urlconf.reset(urlconf_token)
        if "files" in request.__dict__:  # uploaded files are closed with the response
            response.call_on_close(request.close)
        if response.status_code >= 400:
            log_response(
                "%s: %s", response.status, request.path, response=response, request=request
            )
        return response

    def _get_response(self, request: Request) -> HttpResponse:
        """Resolve the view, call it, and apply view, exception and template middleware.

        This is the innermost layer: everything here runs inside the middleware.
        """
        request.get_host()  # refuse a Host header not in ALLOWED_HOSTS before anything else
        _check_path(request.environ.get("PATH_INFO", ""))
        callback, callback_args, callback_kwargs = self.resolve_request(request)
        trace = request._chain_trace
        response = None
        for hook in self._view_middleware:
            response = hook(request, callback, callback_args, callback_kwargs)
            if trace is not None:
                trace.hook(hook, response)
            if response is not None:
                break
        if response is None:
            if trace is not None:
                trace.view(callback)
            response = self._call_view(request, callback, callback_args, callback_kwargs)
        if response is None:
            self.check_response(response, callback)
        if not isinstance(response, HttpResponse):
            response = make_response(response)
        if response.render is not None:
            # A response with deferred rendering (TemplateResponse): hooks may change it first.
            for hook in self._template_response_middleware:
                response = hook(request, response)
                if trace is not None:
                    trace.hook(hook, response)
                owner = type(getattr(hook, "__self__", hook)).__name__
                self.check_response(response, hook, name=f"{owner}.process_template_response")
            try:
                # A hook may have swapped in a response that is already rendered.
                render = response.render
                response = render() if render is not None else response
            except Exception as exc:
                response = self._process_exception(request, exc)
                if response is None:
                    raise
        return response

    def _call_view(
        self,
        request: Request,
        callback: t.Callable[..., t.Any],
        args: tuple[t.Any, ...],
        kwargs: dict[str, t.Any],
    ) -> t.Any:
        """Call the view, running an ``async def`` view's coroutine to its result.

        An exception the view raises goes to the process_exception hooks.
        """
        try:
            response = callback(request, *args, **kwargs)
            if not isinstance(response, HttpResponse) and inspect.iscoroutine(response):
                response = run_coroutine(response)
        except Exception as exc:
            response = self._process_exception(request, exc)
            if response is None:
                raise
        return response

    def resolve_request(self, request: Request) -> ResolverMatch:
        """Resolve the request's path, honouring ``request.urlconf``, and store the match."""
        urlconf = request.urlconf
        if urlconf is not None:
            token = _urlconf.set(urlconf)  # reverse() in the view follows it
            request.__dict__.setdefault("_urlconf_token", token)
        match = get_resolver(urlconf).resolve(request.path_info)
        request.resolver_match = match
        return match

    def check_response(self, response: t.Any, callback: t.Any, name: str | None = None) -> None:
        """Raise ValueError if a view (or a hook) returned None instead of a response."""
        if response is not None:
            return
        if name is None:
            if isinstance(callback, types.FunctionType):
                name = f"The view {callback.__module__}.{callback.__qualname__}"
            else:
                name = (
                    f"The view {type(callback).__module__}.{type(callback).__qualname__}.__call__"
                )
        raise ValueError(
            f"{name} didn't return an HttpResponse object. It returned None instead. "
            "Return a response (or a str, dict or tuple make_response() accepts)."
        )

    def _process_exception(self, request: Request, exc: Exception) -> HttpResponse | None:
        """Give ``process_exception`` hooks a chance, last-listed first; None if all pass."""
        trace = request._chain_trace
        for hook in self._exception_middleware:
            response = hook(request, exc)
            if trace is not None:
                trace.hook(hook, response)
            if response is not None:
                return t.cast(HttpResponse, response)
        return None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} MIDDLEWARE={list(settings.MIDDLEWARE)!r}>"


def _check_path(raw_path: str) -> None:
    """Refuse a path with a NUL character or bytes that are not UTF-8 (WSGI gives latin-1)."""
    if "\x00" in raw_path:
        raise BadRequest("The request path contains a NUL character.")
    if not raw_path.isascii():
        try:
            raw_path.encode("latin-1").decode("utf-8")
        except UnicodeError:
            raise BadRequest("The request path is not valid UTF-8.") from None


def _import_middleware(path: str) -> t.Callable[[GetResponse], t.Any]:
    try:
        return t.cast(t.Callable[["GetResponse"], t.Any], import_string(path))
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"Middleware {path!r} could not be imported: {str(exc).rstrip('.')}. Check the "
            "dotted path in settings.MIDDLEWARE."
        ) from exc


def _reset_chains(sender: t.Any, *, setting: str, **kwargs: t.Any) -> None:
    if setting == "MIDDLEWARE":
        for handler in list(_handlers):
            handler._middleware_chain = None  # rebuilt on the next request


setting_changed.connect(_reset_chains, weak=False)
