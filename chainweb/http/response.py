"""Response objects: werkzeug's Response built the Django way, and ``make_response()``.

``HttpResponse(content, content_type, status, reason, charset, headers)`` keeps its body in
``content`` and its headers in ``response["Name"]`` (or werkzeug's ``response.headers``).
``StreamingHttpResponse`` and ``FileResponse`` send an iterator instead. A header name or
value with a newline (CR or LF) is refused with ``BadHeaderError`` when it is set, and again
just before the headers are sent, however it got there.
"""

from __future__ import annotations

import collections.abc as cabc
import datetime
import decimal
import functools
import io
import json
import mimetypes
import operator
import os
import re
import typing as t
import unicodedata
import uuid
from urllib.parse import quote, urlsplit

from werkzeug.datastructures import Headers
from werkzeug.http import parse_options_header
from werkzeug.wrappers import Response
from werkzeug.wsgi import FileWrapper

from chainweb.conf import settings
from chainweb.http.exceptions import BadHeaderError, DisallowedRedirect
from chainweb.utils.functional import LazyStr
from chainweb.utils.http import add_checked_headers, iri_to_uri

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

#: Headers as the constructors and ``make_response()`` accept them.
HeadersLike: t.TypeAlias = "Headers | t.Mapping[str, t.Any] | t.Iterable[tuple[str, t.Any]]"

#: Redirects to longer URLs are refused, as Django does.
MAX_URL_REDIRECT_LENGTH = 2048

_NEWLINE_RE = re.compile(r"[\r\n]")
_HEADER_NAME = operator.itemgetter(0)


