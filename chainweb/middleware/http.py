"""``ConditionalGetMiddleware``, and the conditional request rules it shares with the views.

``get_conditional_response()`` evaluates ``If-Match``, ``If-Unmodified-Since``,
``If-None-Match`` and ``If-Modified-Since`` in the order RFC 9110 (13.2.2) gives, as Django
does; the middleware uses it for whole responses, and the ``condition``, ``etag`` and
``last_modified`` view decorators (``chainweb.views.decorators.http``) before the view runs.
Malformed headers never fail a request: entity tags that do not parse are left out, a date
that does not parse is ignored, and the work is linear in the size of the headers.
"""

from __future__ import annotations

import re
import typing as t

from werkzeug.http import generate_etag, parse_date

from chainweb.http import HttpResponse, HttpResponseNotModified
from chainweb.utils.log import log_response

if t.TYPE_CHECKING:
    from chainweb.http import Request
    from chainweb.middleware import GetResponse

#: One entity tag, strong (``"abc"``) or weak (``W/"abc"``) (RFC 9110, 8.8.3).
_ETAG_RE = re.compile(r'(?:W/)?"[^"]*"')

#: HTTP dates are 29 characters (RFC 850's longest form 38); anything longer is not one.
_MAX_DATE_LENGTH = 64

#: The headers a 304 keeps from the response it replaces (RFC 9110, 15.4.5), and
#: Last-Modified, as Django's; Set-Cookie headers are kept too.
_NOT_MODIFIED_HEADERS = (
    "Cache-Control",
    "Content-Location",
    "Date",
    "ETag",
    "Expires",
    "Last-Modified",
    "Vary",
)

_SAFE_METHODS = ("GET", "HEAD")


def parse_etags(etag_str: str) -> list[str]:
    """Return the entity tags of an ``If-Match`` or ``If-None-Match`` value.

    ``*`` gives ``["*"]``; otherwise the valid tags, quoted as sent (``'"abc"'``,
    ``'W/"abc"'``), in order. Tags that do not parse are left out.
    """
    if etag_str.strip() == "*":
        return ["*"]
    tags = []
    for part in etag_str.split(","):
        tag = part.strip()
        if _ETAG_RE.fullmatch(tag):
            tags.append(tag)
    return tags


def quote_etag(etag_str: str) -> str:
    """Return ``etag_str`` as an entity tag: quoted, unless it already is (weak or strong).

    :raise ValueError: the value has a double quote inside, which no entity tag can hold.
    """
    if _ETAG_RE.fullmatch(etag_str):
        return etag_str
    if '"' in etag_str:
        raise ValueError(
            f"Cannot make an entity tag of {etag_str!r}: it contains a double quote. Give "
            "the tag's value without quotes ('abc', quoted for you), or a whole tag such as "
            "'\"abc\"' or 'W/\"abc\"'."
        )
    return f'"{etag_str}"'


def parse_http_date_safe(date: str | None) -> int | None:
    """Return an HTTP date as seconds since the epoch, or None if it is missing or malformed."""
    if not date or len(date) > _MAX_DATE_LENGTH:
        return None
    try:
        parsed = parse_date(date)
        return None if parsed is None else int(parsed.timestamp())
    except (ValueError, TypeError, OverflowError, IndexError):
        return None


def get_conditional_response(
    request: Request,
    etag: str | None = None,
    last_modified: int | None = None,
    response: HttpResponse | None = None,
) -> HttpResponse | None:
    """Return the response the request's preconditions call for, given the resource's state.

    :param etag: the resource's current entity tag, quoted (``'"abc"'`` or ``'W/"abc"'``).
    :param last_modified: when the resource last changed, in seconds since the epoch.
    :param response: the response that would be sent; only a 2xx one is considered.
    :return: a 412 Precondition Failed when ``If-Match`` or ``If-Unmodified-Since`` fails (or
        ``If-None-Match`` on an unsafe method); a 304 Not Modified, keeping the caching
        headers and cookies of ``response``, when ``If-None-Match`` or ``If-Modified-Since``
        fails on GET or HEAD; else ``response`` (None when none was given).
    """
    if response is not None and not 200 <= response.status_code < 300:
        return response
    environ = request.environ
    if_match = environ.get("HTTP_IF_MATCH")
    if_unmodified_since = environ.get("HTTP_IF_UNMODIFIED_SINCE")
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if not (if_match or if_unmodified_since or if_none_match or if_modified_since):
        return response  # PERF: the common case, no conditional request

    # 1. If-Match: the resource must exist and its strong tag be listed.
    if_match_etags = parse_etags(if_match) if if_match else []
    if if_match_etags and not _if_match_passes(etag, if_match_etags):
        return _precondition_failed(request)
    # 2. If-Unmodified-Since, only without If-Match.
    unmodified_since = parse_http_date_safe(if_unmodified_since)
    if (
        not if_match_etags
        and unmodified_since is not None
        and not (last_modified is not None and last_modified <= unmodified_since)
    ):
        return _precondition_failed(request)
    # 3. If-None-Match: the current tag must not be listed (weak comparison).
    if_none_match_etags = parse_etags(if_none_match) if if_none_match else []
    if if_none_match_etags and not _if_none_match_passes(etag, if_none_match_etags):
        if request.method in _SAFE_METHODS:
            return _not_modified(response)
        return _precondition_failed(request)
    # 4. If-Modified-Since, only without If-None-Match, only for GET and HEAD.
    modified_since = parse_http_date_safe(if_modified_since)
    if (
        not if_none_match_etags
        and modified_since is not None
        and last_modified is not None
        and last_modified <= modified_since
        and request.method in _SAFE_METHODS
    ):
        return _not_modified(response)
    # 5. If-Range is not supported; 6. no precondition decided: the response stands.
    return response


