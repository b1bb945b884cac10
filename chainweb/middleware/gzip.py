"""``GZipMiddleware``: gzip the response for clients that accept it.

Security: compressing a page that holds a secret (a CSRF token, a session id) together with
text an attacker controls (a reflected query parameter) lets the attacker guess the secret
from the compressed size, over HTTPS too (the BREACH attack). Two defences are in place, as
in Django: CSRF tokens are masked with a fresh random value in every response, and the gzip
header of every compressed response carries a file name of random length (0 to
``GZipMiddleware.max_random_bytes`` bytes, 100 by default), so the size of one response says
little about the page; an attacker then needs many more requests to average the noise away.
Other secrets in pages are not masked: do not compress a page that reflects user input next
to one (``Content-Encoding: identity`` set by the view stops this middleware), and rate-limit
where it matters.

Put it first in ``MIDDLEWARE`` (outermost), before any middleware that reads or changes the
body, such as ``ConditionalGetMiddleware``: that one then computes its ETag on the body as
the view made it, which this one turns weak.
"""

from __future__ import annotations

import functools
import re
import typing as t

from chainweb.utils.cache import patch_vary_headers
from chainweb.utils.text import compress_sequence, compress_string

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request, StreamingHttpResponse
    from chainweb.middleware import GetResponse

#: Bodies shorter than this are sent as they are: gzip's 18-byte frame eats the saving.
MIN_COMPRESS_LENGTH = 200

#: Accept-Encoding values longer than this are parsed every time rather than cached.
_MAX_CACHED_HEADER = 256

#: A quality value (RFC 9110, 12.4.2): 0 to 1 with up to three decimals.
_QVALUE_RE = re.compile(r"(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)")


def _quality(params: str) -> float | None:
    """Return the ``q`` among ``params`` (the text after ``coding;``); 1 if absent, None if bad."""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            value = value.strip()
            return float(value) if _QVALUE_RE.fullmatch(value) else None
    return 1.0


def _parse_accepts_gzip(accept_encoding: str) -> bool:
    """Return whether an ``Accept-Encoding`` value accepts gzip (RFC 9110, 12.5.3).

    ``gzip`` (or its alias ``x-gzip``) with a quality above 0 is accepted; so is ``*``
    when gzip is not named. An entry with a malformed quality is ignored. Linear in the
    length of the value, whatever it holds.
    """
    lowered = accept_encoding.lower()
    if "gzip" not in lowered and "*" not in lowered:
        return False
    gzip_quality: float | None = None
    star_quality: float | None = None
    for item in lowered.split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip()
        if coding not in ("gzip", "x-gzip", "*"):
            continue
        quality = _quality(params) if params else 1.0
        if quality is None:
            continue
        if coding == "*":
            star_quality = max(star_quality or 0.0, quality)
        else:
            gzip_quality = max(gzip_quality or 0.0, quality)
    if gzip_quality is not None:
        return gzip_quality > 0
    return star_quality is not None and star_quality > 0


#: Clients send few distinct values ("gzip, deflate, br, zstd"): remember the answers.
_cached_accepts_gzip = functools.lru_cache(maxsize=64)(_parse_accepts_gzip)


def accepts_gzip(accept_encoding: str) -> bool:
    """Return whether an ``Accept-Encoding`` header value accepts a gzipped response."""
    if len(accept_encoding) > _MAX_CACHED_HEADER:
        return _parse_accepts_gzip(accept_encoding)
    return _cached_accepts_gzip(accept_encoding)


def _make_etag_weak(response: HttpResponse) -> None:
    """Make a strong ETag weak: the gzipped body is not byte for byte the one it named."""
    etag = response.headers.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = "W/" + etag


class GZipMiddleware:
    """Gzip responses for clients that send ``Accept-Encoding: gzip``.

    A response is compressed when its body is at least ``MIN_COMPRESS_LENGTH`` (200) bytes
    or it streams, it has no ``Content-Encoding`` yet, it is not a range (206), and, for a
    body in memory, compressing makes it smaller. A streaming response is compressed chunk
    by chunk, each flushed, and loses its ``Content-Length``. Every response that could be
    compressed gets ``Vary: Accept-Encoding``, compressed or not, so caches keep the two
    versions apart; a compressed one has its strong ETag made weak (``W/"..."``), as it is
    no longer byte for byte the entity the tag named. A 304 Not Modified gets the same
    ``Vary``, and, for a client that accepts gzip, the same weak ETag, as the 200 it stands
    for (a tag made weak when the body would not have been compressed is still true).
    """

    #: The gzip header is padded with a file name of 0 to this many bytes (BREACH).
    max_random_bytes = 100

    def __init__(self, get_response: GetResponse) -> None:
        if get_response is None:
            raise ValueError(
                "GZipMiddleware needs get_response: it is called with the next handler by "
                "the middleware chain."
            )
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        """Return the response of the rest of the chain, gzipped if the client accepts it."""
        response = self.get_response(request)
        status_code = response.status_code
        if status_code == 206:  # a range of the body: compressing it would not be that range
            return response
        if status_code == 304:
            return self._not_modified(request, response)
        content = None
        if not response.streaming:
            if not response.is_sequence:  # an iterable body the view handed on: leave it
                return response
            # PERF: the cheap length check first; header lookups scan the header list.
            content = response.get_data()
            if len(content) < MIN_COMPRESS_LENGTH:
                return response
        headers = response.headers
        if "Content-Encoding" in headers:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        accept_encoding = request.environ.get("HTTP_ACCEPT_ENCODING")
        if not accept_encoding or not accepts_gzip(accept_encoding):
            return response

        if content is None:
            streaming = t.cast("StreamingHttpResponse", response)
            streaming.streaming_content = compress_sequence(
                streaming.streaming_content, max_random_bytes=self.max_random_bytes
            )
            headers.remove("Content-Length")
        else:
            compressed = compress_string(content, max_random_bytes=self.max_random_bytes)
            if len(compressed) >= len(content):
                return response
            response.set_data(compressed)  # sets Content-Length

        _make_etag_weak(response)
        headers["Content-Encoding"] = "gzip"
        return response

    def _not_modified(self, request: Request, response: HttpResponse) -> HttpResponse:
        """Give a 304 the Vary and ETag the compressed 200 would have had (RFC 9110, 15.4.5)."""
        if "Content-Encoding" in response.headers:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        accept_encoding = request.environ.get("HTTP_ACCEPT_ENCODING")
        if accept_encoding and accepts_gzip(accept_encoding):
            _make_etag_weak(response)
        return response

    def __repr__(self) -> str:
        inner = getattr(self.get_response, "__qualname__", type(self.get_response).__name__)
        return f"<{type(self).__qualname__} get_response={inner}>"
