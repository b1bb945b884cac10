"""View.as_view and dispatch: every rule of Django's View, plus decorators and make_response."""

import logging

import pytest

from chainweb.http import HttpResponse
from chainweb.test import RequestFactory
from chainweb.views import View

from . import views

GET_ONLY = "GET, HEAD, OPTIONS"
POST_ONLY = "POST, OPTIONS"
GET_POST = "GET, POST, HEAD, OPTIONS"

METHOD_TABLE = [
    # view path,      method,    status, Allow (None: no Allow header expected)
    ("/get-only/", "GET", 200, None),
    ("/get-only/", "POST", 405, GET_ONLY),
    ("/get-only/", "PUT", 405, GET_ONLY),
    ("/get-only/", "HEAD", 200, None),
    ("/get-only/", "OPTIONS", 200, GET_ONLY),
    ("/get-only/", "BREW", 405, GET_ONLY),
    ("/post-only/", "GET", 405, POST_ONLY),
    ("/post-only/", "POST", 200, None),
    ("/post-only/", "PUT", 405, POST_ONLY),
    ("/post-only/", "HEAD", 405, POST_ONLY),
    ("/post-only/", "OPTIONS", 200, POST_ONLY),
    ("/post-only/", "BREW", 405, POST_ONLY),
    ("/get-post/", "GET", 200, None),
    ("/get-post/", "POST", 200, None),
    ("/get-post/", "PUT", 405, GET_POST),
    ("/get-post/", "HEAD", 200, None),
    ("/get-post/", "OPTIONS", 200, GET_POST),
    ("/get-post/", "BREW", 405, GET_POST),
]


@pytest.mark.parametrize(
    ("path", "method", "status", "allow"),
    [pytest.param(*row, id=f"{row[0].strip('/')} {row[1]}") for row in METHOD_TABLE],
)
def test_method_table(client, path, method, status, allow):
    response = client.generic(method, path)
    assert response.status_code == status
    assert response.headers.get("Allow") == allow
    if method in ("HEAD", "OPTIONS"):
        assert response.content == b""


def test_head_is_served_by_get_without_a_body(client):
    get = client.get("/get-only/")
    head = client.head("/get-only/")
    assert head.content == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]


def test_a_head_method_wins_over_get(client):
    response = client.head("/custom-head/")
    assert response.headers["X-Head"] == "custom"


def test_options_has_zero_length(client):
    assert client.options("/get-post/").headers["Content-Length"] == "0"


def test_not_allowed_is_logged(client, caplog):
    caplog.set_level(logging.WARNING, logger="chainweb.request")
    client.post("/get-only/")
    assert "Method Not Allowed (POST): /get-only/" in caplog.text


def test_url_kwargs_reach_the_method(client):
    assert client.get("/get-only/7/").text == "get {'pk': 7}"


def test_fresh_instance_per_request(client):
    views.INSTANCES.clear()
    client.get("/get-only/")
    client.get("/get-only/")
    first, second = views.INSTANCES
    assert first is not second
    assert first.kwargs == second.kwargs == {}
    assert first.request is not second.request


def test_setup_without_super_is_named(client):
    with pytest.raises(AttributeError) as info:
        client.get("/forgets-super/")
    assert str(info.value) == (
        "ForgetsSuper instance has no 'request' attribute. Did you override setup() and "
        "forget to call super()?"
    )


@pytest.mark.parametrize(
    ("keyword", "message"),
    [
        pytest.param(
            "get",
            "The method name get is not accepted as a keyword argument to GetOnly(). Override "
            "the method in a subclass instead.",
            id="method name",
        ),
        pytest.param(
            "colour",
            "GetOnly() received an invalid keyword 'colour'. as_view only accepts arguments "
            "that are already attributes of the class.",
            id="not an attribute",
        ),
    ],
)
def test_as_view_refuses_bad_keywords(keyword, message):
    with pytest.raises(TypeError) as info:
        views.GetOnly.as_view(**{keyword: 1})
    assert str(info.value) == message


def test_as_view_sets_attributes_from_initkwargs():
    class Greeting(View):
        greeting = "hello"

        def get(self, request):
            return HttpResponse(self.greeting)

    view = Greeting.as_view(greeting="bonjour")
    assert view(RequestFactory().get("/")).content == b"bonjour"
    assert view.view_initkwargs == {"greeting": "bonjour"}


def test_view_function_carries_the_class():
    view = views.GetOnly.as_view()
    assert view.view_class is views.GetOnly
    assert view.view_initkwargs == {}
    assert view.__name__ == "GetOnly"
    assert view.__qualname__ == "GetOnly"
    assert view.__doc__ == "Answer GET only."
    assert view.__module__ == "tests.views.views"


def test_resolver_match_names_the_class(client):
    response = client.get("/get-only/")
    assert response.resolver_match.func.view_class is views.GetOnly
    assert response.resolver_match._func_path == "tests.views.views.GetOnly"


def test_decorators_attribute_wraps_the_view_first_listed_innermost(client):
    response = client.get("/decorated/")
    assert response.text == "decorated"
    assert response.headers["X-A"] == "A"
    assert response.headers["X-B"] == "B"
    view = views.Decorated.as_view()
    assert view.view_class is views.Decorated


@pytest.mark.parametrize(
    ("method", "status", "content_type", "body"),
    [
        ("GET", 200, "application/json", b'{"kind": "dict"}'),
        ("POST", 201, "text/html; charset=utf-8", b"made"),
        ("PUT", 200, "text/html; charset=utf-8", b"text"),
    ],
)
def test_methods_may_return_what_make_response_accepts(client, method, status, content_type, body):
    response = client.generic(method, "/values/")
    assert response.status_code == status
    assert response.headers["Content-Type"] == content_type
    assert response.content == body


def test_view_returning_none_names_the_class():
    class Silent(View):
        def get(self, request):
            return None

    from chainweb.core.handlers.base import BaseHandler

    with pytest.raises(ValueError, match=r"^The view tests\.views\.test_view\..*Silent didn't"):
        BaseHandler().check_response(None, Silent.as_view())
