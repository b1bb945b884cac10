"""Decorators on HTTP: which methods reach a view, and conditional requests (ETag, dates)."""

from __future__ import annotations

import datetime
import functools
import typing as t

from werkzeug.http import http_date

from chainweb.http import HttpResponseNotAllowed, make_response
from chainweb.middleware.http import get_conditional_response, quote_etag
from chainweb.utils.log import log_response

if t.TYPE_CHECKING:
    from chainweb.http import Request

ViewFunction = t.Callable[..., t.Any]


def require_http_methods(
    request_method_list: t.Sequence[str],
) -> t.Callable[[ViewFunction], ViewFunction]:
    """Answer 405, with ``Allow``, to a request whose method is not in the list."""
    allowed = [method.upper() for method in request_method_list]

    def decorator(view: ViewFunction) -> ViewFunction:
        @functools.wraps(view)
        def inner(request: Request, *args: t.Any, **kwargs: t.Any) -> t.Any:
            if request.method not in allowed:
                response = HttpResponseNotAllowed(allowed)
                log_response(
                    "Method Not Allowed (%s): %s",
                    request.method,
                    request.path,
                    response=response,
                    request=request,
                )
                return response
            return view(request, *args, **kwargs)

        inner.allowed_methods = allowed  # type: ignore[attr-defined]  # shown by 'urls'
        return inner

    return decorator


#: Allow only GET.
require_GET = require_http_methods(["GET"])
#: Allow only POST.
require_POST = require_http_methods(["POST"])
#: Allow only the safe methods, GET and HEAD.
require_safe = require_http_methods(["GET", "HEAD"])


ETagFunction = t.Callable[..., "str | None"]
LastModifiedFunction = t.Callable[..., "datetime.datetime | None"]


def condition(
    etag_func: ETagFunction | None = None,
    last_modified_func: LastModifiedFunction | None = None,
) -> t.Callable[[ViewFunction], ViewFunction]:
    """Answer conditional requests for the view from the resource's ETag and modification time.

    ``etag_func`` and ``last_modified_func`` are called with the view's arguments (the
    request, then the URL arguments) before the view. ``etag_func`` returns the entity tag,
    quoted or not (``'abc'``, ``'"abc"'``, ``'W/"abc"'``), or None if the resource does not
    exist; ``last_modified_func`` returns a datetime (naive ones are taken as UTC) or None.

    The request's preconditions are checked first, as ``get_conditional_response()`` does:
    a failing ``If-Match`` or ``If-Unmodified-Since`` (or ``If-None-Match`` on an unsafe
    method) gives 412 Precondition Failed, a failing ``If-None-Match`` or
    ``If-Modified-Since`` on GET or HEAD gives 304 Not Modified; the view runs otherwise.
    On GET and HEAD, the response gets the ETag and Last-Modified headers it does not have.
    """

    def decorator(view: ViewFunction) -> ViewFunction:
        @functools.wraps(view)
        def inner(request: Request, *args: t.Any, **kwargs: t.Any) -> t.Any:
            res_etag = None
            if etag_func is not None:
                res_etag = _checked_etag(etag_func, etag_func(request, *args, **kwargs))
            res_last_modified = None
            if last_modified_func is not None:
                res_last_modified = _checked_timestamp(
                    last_modified_func, last_modified_func(request, *args, **kwargs)
                )
            response = get_conditional_response(
                request, etag=res_etag, last_modified=res_last_modified
            )
            if response is None:
                response = make_response(view(request, *args, **kwargs))
            if request.method in ("GET", "HEAD"):
                headers = response.headers
                if res_last_modified is not None and "Last-Modified" not in headers:
                    headers["Last-Modified"] = http_date(res_last_modified)
                if res_etag and "ETag" not in headers:
                    headers["ETag"] = res_etag
            return response

        return inner

    return decorator


def etag(etag_func: ETagFunction) -> t.Callable[[ViewFunction], ViewFunction]:
    """Answer conditional requests for the view from the ETag ``etag_func`` returns."""
    return condition(etag_func=etag_func)


def last_modified(
    last_modified_func: LastModifiedFunction,
) -> t.Callable[[ViewFunction], ViewFunction]:
    """Answer conditional requests for the view from the time ``last_modified_func`` returns."""
    return condition(last_modified_func=last_modified_func)


def _checked_etag(func: ETagFunction, value: object) -> str | None:
    """Return the tag ``func`` returned, quoted; refuse anything but text or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(
            f"The etag_func {_name(func)} returned {value!r}, a {type(value).__name__}. It "
            "must return the entity tag as a str (such as a hash of the resource's content "
            "or version), or None if the resource does not exist."
        )
    return quote_etag(value)


def _checked_timestamp(func: LastModifiedFunction, value: object) -> int | None:
    """Return the datetime ``func`` returned as seconds since the epoch (naive ones in UTC)."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        raise TypeError(
            f"The last_modified_func {_name(func)} returned {value!r}, a "
            f"{type(value).__name__}. It must return a datetime.datetime (aware, or naive in "
            "UTC), or None if the resource does not exist."
        )
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return int(value.timestamp())


def _name(func: t.Callable[..., t.Any]) -> str:
    """Return ``module.qualname`` of a function, for error messages."""
    module = getattr(func, "__module__", None)
    qualname = getattr(func, "__qualname__", None) or repr(func)
    return f"{module}.{qualname}" if module else qualname
