"""Context locals: ``request``, ``g`` and ``session`` for the request being handled.

They live in context variables, so each thread and each async task sees its
own request. The handler sets them for a request and resets them after it,
even when the view fails.
"""

from __future__ import annotations

import functools
import typing as t
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar

from werkzeug.local import LocalProxy

if t.TYPE_CHECKING:
    from chainweb.http import Request

_OUTSIDE = (
    "Working outside of a request: {what} is only set while chainweb handles a request. "
    "Use it inside a view (or code a view calls); in tests, make a request with "
    "chainweb.test.Client, or build one with chainweb.test.RequestFactory and push it "
    "with chainweb.globals.request_context(request)."
)


class RequestGlobals:
    """A namespace for data shared while handling one request (``g.user = ...``)."""

    def get(self, name: str, default: t.Any = None) -> t.Any:
        """Return the attribute ``name``, or ``default`` if it is not set."""
        return self.__dict__.get(name, default)

    def pop(self, name: str, *default: t.Any) -> t.Any:
        """Remove and return the attribute ``name`` (``default`` if given and it is not set)."""
        return self.__dict__.pop(name, *default)

    def setdefault(self, name: str, default: t.Any = None) -> t.Any:
        """Return the attribute ``name``, setting it to ``default`` first if it is not set."""
        return self.__dict__.setdefault(name, default)

    def __contains__(self, name: str) -> bool:
        return name in self.__dict__

    def __iter__(self) -> t.Iterator[str]:
        return iter(self.__dict__)

    def __repr__(self) -> str:
        return f"<chainweb.g {self.__dict__!r}>"


_cv_request: ContextVar[Request] = ContextVar("chainweb.request")

#: The request being handled.
request: Request = LocalProxy(  # type: ignore[assignment]
    _cv_request, unbound_message=_OUTSIDE.format(what="'request'")
)
#: Data for the request being handled; a fresh namespace for each request.
g: RequestGlobals = LocalProxy(  # type: ignore[assignment]
    _cv_request, "_globals", unbound_message=_OUTSIDE.format(what="'g'")
)
#: The session of the request being handled (``request.session``, set by SessionMiddleware).
session: t.Any = LocalProxy(
    _cv_request, "session", unbound_message=_OUTSIDE.format(what="'session'")
)


class request_context:
    """Make ``request`` (and ``g``, kept on it) refer to ``http_request`` inside a ``with``."""

    def __init__(self, http_request: Request) -> None:
        self.request = http_request

    def __enter__(self) -> Request:
        self._token = _cv_request.set(self.request)
        return self.request

    def __exit__(self, *exc_info: object) -> None:
        _cv_request.reset(self._token)


def has_request_context() -> bool:
    """Return whether a request is being handled in this context."""
    return _cv_request.get(None) is not None


def stream_with_context(
    body: Iterable[t.AnyStr] | Callable[..., Iterable[t.AnyStr]],
) -> t.Any:
    r"""Keep ``request``, ``g`` and ``session`` set while a streaming body is produced.

    The handler resets the context locals when the view returns, before the server reads
    a ``StreamingHttpResponse``'s body. Wrap the body's generator (or decorate the generator
    function) so that each step runs with the current request set again::

        def view(request):
            def rows():
                yield f"user {g.user}\n"

            return StreamingHttpResponse(stream_with_context(rows()))

    :raise RuntimeError: called outside a request.
    """
    if callable(body) and not isinstance(body, Iterator):
        function = body

        @functools.wraps(function)
        def decorated(*args: t.Any, **kwargs: t.Any) -> Iterator[t.AnyStr]:
            return stream_with_context(function(*args, **kwargs))  # type: ignore[no-any-return]

        return decorated
    current = _cv_request.get(None)
    if current is None:
        raise RuntimeError(
            "stream_with_context() was called outside a request: call it in the view that "
            "returns the streaming response, where the request is set."
        )
    return _in_context(current, iter(body))


def _in_context(current: Request, chunks: Iterator[t.AnyStr]) -> Iterator[t.AnyStr]:
    """Yield from ``chunks``, with ``current`` set only while each step runs."""
    try:
        while True:
            token = _cv_request.set(current)
            try:
                chunk = next(chunks)
            except StopIteration:
                return
            finally:
                _cv_request.reset(token)
            yield chunk
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            token = _cv_request.set(current)
            try:
                close()
            finally:
                _cv_request.reset(token)
