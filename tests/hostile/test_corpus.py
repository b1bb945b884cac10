"""Hostile input through the real WSGI handler: each case is a 4xx or a safe 200, never a 500.

The requests are raw WSGI environs (werkzeug's ``create_environ`` then edited), so they can
carry what a test client would normalise away: bad ``Content-Length`` values, bodies shorter
than announced, raw bytes that are not UTF-8, NUL in the path. Every case checks that the body
shows no traceback or file path, and that the application still answers a normal request.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time
import typing as t
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from werkzeug.serving import make_server
from werkzeug.test import create_environ

from chainweb.core.handlers.wsgi import WSGIHandler
from chainweb.core.wsgi import get_wsgi_application
from chainweb.http import (
    BadHeaderError,
    DisallowedRedirect,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    Request,
)
from chainweb.test import override_settings
from chainweb.urls import path
from chainweb.views.decorators import csrf_exempt

# -- The project under attack -----------------------------------------------------------------


@csrf_exempt
def get_view(request: Request) -> HttpResponse:
    """Parse the query string."""
    return JsonResponse({"fields": list(request.GET.items(multi=True))})


@csrf_exempt
def post_view(request: Request) -> HttpResponse:
    """Parse the form: fields and files."""
    fields = {name: len(value) for name, value in request.POST.items(multi=True)}
    files = [
        {"name": name, "filename": upload.filename, "size": len(upload.read())}
        for name, upload in request.FILES.items(multi=True)
    ]
    return JsonResponse({"fields": fields, "files": files})


@csrf_exempt
def body_view(request: Request) -> HttpResponse:
    """Read the raw body."""
    return JsonResponse({"size": len(request.body)})


@csrf_exempt
def json_view(request: Request) -> HttpResponse:
    """Parse the body as JSON."""
    return JsonResponse({"type": type(request.get_json(force=True)).__name__})


@csrf_exempt
def redirect_view(request: Request) -> HttpResponse:
    """Redirect to ``?next=`` (unchecked: the response class must refuse what is unsafe)."""
    return HttpResponseRedirect(request.GET.get("next", "/"))


@csrf_exempt
def headers_view(request: Request) -> HttpResponse:
    """Read headers, parse the negotiation headers and the content type."""
    return JsonResponse(
        {
            "forwarded_for": request.META.get("HTTP_X_FORWARDED_FOR"),
            "x_test": request.headers.get("X-Test"),
            "accept": request.accept_mimetypes.best,
            "language": request.accept_languages.best,
            "content_type": request.content_type,
            "content_params": len(request.content_params),
        }
    )


def protected_view(request: Request) -> HttpResponse:
    """A view CsrfViewMiddleware checks (so it parses the form for the token)."""
    return JsonResponse({"fields": len(request.POST)})


urlpatterns = [
    path("protected/", protected_view),
    path("get/", get_view),
    path("post/", post_view),
    path("body/", body_view),
    path("json/", json_view),
    path("redirect/", redirect_view),
    path("headers/", headers_view),
]

#: Every built-in middleware, so that hostile input crosses the whole chain.
MIDDLEWARE = [
    "chainweb.middleware.security.SecurityMiddleware",
    "chainweb.sessions.middleware.SessionMiddleware",
    "chainweb.middleware.common.CommonMiddleware",
    "chainweb.middleware.csrf.CsrfViewMiddleware",
    "chainweb.messages.middleware.MessageMiddleware",
    "chainweb.middleware.clickjacking.XFrameOptionsMiddleware",
    "chainweb.middleware.http.ConditionalGetMiddleware",
    "chainweb.middleware.gzip.GZipMiddleware",
]

PROJECT = {
    "ROOT_URLCONF": __name__,
    "MIDDLEWARE": MIDDLEWARE,
    "DEBUG": False,
    "DEBUG_PROPAGATE_EXCEPTIONS": False,
    "ALLOWED_HOSTS": ["testserver"],
}

MULTIPART = "multipart/form-data; boundary=BOUNDARY"
URLENCODED = "application/x-www-form-urlencoded"


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """The project's WSGI application, DEBUG off and exceptions not propagated."""
    with override_settings(**PROJECT):
        yield get_wsgi_application()


