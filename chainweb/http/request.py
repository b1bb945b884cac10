"""The request object: werkzeug's Request with Django's names, host checks and body limits.

``Request(environ)`` is built by the handler for each request. On top of werkzeug it adds
Django's names (``GET``, ``POST``, ``FILES``, ``COOKIES``, ``META``, ``body``, ``path``,
``path_info``, ``get_host()``, ``is_secure()`` ...) and enforces the ``DATA_UPLOAD_*`` settings,
read when the body or the query string is first parsed, never at construction:

- ``DATA_UPLOAD_MAX_MEMORY_SIZE`` caps ``body`` / ``get_data()`` / ``get_json()``, a urlencoded
  form, and the non-file fields of a multipart form (file parts are not counted, as in Django).
  A ``Content-Length`` over the limit fails before anything is read; a chunked body is read
  up to one byte past the limit, then fails. ``RequestDataTooBig`` (413); never a short body.
- ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` caps the fields of the query string and of the form
  (``TooManyFieldsSent``, 400); ``DATA_UPLOAD_MAX_NUMBER_FILES`` the files of a multipart
  form (``TooManyFilesSent``, 400). ``None`` disables any of the three checks.

Malformed input is a ``BadRequest`` (400) with a short reason, never a 500: a bad
``Content-Length``, a body shorter than its ``Content-Length``, a chunked body the server did
not de-chunk, a malformed form, and JSON that is missing, malformed, too deep or too large.
Bytes in the query string or a urlencoded form that are not UTF-8 stay percent-encoded
(a raw byte 0xFF reads as ``"%FF"``, as werkzeug keeps an invalid ``%FF``), so ``GET`` never
raises for them.
"""

from __future__ import annotations

import functools
import io
import json
import typing as t
from types import ModuleType
from urllib.parse import quote, urljoin, urlsplit

from werkzeug.datastructures import FileStorage, ImmutableMultiDict, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.http import parse_set_header
from werkzeug.sansio.http import parse_cookie
from werkzeug.sansio.utils import get_current_url
from werkzeug.wrappers import Request as _WerkzeugRequest
from werkzeug.wsgi import LimitedStream

from chainweb.conf import settings
from chainweb.core.exceptions import (
    BadRequest,
    DisallowedHost,
    ImproperlyConfigured,
    RequestDataTooBig,
)
from chainweb.globals import RequestGlobals
from chainweb.http.exceptions import RawPostDataException
from chainweb.http.multipartparser import _FormDataParser, _parse_fields, _too_big
from chainweb.utils.functional import cached_property
from chainweb.utils.http import escape_uri_path, iri_to_uri, split_domain_port, validate_host

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from chainweb.urls import ResolverMatch
    from chainweb.utils.functional import LazyStr

#: Hosts allowed when DEBUG is on and ALLOWED_HOSTS is empty, as Django.
DEBUG_ALLOWED_HOSTS = [".localhost", "127.0.0.1", "[::1]"]

_READ_SIZE = 64 * 1024
#: Characters kept as they are when a raw query string is quoted for a URL (Django's set).
_QUERY_SAFE = "/#%[]=:;$&()+,!?*@'~"


class Fields(ImmutableMultiDict[str, t.Any]):
    """werkzeug's ImmutableMultiDict, whose ``get()`` of a missing key is cheap.

    PERF: werkzeug's ``get()`` builds a BadRequestKeyError (an HTTP exception) for each
    missing key before returning the default; views and middleware look up missing fields
    and cookies all the time.
    """

    def get(  # type: ignore[override]  # werkzeug types it with overloads; same behaviour
        self, key: str, default: t.Any = None, type: t.Any = None
    ) -> t.Any:
        """Return the first value of ``key``, converted with ``type`` if given, or ``default``."""
        if key not in self:
            return default
        return super().get(key, default, type)

    @classmethod
    def from_pairs(cls, pairs: t.Iterable[tuple[str, t.Any]]) -> Fields:
        """Return the fields of ``(name, value)`` pairs, in order, several values per name.

        PERF: werkzeug's MultiDict is a dict of lists; filling it directly skips the
        generic constructor's checks (it asks whether the argument is a Mapping).
        """
        grouped: dict[str, list[t.Any]] = {}
        for name, value in pairs:
            if name in grouped:
                grouped[name].append(value)
            else:
                grouped[name] = [value]
        fields = cls()
        dict.update(fields, grouped)
        return fields


#: The cookies of a request without a Cookie header (immutable, so one serves all).
_NO_COOKIES = Fields()


