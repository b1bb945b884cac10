"""Exceptions become responses: the status table, error views, DEBUG pages and logging."""

import logging

import pytest

from chainweb.core.signals import got_request_exception

BODY_LEAKS = ["Traceback", "view failed", "tests.core.handlers", "SECRET", "<script>"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        pytest.param("/nowhere/", 404, id="no pattern: Resolver404"),
        pytest.param("/not-found/", 404, id="Http404"),
        pytest.param("/forbidden/", 403, id="PermissionDenied"),
        pytest.param("/bad/", 400, id="BadRequest"),
        pytest.param("/suspicious/", 400, id="SuspiciousOperation"),
        pytest.param("/disallowed/", 400, id="DisallowedHost"),
        pytest.param("/too-big/", 413, id="RequestDataTooBig"),
        pytest.param("/teapot/", 418, id="werkzeug HTTPException"),
        pytest.param("/raises/", 500, id="anything else"),
    ],
)
def test_exception_to_status(serve, path, status):
    response = serve().get(path)
    assert response.status_code == status
    body = response.get_data(as_text=True)
    for leak in BODY_LEAKS:
        assert leak not in body


def test_disallowed_host_header_is_400(serve):
    response = serve().get("/ok/", headers={"Host": "evil.example"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/nowhere/", 404, "custom 404: Resolver404"),
        ("/not-found/", 404, "custom 404: Http404"),
        ("/forbidden/", 403, "custom 403"),
        ("/bad/", 400, "custom 400"),
        ("/raises/", 500, "custom 500"),
    ],
)
def test_urlconf_error_handlers(serve, path, status, body):
    response = serve(ROOT_URLCONF="tests.core.handlers.custom_handlers_urls").get(path)
    assert response.status_code == status
    assert response.get_data(as_text=True) == body


def test_debug_404_lists_patterns_tried_with_names_escaped(serve):
    response = serve(DEBUG=True).get("/nowhere/<script>alert(1)</script>")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<code>&#x27;ok/&#x27; [name=&#x27;ok&#x27;]</code>" in body
    assert "&#x27;items/&lt;int:pk&gt;/&#x27; [name=&#x27;item&#x27;]" in body
    assert "tests.core.handlers.urls" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "DEBUG = True" in body


def test_debug_404_wins_over_handler404(serve):
    response = serve(DEBUG=True, ROOT_URLCONF="tests.core.handlers.custom_handlers_urls").get(
        "/not-found/"
    )
    body = response.get_data(as_text=True)
    assert "custom 404" not in body
    assert "No article 7 &lt;b&gt;here&lt;/b&gt;" in body
    assert "Raised by: <code>tests.core.handlers.views.not_found</code>" in body


def test_debug_500_shows_traceback_and_request_escaped(serve):
    client = serve(DEBUG=True)
    client.set_cookie("theme", "dark")
    response = client.get("/raises/?q=<i>x</i>")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "ValueError at /raises/" in body
    assert "view failed &lt;script&gt;" in body
    assert "raise ValueError(&quot;view failed &lt;script&gt;&quot;)" in body
    assert "&lt;i&gt;x&lt;/i&gt;" in body
    assert "<i>x</i>" not in body
    assert "dark" in body
    assert "test-secret-key" not in body  # SECRET_KEY is masked
    assert "********************" in body


def test_debug_400_shows_the_reason(serve):
    response = serve(DEBUG=True).get("/bad/")
    assert response.status_code == 400
    assert "malformed thing" in response.get_data(as_text=True)


def test_broken_error_handler_gives_500(serve, monkeypatch):
    from tests.core.handlers import custom_handlers_urls

    def broken(request, exception):
        raise RuntimeError("handler failed")

    monkeypatch.setattr(custom_handlers_urls, "handler404", broken)
    sent = []
    got_request_exception.connect(lambda sender, **kw: sent.append(kw["exception"]), weak=False)
    try:
        response = serve(ROOT_URLCONF="tests.core.handlers.custom_handlers_urls").get("/x/")
    finally:
        got_request_exception.receivers.clear()
    assert response.get_data(as_text=True) == "custom 500"
    assert [type(exc).__name__ for exc in sent] == ["RuntimeError"]


