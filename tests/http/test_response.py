"""HttpResponse and its subclasses: construction, content, headers, redirects, JSON."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from http import HTTPStatus
from typing import Any

import pytest
from werkzeug.datastructures import Headers
from werkzeug.test import run_wsgi_app

from chainweb.core.exceptions import SuspiciousOperation
from chainweb.http import (
    BadHeaderError,
    DisallowedRedirect,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseGone,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from chainweb.http.response import JSONEncoder
from chainweb.test import override_settings
from chainweb.utils.functional import LazyStr

from .utils import environ


def send(response: HttpResponse, method: str = "GET") -> tuple[str, Headers, bytes]:
    """Run the response as a WSGI app; return the status line, headers and body sent."""
    body, status, headers = run_wsgi_app(response, environ("/", method=method))
    try:
        return status, headers, b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


# -- Construction ----------------------------------------------------------------------------


def test_defaults() -> None:
    response = HttpResponse()
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.charset == "utf-8"
    assert response.streaming is False


@pytest.mark.parametrize(
    "content, expected",
    [
        pytest.param(b"bytes", b"bytes", id="bytes"),
        pytest.param(bytearray(b"ba"), b"ba", id="bytearray"),
        pytest.param(memoryview(b"mv"), b"mv", id="memoryview"),
        pytest.param("tëxt", "tëxt".encode(), id="text"),
        pytest.param(12, b"12", id="int via str()"),
        pytest.param(LazyStr(lambda: "lazy"), b"lazy", id="lazy text"),
        pytest.param(["a", b"b", 3], b"ab3", id="iterable joined"),
        pytest.param((chunk for chunk in ["x", "y"]), b"xy", id="generator joined"),
    ],
)
def test_content_accepts_what_django_does(content: object, expected: bytes) -> None:
    response = HttpResponse(content)
    assert response.content == expected
    assert response["Content-Length"] == str(len(expected))


def test_content_from_an_iterable_closes_it() -> None:
    closed = []

    class Closing:
        def __iter__(self) -> Any:
            return iter([b"a"])

        def close(self) -> None:
            closed.append(True)

    assert HttpResponse(Closing()).content == b"a"
    assert closed == [True]


def test_content_setter_replaces_the_body_and_its_length() -> None:
    response = HttpResponse("old")
    response.content = "new body"
    assert (response.content, response["Content-Length"]) == (b"new body", "8")


@pytest.mark.parametrize(
    "kwargs, content_type, body",
    [
        pytest.param({"charset": "latin-1"}, "text/html; charset=latin-1", b"\xe9", id="charset"),
        pytest.param(
            {"content_type": "text/plain; charset=iso-8859-1"},
            "text/plain; charset=iso-8859-1",
            b"\xe9",
            id="charset from content type",
        ),
        pytest.param(
            {"content_type": "text/plain"}, "text/plain", b"\xc3\xa9", id="default charset"
        ),
        pytest.param(
            {"headers": {"Content-Type": "text/csv; charset=latin-1"}},
            "text/csv; charset=latin-1",
            b"\xe9",
            id="content type header",
        ),
    ],
)
def test_content_type_and_charset(kwargs: dict[str, Any], content_type: str, body: bytes) -> None:
    response = HttpResponse("é", **kwargs)
    assert response["Content-Type"] == content_type
    assert response.content == body


@override_settings(DEFAULT_CHARSET="latin-1")
def test_default_charset_setting() -> None:
    response = HttpResponse("é")
    assert response["Content-Type"] == "text/html; charset=latin-1"
    assert response.content == b"\xe9"


def test_charset_can_be_set_later() -> None:
    response = HttpResponse()
    response.charset = "latin-1"
    response.content = "é"
    assert response.content == b"\xe9"


def test_content_type_twice_is_refused() -> None:
    with pytest.raises(ValueError) as info:
        HttpResponse(content_type="text/plain", headers={"Content-Type": "text/html"})
    assert str(info.value) == (
        "'headers' must not contain 'Content-Type' when the 'content_type' parameter is "
        "provided; pass the content type in only one of them."
    )


@pytest.mark.parametrize(
    "status, reason, line",
    [
        pytest.param(201, None, "201 CREATED", id="code"),
        pytest.param(HTTPStatus.ACCEPTED, None, "202 ACCEPTED", id="HTTPStatus"),
        pytest.param("404", None, "404 NOT FOUND", id="numeric text"),
        pytest.param(200, "Fine", "200 Fine", id="custom reason"),
        pytest.param(599, None, "599 UNKNOWN", id="unknown code"),
    ],
)
def test_status_and_reason(status: Any, reason: str | None, line: str) -> None:
    response = HttpResponse(status=status, reason=reason)
    assert response.status == line
    assert send(response)[0] == line


@pytest.mark.parametrize(
    "status, error, message",
    [
        pytest.param(
            "abc", TypeError, "HTTP status code must be an integer, not 'abc'.", id="text"
        ),
        pytest.param(None, None, None, id="none is the default"),
        pytest.param([], TypeError, "HTTP status code must be an integer, not [].", id="list"),
        pytest.param(
            99, ValueError, "HTTP status code must be an integer from 100 to 599, not 99.", id="99"
        ),
        pytest.param(
            600,
            ValueError,
            "HTTP status code must be an integer from 100 to 599, not 600.",
            id="600",
        ),
    ],
)
def test_status_is_checked(status: Any, error: type[Exception] | None, message: str) -> None:
    if error is None:
        assert HttpResponse(status=status).status_code == 200
        return
    with pytest.raises(error) as info:
        HttpResponse(status=status)
    assert str(info.value) == message


def test_reason_phrase_reads_and_sets_the_status_lines_text() -> None:
    response = HttpResponse(status=404)
    assert response.reason_phrase == "NOT FOUND"
    response.reason_phrase = "Nothing Here"
    assert (response.status, response.status_code) == ("404 Nothing Here", 404)
    assert send(response)[0] == "404 Nothing Here"
    with pytest.raises(ValueError, match="newlines"):
        response.reason_phrase = "x\r\nX-Evil: 1"


def test_reason_with_a_newline_is_refused() -> None:
    with pytest.raises(ValueError) as info:
        HttpResponse(reason="OK\r\nX-Evil: 1")
    assert str(info.value) == (
        "The reason phrase must not contain newlines (CR or LF): 'OK\\r\\nX-Evil: 1'."
    )


def test_write_appends_like_a_file() -> None:
    response = HttpResponse("a")
    response.write("b")
    response.write(b"c")
    assert response.content == b"abc"
    assert "Content-Length" not in response
    assert send(response)[1]["Content-Length"] == "3"


# -- Headers ---------------------------------------------------------------------------------


def test_header_item_access() -> None:
    response = HttpResponse(headers=[("X-A", "1"), ("X-B", 2)])
    assert response["x-a"] == "1"
    assert response["X-B"] == "2"
    response["X-C"] = 3
    assert response.has_header("x-c") and "X-C" in response
    del response["X-C"]
    del response["X-Missing"]  # Deleting a missing header is not an error, as in Django.
    assert not response.has_header("X-C")
    assert response.get("X-A") == "1"
    assert response.get("X-Missing", "default") == "default"
    response.setdefault("X-A", "ignored")
    response.setdefault("X-D", "4")
    assert (response["X-A"], response["X-D"]) == ("1", "4")
    assert ("X-D", "4") in list(response.items())
    with pytest.raises(KeyError) as info:
        response["X-Missing"]
    assert type(info.value) is KeyError


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"X-Multi": ["1", "2"]}, id="dict of lists"),
        pytest.param(Headers([("X-Multi", "1"), ("X-Multi", "2")]), id="werkzeug Headers"),
        pytest.param([("X-Multi", "1"), ("X-Multi", "2")], id="list of pairs"),
    ],
)
def test_headers_argument_forms(headers: Any) -> None:
    assert HttpResponse(headers=headers).headers.getlist("X-Multi") == ["1", "2"]


NAME_MESSAGE = "Header names can't contain newlines (CR or LF): {!r}. Remove them from the name."
VALUE_MESSAGE = (
    "Header values can't contain newlines (CR or LF); header {!r} has {!r}. Remove them, or "
    "quote the value (urllib.parse.quote)."
)

BAD_HEADERS = [
    pytest.param("X-A\r\nX-Evil", "v", NAME_MESSAGE.format("X-A\r\nX-Evil"), id="CRLF in name"),
    pytest.param("X-A\nB", "v", NAME_MESSAGE.format("X-A\nB"), id="LF in name"),
    pytest.param(
        "X-A", "v\r\nX-Evil: 1", VALUE_MESSAGE.format("X-A", "v\r\nX-Evil: 1"), id="CRLF in value"
    ),
    pytest.param("X-A", "v\rw", VALUE_MESSAGE.format("X-A", "v\rw"), id="CR in value"),
    pytest.param(
        "Set-Cookie", "a\nb", VALUE_MESSAGE.format("Set-Cookie", "a\nb"), id="LF in value"
    ),
]


@pytest.mark.parametrize("name, value, message", BAD_HEADERS)
def test_newline_in_a_header_is_refused_on_item_assignment(
    name: str, value: str, message: str
) -> None:
    response = HttpResponse()
    with pytest.raises(BadHeaderError) as info:
        response[name] = value
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("name, value, message", BAD_HEADERS)
def test_newline_in_a_header_is_refused_by_the_constructor(
    name: str, value: str, message: str
) -> None:
    with pytest.raises(BadHeaderError) as info:
        HttpResponse(headers={name: value})
    assert str(info.value) == message


@pytest.mark.parametrize("name, value, message", BAD_HEADERS[:2])
def test_newline_in_a_header_name_set_behind_our_back_is_never_sent(
    name: str, value: str, message: str
) -> None:
    response = HttpResponse("x")
    response.headers.add(name, value)  # werkzeug checks values only.
    with pytest.raises(BadHeaderError) as info:
        send(response)
    assert str(info.value) == message


def test_newline_in_the_content_type_argument_is_refused() -> None:
    with pytest.raises(BadHeaderError, match="header 'Content-Type' has"):
        HttpResponse(content_type="text/html\r\nX-Evil: 1")


def test_werkzeug_refuses_newlines_in_values_itself() -> None:
    with pytest.raises(ValueError, match="must not contain newline"):
        HttpResponse().headers["X-A"] = "a\nb"


def test_cookies_are_werkzeugs() -> None:
    response = HttpResponse()
    response.set_cookie("sessionid", "abc", httponly=True, samesite="Lax")
    response.delete_cookie("old")
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies[0] == "sessionid=abc; HttpOnly; Path=/; SameSite=Lax"
    assert cookies[1].startswith("old=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;")


def test_response_is_a_wsgi_application() -> None:
    status, headers, body = send(HttpResponse("hello", headers={"X-A": "1"}))
    assert (status, headers["X-A"], headers["Content-Length"], body) == (
        "200 OK",
        "1",
        "5",
        b"hello",
    )
    assert send(HttpResponse("hello"), method="HEAD")[2] == b""


# -- Status subclasses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls, code",
    [
        pytest.param(HttpResponseBadRequest, 400, id="400"),
        pytest.param(HttpResponseForbidden, 403, id="403"),
        pytest.param(HttpResponseNotFound, 404, id="404"),
        pytest.param(HttpResponseGone, 410, id="410"),
        pytest.param(HttpResponseServerError, 500, id="500"),
    ],
)
def test_status_subclasses(cls: type[HttpResponse], code: int) -> None:
    response = cls("body")
    assert (response.status_code, response.content) == (code, b"body")
    assert cls(status=299).status_code == 299


def test_not_allowed_lists_the_permitted_methods() -> None:
    response = HttpResponseNotAllowed(["GET", "HEAD"], "nope")
    assert (response.status_code, response["Allow"], response.content) == (
        405,
        "GET, HEAD",
        b"nope",
    )
    assert HttpResponseNotAllowed(method for method in ["POST"])["Allow"] == "POST"


def test_not_modified_has_no_body_and_no_content_type() -> None:
    response = HttpResponseNotModified(headers={"ETag": '"x"'})
    assert response.status_code == 304
    assert "Content-Type" not in response
    assert response.content == b""
    response.content = b""
    with pytest.raises(AttributeError) as info:
        response.content = b"body"
    assert str(info.value) == (
        "You cannot set content to a 304 (Not Modified) response; it has no body."
    )
    status, headers, body = send(response)
    assert (status, headers["ETag"], body) == ("304 NOT MODIFIED", '"x"', b"")


# -- Redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls, preserve, code",
    [
        pytest.param(HttpResponseRedirect, False, 302, id="302"),
        pytest.param(HttpResponseRedirect, True, 307, id="307 preserves the request"),
        pytest.param(HttpResponsePermanentRedirect, False, 301, id="301"),
        pytest.param(HttpResponsePermanentRedirect, True, 308, id="308 preserves the request"),
    ],
)
def test_redirect_status(cls: type[HttpResponseRedirect], preserve: bool, code: int) -> None:
    response = cls("/next/", preserve_request=preserve)
    assert (response.status_code, response["Location"], response.url) == (code, "/next/", "/next/")


def test_redirect_with_explicit_status_wins() -> None:
    assert HttpResponseRedirect("/x", preserve_request=True, status=303).status_code == 303


@pytest.mark.parametrize(
    "url, location",
    [
        pytest.param("/a b/é?q=ü", "/a%20b/%C3%A9?q=%C3%BC", id="iri quoted"),
        pytest.param("https://example.com/x", "https://example.com/x", id="https"),
        pytest.param("ftp://example.com/x", "ftp://example.com/x", id="ftp"),
        pytest.param("HTTP://example.com/", "HTTP://example.com/", id="scheme case"),
        pytest.param("//example.com/x", "//example.com/x", id="scheme relative"),
        pytest.param("?page=2", "?page=2", id="query only"),
        pytest.param(LazyStr(lambda: "/lazy/"), "/lazy/", id="lazy text"),
    ],
)
def test_redirect_location(url: Any, location: str) -> None:
    assert HttpResponseRedirect(url)["Location"] == location


@pytest.mark.parametrize(
    "url, message",
    [
        pytest.param(
            "/next\r\nSet-Cookie: evil=1",
            "Unsafe redirect to a URL with a newline (CR or LF) in it: '/next\\r\\nSet-Cookie: "
            "evil=1'. Remove the newline; quote any user input put into the URL.",
            id="CRLF",
        ),
        pytest.param(
            "/next\n",
            "Unsafe redirect to a URL with a newline (CR or LF) in it: '/next\\n'. Remove the "
            "newline; quote any user input put into the URL.",
            id="LF",
        ),
        pytest.param(
            "javascript:alert(1)",
            "Unsafe redirect to URL with protocol 'javascript'; only http, https, ftp URLs (or "
            "relative ones) are allowed.",
            id="javascript",
        ),
        pytest.param(
            " JavaScript:alert(1)",
            "Unsafe redirect to URL with protocol 'javascript'; only http, https, ftp URLs (or "
            "relative ones) are allowed.",
            id="javascript with space and capitals",
        ),
        pytest.param(
            "java\tscript:alert(1)",
            "Unsafe redirect to URL with protocol 'javascript'; only http, https, ftp URLs (or "
            "relative ones) are allowed.",
            id="javascript with a tab",
        ),
        pytest.param(
            "data:text/html,<script>alert(1)</script>",
            "Unsafe redirect to URL with protocol 'data'; only http, https, ftp URLs (or "
            "relative ones) are allowed.",
            id="data",
        ),
        pytest.param(
            "/" + "a" * 2048,
            "Unsafe redirect exceeding 2048 characters; redirect to a shorter URL.",
            id="too long",
        ),
        pytest.param(
            "http://[::1/x",
            "Unsafe redirect to a malformed URL 'http://[::1/x': Invalid IPv6 URL.",
            id="malformed",
        ),
    ],
)
@pytest.mark.parametrize("cls", [HttpResponseRedirect, HttpResponsePermanentRedirect])
def test_unsafe_redirects_are_refused(
    cls: type[HttpResponseRedirect], url: str, message: str
) -> None:
    with pytest.raises(DisallowedRedirect) as info:
        cls(url)
    assert str(info.value) == message
    assert isinstance(info.value, SuspiciousOperation)


class MailtoRedirect(HttpResponseRedirect):
    allowed_schemes = ["mailto"]


def test_allowed_schemes_can_be_changed_by_a_subclass() -> None:
    assert MailtoRedirect("mailto:a@example.com")["Location"] == "mailto:a@example.com"
    with pytest.raises(DisallowedRedirect, match="only mailto URLs"):
        MailtoRedirect("http://example.com/")


# -- JSON ------------------------------------------------------------------------------------


def test_json_response() -> None:
    response = JsonResponse({"a": [1, "é"]})
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"a": [1, "é"]}


@pytest.mark.parametrize(
    "data",
    [pytest.param([1], id="list"), pytest.param("s", id="str"), pytest.param(None, id="None")],
)
def test_json_response_refuses_non_dicts_unless_safe_is_false(data: object) -> None:
    with pytest.raises(TypeError) as info:
        JsonResponse(data)
    assert str(info.value) == (
        f"JsonResponse got a {type(data).__name__}: in order to allow non-dict objects to be "
        "serialized set the safe parameter to False."
    )
    assert json.loads(JsonResponse(data, safe=False).content) == data


class Thing:
    def __str__(self) -> str:
        return "thing"


class UpperEncoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        return str(o).upper()


def test_json_response_options() -> None:
    response = JsonResponse(
        {"b": "x", "o": Thing()},
        encoder=UpperEncoder,
        json_dumps_params={"sort_keys": True, "separators": (",", ":")},
        status=201,
        headers={"X-A": "1"},
    )
    assert (response.status_code, response["X-A"], response.content) == (
        201,
        "1",
        b'{"b":"x","o":"THING"}',
    )
    assert JsonResponse({}, content_type="application/vnd.api+json")["Content-Type"] == (
        "application/vnd.api+json"
    )
    custom = JsonResponse({}, headers={"Content-Type": "application/problem+json"})
    assert custom["Content-Type"] == "application/problem+json"


def test_default_json_encoder_handles_common_types() -> None:
    data = {
        "datetime": datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc),
        "date": datetime.date(2024, 5, 6),
        "time": datetime.time(7, 8),
        "decimal": decimal.Decimal("1.10"),
        "uuid": uuid.UUID(int=1),
        "lazy": LazyStr(lambda: "lazy"),
    }
    assert json.loads(JsonResponse(data).content) == {
        "datetime": "2024-05-06T07:08:09+00:00",
        "date": "2024-05-06",
        "time": "07:08:00",
        "decimal": "1.10",
        "uuid": "00000000-0000-0000-0000-000000000001",
        "lazy": "lazy",
    }
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        JsonResponse({"set": {1}})
    assert isinstance(JSONEncoder(), json.JSONEncoder)