def _if_match_passes(target_etag: str | None, etags: list[str]) -> bool:
    """Return whether ``If-Match`` passes: strong comparison, ``*`` for any current tag."""
    if not target_etag:
        return False  # no current representation
    if etags == ["*"]:
        return True  # a tag, even a weak one, means there is a current representation
    if target_etag.startswith("W/"):
        return False  # a weak tag never matches strongly
    return target_etag in etags


def _if_none_match_passes(target_etag: str | None, etags: list[str]) -> bool:
    """Return whether ``If-None-Match`` passes: weak comparison, ``*`` for any current tag."""
    if not target_etag:
        return True
    if etags == ["*"]:
        return False
    opaque = {tag.removeprefix("W/") for tag in etags}  # one pass, then one lookup
    return target_etag.removeprefix("W/") not in opaque


def _precondition_failed(request: Request) -> HttpResponse:
    """Return a 412 Precondition Failed response, logged on ``chainweb.request``."""
    response = HttpResponse(status=412)
    log_response("Precondition Failed: %s", request.path, response=response, request=request)
    return response


def _not_modified(response: HttpResponse | None) -> HttpResponse:
    """Return a 304 Not Modified, with the caching headers and cookies ``response`` had.

    ``response`` is closed when the 304 is, so that what it holds (an open file, a
    generator) is released.
    """
    new_response = HttpResponseNotModified()
    if response is not None:
        headers = response.headers
        for name in _NOT_MODIFIED_HEADERS:
            value = headers.get(name)
            if value is not None:
                new_response.headers[name] = value
        for cookie in headers.getlist("Set-Cookie"):
            new_response.headers.add("Set-Cookie", cookie)
        new_response.call_on_close(response.close)
    return new_response


def _caching_headers(response: HttpResponse) -> tuple[str | None, str | None, str | None]:
    """Return the first ETag, Last-Modified and Cache-Control of ``response`` (or None).

    PERF: one pass over the headers; each ``headers.get()`` would scan them all.
    """
    etag = last_modified = cache_control = None
    for name, value in response.headers.items():
        lowered = name.lower()
        if lowered == "etag":
            etag = value if etag is None else etag
        elif lowered == "last-modified":
            last_modified = value if last_modified is None else last_modified
        elif lowered == "cache-control":
            cache_control = value if cache_control is None else cache_control
    return etag, last_modified, cache_control


def _has_no_store(cache_control: str) -> bool:
    """Return whether a Cache-Control value has the ``no-store`` directive."""
    if "no-store" not in cache_control.lower():
        return False
    return any(directive.strip().lower() == "no-store" for directive in cache_control.split(","))


class ConditionalGetMiddleware:
    """Answer a conditional GET or HEAD with 304 Not Modified when the client's copy is current.

    On GET and HEAD only (for other methods it is too late to refuse with 412 once the view
    has run): a 200 response with its body in memory, without an ETag and without
    ``Cache-Control: no-store``, gets an ETag computed from its body (SHA-1, werkzeug's
    ``generate_etag``). Then, if the response has an ETag or a Last-Modified date,
    ``get_conditional_response()`` decides: a matching ``If-None-Match`` (weak comparison;
    ``*``; a list) or, without one, an ``If-Modified-Since`` not older than Last-Modified,
    gives a 304 with no body; a failing ``If-Match`` or ``If-Unmodified-Since`` gives a
    412, as Django's does.

    Put it after ``GZipMiddleware`` in ``MIDDLEWARE``, so the ETag is that of the body as
    the view made it.
    """

    def __init__(self, get_response: GetResponse) -> None:
        if get_response is None:
            raise ValueError(
                "ConditionalGetMiddleware needs get_response: it is called with the next "
                "handler by the middleware chain."
            )
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        """Return the response of the rest of the chain, or a 304 for it."""
        response = self.get_response(request)
        if request.method not in _SAFE_METHODS:
            return response
        etag, last_modified, cache_control = _caching_headers(response)
        if (
            etag is None
            and response.status_code == 200
            and not response.streaming
            and response.is_sequence
            and not (cache_control and _has_no_store(cache_control))
        ):
            content = response.get_data()
            if content:
                etag = f'"{generate_etag(content)}"'
                response.headers["ETag"] = etag
        modified = parse_http_date_safe(last_modified) if last_modified else None
        if etag or modified is not None:
            return get_conditional_response(request, etag, modified, response) or response
        return response

    def __repr__(self) -> str:
        inner = getattr(self.get_response, "__qualname__", type(self.get_response).__name__)
        return f"<{type(self).__qualname__} get_response={inner}>"
