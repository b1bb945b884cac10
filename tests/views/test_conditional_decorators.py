"""The condition, etag and last_modified view decorators."""

from __future__ import annotations

import datetime
import logging

import pytest

from chainweb.http import HttpResponse
from chainweb.test import Client, RequestFactory, override_settings
from chainweb.views.decorators import condition, etag, last_modified

from .conditional_urls import ETAG, LAST_MODIFIED_STR

EARLIER = "Fri, 11 Feb 2011 17:38:44 GMT"
LATER = "Sun, 13 Feb 2011 17:38:44 GMT"


@pytest.fixture
def client():
    with override_settings(ROOT_URLCONF="tests.views.conditional_urls", MIDDLEWARE=[]):
        yield Client()


INM, IMS, IM, IUS = "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since"
LM = LAST_MODIFIED_STR
P = pytest.param

# (method, path, request headers) -> (status, body, ETag, Last-Modified)
CASES = [
    # No precondition: the view runs, and the headers are added.
    P("GET", "/both/", {}, 200, "content", ETAG, LM, id="plain"),
    P("HEAD", "/both/", {}, 200, "", ETAG, LM, id="HEAD"),
    P("GET", "/etag/", {}, 200, "content", ETAG, None, id="etag only"),
    P("GET", "/quoted-etag/", {}, 200, "content", ETAG, None, id="already quoted"),
    P("GET", "/weak-etag/", {}, 200, "content", 'W/"v1"', None, id="weak"),
    P("GET", "/date/", {}, 200, "content", None, LM, id="date only"),
    P("GET", "/aware-date/", {}, 200, "content", None, LM, id="aware"),
    P("GET", "/items/7/", {}, 200, "item 7", '"item-7"', None, id="url args"),
    P("GET", "/own-headers/", {}, 200, "content", '"the view\'s"', None, id="view's etag kept"),
    # If-None-Match, weak comparison.
    P("GET", "/both/", {INM: ETAG}, 304, "", ETAG, LM, id="inm"),
    P("HEAD", "/both/", {INM: ETAG}, 304, "", ETAG, LM, id="inm HEAD"),
    P("GET", "/etag/", {INM: 'W/"v1"'}, 304, "", ETAG, None, id="inm weak"),
    P("GET", "/weak-etag/", {INM: ETAG}, 304, "", 'W/"v1"', None, id="weak"),
    P("GET", "/etag/", {INM: '"a", "v1"'}, 304, "", ETAG, None, id="list"),
    P("GET", "/etag/", {INM: "*"}, 304, "", ETAG, None, id="inm star"),
    P("GET", "/etag/", {INM: '"v2"'}, 200, "content", ETAG, None, id="new"),
    P("GET", "/items/7/", {INM: '"item-7"'}, 304, "", '"item-7"', None, id="args"),
    P("GET", "/items/8/", {INM: '"item-7"'}, 200, "item 8", '"item-8"', None, id="other"),
    P("PUT", "/etag/", {INM: ETAG}, 412, "", None, None, id="inm PUT"),
    P("PUT", "/etag/", {INM: '"v2"'}, 200, "content", None, None, id="put ok"),
    # If-Modified-Since.
    P("GET", "/date/", {IMS: LM}, 304, "", None, LM, id="ims ="),
    P("GET", "/date/", {IMS: LATER}, 304, "", None, LM, id="ims later"),
    P("GET", "/date/", {IMS: EARLIER}, 200, "content", None, LM, id="ims earlier"),
    P("GET", "/aware-date/", {IMS: LM}, 304, "", None, LM, id="ims aware"),
    P("GET", "/date/", {IMS: "garbage"}, 200, "content", None, LM, id="ims garbage"),
    P("POST", "/date/", {IMS: LATER}, 200, "content", None, None, id="ims POST"),
    P(
        "GET",
        "/both/",
        {INM: '"v2"', IMS: LATER},
        200,
        "content",
        ETAG,
        LM,
        id="inm wins over ims",
    ),
    # If-Match and If-Unmodified-Since: 412 for any method.
    P("PUT", "/etag/", {IM: ETAG}, 200, "content", None, None, id="im ok"),
    P("PUT", "/etag/", {IM: '"v0"'}, 412, "", None, None, id="im stale"),
    P("PUT", "/etag/", {IM: 'W/"v1"'}, 412, "", None, None, id="im weak"),
    P("PUT", "/weak-etag/", {IM: 'W/"v1"'}, 412, "", None, None, id="im weak tag"),
    P("PUT", "/weak-etag/", {IM: "*"}, 200, "content", None, None, id="im star"),
    P("GET", "/etag/", {IM: '"v0"'}, 412, "", ETAG, None, id="im GET"),
    P("PUT", "/missing/", {IM: "*"}, 412, "", None, None, id="im star, none"),
    P("GET", "/missing/", {INM: "*"}, 200, "no such resource yet", None, None, id="inm star, none"),
    P("PUT", "/date/", {IUS: LATER}, 200, "content", None, None, id="ius ok"),
    P("PUT", "/date/", {IUS: EARLIER}, 412, "", None, None, id="ius stale"),
    P("PUT", "/date/", {IUS: "garbage"}, 200, "content", None, None, id="ius bad"),
    P("PUT", "/missing/", {IUS: LATER}, 412, "", None, None, id="ius none"),
    P(
        "PUT",
        "/both/",
        {IM: ETAG, IUS: EARLIER},
        200,
        "content",
        None,
        None,
        id="im wins over ius",
    ),
    # A class-based view, through method_decorator.
    P("GET", "/class-based/", {INM: ETAG}, 304, "", ETAG, None, id="cbv"),
    P("PUT", "/class-based/", {IM: '"v0"'}, 412, "", None, None, id="cbv 412"),
    P("PUT", "/class-based/", {IM: ETAG}, 200, "updated", None, None, id="cbv put"),
]


