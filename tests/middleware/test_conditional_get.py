"""ConditionalGetMiddleware and get_conditional_response()."""

from __future__ import annotations

import time

import pytest
from werkzeug.http import generate_etag

from chainweb.http import HttpResponse, StreamingHttpResponse
from chainweb.middleware.http import (
    ConditionalGetMiddleware,
    get_conditional_response,
    parse_etags,
    parse_http_date_safe,
    quote_etag,
)
from chainweb.test import Client, RequestFactory, override_settings

from .conditional_get_urls import BODY, LAST_MODIFIED

CONDITIONAL_GET = "chainweb.middleware.http.ConditionalGetMiddleware"
#: The ETag the middleware computes for BODY.
TAG = f'"{generate_etag(BODY.encode())}"'
EARLIER = "Fri, 11 Feb 2011 17:38:44 GMT"
LATER = "Sun, 13 Feb 2011 17:38:44 GMT"


@pytest.fixture
def client():
    urls = "tests.middleware.conditional_get_urls"
    with override_settings(ROOT_URLCONF=urls, MIDDLEWARE=[CONDITIONAL_GET]):
        yield Client()


# (method, path, request headers) -> (status, ETag sent)
CASES = [
    pytest.param("GET", "/page/", {}, 200, TAG, id="etag added"),
    pytest.param("HEAD", "/page/", {}, 200, TAG, id="HEAD: etag added"),
    pytest.param("GET", "/page/", {"If-None-Match": TAG}, 304, TAG, id="match"),
    pytest.param("HEAD", "/page/", {"If-None-Match": TAG}, 304, TAG, id="HEAD match"),
    pytest.param("GET", "/page/", {"If-None-Match": "W/" + TAG}, 304, TAG, id="weak match"),
    pytest.param("GET", "/page/", {"If-None-Match": '"other"'}, 200, TAG, id="no match"),
    pytest.param("GET", "/page/", {"If-None-Match": f'"a", {TAG}'}, 304, TAG, id="in a list"),
    pytest.param("GET", "/page/", {"If-None-Match": f'"a",{TAG} , "b"'}, 304, TAG, id="spacing"),
    pytest.param("GET", "/page/", {"If-None-Match": "*"}, 304, TAG, id="star"),
    pytest.param("GET", "/page/", {"If-None-Match": " * "}, 304, TAG, id="star, spaces"),
    pytest.param("GET", "/page/", {"If-None-Match": TAG[1:-1]}, 200, TAG, id="unquoted: bad"),
    pytest.param("GET", "/page/", {"If-None-Match": 'x, "'}, 200, TAG, id="garbage"),
    pytest.param("GET", "/page/", {"If-Match": TAG}, 200, TAG, id="if-match passes"),
    pytest.param("GET", "/page/", {"If-Match": '"other"'}, 412, None, id="if-match fails"),
    pytest.param("GET", "/page/", {"If-Match": "*"}, 200, TAG, id="if-match star"),
    pytest.param("POST", "/page/", {"If-None-Match": TAG}, 200, None, id="POST: left alone"),
    pytest.param("PUT", "/page/", {"If-Match": '"x"'}, 200, None, id="PUT: left alone"),
    pytest.param("GET", "/empty/", {"If-None-Match": "*"}, 200, None, id="empty: no etag"),
    pytest.param("GET", "/no-store/", {"If-None-Match": "*"}, 200, None, id="no-store"),
    pytest.param("GET", "/almost-no-store/", {}, 200, TAG, id="other directive"),
    pytest.param("GET", "/not-found/", {"If-None-Match": "*"}, 404, None, id="404: no etag"),
    pytest.param("GET", "/created/", {"If-None-Match": "*"}, 201, None, id="201: no etag"),
    pytest.param("GET", "/stream/", {"If-None-Match": "*"}, 200, None, id="stream: no etag"),
    pytest.param(
        "GET", "/stream-with-etag/", {"If-None-Match": '"s1"'}, 304, '"s1"', id="stream tag"
    ),
    pytest.param("GET", "/tagged/", {"If-None-Match": '"v1"'}, 304, '"v1"', id="own tag kept"),
    pytest.param("GET", "/tagged/", {"If-None-Match": 'W/"v1"'}, 304, '"v1"', id="own, weak"),
    pytest.param("GET", "/weak-tagged/", {"If-None-Match": '"v1"'}, 304, 'W/"v1"', id="weak"),
    pytest.param("GET", "/weak-tagged/", {"If-Match": 'W/"v1"'}, 412, None, id="weak: strong"),
    pytest.param("GET", "/tagged/", {"If-Match": 'W/"v1"'}, 412, None, id="if-match weak"),
    # If-Modified-Since, against Last-Modified.
    pytest.param("GET", "/dated/", {"If-Modified-Since": LAST_MODIFIED}, 304, TAG, id="ims ="),
    pytest.param("GET", "/dated/", {"If-Modified-Since": LATER}, 304, TAG, id="ims later"),
    pytest.param("GET", "/dated/", {"If-Modified-Since": EARLIER}, 200, TAG, id="ims earlier"),
    pytest.param("HEAD", "/dated/", {"If-Modified-Since": LATER}, 304, TAG, id="HEAD ims"),
    pytest.param("GET", "/page/", {"If-Modified-Since": LATER}, 200, TAG, id="no last-mod"),
    pytest.param(
        "GET",
        "/dated/",
        {"If-Modified-Since": "Saturday, 12-Feb-11 17:38:44 GMT"},
        304,
        TAG,
        id="ims rfc850",
    ),
    pytest.param(
        "GET",
        "/dated/",
        {"If-Modified-Since": "Sat Feb 12 17:38:44 2011"},
        304,
        TAG,
        id="ims asctime",
    ),
    pytest.param("GET", "/bad-date/", {"If-Modified-Since": LATER}, 200, None, id="bad last-mod"),
    # If-None-Match wins over If-Modified-Since.
    pytest.param(
        "GET",
        "/dated/",
        {"If-None-Match": '"other"', "If-Modified-Since": LAST_MODIFIED},
        200,
        TAG,
        id="inm fails, ims ignored",
    ),
    pytest.param(
        "GET",
        "/dated/",
        {"If-None-Match": TAG, "If-Modified-Since": EARLIER},
        304,
        TAG,
        id="inm matches, ims ignored",
    ),
    # If-Unmodified-Since, without If-Match.
    pytest.param("GET", "/dated/", {"If-Unmodified-Since": LATER}, 200, TAG, id="ius later"),
    pytest.param("GET", "/dated/", {"If-Unmodified-Since": EARLIER}, 412, None, id="ius early"),
    pytest.param(
        "GET",
        "/dated/",
        {"If-Match": TAG, "If-Unmodified-Since": EARLIER},
        200,
        TAG,
        id="if-match wins over ius",
    ),
]