# -- Driving the handler ----------------------------------------------------------------------


class Result(t.NamedTuple):
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def json(self) -> t.Any:
        return json.loads(self.body)


def make_environ(
    path_info: str = "/get/",
    query: str = "",
    method: str = "GET",
    body: bytes | None = None,
    content_type: str | None = None,
    content_length: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, t.Any]:
    """Return a raw WSGI environ; strings are WSGI strings (bytes decoded as latin-1).

    With ``body`` and no ``content_length``, Content-Length is the body's length.
    """
    environ = create_environ("/", "http://testserver/", method=method)
    environ["PATH_INFO"] = path_info
    environ["QUERY_STRING"] = query
    environ.pop("CONTENT_LENGTH", None)
    environ.pop("CONTENT_TYPE", None)
    environ["wsgi.input"] = io.BytesIO(body or b"")
    if body is not None:
        environ["CONTENT_LENGTH"] = str(len(body))
    if content_length is not None:
        environ["CONTENT_LENGTH"] = content_length
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    environ.update(headers or {})
    return environ


def call(app: WSGIHandler, environ: dict[str, t.Any]) -> Result:
    """Call the application as a WSGI server would, and return what it sent."""
    started: list[t.Any] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Any:
        started.append((status, headers))
        return lambda data: None

    iterable = app(environ, start_response)
    try:
        body = b"".join(iterable)
    finally:
        close = getattr(iterable, "close", None)
        if close is not None:
            close()
    status, headers = started[-1]
    return Result(int(status.split(" ", 1)[0]), headers, body)


def assert_safe(result: Result, *statuses: int) -> None:
    """Assert an expected status, no traceback or file path in the body."""
    assert result.status in statuses, (result.status, result.body[:300])
    assert b"Traceback" not in result.body
    assert b'File "' not in result.body
    assert b".py" not in result.body
    assert b"/work/" not in result.body
    assert b"site-packages" not in result.body


def assert_alive(app: WSGIHandler) -> None:
    """Assert that the application still answers a normal request."""
    result = call(app, make_environ("/get/", "a=1"))
    assert result.status == 200
    assert result.json() == {"fields": [["a", "1"]]}


def check(app: WSGIHandler, environ: dict[str, t.Any], *statuses: int) -> Result:
    result = call(app, environ)
    assert_safe(result, *statuses)
    assert_alive(app)
    return result


def part(name: str, value: bytes, filename: str | None = None) -> bytes:
    """Return one multipart/form-data part, a field or (with ``filename``) a file."""
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    return f"--BOUNDARY\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + value + b"\r\n"


def multipart(*parts: bytes) -> bytes:
    return b"".join(parts) + b"--BOUNDARY--\r\n"


def post(
    path_info: str, body: bytes, content_type: str = MULTIPART, **kw: t.Any
) -> dict[str, t.Any]:
    return make_environ(path_info, method="POST", body=body, content_type=content_type, **kw)


# -- Multipart ----------------------------------------------------------------------------------


def test_1001_field_parts_are_too_many_fields(app: WSGIHandler) -> None:
    body = multipart(*(part(f"f{i}", b"v") for i in range(1001)))
    check(app, post("/post/", body), 400)


def test_1001_file_parts_are_too_many_files(app: WSGIHandler) -> None:
    body = multipart(*(part(f"f{i}", b"v", filename=f"{i}.txt") for i in range(1001)))
    check(app, post("/post/", body), 400)


def test_1000_field_parts_are_accepted(app: WSGIHandler) -> None:
    body = multipart(*(part(f"f{i}", b"v") for i in range(1000)))
    assert len(check(app, post("/post/", body), 200).json()["fields"]) == 1000