class HttpResponse(Response):
    """A response whose body is in memory, built as Django's HttpResponse.

    :param content: bytes, or text encoded with ``charset``, or an iterable of either (joined
        now); anything else is converted with ``str()``.
    :param content_type: the full ``Content-Type``; by default ``text/html`` with the charset.
    :param status: the status code, 100 to 599; by default the class's (200 here).
    :param reason: the reason phrase to send instead of the standard one.
    :param charset: the charset to encode text with; by default the one in the content type,
        else ``DEFAULT_CHARSET``.
    :param headers: more headers, as a dict, a list of pairs or a werkzeug ``Headers``.
    """

    #: False: the body is in ``content``. True for ``StreamingHttpResponse``.
    streaming: bool = False
    #: A response that renders later (TemplateResponse) defines ``render()``; the handler
    #: runs process_template_response hooks and then calls it. None here.
    render: t.Callable[[], HttpResponse] | None = None
    _charset: str | None = None

    def __init__(
        self,
        content: object = b"",
        content_type: str | None = None,
        status: int | None = None,
        reason: str | None = None,
        charset: str | None = None,
        headers: HeadersLike | None = None,
    ) -> None:
        if not self._setup(content, content_type, status, reason, charset, headers):
            self.content = content

    def _setup(
        self,
        content: object,
        content_type: str | None,
        status: int | None,
        reason: str | None,
        charset: str | None,
        headers: HeadersLike | None,
    ) -> bool:
        """Set status, headers, charset and a str or bytes body; return whether the body was set.

        PERF: this runs for every response, so the charset is worked out once here
        and the common bodies are encoded directly.
        """
        self._charset = charset
        checked = None if headers is None else _checked_headers(headers)
        if checked is not None and "Content-Type" in checked:
            if content_type is not None:
                raise ValueError(
                    "'headers' must not contain 'Content-Type' when the 'content_type' "
                    "parameter is provided; pass the content type in only one of them."
                )
            body_charset = charset or _charset_of(checked["Content-Type"])
        elif content_type is None:
            body_charset = charset or str(settings.DEFAULT_CHARSET)
            content_type = f"text/html; charset={body_charset}"
        else:
            if "\r" in content_type or "\n" in content_type:  # PERF: no regex for the usual case
                _check_header("Content-Type", content_type)
            body_charset = charset or _charset_of(content_type)
        code = self.default_status if status is None else status
        if isinstance(content, str):
            body: bytes | None = content.encode(body_charset)
        elif isinstance(content, bytes):
            body = content
        else:
            body = None
        status_line = (
            code
            if reason is None and type(code) is int and 100 <= code <= 599
            else (_status_line(code, reason))
        )
        if checked is None and body is not None and self.automatically_set_content_length:
            # PERF: the usual response, built in one step: werkzeug would set each of these
            # headers through a search-and-replace; here they are new and already checked
            # (the content type for CR/LF above, the length is digits).
            headers = Headers()
            add_checked_headers(
                headers,
                (("Content-Type", t.cast(str, content_type)), ("Content-Length", str(len(body)))),
            )
            super().__init__(None, status=status_line, headers=headers)
            self.response = [body]
            return True
        super().__init__(body, status=status_line, headers=checked, content_type=content_type)
        return body is not None

    @property
    def reason_phrase(self) -> str:
        """The reason phrase of the status line, such as ``"NOT FOUND"``; set it to change it."""
        return self.status.partition(" ")[2]

    @reason_phrase.setter
    def reason_phrase(self, value: str) -> None:
        self.status = _status_line(self.status_code, value)

    @property
    def charset(self) -> str:
        """The charset text is encoded with: given, else the content type's, else the default."""
        if self._charset is not None:
            return self._charset
        return self.mimetype_params.get("charset") or str(settings.DEFAULT_CHARSET)

    @charset.setter
    def charset(self, value: str) -> None:
        self._charset = value

    @property
    def content(self) -> bytes:
        """The body as bytes; set it to bytes, text or an iterable of them."""
        return self.get_data()

    @content.setter
    def content(self, value: object) -> None:
        if isinstance(value, (bytes, bytearray, memoryview, str)) or not isinstance(
            value, cabc.Iterable
        ):
            data = self.make_bytes(value)
        else:
            data = b"".join(self.make_bytes(chunk) for chunk in value)
            close = getattr(value, "close", None)
            if close is not None:
                close()
        self.set_data(data)

    def make_bytes(self, value: object) -> bytes:
        """Return ``value`` as bytes: text is encoded with ``charset``, others go via str()."""
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
        text = value if isinstance(value, str) else str(value)
        return text.encode(self.charset)

    def write(self, content: object) -> None:
        """Append ``content`` to the body, so that a response can be written like a file."""
        self._ensure_sequence(mutable=True)
        t.cast(list[bytes], self.response).append(self.make_bytes(content))
        # werkzeug works the length out again when the headers are sent.
        self.headers.remove("Content-Length")

    # Django's header access: response["Name"].

    def __getitem__(self, header: str) -> str:
        value = self.headers.get(header)
        if value is None:
            raise KeyError(header)
        return value

    def __setitem__(self, header: str, value: object) -> None:
        _check_header(header, value)
        self.headers[header] = value

    def __delitem__(self, header: str) -> None:
        self.headers.remove(header)

    def __contains__(self, header: str) -> bool:
        return header in self.headers

    def has_header(self, header: str) -> bool:
        """Return True if the response has the header (names compare case-insensitively)."""
        return header in self.headers

    def get(self, header: str, alternate: str | None = None) -> str | None:
        """Return the header's value, or ``alternate`` if it is missing."""
        return self.headers.get(header, alternate)

    def setdefault(self, header: str, value: object) -> None:
        """Set the header unless the response already has it."""
        if header not in self.headers:
            self[header] = value

    def items(self) -> t.Iterable[tuple[str, str]]:
        """Return the ``(name, value)`` pairs of the headers."""
        return self.headers.items()

    def get_wsgi_headers(self, environ: WSGIEnvironment) -> Headers:
        """Return the headers to send, refusing any name or value with a newline.

        werkzeug's Headers refuse newlines in values whenever one is set; names
        are checked here, all at once, however they got in.
        """
        names = "\0".join(map(_HEADER_NAME, self.headers))
        lowered = names.lower()
        # PERF: nothing for werkzeug to fix (no Location to make absolute, the length known,
        # a status with a body): send the headers as they are, without copying them.
        if (
            "location" in lowered
            or "content-length" not in lowered
            or not 200 <= self.status_code
            or self.status_code in (204, 304)
        ):
            headers = super().get_wsgi_headers(environ)
            names = "\0".join(map(_HEADER_NAME, headers))
        else:
            headers = self.headers
        if "\r" in names or "\n" in names:
            for name, value in headers.items():
                _check_header(name, value)
        return headers

    def get_app_iter(self, environ: WSGIEnvironment) -> t.Iterable[bytes]:
        """Return the body for the server; an in-memory body is a list it iterates natively."""
        body = self.response
        if (
            type(body) is list
            and len(body) == 1
            and type(body[0]) is bytes
            and not self.direct_passthrough
            and 200 <= self.status_code
            and self.status_code not in (204, 304)
            and environ["REQUEST_METHOD"] != "HEAD"
        ):
            return _Body(body, self.close)
        return super().get_app_iter(environ)