class Request(_WerkzeugRequest):
    """An incoming WSGI request, with Django's names on werkzeug's parsing.

    Werkzeug's ``max_content_length``, ``max_form_memory_size`` and ``max_form_parts`` are not
    used: the ``DATA_UPLOAD_*`` settings are (see the module docstring). ``content_type`` is
    Django's (the media type without parameters, werkzeug's ``mimetype``); ``path`` is
    ``SCRIPT_NAME + PATH_INFO`` and ``path_info`` the part after the script prefix.
    """

    #: Set by CsrfViewMiddleware once the request was checked (or exempted).
    csrf_processing_done = False
    #: The request's ChainTrace while it is traced (DEBUG, or a test client asking); else None.
    _chain_trace: t.Any = None
    #: The URL pattern that matched, set by the handler once the path is resolved.
    resolver_match: ResolverMatch | None = None
    #: The URLconf to resolve this request with; a middleware may set it (None: ROOT_URLCONF).
    urlconf: str | ModuleType | None = None
    #: The path after the script prefix: ``PATH_INFO``, always starting with a slash.
    path_info: str

    parameter_storage_class = Fields
    dict_storage_class = Fields

    _wsgi_scheme: str
    #: Set when the multipart parser reads the input stream: the body cannot be read again.
    _form_consumed_stream = False
    #: The error a failed body read raised, raised again rather than returning a short body.
    _body_error: Exception | None = None

    # -- Django's names -------------------------------------------------------------------

    @cached_property
    def cookies(self) -> ImmutableMultiDict[str, str]:
        """The request's cookies, parsed from the Cookie header."""
        # PERF: WSGI gives the header as one environ value; werkzeug's own property looks
        # for it by walking every header of the request.
        header = self.environ.get("HTTP_COOKIE")
        if not header:
            return _NO_COOKIES if self.dict_storage_class is Fields else self.dict_storage_class()
        storage = self.dict_storage_class
        maker = storage.from_pairs if storage is Fields else storage
        # A WSGI string holds the header's bytes as latin-1; bytes that are not UTF-8 become
        # U+FFFD, as in werkzeug's own headers (werkzeug.http.parse_cookie would raise).
        if not header.isascii():
            header = header.encode("latin-1", "replace").decode(errors="replace")
        cookies = parse_cookie(header, cls=maker)  # type: ignore[arg-type]
        return t.cast(ImmutableMultiDict[str, str], cookies)

    @property
    def path(self) -> str:
        """The full path: the script prefix (``SCRIPT_NAME``) followed by ``path_info``."""
        return self.root_path + self.path_info

    @path.setter
    def path(self, value: str) -> None:
        # werkzeug's constructor assigns ``path`` meaning PATH_INFO.
        self.path_info = value

    @property
    def scheme(self) -> str:
        """``https`` or ``http``, trusting ``SECURE_PROXY_SSL_HEADER`` when it is set."""
        configured = settings.SECURE_PROXY_SSL_HEADER
        if configured:
            header, secure_value = _proxy_ssl_header(configured)
            value = self.environ.get(header)
            if value is not None:
                return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
        return self._wsgi_scheme

    @scheme.setter
    def scheme(self, value: str) -> None:
        # werkzeug's constructor assigns ``wsgi.url_scheme`` here.
        self._wsgi_scheme = value

    def is_secure(self) -> bool:  # type: ignore[override]
        """Return True if the request came over HTTPS (see ``scheme``)."""
        return self.scheme == "https"

    @property
    def content_type(self) -> str:  # type: ignore[override]
        """The media type of the body, lowercased, without parameters (``application/json``)."""
        return self.mimetype

    @property
    def content_params(self) -> dict[str, str]:
        """The parameters of the ``Content-Type`` header, such as ``{'charset': 'utf-8'}``."""
        return self.mimetype_params

    @property
    def GET(self) -> MultiDict[str, str]:
        """The query string's fields (werkzeug's ``args``)."""
        return self.args

    @property
    def POST(self) -> MultiDict[str, str]:
        """The form fields of a urlencoded or multipart body (werkzeug's ``form``)."""
        return self.form

    @property
    def FILES(self) -> MultiDict[str, FileStorage]:
        """The files of a multipart body (werkzeug's ``files``)."""
        return self.files

    @property
    def COOKIES(self) -> MultiDict[str, str]:
        """The request's cookies (werkzeug's ``cookies``)."""
        return self.cookies

    @property
    def META(self) -> WSGIEnvironment:
        """The WSGI environ: CGI variables and ``HTTP_*`` headers."""
        return self.environ

    @property
    def body(self) -> bytes:
        """The raw body, read once and kept, limited by ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
        return self.get_data()

    # -- Host, port and URLs --------------------------------------------------------------

    def _get_raw_host(self) -> str:
        """Return the host the client asked for, without checking it against ALLOWED_HOSTS."""
        environ = self.environ
        if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
            return str(environ["HTTP_X_FORWARDED_HOST"])
        if "HTTP_HOST" in environ:
            return str(environ["HTTP_HOST"])
        # Rebuild it from the server's name and port, as PEP 3333 describes.
        host = str(environ.get("SERVER_NAME", ""))
        port = self.get_port()
        if port != ("443" if self.is_secure() else "80"):
            host = f"{host}:{port}"
        return host

    def get_host(self) -> str:
        """Return the requested host (with port), checked against ``ALLOWED_HOSTS``.

        :raise DisallowedHost: the host is malformed or not allowed.
        """
        host = self._get_raw_host()
        allowed_hosts = settings.ALLOWED_HOSTS
        if settings.DEBUG and not allowed_hosts:
            allowed_hosts = DEBUG_ALLOWED_HOSTS
        domain = _allowed_domain(host, tuple(allowed_hosts))
        if domain is None:
            return host
        message = f"Invalid HTTP_HOST header: {host!r}."
        if domain:
            message += f" You may need to add {domain!r} to ALLOWED_HOSTS."
        else:
            message += " The domain name provided is not valid according to RFC 1034/1035."
        raise DisallowedHost(message)

    @cached_property
    def _globals(self) -> RequestGlobals:
        # chainweb.globals.g: made on first use, so requests that never use g pay nothing.
        return RequestGlobals()

    def get_port(self) -> str:
        """Return the port the request came to, trusting X-Forwarded-Port if configured."""
        if settings.USE_X_FORWARDED_PORT and "HTTP_X_FORWARDED_PORT" in self.environ:
            return str(self.environ["HTTP_X_FORWARDED_PORT"])
        return str(self.environ.get("SERVER_PORT", ""))

    def get_full_path(self, force_append_slash: bool = False) -> str:
        """Return ``path`` with the query string, quoted as a URI (``/app/a%20b?q=1``)."""
        return self._get_full_path(self.path, force_append_slash)

    def get_full_path_info(self, force_append_slash: bool = False) -> str:
        """Return ``path_info`` with the query string, quoted as a URI."""
        return self._get_full_path(self.path_info, force_append_slash)

    def _get_full_path(self, path: str, force_append_slash: bool) -> str:
        slash = "/" if force_append_slash and not path.endswith("/") else ""
        # Quote the raw bytes, so that bytes that are not UTF-8 become %XX rather than fail.
        query = f"?{quote(self.query_string, safe=_QUERY_SAFE)}" if self.query_string else ""
        return f"{escape_uri_path(path)}{slash}{query}"

    def build_absolute_uri(self, location: str | LazyStr | None = None) -> str:
        """Return an absolute URI for ``location``, or for this request if it is None.

        A relative or scheme-relative location is joined to this request's scheme and
        (checked) host; an absolute one is returned quoted.
        """
        if location is None:
            # Schemeless and hostless, for a path that starts with '//'.
            location = f"//{self.get_full_path()}"
        location = str(location)
        bits = urlsplit(location)
        if not (bits.scheme and bits.netloc):
            current = f"{self.scheme}://{self.get_host()}"
            if (
                bits.path.startswith("/")
                and not bits.scheme
                and not bits.netloc
                and "/./" not in bits.path
                and "/../" not in bits.path
            ):
                # The common case, with no need for urljoin(): a '//' prefix without a
                # host means this request's scheme and host.
                location = current + location.removeprefix("//")
            else:
                location = urljoin(current + self.path, location)
        return iri_to_uri(location)

    @cached_property
    def full_path(self) -> str:
        """``path_info`` and the query string (werkzeug's meaning), undecodable bytes quoted."""
        return f"{self.path_info}?{self.query_string.decode('utf-8', 'werkzeug.url_quote')}"

    @cached_property
    def url(self) -> str:
        """The full URL: scheme, host, script prefix, path and query string."""
        return get_current_url(
            self.scheme, self.host, self.root_path, self.path_info, self.query_string
        )

    @cached_property
    def base_url(self) -> str:
        """Like ``url`` without the query string."""
        return get_current_url(self.scheme, self.host, self.root_path, self.path_info)

    # -- Query string and form ------------------------------------------------------------

    @cached_property
    def args(self) -> MultiDict[str, str]:
        """The query string's fields, at most ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` of them.

        Bytes that are not UTF-8 stay percent-encoded (``%FF``) instead of failing.
        """
        query = self.query_string.decode("utf-8", "werkzeug.url_quote")
        fields = _parse_fields(query, settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
        return self.parameter_storage_class(fields)

    def make_form_data_parser(self) -> FormDataParser:
        """Return a form parser with the ``DATA_UPLOAD_*`` limits of the current settings."""
        return _FormDataParser(self._get_file_stream, self.parameter_storage_class)

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        try:
            if self.want_form_data_parsed and self.mimetype == "application/x-www-form-urlencoded":
                # Read (and limit) the body as ``body`` does, so it stays readable after POST.
                self.get_data()
            super()._load_form_data()
        except RequestEntityTooLarge as exc:  # The multipart decoder's buffer guard.
            self._discard_form()
            raise _too_big(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) from exc
        except ValueError as exc:
            self._discard_form()
            raise BadRequest(
                f"The request's form data is malformed ({exc}); send well-formed "
                f"{self.mimetype} data."
            ) from exc
        except BaseException:
            self._discard_form()
            raise

    def _discard_form(self) -> None:
        """Leave empty POST and FILES after a parse error, so error pages can still read them."""
        storage = self.parameter_storage_class
        self.__dict__.update(stream=io.BytesIO(), form=storage(), files=storage())

    def _get_stream_for_parsing(self) -> t.IO[bytes]:
        data = self._cached_body()
        if data is not None:
            return io.BytesIO(data)
        stream = self.stream
        if self.mimetype == "multipart/form-data":
            self._form_consumed_stream = True
        return stream

    # -- Body -----------------------------------------------------------------------------

    @cached_property
    def stream(self) -> t.IO[bytes]:
        """The input stream, cut at ``Content-Length``; read once (use ``body`` instead).

        Without a ``Content-Length``, the stream is the server's own if it ends it
        (``wsgi.input_terminated``, set by servers that de-chunk bodies), else empty. A body
        shorter than its ``Content-Length`` raises BadRequest when the read comes up short
        (a socket read waits for the server's timeout first, then fails the same way).
        """
        if self.shallow:
            raise RuntimeError(
                "This request was created with 'shallow=True'; reading from the input stream "
                "is disabled. Build the request without shallow=True to read its body."
            )
        environ = self.environ
        length = _content_length(environ)
        if length is not None:
            return t.cast(t.IO[bytes], _ContentLengthStream(environ["wsgi.input"], length))
        if environ.get("wsgi.input_terminated"):
            return t.cast(t.IO[bytes], environ["wsgi.input"])
        if _is_chunked(environ):
            raise BadRequest(
                "The request body is chunked (Transfer-Encoding: chunked), but the WSGI server "
                "did not de-chunk it (it did not set wsgi.input_terminated), so it cannot be "
                "read safely. Send a Content-Length instead, or serve the application with a "
                "server that supports chunked requests, such as gunicorn."
            )
        return io.BytesIO()

    @t.overload
    def get_data(
        self, cache: bool = True, as_text: t.Literal[False] = False, parse_form_data: bool = False
    ) -> bytes: ...

    @t.overload
    def get_data(
        self, cache: bool = True, as_text: t.Literal[True] = ..., parse_form_data: bool = False
    ) -> str: ...

    def get_data(
        self, cache: bool = True, as_text: bool = False, parse_form_data: bool = False
    ) -> bytes | str:
        """Return the body, read once and kept, at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes.

        With ``parse_form_data``, a multipart form is parsed first and the result is empty.

        :raise RequestDataTooBig: the body is over the limit.
        :raise BadRequest: the body is malformed or ended early.
        :raise RawPostDataException: a multipart form parser already consumed the body.
        """
        if parse_form_data and self._cached_body() is None:
            self._load_form_data()
        data = self._cached_body()
        if data is None:
            if self._form_consumed_stream:
                if not parse_form_data:
                    raise RawPostDataException(
                        "The request body was consumed by parsing the multipart form in "
                        "request.POST / request.FILES and cannot be read again. Read "
                        "request.body before request.POST or request.FILES, or use those."
                    )
                data = b""
            else:
                data = self._read_body()
                if cache:
                    self._cached_data = data
        return data.decode(errors="replace") if as_text else data

    def _cached_body(self) -> bytes | None:
        """Return the body kept by an earlier read, or None."""
        return t.cast("bytes | None", getattr(self, "_cached_data", None))

    def _read_body(self) -> bytes:
        """Read the whole body within DATA_UPLOAD_MAX_MEMORY_SIZE; a failure stays a failure."""
        if self._body_error is not None:
            raise self._body_error
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = _content_length(self.environ)
            if limit is not None and length is not None and length > limit:
                raise _too_big(limit)
            return _read_limited(self.stream, limit)
        except (BadRequest, RequestDataTooBig) as exc:
            # The stream may be part read: reading on would return the rest of the body.
            self._body_error = exc
            raise

    # -- JSON -----------------------------------------------------------------------------

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> t.Any:
        """Return the body parsed as JSON, or raise BadRequest with a short reason.

        ``force`` ignores the content type; ``silent`` returns None instead of raising for a
        wrong content type or bad JSON (a body over the size limit still raises).
        """
        if cache and self._cached_json[silent] is not Ellipsis:
            return self._cached_json[silent]
        if not (force or self.is_json):
            return None if silent else self.on_json_loading_failed(None)
        data = self.get_data(cache=cache)
        try:
            value = self.json_module.loads(data)
        except (ValueError, RecursionError) as exc:
            value = None if silent else self.on_json_loading_failed(exc)
            if cache:
                normal, quiet = self._cached_json
                self._cached_json = (normal, value) if silent else (value, quiet)
            return value
        if cache:
            self._cached_json = (value, value)
        return value

    def on_json_loading_failed(self, e: Exception | None) -> t.Any:
        """Raise BadRequest saying why the body is not usable JSON.

        :param e: the parsing error, or None if the content type is not JSON.
        """
        if e is None:
            raise BadRequest(
                f"The request body was not parsed as JSON because its Content-Type is "
                f"{self.mimetype or '(none)'!r}; send it with Content-Type: application/json."
            )
        if isinstance(e, RecursionError):
            reason = "The JSON in the request body is nested too deeply."
        elif isinstance(e, json.JSONDecodeError):
            reason = f"The request body is not valid JSON: {e}."
        elif isinstance(e, UnicodeDecodeError):
            reason = "The JSON in the request body is not UTF-8, UTF-16 or UTF-32 text."
        else:  # int() refuses a number literal with thousands of digits.
            reason = "The JSON in the request body has a number with too many digits."
        raise BadRequest(reason) from e


class _ContentLengthStream(LimitedStream):
    """The input stream cut at Content-Length; a body that ends early is a BadRequest."""

    def on_disconnect(self, error: Exception | None = None) -> None:
        raise BadRequest(
            f"The request body ended after {self.tell()} of the {self.limit} bytes its "
            "Content-Length announced; the client disconnected or sent a wrong Content-Length."
        ) from error


def _proxy_ssl_header(value: object) -> tuple[str, str]:
    """Return SECURE_PROXY_SSL_HEADER as ``(header, value)``, or say how to write it."""
    if (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(item, str) for item in value)
    ):
        return value[0], value[1]
    raise ImproperlyConfigured(
        f"The SECURE_PROXY_SSL_HEADER setting must be a tuple of two strings, the header's "
        f"META name and the value that means HTTPS, such as ('HTTP_X_FORWARDED_PROTO', "
        f"'https'); it is {value!r}."
    )


def _is_chunked(environ: WSGIEnvironment) -> bool:
    encoding = environ.get("HTTP_TRANSFER_ENCODING")
    return encoding is not None and "chunked" in parse_set_header(encoding)


def _content_length(environ: WSGIEnvironment) -> int | None:
    """Return the body length from Content-Length; None if chunked or absent.

    :raise BadRequest: Content-Length is not a non-negative integer.
    """
    if _is_chunked(environ):  # Transfer-Encoding overrides Content-Length (RFC 9112, 6.3).
        return None
    value = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not value:
        return None
    # isdigit() alone would accept other scripts' digits; 19 digits is already exabytes.
    if value.isascii() and value.isdigit() and len(value) <= 19:
        return int(value)
    raise BadRequest(
        f"Invalid Content-Length header {value[:40]!r}: it must be the size of the body in "
        "bytes, a non-negative integer."
    )


def _read_limited(stream: t.IO[bytes], limit: int | None) -> bytes:
    """Read ``stream`` to its end, failing once more than ``limit`` bytes have arrived."""
    if limit is None:
        return stream.read()
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_READ_SIZE, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise _too_big(limit)
    return b"".join(chunks)


@functools.lru_cache(maxsize=256)
def _allowed_domain(host: str, allowed_hosts: tuple[str, ...]) -> str | None:
    """Return None if ``host`` is allowed, else its domain ('' if malformed).

    PERF: cached, as a project sees few distinct hosts; bounded, as clients choose them.
    """
    domain, _port = split_domain_port(host)
    if domain and validate_host(domain, allowed_hosts):
        return None
    return domain