@pytest.mark.parametrize(("method", "path", "headers", "status", "etag"), CASES)
def test_conditional_get(client, method, path, headers, status, etag):
    response = client.generic(method, path, headers=headers)
    assert response.status_code == status
    assert response.headers.get("ETag") == etag
    data = response.get_data()
    if status == 304 or method == "HEAD":
        assert data == b""
    if status == 304:
        assert "Content-Type" not in response.headers
        assert response.headers.get("Content-Length") in (None, "0")


@pytest.mark.parametrize(
    "if_modified_since",
    [
        pytest.param("garbage", id="garbage"),
        pytest.param("", id="empty"),
        pytest.param("Sun, 06 Nov 99999 08:49:37 GMT", id="five-digit year"),
        pytest.param("Sun, 31 Feb 2011 08:49:37 GMT", id="31 February"),
        pytest.param("Sat, 12 Feb 2011 25:38:44 GMT", id="hour 25"),
        pytest.param("Sat, 12 Feb 2011 17:38:44 +9999", id="bad zone"),
        pytest.param("-1", id="number"),
        pytest.param("\x00\x01", id="control characters"),
        pytest.param("é" * 20, id="non-ascii"),
        pytest.param("Sat, 12 Feb 2011 17:38:44 GMT" + " " * 100_000, id="long"),
        pytest.param("9" * 100_000, id="huge number"),
    ],
)
def test_bad_if_modified_since_is_ignored(client, if_modified_since):
    response = client.get("/dated/", headers={"If-Modified-Since": if_modified_since})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == BODY


def test_304_keeps_the_caching_headers_and_cookies(client):
    response = client.get("/with-headers/", headers={"If-None-Match": '"v1"'})
    assert response.status_code == 304
    headers = response.headers
    assert headers["ETag"] == '"v1"'
    # werkzeug leaves Last-Modified out of a 304 it sends (RFC 9110, 15.4.5: the ETag is
    # enough); the middleware's response has it (test_304_response_object below).
    assert "Last-Modified" not in headers
    assert headers["Cache-Control"] == "max-age=60"
    assert headers["Expires"] == "Sun, 13 Feb 2011 17:38:44 GMT"
    assert headers["Vary"] == "Cookie"
    assert headers["Content-Location"] == "/with-headers/"
    assert [cookie.split(";")[0] for cookie in headers.getlist("Set-Cookie")] == [
        "first=1",
        "second=2",
    ]
    assert "X-Custom" not in headers
    assert "Content-Type" not in headers


def test_304_response_object_keeps_last_modified():
    from .conditional_get_urls import with_headers

    request = RequestFactory().get("/", headers={"If-Modified-Since": LAST_MODIFIED})
    response = ConditionalGetMiddleware(with_headers)(request)
    assert response.status_code == 304
    assert response.headers["Last-Modified"] == LAST_MODIFIED
    assert response.headers["ETag"] == '"v1"'


