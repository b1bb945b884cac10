"""XFrameOptionsMiddleware and the xframe_options_* view decorators."""

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.http import HttpResponse
from chainweb.middleware.clickjacking import XFrameOptionsMiddleware
from chainweb.test import Client, RequestFactory, override_settings
from chainweb.views.decorators import (
    xframe_options_deny,
    xframe_options_exempt,
    xframe_options_sameorigin,
)

XFRAME = "chainweb.middleware.clickjacking.XFrameOptionsMiddleware"
URLS = "tests.middleware.clickjacking_urls"


def serve(method, path, middleware=(XFRAME,), **settings):
    """Make one request with ``settings``; read the whole body."""
    with override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=list(middleware), **settings):
        response = getattr(Client(), method.lower())(path)
        response.body = response.content
    return response


CASES = [
    # setting, method, path, expected X-Frame-Options values
    pytest.param(None, "GET", "/plain/", ["DENY"], id="default: DENY"),
    pytest.param("DENY", "GET", "/plain/", ["DENY"], id="DENY"),
    pytest.param("SAMEORIGIN", "GET", "/plain/", ["SAMEORIGIN"], id="SAMEORIGIN"),
    pytest.param("sameorigin", "GET", "/plain/", ["SAMEORIGIN"], id="any case"),
    pytest.param(None, "HEAD", "/plain/", ["DENY"], id="HEAD"),
    pytest.param(None, "POST", "/plain/", ["DENY"], id="POST"),
    pytest.param("SAMEORIGIN", "GET", "/stream/", ["SAMEORIGIN"], id="streaming"),
    pytest.param(None, "GET", "/nowhere/", ["DENY"], id="404 page"),
    pytest.param(None, "GET", "/own/", ["SAMEORIGIN"], id="the view's own header wins"),
    pytest.param(None, "GET", "/exempt/", [], id="exempt"),
    pytest.param("SAMEORIGIN", "GET", "/exempt/", [], id="exempt, SAMEORIGIN"),
    pytest.param(None, "HEAD", "/exempt/", [], id="exempt, HEAD"),
    pytest.param(None, "GET", "/exempt-text/", [], id="exempt view returning a str"),
    pytest.param(None, "GET", "/class/", [], id="exempt class-based view"),
    pytest.param("SAMEORIGIN", "GET", "/deny/", ["DENY"], id="xframe_options_deny"),
    pytest.param("SAMEORIGIN", "GET", "/deny-tuple/", ["DENY"], id="deny, a (dict, status)"),
    pytest.param(
        "SAMEORIGIN", "GET", "/deny-own/", ["SAMEORIGIN"], id="deny, the view's own header wins"
    ),
    pytest.param("DENY", "GET", "/sameorigin/", ["SAMEORIGIN"], id="xframe_options_sameorigin"),
    pytest.param(
        "DENY", "GET", "/sameorigin-text/", ["SAMEORIGIN"], id="sameorigin view returning a str"
    ),
]


@pytest.mark.parametrize(("setting", "method", "path", "expected"), CASES)
def test_x_frame_options(setting, method, path, expected):
    settings = {} if setting is None else {"X_FRAME_OPTIONS": setting}
    response = serve(method, path, **settings)
    assert response.headers.getlist("X-Frame-Options") == expected


def test_the_body_and_status_are_untouched():
    response = serve("GET", "/stream/")
    assert response.streaming
    assert response.body == b"one two"
    response = serve("GET", "/deny-tuple/")
    assert response.status_code == 201
    assert response.json() == {"ok": True}
    response = serve("GET", "/exempt-text/")
    assert response.body == b"exempt text"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/plain/", []),
        ("/exempt/", []),
        ("/deny/", ["DENY"]),
        ("/sameorigin/", ["SAMEORIGIN"]),
        ("/sameorigin-text/", ["SAMEORIGIN"]),
    ],
)
def test_the_decorators_work_without_the_middleware(path, expected):
    response = serve("GET", path, middleware=())
    assert response.headers.getlist("X-Frame-Options") == expected


def test_with_security_middleware_outside():
    response = serve(
        "GET", "/plain/", middleware=("chainweb.middleware.security.SecurityMiddleware", XFRAME)
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_decorators_keep_the_view_name():
    def view(request):
        """Say hello."""
        return "hello"

    for decorator in (xframe_options_deny, xframe_options_sameorigin, xframe_options_exempt):
        decorated = decorator(view)
        assert decorated.__name__ == "view"
        assert decorated.__doc__ == "Say hello."
        assert decorated.__wrapped__ is view


def test_the_exempt_mark_is_on_the_response():
    response = xframe_options_exempt(lambda request: "hi")(RequestFactory().get("/"))
    assert isinstance(response, HttpResponse)
    assert response.xframe_options_exempt is True


def test_a_response_marked_by_hand_is_exempt():
    def view(request):
        response = HttpResponse("hi")
        response.xframe_options_exempt = True
        return response

    response = XFrameOptionsMiddleware(view)(RequestFactory().get("/"))
    assert "X-Frame-Options" not in response.headers


def test_a_subclass_may_choose_the_value_per_request():
    class PerPath(XFrameOptionsMiddleware):
        def get_xframe_options_value(self, request, response):
            return "SAMEORIGIN" if request.path.startswith("/embed/") else self.value

    middleware = PerPath(lambda request: HttpResponse("hi"))
    assert middleware(RequestFactory().get("/embed/x"))["X-Frame-Options"] == "SAMEORIGIN"
    assert middleware(RequestFactory().get("/page/"))["X-Frame-Options"] == "DENY"


BAD_VALUES = [
    pytest.param("ALLOW-FROM https://example.com", id="ALLOW-FROM"),
    pytest.param("SAMEORIGIN, DENY", id="two values"),
    pytest.param("DENY\r\nSet-Cookie: a=b", id="CRLF"),
    pytest.param("DENY\n", id="trailing newline"),
    pytest.param(" DENY", id="a space"),
    pytest.param("", id="empty"),
    pytest.param(None, id="None"),
    pytest.param(1, id="an int"),
    pytest.param(["DENY"], id="a list"),
]


@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_bad_setting_fails_at_load(value):
    with override_settings(X_FRAME_OPTIONS=value), pytest.raises(ImproperlyConfigured) as info:
        XFrameOptionsMiddleware(lambda request: HttpResponse())
    assert str(info.value) == (
        f"X_FRAME_OPTIONS is {value!r}; it must be 'DENY' (the default: no site may show the "
        "pages in a frame) or 'SAMEORIGIN' (only this site may). To let other sites frame a "
        "view, decorate it with chainweb.views.decorators.clickjacking.xframe_options_exempt; "
        "to send no header at all, remove XFrameOptionsMiddleware from MIDDLEWARE."
    )


def test_a_bad_setting_fails_when_the_handler_loads():
    with (
        override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[XFRAME], X_FRAME_OPTIONS="ALLOWALL"),
        pytest.raises(ImproperlyConfigured, match="X_FRAME_OPTIONS is 'ALLOWALL'"),
    ):
        Client().get("/plain/")


def test_repr_shows_the_value():
    def view(request):
        return HttpResponse()

    with override_settings(X_FRAME_OPTIONS="sameorigin"):
        middleware = XFrameOptionsMiddleware(view)
    assert repr(middleware) == (
        "<XFrameOptionsMiddleware X_FRAME_OPTIONS='SAMEORIGIN' "
        "get_response=test_repr_shows_the_value.<locals>.view>"
    )