class _Body(list[bytes]):
    """A body held in memory, with the ``close()`` WSGI servers call when they are done."""

    __slots__ = ("close",)

    def __init__(self, chunks: list[bytes], close: t.Callable[[], None]) -> None:
        super().__init__(chunks)
        self.close = close


def _charset_of(content_type: str) -> str:
    """Return the charset a Content-Type names, or DEFAULT_CHARSET."""
    if "charset" in content_type:
        return _named_charset(content_type) or str(settings.DEFAULT_CHARSET)
    return str(settings.DEFAULT_CHARSET)


@functools.lru_cache(maxsize=64)
def _named_charset(content_type: str) -> str | None:
    """Return the charset named in a Content-Type (few distinct values: cached)."""
    charset = parse_options_header(content_type)[1].get("charset")
    return str(charset) if charset else None


class StreamingHttpResponse(HttpResponse):
    """A response whose body is an iterator, sent chunk by chunk and never held in memory.

    Read or replace the body through ``streaming_content`` (an iterator of bytes); ``content``
    does not exist here. The iterator's ``close()``, if any, is called when the response is.
    """

    streaming = True

    def __init__(
        self,
        streaming_content: t.Iterable[object] = (),
        content_type: str | None = None,
        status: int | None = None,
        reason: str | None = None,
        charset: str | None = None,
        headers: HeadersLike | None = None,
    ) -> None:
        self._setup(None, content_type, status, reason, charset, headers)
        self.streaming_content = streaming_content

    @property
    def content(self) -> bytes:
        """Refuse: a streaming response has no ``content``, only ``streaming_content``."""
        raise AttributeError(self._no_content_message())

    @content.setter
    def content(self, value: object) -> None:
        raise AttributeError(self._no_content_message())

    def _no_content_message(self) -> str:
        return (
            f"This {type(self).__name__} instance has no `content` attribute. "
            "Use `streaming_content` instead."
        )

    @property
    def streaming_content(self) -> t.Iterator[bytes]:
        """The body, as an iterator of bytes; set it to wrap or replace the body."""
        return map(self.make_bytes, self._iterator)

    @streaming_content.setter
    def streaming_content(self, value: t.Iterable[object]) -> None:
        close = getattr(value, "close", None)
        if close is not None:
            self.call_on_close(close)
        self._iterator: t.Iterator[object] = iter(value)
        self.response = map(self.make_bytes, self._iterator)


class FileResponse(StreamingHttpResponse):
    """Stream an open file in blocks of ``block_size`` bytes, then close it.

    ``Content-Length`` comes from the file's size (if it can seek), ``Content-Type`` from the
    file name unless given, and ``Content-Disposition`` is set when ``as_attachment`` is true
    or a name is known (``inline``), with an ASCII fallback for non-ASCII names.

    :param open_file: a file object opened for reading, preferably in binary mode.
    :param as_attachment: ask the browser to download the file instead of showing it.
    :param filename: the name to offer; by default the base name of ``open_file.name``.
    """

    block_size = 8192

    def __init__(
        self,
        open_file: t.IO[t.Any],
        as_attachment: bool = False,
        filename: str = "",
        content_type: str | None = None,
        status: int | None = None,
        reason: str | None = None,
        charset: str | None = None,
        headers: HeadersLike | None = None,
    ) -> None:
        if not callable(getattr(open_file, "read", None)):
            raise TypeError(
                f"FileResponse needs a file object opened for reading, such as "
                f"open(path, 'rb'), not {type(open_file).__name__}. Use StreamingHttpResponse "
                "to send another iterable."
            )
        self.file_to_stream = open_file
        self.as_attachment = as_attachment
        file_name = getattr(open_file, "name", "")
        self.filename = os.path.basename(
            filename or (file_name if isinstance(file_name, str) else "")
        )
        checked = _checked_headers(headers)
        if content_type is None and "Content-Type" not in checked:
            content_type = _guess_content_type(self.filename)
        super().__init__(
            FileWrapper(open_file, self.block_size),
            content_type=content_type,
            status=status,
            reason=reason,
            charset=charset,
            headers=checked,
        )
        length = _remaining_size(open_file)
        if length is not None:
            self.headers["Content-Length"] = str(length)
        if as_attachment or self.filename:
            self._set_content_disposition()

    def _set_content_disposition(self) -> None:
        name = self.filename
        _check_header("Content-Disposition", name)
        names: dict[str, str] = {}
        if name.isascii():
            if name:
                names["filename"] = name
        else:
            # RFC 6266: an ASCII fallback for old clients, and the UTF-8 name (RFC 5987).
            simple = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
            names["filename"] = simple
            names["filename*"] = f"UTF-8''{quote(name, safe='!#$&+-.^_`|~')}"
        disposition = "attachment" if self.as_attachment else "inline"
        self.headers.set("Content-Disposition", disposition, **names)