@pytest.mark.parametrize("start", [b"\r", b"\n", b"\r\n"], ids=["CR", "LF", "CRLF"])
def test_part_beginning_with_cr_or_lf_is_parsed_quickly(app: WSGIHandler, start: bytes) -> None:
    # werkzeug's CVE-2023-46136: such a part used to take quadratic time.
    data = start + b"x" * (2 * 1024 * 1024)
    body = multipart(part("f", data, filename="cr.bin"))
    began = time.monotonic()
    result = check(app, post("/post/", body), 200)
    assert time.monotonic() - began < 10
    assert result.json()["files"] == [{"name": "f", "filename": "cr.bin", "size": len(data)}]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_multipart_field_over_the_memory_limit(app: WSGIHandler) -> None:
    body = multipart(part("a", b"x" * 2000))
    check(app, post("/post/", body), 413)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_multipart_file_over_the_memory_limit_is_not_counted(app: WSGIHandler) -> None:
    body = multipart(part("a", b"x" * 2000, filename="a.bin"))
    assert check(app, post("/post/", body), 200).json()["files"][0]["size"] == 2000


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_multipart_headers_that_never_end(app: WSGIHandler) -> None:
    head = b"--BOUNDARY\r\nContent-Disposition: form-data; name=a\r\nX: " + b"y" * 200_000
    check(app, post("/post/", head), 400, 413)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_urlencoded_body_over_the_memory_limit(app: WSGIHandler) -> None:
    check(app, post("/post/", b"a=" + b"x" * 2000, URLENCODED), 413)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
@pytest.mark.parametrize("view", ["/body/", "/post/", "/json/"])
def test_content_length_over_the_limit_fails_before_reading(app: WSGIHandler, view: str) -> None:
    # RequestDataTooBig: chainweb answers 413 (Django answers 400); the body is never read.
    environ = post(view, b"", URLENCODED, content_length="1000000")
    environ["wsgi.input"] = _Exploding()
    check(app, environ, 413)


