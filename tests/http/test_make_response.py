"""make_response(): what a view may return, by Flask's rules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

from chainweb.http import (
    BadHeaderError,
    HttpResponse,
    HttpResponseNotFound,
    JsonResponse,
    StreamingHttpResponse,
    make_response,
)

from .test_response import send

ACCEPTED = (
    "Return an HttpResponse, str, bytes, dict, list, iterator, or a tuple of one of these with "
    "a status and/or headers."
)


def generate() -> Iterator[str]:
    yield "a"
    yield "b"


def test_response_objects_are_returned_as_they_are() -> None:
    response = HttpResponseNotFound("x")
    assert make_response(response) is response


@pytest.mark.parametrize(
    "rv, cls, content_type, body",
    [
        pytest.param("héllo", HttpResponse, "text/html; charset=utf-8", "héllo".encode(), id="str"),
        pytest.param(b"raw", HttpResponse, "text/html; charset=utf-8", b"raw", id="bytes"),
        pytest.param(
            bytearray(b"ba"), HttpResponse, "text/html; charset=utf-8", b"ba", id="bytearray"
        ),
        pytest.param({"a": 1}, JsonResponse, "application/json", b'{"a": 1}', id="dict"),
        pytest.param([1, 2], JsonResponse, "application/json", b"[1, 2]", id="list"),
        pytest.param(
            generate(), StreamingHttpResponse, "text/html; charset=utf-8", b"ab", id="generator"
        ),
        pytest.param(
            iter([b"x", "y"]),
            StreamingHttpResponse,
            "text/html; charset=utf-8",
            b"xy",
            id="iterator",
        ),
    ],
)
def test_bodies(rv: object, cls: type[HttpResponse], content_type: str, body: bytes) -> None:
    response = make_response(rv)
    assert type(response) is cls
    assert response["Content-Type"] == content_type
    assert response.status_code == 200
    assert send(response)[2] == body


@pytest.mark.parametrize(
    "rv, status, headers",
    [
        pytest.param(("x", 201), "201 CREATED", {}, id="(body, status)"),
        pytest.param(("x", "418 Teapot"), "418 Teapot", {}, id="(body, status text)"),
        pytest.param(("x", {"X-A": "1"}), "200 OK", {"X-A": "1"}, id="(body, dict)"),
        pytest.param(("x", [("X-A", "1")]), "200 OK", {"X-A": "1"}, id="(body, list)"),
        pytest.param((("x", (("X-A", "1"),))), "200 OK", {"X-A": "1"}, id="(body, tuple)"),
        pytest.param(("x", Headers({"X-A": "1"})), "200 OK", {"X-A": "1"}, id="(body, Headers)"),
        pytest.param(("x", 202, {"X-A": "1"}), "202 ACCEPTED", {"X-A": "1"}, id="3-tuple"),
        pytest.param(("x", None, {"X-A": "1"}), "200 OK", {"X-A": "1"}, id="3-tuple, no status"),
        pytest.param(("x", 204, None), "204 NO CONTENT", {}, id="3-tuple, no headers"),
        pytest.param(
            (HttpResponseNotFound("x", headers={"X-A": "0", "X-B": "2"}), 410, {"X-A": "1"}),
            "410 GONE",
            {"X-A": "1", "X-B": "2"},
            id="response: status replaced, headers updated",
        ),
        pytest.param(({"a": 1}, 400), "400 BAD REQUEST", {}, id="(dict, status)"),
    ],
)
def test_tuples(rv: tuple[Any, ...], status: str, headers: dict[str, str]) -> None:
    response = make_response(rv)
    assert response.status == status
    for name, value in headers.items():
        assert response[name] == value


@pytest.mark.parametrize(
    "rv",
    [
        pytest.param((), id="empty"),
        pytest.param(("x",), id="1"),
        pytest.param(("x", 200, {}, 1), id="4"),
    ],
)
def test_tuples_of_other_sizes_are_refused(rv: tuple[Any, ...]) -> None:
    with pytest.raises(TypeError) as info:
        make_response(rv)
    assert str(info.value) == (
        f"The view returned a tuple of {len(rv)} items. A response tuple must be (body, "
        "status, headers), (body, status) or (body, headers)."
    )


@pytest.mark.parametrize(
    "rv", [pytest.param(None, id="None"), pytest.param((None, 200), id="(None, status)")]
)
def test_none_is_refused_saying_a_view_must_return_a_response(rv: object) -> None:
    with pytest.raises(TypeError) as info:
        make_response(rv)
    assert str(info.value) == (
        "The view returned None, or ended without a return statement. A view must return a "
        "response: an HttpResponse, str, bytes, dict, list, iterator, or a tuple of one of "
        "these with a status and/or headers."
    )


@pytest.mark.parametrize(
    "rv, name",
    [
        pytest.param(42, "int", id="int"),
        pytest.param({1, 2}, "set", id="set"),
        pytest.param(object(), "object", id="object"),
        pytest.param((1.5, 200), "float", id="in a tuple"),
    ],
)
def test_other_types_are_refused_naming_the_type(rv: object, name: str) -> None:
    with pytest.raises(TypeError) as info:
        make_response(rv)
    assert str(info.value) == (
        f"The view returned a {name}, which make_response() cannot turn into a response. "
        + ACCEPTED
    )


@pytest.mark.parametrize(
    "status, error, message",
    [
        pytest.param(201.0, None, None, id="float converted as int() does"),
        pytest.param(
            [200], TypeError, "HTTP status code must be an integer, not [200].", id="a list"
        ),
        pytest.param(
            99, ValueError, "HTTP status code must be an integer from 100 to 599, not 99.", id="99"
        ),
    ],
)
def test_tuple_status_is_checked(status: Any, error: type[Exception] | None, message: str) -> None:
    if error is None:
        assert make_response(("x", status, None)).status_code == int(status)
        return
    with pytest.raises(error) as info:
        make_response(("x", status, None))
    assert str(info.value) == message


def test_tuple_headers_with_a_newline_are_refused() -> None:
    with pytest.raises(BadHeaderError, match="header 'X-A' has 'a\\\\r\\\\nb'"):
        make_response(("x", {"X-A": "a\r\nb"}))
    with pytest.raises(BadHeaderError, match="Header names can't contain newlines"):
        make_response(("x", [("X\nA", "1")]))


@pytest.mark.parametrize(
    "headers, item",
    [
        pytest.param([200], "200", id="list of ints"),
        pytest.param([("X-A", "1", "2")], "('X-A', '1', '2')", id="triple"),
        pytest.param(["X-A"], "'X-A'", id="list of names"),
    ],
)
def test_malformed_tuple_headers_say_what_headers_must_be(headers: Any, item: str) -> None:
    with pytest.raises(TypeError) as info:
        make_response(("x", headers))
    assert str(info.value) == (
        "Headers must be a dict, a list of (name, value) pairs or a werkzeug Headers; one "
        f"item is {item}."
    )


def test_plain_werkzeug_response_is_wrapped_with_its_body_and_headers() -> None:
    closed: list[bool] = []
    original = Response(iter([b"a", b"b"]), status="299 Custom", headers={"X-A": "1"})
    original.call_on_close(lambda: closed.append(True))
    response = make_response((original, {"X-B": "2"}))
    assert isinstance(response, HttpResponse)
    status, headers, body = send(response)
    assert (status, headers["X-A"], headers["X-B"], body) == ("299 Custom", "1", "2", b"ab")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Length" not in headers
    assert closed == [True]


def test_plain_werkzeug_response_with_a_length_keeps_it() -> None:
    response = make_response(Response("hello"))
    assert response["Content-Length"] == "5"
    assert response.content == b"hello"


def test_json_list_body() -> None:
    assert json.loads(make_response([{"a": 1}]).content) == [{"a": 1}]