class HttpResponseRedirectBase(HttpResponse):
    """A redirect to ``redirect_to``, refused if the URL could be an attack.

    :raise DisallowedRedirect: the URL has a newline, a scheme not in ``allowed_schemes``,
        or more than ``MAX_URL_REDIRECT_LENGTH`` characters.
    """

    allowed_schemes = ["http", "https", "ftp"]
    #: The status used with ``preserve_request=True``, which keeps the method and body.
    preserve_request_status = 307

    def __init__(
        self,
        redirect_to: str | LazyStr,
        preserve_request: bool = False,
        content: object = b"",
        content_type: str | None = None,
        status: int | None = None,
        reason: str | None = None,
        charset: str | None = None,
        headers: HeadersLike | None = None,
    ) -> None:
        url = str(redirect_to)
        self._check_redirect(url)
        if preserve_request and status is None:
            status = self.preserve_request_status
        super().__init__(content, content_type, status, reason, charset, headers)
        self["Location"] = iri_to_uri(url)

    def _check_redirect(self, url: str) -> None:
        if _NEWLINE_RE.search(url):
            raise DisallowedRedirect(
                f"Unsafe redirect to a URL with a newline (CR or LF) in it: {url[:100]!r}. "
                "Remove the newline; quote any user input put into the URL."
            )
        if len(url) > MAX_URL_REDIRECT_LENGTH:
            raise DisallowedRedirect(
                f"Unsafe redirect exceeding {MAX_URL_REDIRECT_LENGTH} characters; redirect to "
                "a shorter URL."
            )
        try:
            scheme = urlsplit(url).scheme
        except ValueError as exc:
            raise DisallowedRedirect(f"Unsafe redirect to a malformed URL {url!r}: {exc}.") from exc
        if scheme and scheme not in self.allowed_schemes:
            raise DisallowedRedirect(
                f"Unsafe redirect to URL with protocol {scheme!r}; only "
                f"{', '.join(self.allowed_schemes)} URLs (or relative ones) are allowed."
            )

    @property
    def url(self) -> str:
        """The redirect target, as sent in ``Location``."""
        return self["Location"]


class HttpResponseRedirect(HttpResponseRedirectBase):
    """Redirect temporarily (302; 307 with ``preserve_request=True``)."""

    default_status = 302
    preserve_request_status = 307


class HttpResponsePermanentRedirect(HttpResponseRedirectBase):
    """Redirect permanently (301; 308 with ``preserve_request=True``)."""

    default_status = 301
    preserve_request_status = 308


class HttpResponseNotModified(HttpResponse):
    """Say that the client's cached copy is current (304); no body, no Content-Type."""

    default_status = 304

    def __init__(
        self,
        content: object = b"",
        content_type: str | None = None,
        status: int | None = None,
        reason: str | None = None,
        charset: str | None = None,
        headers: HeadersLike | None = None,
    ) -> None:
        super().__init__(content, content_type, status, reason, charset, headers)
        del self["Content-Type"]

    @property
    def content(self) -> bytes:
        """The empty body."""
        return self.get_data()

    @content.setter
    def content(self, value: object) -> None:
        if value:
            raise AttributeError(
                "You cannot set content to a 304 (Not Modified) response; it has no body."
            )
        self.set_data(b"")


class HttpResponseBadRequest(HttpResponse):
    """A 400 Bad Request response."""

    default_status = 400


class HttpResponseForbidden(HttpResponse):
    """A 403 Forbidden response."""

    default_status = 403


class HttpResponseNotFound(HttpResponse):
    """A 404 Not Found response."""

    default_status = 404


