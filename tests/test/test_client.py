from __future__ import annotations

import io
import json
import wsgiref.validate

import pytest
from werkzeug.test import ClientRedirectError, EnvironBuilder, run_wsgi_app

import chainweb.test
from chainweb.core.handlers.wsgi import WSGIHandler
from chainweb.core.signals import got_request_exception, request_finished
from chainweb.http import Request
from chainweb.test import Client, RequestFactory, override_settings
from chainweb.test.client import ClientResponse

from . import client_urls

URLCONF = "tests.test.client_urls"


@pytest.fixture(autouse=True)
def urlconf():
    client_urls.seen.clear()
    with override_settings(ROOT_URLCONF=URLCONF, MIDDLEWARE=[]):
        yield


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def finished():
    """Record request_finished signals."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append(sender)

    request_finished.connect(receiver)
    yield calls
    request_finished.disconnect(receiver)


# The package re-exports.


def test_package_exports_the_testing_tools():
    assert chainweb.test.Client is Client
    assert chainweb.test.RequestFactory is RequestFactory
    assert chainweb.test.override_settings is override_settings
    assert set(chainweb.test.__all__) == {"Client", "RequestFactory", "override_settings"}


def test_package_refuses_unknown_names():
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        chainweb.test.Nope  # noqa: B018


# Responses.


def test_get_returns_the_views_response(client):
    response = client.get("/")
    assert isinstance(response, ClientResponse)
    assert response.status_code == 200
    assert response.content == b"index"
    assert response.text == "index"
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.client is client
    assert response.templates == []
    assert response.context is None
    assert response.streaming is False
    assert response.redirect_chain == []


def test_response_exposes_the_request_and_how_it_resolved(client):
    response = client.get("/articles/2024/")
    assert response.text == "article 2024"
    match = response.resolver_match
    assert match.func is client_urls.article
    assert match.kwargs == {"year": 2024}
    assert match.url_name == "article"
    assert isinstance(response.wsgi_request, Request)
    assert response.wsgi_request.path == "/articles/2024/"
    assert response.wsgi_request.resolver_match is match
    assert response.request.environ["PATH_INFO"] == "/articles/2024/"


def test_resolver_match_is_none_when_nothing_matched(client):
    response = client.get("/nowhere/")
    assert response.status_code == 404
    assert response.resolver_match is None
    assert isinstance(response.wsgi_request, Request)


def test_headers_read_like_a_django_response(client):
    response = client.get("/json/")
    assert response["Content-Type"] == "application/json"
    assert "content-type" in response
    assert response.has_header("Content-Type")
    assert not response.has_header("X-Missing")
    assert response.get("X-Missing", "fallback") == "fallback"
    with pytest.raises(KeyError):
        response["X-Missing"]


def test_json_is_a_method_as_in_django(client):
    response = client.get("/json/")
    assert response.json() == {"answer": 42, "items": [1, 2]}
    assert response.get_json() == {"answer": 42, "items": [1, 2]}  # werkzeug's spelling


def test_json_refuses_a_response_that_is_not_json(client):
    response = client.get("/")
    with pytest.raises(
        ValueError, match=r'Content-Type header is "text/html.*", not "application/json"'
    ):
        response.json()


def test_head_has_no_body(client):
    response = client.head("/")
    assert response.status_code == 200
    assert response.content == b""


def test_request_finished_is_sent_before_the_response_is_returned(client, finished):
    client.get("/")
    assert len(finished) == 1


def test_streaming_response_is_read_on_demand(client, finished):
    response = client.get("/stream/")
    assert response.streaming is True
    assert finished == []
    assert b"".join(response.streaming_content) == b"one,two"
    response.close()
    assert len(finished) == 1


def test_streaming_content_can_be_read_as_content(client):
    with client.get("/stream/") as response:
        assert response.content == b"one,two"


# Query strings and bodies.


@pytest.mark.parametrize(
    ("path", "data", "query_string", "expected"),
    [
        pytest.param("/echo/", {"a": "1"}, None, {"a": ["1"]}, id="dict"),
        pytest.param("/echo/", {"a": ["1", "2"]}, None, {"a": ["1", "2"]}, id="dict of lists"),
        pytest.param("/echo/", [("a", "1"), ("a", "2")], None, {"a": ["1", "2"]}, id="pairs"),
        pytest.param("/echo/", "a=1&b=2", None, {"a": ["1"], "b": ["2"]}, id="string"),
        pytest.param("/echo/", b"a=%C3%A9", None, {"a": ["é"]}, id="bytes"),
        pytest.param("/echo/?a=1", {"b": 2}, None, {"a": ["1"], "b": ["2"]}, id="path and data"),
        pytest.param("/echo/", None, {"c": "3"}, {"c": ["3"]}, id="query_string mapping"),
        pytest.param("/echo/?a=1", {"b": 2}, "c=3", {"a": ["1"], "b": ["2"], "c": ["3"]}, id="all"),
    ],
)
def test_get_data_becomes_the_query_string(client, path, data, query_string, expected):
    response = client.get(path, data, query_string=query_string)
    assert response.json()["GET"] == expected
    assert response.json()["body"] == ""


def test_query_values_are_quoted(client):
    response = client.get("/echo/", {"q": "a b&c=d/é"})
    assert response.json()["GET"] == {"q": ["a b&c=d/é"]}


def test_none_in_the_query_is_refused(client):
    with pytest.raises(TypeError, match="Cannot encode None for key 'q' in the query string"):
        client.get("/echo/", {"q": None})


def test_post_sends_a_mapping_as_a_form(client):
    response = client.post("/echo/", {"name": "Ada", "tags": ["a", "b"]})
    body = response.json()
    assert body["method"] == "POST"
    assert body["POST"] == {"name": ["Ada"], "tags": ["a", "b"]}
    assert body["content_type"] == "application/x-www-form-urlencoded"


def test_post_sends_files_as_multipart(client):
    upload = (io.BytesIO(b"file body"), "notes.txt")
    response = client.post("/echo/", {"title": "t", "attachment": upload})
    body = response.json()
    assert body["content_type"].startswith("multipart/form-data; boundary=")
    assert body["POST"] == {"title": ["t"]}
    assert body["FILES"] == {"attachment": "file body"}


def test_post_json_keyword_sends_json(client):
    response = client.post("/echo/", json={"a": [1, 2]})
    body = response.json()
    assert body["content_type"] == "application/json"
    assert json.loads(body["body"]) == {"a": [1, 2]}


@pytest.mark.parametrize("payload", [{"a": 1}, [1, 2], (1, 2)], ids=["dict", "list", "tuple"])
def test_post_with_a_json_content_type_encodes_json_as_django_does(client, payload):
    response = client.post("/echo/", payload, content_type="application/vnd.api+json")
    body = response.json()
    assert body["content_type"] == "application/vnd.api+json"
    assert json.loads(body["body"]) == json.loads(json.dumps(payload))


def test_post_with_a_json_content_type_sends_text_as_is(client):
    response = client.post("/echo/", '{"raw": true}', content_type="application/json")
    assert response.json()["body"] == '{"raw": true}'


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_body_methods_send_raw_data_as_octet_stream(client, method):
    response = getattr(client, method)("/echo/", b"\x00raw")
    body = response.json()
    assert body["method"] == method.upper()
    assert body["body"] == "\x00raw"
    assert body["content_type"] == "application/octet-stream"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_body_methods_send_forms_and_json(client, method):
    send = getattr(client, method)
    assert send("/echo/", {"a": "1"}).json()["POST"] == {"a": ["1"]}
    assert json.loads(send("/echo/", json={"a": 1}).json()["body"]) == {"a": 1}


def test_body_with_its_content_type_and_a_query_string(client):
    response = client.put("/echo/", "text", content_type="text/plain", query_string={"v": "2"})
    body = response.json()
    assert (body["body"], body["content_type"], body["GET"]) == ("text", "text/plain", {"v": ["2"]})


def test_file_object_is_read_as_the_body(client):
    response = client.post("/echo/", io.BytesIO(b"streamed"), content_type="text/plain")
    assert response.json()["body"] == "streamed"


def test_trace_puts_data_in_the_query_string(client):
    response = client.trace("/echo/", {"a": "1"})
    assert response.json()["method"] == "TRACE"
    assert response.json()["GET"] == {"a": ["1"]}


def test_generic_sends_data_as_the_body_whatever_the_method(client):
    response = client.generic("report", "/echo/", b"<q/>", "application/xml")
    body = response.json()
    assert (body["method"], body["body"], body["content_type"]) == (
        "REPORT",
        "<q/>",
        "application/xml",
    )


def test_data_and_json_together_are_refused(client):
    with pytest.raises(TypeError, match="either as data or as json, not both"):
        client.post("/echo/", {"a": 1}, json={"b": 2})


def test_mapping_with_a_content_type_that_is_not_a_form_is_refused(client):
    with pytest.raises(
        TypeError,
        match="data is a mapping, which is sent as a form, but content_type is 'text/plain'",
    ):
        client.post("/echo/", {"a": 1}, content_type="text/plain")


def test_none_in_a_form_is_refused(client):
    with pytest.raises(TypeError, match="Cannot encode None for key 'a' in form data"):
        client.post("/echo/", {"a": None})


# The environ: host, scheme, headers, defaults.


def test_requests_go_to_testserver_from_localhost(client):
    body = client.get("/echo/").json()
    assert body["host"] == "testserver"
    assert body["secure"] is False
    assert body["remote_addr"] == "127.0.0.1"


def test_secure_makes_an_https_request(client):
    response = client.get("/echo/", secure=True)
    assert response.json()["secure"] is True
    assert response.wsgi_request.scheme == "https"
    assert response.wsgi_request.environ["SERVER_PORT"] == "443"


def test_headers_and_extra_environ(client):
    response = client.get("/echo/", headers={"X-Token": "t1"}, HTTP_USER_AGENT="agent/1")
    body = response.json()
    assert (body["token"], body["agent"]) == ("t1", "agent/1")


def test_content_type_header_goes_to_the_wsgi_key(client):
    response = client.post("/echo/", b"x", headers={"Content-Type": "text/csv"})
    assert response.json()["content_type"] == "text/csv"


def test_defaults_apply_to_every_request_and_can_be_overridden():
    client = Client(HTTP_USER_AGENT="suite", REMOTE_ADDR="10.0.0.1")
    assert client.get("/echo/").json()["agent"] == "suite"
    assert client.get("/echo/").json()["remote_addr"] == "10.0.0.1"
    assert client.get("/echo/", HTTP_USER_AGENT="extra").json()["agent"] == "extra"
    assert client.get("/echo/", headers={"User-Agent": "header"}).json()["agent"] == "header"


# Cookies.


def test_cookies_are_kept_across_requests(client):
    client.get("/set-cookie/", {"flavour": "oat"})
    assert client.get("/echo/").json()["cookies"] == {"flavour": "oat"}
    assert client.get_cookie("flavour", domain="testserver").value == "oat"
    client.get("/forget-cookie/")
    assert client.get("/echo/").json()["cookies"] == {}


def test_cookie_methods_default_to_the_test_host(client):
    client.set_cookie("flavour", "plain")
    assert client.get("/echo/").json()["cookies"] == {"flavour": "plain"}
    assert client.get_cookie("flavour").value == "plain"
    client.delete_cookie("flavour")
    assert client.get_cookie("flavour") is None
    assert client.get("/echo/").json()["cookies"] == {}


def test_cookies_set_by_the_test_are_sent(client):
    client.set_cookie("flavour", "plain", domain="testserver")
    assert client.get("/echo/").json()["cookies"] == {"flavour": "plain"}


def test_each_client_has_its_own_cookies(client):
    client.get("/set-cookie/")
    assert Client().get("/echo/").json()["cookies"] == {}


# Redirects.


def test_redirect_is_returned_without_follow(client):
    response = client.get("/redirect/")
    assert response.status_code == 302
    assert response.url == "/hop/"
    assert response["Location"] == "/hop/"
    assert response.redirect_chain == []


def test_follow_records_the_redirect_chain(client):
    response = client.get("/redirect/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/hop/", 302), ("/echo/?from=hop", 301)]
    assert response.json()["GET"] == {"from": ["hop"]}
    assert response.resolver_match.url_name == "echo"
    assert response.wsgi_request.path == "/echo/"


def test_follow_after_post_turns_302_into_get(client):
    response = client.post("/redirect/", {"a": "1"}, follow=True)
    assert response.json()["method"] == "GET"
    assert response.json()["body"] == ""


def test_follow_307_keeps_the_method_and_body(client):
    response = client.post("/temporary/", {"a": "1"}, follow=True)
    assert response.redirect_chain == [("/echo/", 307)]
    assert response.json()["method"] == "POST"
    assert response.json()["POST"] == {"a": ["1"]}


def test_follow_keeps_cookies_and_secure(client):
    client.set_cookie("flavour", "kept", domain="testserver")
    response = client.get("/redirect/", follow=True, secure=True)
    assert response.json()["cookies"] == {"flavour": "kept"}
    assert response.json()["secure"] is True


def test_redirect_loop_is_reported(client):
    with pytest.raises(ClientRedirectError, match="Loop detected"):
        client.get("/loop/", follow=True)


# Exceptions raised by views.


def test_view_exception_is_raised_in_the_test(client, finished):
    with pytest.raises(ValueError, match="boom from the view"):
        client.get("/boom/")
    assert len(finished) == 1  # raised after the response was complete


def test_view_exception_is_raised_only_once(client):
    with pytest.raises(ValueError):
        client.get("/boom/")
    assert client.get("/").status_code == 200


def test_view_exception_becomes_a_500_without_raise_request_exception():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "boom from the view" not in response.text  # DEBUG is off: nothing leaks


def test_exception_raised_while_following_is_raised(client):
    with pytest.raises(ValueError, match="boom from the view"):
        client.get("/to-boom/", follow=True)


@pytest.mark.parametrize(("path", "status"), [("/missing/", 404), ("/forbidden/", 403)])
def test_exceptions_with_their_own_status_are_not_raised(client, path, status):
    assert client.get(path).status_code == status


def test_exception_signals_for_other_requests_are_ignored(client):
    assert client.get("/signals/").text == "fine"


def test_receiver_is_disconnected_after_each_request(client):
    before = len(got_request_exception.receivers)
    client.get("/")
    with pytest.raises(ValueError):
        client.get("/boom/")
    assert len(got_request_exception.receivers) == before


# The handler.


def test_handler_is_built_on_the_first_request():
    client = Client()
    assert client.handler is None
    client.get("/")
    assert isinstance(client.handler, WSGIHandler)
    handler = client.handler
    client.get("/")
    assert client.handler is handler
    assert "handler=" in repr(client)


def test_middleware_overridden_before_the_first_request_is_used():
    client = Client()
    with override_settings(MIDDLEWARE=["tests.test.client_middleware.stamp"]):
        assert client.get("/")["X-Stamped"] == "yes"


def test_open_takes_werkzeug_arguments_and_goes_to_testserver(client):
    response = client.open("/echo/", method="PUT", data="x", buffered=True)
    assert response.json()["method"] == "PUT"
    assert response.json()["host"] == "testserver"
    assert response.resolver_match.url_name == "echo"


def test_open_with_buffered_still_raises_view_exceptions(client):
    with pytest.raises(ValueError, match="boom from the view"):
        client.open("/boom/", buffered=True)


def test_application_is_a_valid_wsgi_app(client):
    environ = EnvironBuilder("/echo/", base_url="http://testserver").get_environ()
    app_iter, status, headers = run_wsgi_app(
        wsgiref.validate.validator(client.application), environ, buffered=True
    )
    assert status == "200 OK"
    assert json.loads(b"".join(app_iter))["path"] == "/echo/"


# RequestFactory.


@pytest.fixture
def rf():
    return RequestFactory()


def test_factory_builds_a_request_without_running_it(rf):
    request = rf.get("/echo/", {"a": ["1", "2"]})
    assert isinstance(request, Request)
    assert request.method == "GET"
    assert request.path == "/echo/"
    assert request.GET.getlist("a") == ["1", "2"]
    assert request.get_host() == "testserver"
    assert request.resolver_match is None
    assert client_urls.seen == []


def test_factory_request_can_be_passed_to_a_view(rf):
    response = client_urls.echo(rf.post("/echo/", {"a": "1"}, headers={"X-Token": "t"}))
    body = json.loads(response.content)
    assert (body["method"], body["POST"], body["token"]) == ("POST", {"a": ["1"]}, "t")


@pytest.mark.parametrize("method", ["get", "head", "trace"])
def test_factory_query_methods(rf, method):
    request = getattr(rf, method)("/x/", {"q": "1"}, secure=True, query_string="r=2")
    assert request.method == method.upper()
    assert request.GET.to_dict() == {"q": "1", "r": "2"}
    assert request.is_secure()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_factory_body_methods(rf, method):
    request = getattr(rf, method)("/x/", json={"a": 1}, query_string={"v": "1"})
    assert request.method == method.upper()
    assert json.loads(request.body) == {"a": 1}
    assert request.content_type == "application/json"
    assert request.GET["v"] == "1"


def test_factory_generic_and_defaults():
    rf = RequestFactory(HTTP_USER_AGENT="factory", SERVER_NAME="example.com")
    request = rf.generic("put", "/x/", "raw", "text/plain", HTTP_X_EXTRA="1")
    assert (request.method, request.body, request.content_type) == ("PUT", b"raw", "text/plain")
    assert request.headers["User-Agent"] == "factory"
    assert request.headers["X-Extra"] == "1"
    assert request.environ["SERVER_NAME"] == "example.com"