class _Exploding(io.RawIOBase):
    """An input stream that fails the test if it is read."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: t.Any) -> int:
        raise AssertionError("the body was read although Content-Length is over the limit")


@pytest.mark.parametrize(
    "view, content_type, body",
    [
        ("/body/", "application/octet-stream", b"abc"),
        ("/json/", "application/json", b"[1,"),
        ("/post/", URLENCODED, b"a=1"),
        ("/post/", MULTIPART, part("a", b"1")),
    ],
    ids=["body", "json", "urlencoded", "multipart"],
)
def test_body_shorter_than_content_length(
    app: WSGIHandler, view: str, content_type: str, body: bytes
) -> None:
    environ = post(view, body, content_type, content_length=str(len(body) + 100))
    began = time.monotonic()
    check(app, environ, 400)
    assert time.monotonic() - began < 5


@pytest.mark.parametrize("value", ["-1", "abc", "5, 6", "5,6", "+5", "0x10", "1e3", " 5 5", "٣"])
@pytest.mark.parametrize("view", ["/body/", "/post/"])
def test_bad_content_length(app: WSGIHandler, view: str, value: str) -> None:
    environ = post(view, b"a=1&b=2", URLENCODED, content_length=value)
    check(app, environ, 400)


def test_bad_content_length_is_ignored_by_a_view_that_does_not_read_the_body(
    app: WSGIHandler,
) -> None:
    check(app, make_environ("/get/", "a=1", "POST", b"x", content_length="abc"), 200)


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("multipart/form-data", multipart(part("a", b"1"))),
        ("multipart/form-data; boundary=", multipart(part("a", b"1"))),
        ('multipart/form-data; boundary=""', multipart(part("a", b"1"))),
        ("multipart/form-data; boundary=OTHER", multipart(part("a", b"1"))),
        ("multipart/form-data; boundary=" + "B" * 5000, multipart(part("a", b"1"))),
        ("multipart/form-data; boundary=\x00\xff", multipart(part("a", b"1"))),
        ("multipart/form-data; boundary=é", multipart(part("a", b"1"))),
        (MULTIPART, part("a", b"1")),  # No closing boundary.
        (MULTIPART, b"--BOUNDARY\r\nContent-Disposition: form-data; name=a\r\n"),
        (MULTIPART, b"--BOUNDARY\r\n\r\nno disposition\r\n--BOUNDARY--\r\n"),
        (MULTIPART, b"--BOUNDARY\r\nContent-Disposition: form-data\r\n\r\nx\r\n--BOUNDARY--\r\n"),
        (MULTIPART, b"garbage without any boundary"),
        (MULTIPART, b"--BOUNDARY--\r\n"),
        (MULTIPART, b""),
    ],
)
def test_missing_or_broken_boundary(app: WSGIHandler, content_type: str, body: bytes) -> None:
    check(app, post("/post/", body, content_type), 200, 400)


@pytest.mark.parametrize(
    "filename",
    [
        "../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "/etc/passwd",
        "C:\\boot.ini",
        "a/../../b.txt",
        "..",
        ".",
        "./..",
        "foo/",
        "%2e%2e%2fpasswd",
        "&#x2e;&#x2e;&#x2f;passwd",
        "x\x00.txt",
    ],
)
def test_upload_filename_traversal(app: WSGIHandler, filename: str) -> None:
    body = multipart(part("a", b"1"), part("f", b"data", filename=filename))
    files = check(app, post("/post/", body), 200).json()["files"]
    for upload in files:
        stored = upload["filename"]
        assert "/" not in stored
        assert "\\" not in stored
        assert ".." not in stored
        assert "\x00" not in stored
        assert stored not in ("", ".")


def test_upload_filename_keeps_the_base_name(app: WSGIHandler) -> None:
    body = multipart(part("f", b"data", filename="../../dir/report.pdf"))
    files = check(app, post("/post/", body), 200).json()["files"]
    assert files == [{"name": "f", "filename": "report.pdf", "size": 4}]


def test_nameless_parts_are_skipped(app: WSGIHandler) -> None:
    # A Content-Disposition without name= used to be a TypeError (500); Django skips the part.
    body = (
        b"--BOUNDARY\r\nContent-Disposition: form-data\r\n\r\nx\r\n"
        b'--BOUNDARY\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\ny\r\n'
        + multipart(part("a", b"1"))
    )
    assert check(app, post("/post/", body), 200).json() == {"fields": {"a": 1}, "files": []}


def test_empty_filename_is_skipped(app: WSGIHandler) -> None:
    # An empty file input: Django leaves it out of FILES.
    body = multipart(part("f", b"", filename=""), part("g", b"x", filename="g.txt"))
    files = check(app, post("/post/", body), 200).json()["files"]
    assert files == [{"name": "g", "filename": "g.txt", "size": 1}]


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=3)
def test_skipped_file_parts_still_count_towards_the_file_limit(app: WSGIHandler) -> None:
    body = multipart(*(part(f"f{i}", b"x", filename="..") for i in range(4)))
    check(app, post("/post/", body), 400)


# -- Query strings ------------------------------------------------------------------------------


def test_200000_query_parameters(app: WSGIHandler) -> None:
    began = time.monotonic()
    check(app, make_environ("/get/", "a=1&" * 200_000), 400)
    assert time.monotonic() - began < 5


def test_semicolon_is_not_a_query_separator(app: WSGIHandler) -> None:
    result = check(app, make_environ("/get/", "a=1;b=2&c=3"), 200)
    assert result.json() == {"fields": [["a", "1;b=2"], ["c", "3"]]}


@pytest.mark.parametrize(
    "query, fields",
    [
        ("a=%zz&b=%", [["a", "%zz"], ["b", "%"]]),
        ("a=%F", [["a", "%F"]]),
        ("a=%FF%FE", [["a", "%FF%FE"]]),
        ("a=%C3", [["a", "%C3"]]),
        ("a=\xff\xfe", [["a", "%FF%FE"]]),
        ("\xff=\xc3", [["%FF", "%C3"]]),
        ("a=%00", [["a", "\x00"]]),
        ("a=%ED%A0%80", [["a", "%ED%A0%80"]]),  # An encoded surrogate is not UTF-8.
    ],
)
def test_bad_escapes_and_bytes_in_the_query(
    app: WSGIHandler, query: str, fields: list[list[str]]
) -> None:
    assert check(app, make_environ("/get/", query), 200).json() == {"fields": fields}


@pytest.mark.parametrize(
    "path_info",
    [
        "/get/%zz",
        "/get/%",
        "/%FF/",
        "/get/\xff\xfe/",
        "/\xc3/",
        "/get\x00/",
        "/get/\x00",
        "/\x00",
        "/get/\r\nSet-Cookie: x=1",
        "//evil.example/get",
        "/get/../get/",
        "",
        "get/",
    ],
)
def test_bad_paths(app: WSGIHandler, path_info: str) -> None:
    result = check(app, make_environ(path_info), 200, 301, 302, 400, 404)
    location = result.header("Location") or ""
    assert "\r" not in location and "\n" not in location
    assert not location.startswith("//")


def test_64kb_url(app: WSGIHandler) -> None:
    check(app, make_environ("/get/" + "a" * 65536), 404)
    check(app, make_environ("/" + "a/" * 32768), 404)
    result = check(app, make_environ("/get/", "q=" + "b" * 65536), 200)
    assert len(result.json()["fields"][0][1]) == 65536


# -- Headers ------------------------------------------------------------------------------------


def test_forwarded_for_header_is_passed_through_as_given(app: WSGIHandler) -> None:
    # In WSGI both "X-Forwarded-For" and "X_Forwarded_For" would be HTTP_X_FORWARDED_FOR: the
    # handler cannot tell them apart, and chainweb trusts no X-Forwarded-For (it has no
    # REMOTE_ADDR rewriting), so a view sees the value as sent. The server is the guard:
    # see test_dev_server_drops_headers_with_underscores.
    environ = make_environ("/headers/", headers={"HTTP_X_FORWARDED_FOR": "1.2.3.4"})
    result = check(app, environ, 200)
    assert result.json()["forwarded_for"] == "1.2.3.4"
    assert environ.get("REMOTE_ADDR") != "1.2.3.4"


def test_dev_server_drops_headers_with_underscores(app: WSGIHandler) -> None:
    # runserver serves with werkzeug's server, which drops a header spelled with underscores,
    # so "X_Forwarded_For" cannot pose as "X-Forwarded-For" (as Django's runserver).
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_port
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(
                b"GET /headers/ HTTP/1.0\r\nHost: testserver\r\n"
                b"X_Forwarded_For: 6.6.6.6\r\nX-Test: ok\r\n\r\n"
            )
            raw = b""
            while chunk := sock.recv(65536):
                raw += chunk
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.split(b"\r\n", 1)[0].split(b" ")[1] == b"200", head
    assert json.loads(body)["forwarded_for"] is None
    assert json.loads(body)["x_test"] == "ok"


@pytest.mark.parametrize(
    "cookie", ["\x80", "a=\xff\xfe", "sessionid=\xc3; csrftoken=\x00\xff", "=" * 50_000]
)
def test_cookie_header_that_is_not_utf8(app: WSGIHandler, cookie: str) -> None:
    # Used to be a UnicodeDecodeError (500) in Request.cookies.
    check(app, make_environ("/get/", "b=2", headers={"HTTP_COOKIE": cookie}), 200)
    check(app, post("/protected/", b"a=1", URLENCODED, headers={"HTTP_COOKIE": cookie}), 403)


def _many_params(prefix: str, count: int) -> str:
    return prefix + "".join(f";p{i}={i}" for i in range(count))


@pytest.mark.parametrize(
    "header, value",
    [
        ("HTTP_ACCEPT", ",".join(f"type{i}/sub{i};q=0.{i % 10}" for i in range(20_000))),
        ("HTTP_ACCEPT", _many_params("text/html", 20_000)),
        ("HTTP_ACCEPT", "text/html;q=" + "9" * 50_000),
        ("HTTP_ACCEPT", "*/*;q=nan,text/html;q=inf,a/b;q=-1"),
        ("HTTP_ACCEPT", ";" * 100_000),
        ("HTTP_ACCEPT", "\x00\xff" * 10_000),
        ("HTTP_ACCEPT_LANGUAGE", ",".join(f"l{i}-x;q=0.{i % 10}" for i in range(20_000))),
        ("HTTP_ACCEPT_LANGUAGE", "a" * 100_000),
        ("HTTP_ACCEPT_LANGUAGE", "-" * 50_000 + ";q="),
        ("CONTENT_TYPE", _many_params("text/plain", 20_000)),
        ("CONTENT_TYPE", "text/plain; charset=" + '"' * 50_000),
        ("CONTENT_TYPE", "text/plain; a*=utf-8''%FF%FE; b*0=x; b*1=y" * 2000),
        ("CONTENT_TYPE", "/" * 100_000),
    ],
)
def test_pathological_negotiation_headers(app: WSGIHandler, header: str, value: str) -> None:
    began = time.monotonic()
    check(app, make_environ("/headers/", headers={header: value}), 200)
    assert time.monotonic() - began < 5


@pytest.mark.parametrize(
    "content_type",
    [
        _many_params("multipart/form-data; boundary=BOUNDARY", 20_000),
        _many_params(URLENCODED, 20_000),
        URLENCODED + "; charset=" + "x" * 50_000,
        URLENCODED + "; charset=utf-16",
        "multipart/form-data; boundary=BOUNDARY; charset=nonexistent",
    ],
)
def test_pathological_form_content_types(app: WSGIHandler, content_type: str) -> None:
    body = multipart(part("a", b"1")) if content_type.startswith("multipart") else b"a=1"
    check(app, post("/post/", body, content_type), 200, 400)


@pytest.mark.parametrize("value", ["a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "\r\n\r\n<html>"])
def test_newlines_in_request_header_values(app: WSGIHandler, value: str) -> None:
    environ = make_environ("/headers/", headers={"HTTP_X_TEST": value, "HTTP_ACCEPT": value})
    result = check(app, environ, 200)
    assert result.json()["x_test"] == value
    assert all("\r" not in v and "\n" not in v for _k, v in result.headers)


@pytest.mark.parametrize(
    "target",
    [
        "/ok\r\nSet-Cookie: x=1",
        "/ok\nLocation: http://evil.example/",
        "/ok\r",
        "\r\n",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "/" + "a" * 3000,
    ],
)
def test_unsafe_redirect_targets_are_refused(app: WSGIHandler, target: str) -> None:
    with pytest.raises(DisallowedRedirect):
        HttpResponseRedirect(target)
    # Through a view: DisallowedRedirect is a SuspiciousOperation, so a 400.
    environ = make_environ("/redirect/")
    environ["QUERY_STRING"] = "next=" + "".join(
        c if c.isalnum() or c in "/:" else f"%{ord(c):02X}" for c in target
    )
    result = check(app, environ, 400)
    assert result.header("Location") is None
    assert not any(k.lower() == "set-cookie" and v == "x=1" for k, v in result.headers)


def test_newlines_in_response_header_values_are_refused() -> None:
    response = HttpResponse()
    with pytest.raises(BadHeaderError):
        response["X-Test"] = "a\r\nSet-Cookie: x=1"
    with pytest.raises(BadHeaderError):
        response["X-Test\r\nSet-Cookie"] = "x=1"


# -- JSON ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 10_000 + b"]" * 10_000,
        b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        b"[" * 100_000,
        b"1" * 5000,
        b"-" + b"9" * 5000,
        b'{"a": ' + b"1" * 5000 + b"}",
        b"\xff\xfe\x00",
        b"NaN-",
        b"",
    ],
    ids=[
        "10k-deep-list",
        "10k-deep-object",
        "unclosed-100k",
        "5000-digit-int",
        "5000-digit-negative",
        "5000-digit-in-object",
        "not-utf",
        "garbage",
        "empty",
    ],
)
def test_hostile_json(app: WSGIHandler, body: bytes) -> None:
    check(app, post("/json/", body, "application/json"), 400)


def test_long_float_json_is_fine(app: WSGIHandler) -> None:
    body = b"1." + b"1" * 5000
    assert check(app, post("/json/", body, "application/json"), 200).json() == {"type": "float"}


# -- Properties ---------------------------------------------------------------------------------

_wsgi_text = st.text(st.characters(max_codepoint=255), max_size=200)
_content_types = st.one_of(
    st.sampled_from(
        [
            MULTIPART,
            "multipart/form-data",
            URLENCODED,
            "application/json",
            "text/plain; charset=utf-8",
            "",
        ]
    ),
    _wsgi_text,
)
_content_lengths = st.one_of(
    st.none(), st.just("match"), st.integers(-5, 10_000).map(str), _wsgi_text
)


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    view=st.sampled_from(
        ["/get/", "/post/", "/body/", "/json/", "/redirect/", "/headers/", "/protected/", ""]
    ),
    path_tail=_wsgi_text,
    query=st.one_of(_wsgi_text, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))),
    method=st.sampled_from(["GET", "POST", "PUT", "HEAD", "OPTIONS", "DELETE", "PATCH", "X"]),
    body=st.one_of(
        st.binary(max_size=500),
        st.lists(st.binary(max_size=40), max_size=5).map(
            lambda values: multipart(*(part(f"f{i}", v) for i, v in enumerate(values)))
        ),
    ),
    content_type=_content_types,
    content_length=_content_lengths,
    headers=st.dictionaries(
        st.sampled_from(
            [
                "HTTP_ACCEPT",
                "HTTP_ACCEPT_LANGUAGE",
                "HTTP_ACCEPT_ENCODING",
                "HTTP_COOKIE",
                "HTTP_HOST",
                "HTTP_X_FORWARDED_FOR",
                "HTTP_X_TEST",
                "HTTP_IF_NONE_MATCH",
                "HTTP_IF_MODIFIED_SINCE",
                "HTTP_ORIGIN",
                "HTTP_REFERER",
                "HTTP_TRANSFER_ENCODING",
                "HTTP_USER_AGENT",
                "HTTP_X_FORWARDED_HOST",
                "HTTP_X_FORWARDED_PORT",
                "HTTP_X_FORWARDED_PROTO",
                "HTTP_X_CSRFTOKEN",
                "HTTP_RANGE",
                "HTTP_IF_MATCH",
                "HTTP_IF_UNMODIFIED_SINCE",
                "HTTP_AUTHORIZATION",
                "SCRIPT_NAME",
                "SERVER_PORT",
            ]
        ),
        _wsgi_text,
        max_size=5,
    ),
    trust_proxy=st.booleans(),
)
def test_handler_never_answers_500(
    view: str,
    path_tail: str,
    query: str,
    method: str,
    body: bytes,
    content_type: str,
    content_length: str | None,
    headers: dict[str, str],
    trust_proxy: bool,
) -> None:
    environ = make_environ(
        view + path_tail,
        query,
        method,
        body,
        content_type,
        None if content_length == "match" else content_length,
        headers,
    )
    if content_length is None:
        environ.pop("CONTENT_LENGTH", None)
    proxy = {
        "USE_X_FORWARDED_HOST": trust_proxy,
        "USE_X_FORWARDED_PORT": trust_proxy,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if trust_proxy else None,
    }
    with override_settings(**PROJECT, **proxy):
        result = call(get_wsgi_application(), environ)
    assert result.status != 500, (result.status, result.body[:300])
    assert_safe(result, result.status)