@pytest.mark.parametrize(
    ("method", "path", "headers", "status", "body", "etag", "last_modified"), CASES
)
def test_conditional_decorators(client, method, path, headers, status, body, etag, last_modified):
    response = client.generic(method, path, headers=headers)
    assert response.status_code == status
    assert response.get_data(as_text=True) == body
    assert response.headers.get("ETag") == etag
    # werkzeug sends no Last-Modified with a 304 (RFC 9110, 15.4.5: the ETag is enough);
    # the decorator's response has it (test_304_from_the_decorator_has_the_headers).
    expected_date = None if status == 304 else last_modified
    assert response.headers.get("Last-Modified") == expected_date


def test_304_from_the_decorator_has_the_headers():
    @condition(
        etag_func=lambda request: "v1",
        last_modified_func=lambda request: datetime.datetime(2011, 2, 12, 17, 38, 44),
    )
    def view(request):
        raise AssertionError("the view must not run")

    request = RequestFactory().get("/", headers={"If-None-Match": '"v1"'})
    response = view(request)
    assert response.status_code == 304
    assert response.headers["ETag"] == '"v1"'
    assert response.headers["Last-Modified"] == LAST_MODIFIED_STR
    assert response.get_data() == b""


def test_412_is_logged(caplog):
    @etag(lambda request: "v1")
    def view(request):
        raise AssertionError("the view must not run")

    request = RequestFactory().put("/thing/", headers={"If-Match": '"v0"'})
    with caplog.at_level(logging.WARNING, logger="chainweb.request"):
        response = view(request)
    assert response.status_code == 412
    assert [record.getMessage() for record in caplog.records] == ["Precondition Failed: /thing/"]


def test_funcs_get_the_view_arguments():
    seen = []

    def get_etag(request, *args, **kwargs):
        seen.append(("etag", args, kwargs))
        return "x"

    def get_last_modified(request, *args, **kwargs):
        seen.append(("last_modified", args, kwargs))
        return None

    @condition(etag_func=get_etag, last_modified_func=get_last_modified)
    def view(request, *args, **kwargs):
        return HttpResponse("ok")

    view(RequestFactory().get("/"), 1, slug="a")
    assert seen == [("etag", (1,), {"slug": "a"}), ("last_modified", (1,), {"slug": "a"})]


def test_decorated_view_keeps_its_name():
    @last_modified(lambda request: None)
    def my_view(request):
        """Show the page."""
        return HttpResponse()

    assert my_view.__name__ == "my_view"
    assert my_view.__doc__ == "Show the page."


def returns_bytes(request):
    return b"v1"


def returns_date(request):
    return datetime.date(2011, 2, 12)


def returns_timestamp(request):
    return 1297532324


@pytest.mark.parametrize(
    ("decorator", "message"),
    [
        pytest.param(
            etag(returns_bytes),
            r"The etag_func tests\.views\.test_conditional_decorators\.returns_bytes returned "
            r"b'v1', a bytes\. It must return the entity tag as a str",
            id="etag bytes",
        ),
        pytest.param(
            last_modified(returns_date),
            r"The last_modified_func tests\.views\.test_conditional_decorators\.returns_date "
            r"returned datetime\.date\(2011, 2, 12\), a date\. It must return a "
            r"datetime\.datetime \(aware, or naive in UTC\), or None",
            id="date, not datetime",
        ),
        pytest.param(
            last_modified(returns_timestamp),
            r"returned 1297532324, a int\. It must return a datetime\.datetime",
            id="timestamp",
        ),
    ],
)
def test_bad_function_results_are_refused(decorator, message):
    view = decorator(lambda request: HttpResponse())
    with pytest.raises(TypeError, match=message):
        view(RequestFactory().get("/"))


def test_etag_with_a_quote_inside_is_refused():
    view = etag(lambda request: 'v"1')(lambda request: HttpResponse())
    with pytest.raises(ValueError, match=r"Cannot make an entity tag of 'v\"1': it contains"):
        view(RequestFactory().get("/"))


def test_long_if_none_match_is_quick():
    import time

    view = etag(lambda request: "v1")(lambda request: HttpResponse("content"))
    tags = ", ".join(f'"tag-{number}"' for number in range(5_000))
    request = RequestFactory().get("/", headers={"If-None-Match": tags + ', "v1"'})
    start = time.perf_counter()
    response = view(request)
    assert time.perf_counter() - start < 0.05
    assert response.status_code == 304