def test_replaced_response_is_closed():
    closed = []

    def chunks():
        try:
            yield b"body"
        finally:
            closed.append(True)

    def view(request):
        response = StreamingHttpResponse(chunks())
        response.call_on_close(lambda: closed.append("on close"))
        response["ETag"] = '"s1"'
        return response

    request = RequestFactory().get("/", headers={"If-None-Match": '"s1"'})
    response = ConditionalGetMiddleware(view)(request)
    assert response.status_code == 304
    assert closed == []
    response.close()
    assert "on close" in closed


# -- Bad input in bounded time ---------------------------------------------------------------


def many_tags(count: int) -> str:
    return ", ".join(f'"tag-{number}"' for number in range(count))


@pytest.mark.parametrize(
    ("if_none_match", "status"),
    [
        pytest.param(many_tags(5_000), 200, id="5000 tags, no match"),
        pytest.param(many_tags(5_000) + ", " + TAG, 304, id="5000 tags, match last"),
        pytest.param(", ".join(["W/" + TAG] * 5_000), 304, id="5000 weak copies"),
    ],
)
def test_long_if_none_match_lists_are_quick(if_none_match, status):
    middleware = ConditionalGetMiddleware(lambda request: HttpResponse(BODY))
    request = RequestFactory().get("/", headers={"If-None-Match": if_none_match})
    start = time.perf_counter()
    response = middleware(request)
    elapsed = time.perf_counter() - start
    assert response.status_code == status
    assert elapsed < 0.05


@pytest.mark.parametrize(
    "header",
    [
        pytest.param('"' * 1_000_000, id="a million quotes"),
        pytest.param("W/" * 500_000, id="weak prefixes"),
        pytest.param(", " * 500_000, id="commas"),
        pytest.param('"' + "a" * 1_000_000, id="unclosed"),
        pytest.param('W/"a' * 250_000, id="unclosed weak tags"),
    ],
)
@pytest.mark.parametrize("name", ["If-None-Match", "If-Match"])
def test_huge_etag_headers_are_quick_and_not_a_500(name, header):
    middleware = ConditionalGetMiddleware(lambda request: HttpResponse(BODY))
    request = RequestFactory().get("/", headers={name: header})
    start = time.perf_counter()
    response = middleware(request)
    assert time.perf_counter() - start < 0.5
    assert response.status_code in (200, 412)


# -- The helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        ("*", ["*"]),
        (' "a" , W/"b",c, "d', ['"a"', 'W/"b"']),
        ('"a,b"', []),  # a comma inside a tag: split, as Django does
        ('""', ['""']),
        ("", []),
        ('w/"a"', []),  # W is upper case
        ('"a", *', ['"a"']),
    ],
)
def test_parse_etags(value, tags):
    assert parse_etags(value) == tags


@pytest.mark.parametrize(
    ("value", "quoted"),
    [("abc", '"abc"'), ('"abc"', '"abc"'), ('W/"abc"', 'W/"abc"'), ("", '""')],
)
def test_quote_etag(value, quoted):
    assert quote_etag(value) == quoted


def test_quote_etag_refuses_a_quote_inside():
    with pytest.raises(ValueError, match=r"contains a double quote\. Give the tag's value"):
        quote_etag('a"b')


@pytest.mark.parametrize(
    ("value", "timestamp"),
    [
        (LAST_MODIFIED, 1297532324),
        ("Saturday, 12-Feb-11 17:38:44 GMT", 1297532324),
        ("Sat Feb 12 17:38:44 2011", 1297532324),
        (None, None),
        ("", None),
        ("yesterday", None),
        ("x" * 65, None),
    ],
)
def test_parse_http_date_safe(value, timestamp):
    assert parse_http_date_safe(value) == timestamp


def test_get_conditional_response_without_response():
    request = RequestFactory().get("/")
    assert get_conditional_response(request, etag='"a"') is None
    request = RequestFactory().get("/", headers={"If-None-Match": '"a"'})
    response = get_conditional_response(request, etag='"a"')
    assert response is not None
    assert response.status_code == 304


def test_needs_get_response():
    with pytest.raises(ValueError, match="ConditionalGetMiddleware needs get_response"):
        ConditionalGetMiddleware(None)  # type: ignore[arg-type]


def test_repr():
    def view(request):
        return HttpResponse()

    assert repr(ConditionalGetMiddleware(view)) == (
        "<ConditionalGetMiddleware get_response=test_repr.<locals>.view>"
    )


def test_only_2xx_responses_are_considered():
    request = RequestFactory().get("/", headers={"If-None-Match": "*"})
    response = HttpResponse(status=404)
    assert get_conditional_response(request, etag='"a"', response=response) is response


def test_a_date_the_parser_chokes_on_is_ignored(monkeypatch):
    def choke(value):
        raise OverflowError("date value out of range")

    monkeypatch.setattr("chainweb.middleware.http.parse_date", choke)
    assert parse_http_date_safe(LAST_MODIFIED) is None