class HttpResponseNotAllowed(HttpResponse):
    """A 405 Method Not Allowed response, with ``Allow`` listing ``permitted_methods``."""

    default_status = 405

    def __init__(
        self,
        permitted_methods: t.Iterable[str],
        content: object = b"",
        content_type: str | None = None,
        status: int | None = None,
        reason: str | None = None,
        charset: str | None = None,
        headers: HeadersLike | None = None,
    ) -> None:
        super().__init__(content, content_type, status, reason, charset, headers)
        self["Allow"] = ", ".join(permitted_methods)


class HttpResponseGone(HttpResponse):
    """A 410 Gone response."""

    default_status = 410


class HttpResponseServerError(HttpResponse):
    """A 500 Internal Server Error response."""

    default_status = 500


class JSONEncoder(json.JSONEncoder):
    """Encode dates and times (ISO 8601), Decimal, UUID and lazy text as strings."""

    def default(self, o: t.Any) -> t.Any:
        """Return a JSON-serializable stand-in for ``o``."""
        if isinstance(o, (datetime.date, datetime.time)):
            return o.isoformat()
        if isinstance(o, (decimal.Decimal, uuid.UUID, LazyStr)):
            return str(o)
        return super().default(o)


class JsonResponse(HttpResponse):
    """A response with ``data`` serialized to JSON (``application/json``).

    :param data: the data; a dict unless ``safe`` is false.
    :param encoder: the ``json.JSONEncoder`` subclass to use; by default ``JSONEncoder``
        above, which also handles dates, Decimal and UUID.
    :param safe: refuse anything but a dict (``TypeError``), as Django does.
    :param json_dumps_params: more keyword arguments for ``json.dumps()``.
    """

    def __init__(
        self,
        data: t.Any,
        encoder: type[json.JSONEncoder] | None = None,
        safe: bool = True,
        json_dumps_params: dict[str, t.Any] | None = None,
        content_type: str | None = None,
        status: int | None = None,
        reason: str | None = None,
        charset: str | None = None,
        headers: HeadersLike | None = None,
    ) -> None:
        if safe and not isinstance(data, dict):
            raise TypeError(
                f"JsonResponse got a {type(data).__name__}: in order to allow non-dict "
                "objects to be serialized set the safe parameter to False."
            )
        if encoder is None and not json_dumps_params:
            try:  # PERF: json's cached C encoder, for data of plain JSON types
                text = json.dumps(data)
            except TypeError:  # dates, Decimal, UUID...: chainweb's encoder knows them
                text = json.dumps(data, cls=JSONEncoder)
        else:
            text = json.dumps(data, cls=encoder or JSONEncoder, **(json_dumps_params or {}))
        if content_type is None and (
            headers is None or "Content-Type" not in _checked_headers(headers)
        ):
            content_type = "application/json"
        super().__init__(text, content_type, status, reason, charset, headers)


def make_response(rv: object) -> HttpResponse:
    """Turn what a view returned into a response, by Flask's rules.

    - an ``HttpResponse`` is returned as it is; another werkzeug ``Response`` is wrapped in
      one (same status, headers and body iterable; closing it closes the original);
    - ``str`` or ``bytes``: an ``HttpResponse`` (``text/html``);
    - ``dict`` or ``list``: a ``JsonResponse``;
    - an iterator or generator: a ``StreamingHttpResponse``;
    - a tuple ``(body, status)``, ``(body, headers)`` or ``(body, status, headers)``: the body
      as above, then the status replaces the response's and the headers are set on it
      (``headers.update()``, as Flask does: a header of the same name is replaced).

    :raise TypeError: ``rv`` is None, a tuple of another size, or of another type.
    """
    rv, status, headers = split_response_tuple(rv)
    if rv is None:
        raise TypeError(
            "The view returned None, or ended without a return statement. A view must "
            "return a response: an HttpResponse, str, bytes, dict, list, iterator, or a tuple "
            "of one of these with a status and/or headers."
        )
    response = _body_to_response(rv)
    if status is not None:
        response.status = status if isinstance(status, str) else _status_line(status, None)
    if headers:
        for name, value in _header_items(headers):
            _check_header(name, value)
        response.headers.update(headers)
    return response


def split_response_tuple(rv: object) -> tuple[object, object, t.Any]:
    """Split what a view returned into ``(body, status, headers)``, by make_response()'s rules.

    ``status`` and ``headers`` are None when ``rv`` does not give them.

    :raise TypeError: ``rv`` is a tuple of another size.
    """
    if not isinstance(rv, tuple):
        return rv, None, None
    if len(rv) == 3:
        return rv
    if len(rv) == 2:
        if isinstance(rv[1], (Headers, dict, tuple, list)):
            return rv[0], None, rv[1]
        return rv[0], rv[1], None
    raise TypeError(
        f"The view returned a tuple of {len(rv)} items. A response tuple must be "
        "(body, status, headers), (body, status) or (body, headers)."
    )