@pytest.mark.parametrize(
    ("returned", "status", "body", "content_type"),
    [
        ("gone <b>missing</b>", 404, "gone <b>missing</b>", "text/html; charset=utf-8"),
        ({"error": "not found"}, 404, '{"error": "not found"}', "application/json"),
        (("moved", 410), 410, "moved", "text/html; charset=utf-8"),
        (("teapot", {"X-Why": "tea"}), 404, "teapot", "text/html; charset=utf-8"),
    ],
)
def test_error_views_may_return_what_views_may(
    serve, monkeypatch, returned, status, body, content_type
):
    """As views: a str, dict or tuple becomes a response; without a status, the error's."""
    from tests.core.handlers import custom_handlers_urls

    monkeypatch.setattr(custom_handlers_urls, "handler404", lambda request, exception: returned)
    monkeypatch.setattr(custom_handlers_urls, "handler500", lambda request: returned)
    client = serve(ROOT_URLCONF="tests.core.handlers.custom_handlers_urls")
    client.raise_request_exception = False
    for path, error_status in (("/x/", 404), ("/raises/", 500)):
        response = client.get(path)
        assert response.status_code == (error_status if status == 404 else status)
        assert response.get_data(as_text=True) == body
        assert response.headers["Content-Type"] == content_type


def test_broken_urlconf_still_gives_a_plain_500(serve):
    response = serve(ROOT_URLCONF="tests.core.handlers.does_not_exist").get("/ok/")
    assert response.status_code == 500
    assert "Server Error (500)" in response.get_data(as_text=True)


def test_logging_4xx_warning_5xx_error_with_traceback(serve, caplog):
    caplog.set_level(logging.INFO, logger="chainweb.request")
    client = serve()
    client.get("/nowhere/")
    client.get("/raises/")
    records = [(r.levelname, r.getMessage(), r.exc_info is not None) for r in caplog.records
               if r.name == "chainweb.request"]  # fmt: skip
    assert records == [
        ("WARNING", "404 NOT FOUND: /nowhere/", False),
        ("ERROR", "500 INTERNAL SERVER ERROR: /raises/", True),
    ]


def test_suspicious_operation_logged_on_security_logger(serve, caplog):
    caplog.set_level(logging.ERROR, logger="chainweb.security")
    serve().get("/suspicious/")
    assert [
        (r.name, r.getMessage()) for r in caplog.records if r.name.startswith("chainweb.sec")
    ] == [("chainweb.security.SuspiciousOperation", "odd")]


@pytest.mark.parametrize(
    ("path", "status", "content_type", "body"),
    [
        ("/text/", 200, "text/html; charset=utf-8", "plain text"),
        ("/data/", 200, "application/json", '{"a": 1}'),
        ("/created/", 201, "text/html; charset=utf-8", "made"),
    ],
)
def test_view_return_values_go_through_make_response(serve, path, status, content_type, body):
    response = serve().get(path)
    assert response.status_code == status
    assert response.headers["Content-Type"] == content_type
    assert response.get_data(as_text=True).replace(" ", "") == body.replace(" ", "")


@pytest.mark.parametrize(
    ("code", "body"), [(404, "custom 404: Http404"), (403, "custom 403"), (400, "custom 400")]
)
def test_werkzeug_abort_goes_to_the_error_views(serve, code, body):
    """Flask's habit, abort(404), reaches handler404 as Http404 does."""
    client = serve(ROOT_URLCONF="tests.core.handlers.custom_handlers_urls")
    response = client.get(f"/aborts/?code={code}")
    assert (response.status_code, response.get_data(as_text=True)) == (code, body)


def test_werkzeug_abort_with_a_response_sends_that_response(serve):
    response = serve(ROOT_URLCONF="tests.core.handlers.custom_handlers_urls").get("/aborts/")
    assert (response.status_code, response.get_data(as_text=True)) == (404, "mine")