def _body_to_response(rv: object) -> HttpResponse:
    if isinstance(rv, HttpResponse):
        return rv
    if isinstance(rv, Response):
        wrapped = HttpResponse(status=rv.status_code)
        wrapped.status = rv.status  # Keep a custom reason phrase.
        wrapped.headers = _checked_headers(rv.headers)
        wrapped.response = rv.response
        wrapped.direct_passthrough = rv.direct_passthrough
        wrapped.call_on_close(rv.close)
        return wrapped
    if isinstance(rv, (str, bytes, bytearray)):
        return HttpResponse(rv)
    if isinstance(rv, (dict, list)):
        return JsonResponse(rv, safe=False)
    if isinstance(rv, cabc.Iterator):
        return StreamingHttpResponse(rv)
    raise TypeError(
        f"The view returned a {type(rv).__name__}, which make_response() cannot turn into a "
        "response. Return an HttpResponse, str, bytes, dict, list, iterator, or a tuple of "
        "one of these with a status and/or headers."
    )


def _status_line(status: object, reason: str | None) -> int | str:
    """Return the status for werkzeug: the checked code, with the reason phrase if given."""
    try:
        code = int(t.cast(t.Any, status))
    except (TypeError, ValueError):
        raise TypeError(f"HTTP status code must be an integer, not {status!r}.") from None
    if not 100 <= code <= 599:
        raise ValueError(f"HTTP status code must be an integer from 100 to 599, not {code}.")
    if reason is None:
        return code
    if _NEWLINE_RE.search(reason):
        raise ValueError(f"The reason phrase must not contain newlines (CR or LF): {reason!r}.")
    return f"{code} {reason}"


def _check_header(name: str, value: object) -> None:
    """Refuse a header whose name or value contains CR or LF (it would split the headers)."""
    if _NEWLINE_RE.search(name):
        raise BadHeaderError(
            f"Header names can't contain newlines (CR or LF): {name!r}. Remove them from the name."
        )
    if _NEWLINE_RE.search(str(value)):
        raise BadHeaderError(
            f"Header values can't contain newlines (CR or LF); header {name!r} has "
            f"{value!r}. Remove them, or quote the value (urllib.parse.quote)."
        )


def _header_items(headers: HeadersLike) -> list[tuple[str, t.Any]]:
    """Return the ``(name, value)`` pairs of headers given as any ``HeadersLike``."""
    if isinstance(headers, Headers):
        return list(headers.items())
    if isinstance(headers, cabc.Mapping):
        items: list[tuple[str, t.Any]] = []
        for name, value in headers.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            items.extend((name, item) for item in values)
        return items
    pairs = list(headers)
    for pair in pairs:
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
            raise TypeError(
                "Headers must be a dict, a list of (name, value) pairs or a werkzeug Headers; "
                f"one item is {pair!r}."
            )
    return pairs


def _checked_headers(headers: HeadersLike | None) -> Headers:
    """Return ``headers`` as a new werkzeug Headers, each checked by ``_check_header``."""
    checked = Headers()
    for name, value in _header_items(headers or ()):
        _check_header(name, value)
        checked.add(name, value)
    return checked


def _guess_content_type(filename: str) -> str:
    """Guess a file's content type from its name; compressed files keep their compression."""
    if not filename:
        return "application/octet-stream"
    content_type, encoding = mimetypes.guess_type(filename)
    # Name the compression as the type, rather than as Content-Encoding, so that browsers
    # do not uncompress the download.
    compressed = {
        "br": "application/x-brotli",
        "bzip2": "application/x-bzip",
        "compress": "application/x-compress",
        "gzip": "application/gzip",
        "xz": "application/x-xz",
    }
    return compressed.get(encoding or "", content_type or "application/octet-stream")


def _remaining_size(file: t.IO[t.Any]) -> int | None:
    """Return how many bytes are left in a seekable binary file, else None."""
    seekable = getattr(file, "seekable", None)
    if isinstance(file, io.TextIOBase) or seekable is None or not seekable():
        return None
    position = file.tell()
    end = file.seek(0, io.SEEK_END)
    file.seek(position)
    return end - position
