"""CommonMiddleware: APPEND_SLASH, PREPEND_WWW, DISALLOWED_USER_AGENTS and Content-Length."""

import re
import time
from urllib.parse import urljoin, urlsplit

import pytest
from werkzeug.wrappers import Response as WerkzeugResponse

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured, PermissionDenied
from chainweb.http import (
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
    make_response,
)
from chainweb.http.response import MAX_URL_REDIRECT_LENGTH
from chainweb.middleware.common import CommonMiddleware
from chainweb.test import Client, RequestFactory, override_settings
from chainweb.utils.http import escape_leading_slashes

from . import common_urls

COMMON = "chainweb.middleware.common.CommonMiddleware"
URLS = "tests.middleware.common_urls"
OTHER_URLCONF = "tests.middleware.common_urls.UseOtherURLconf"
NOT_FOUND_EARLY = "tests.middleware.common_urls.NotFoundBeforeResolving"
WWW_HOSTS = ["testserver", "www.testserver", "127.0.0.1", "[::1]"]


@pytest.fixture
def project():
    """Settings for a project whose only middleware is CommonMiddleware."""
    with override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[COMMON], ALLOWED_HOSTS=WWW_HOSTS):
        yield


def request_with(options, method, target, **extra):
    """Make one request with ``options`` layered over the project settings."""
    with override_settings(**options):
        return Client().generic(method, target, **extra)


# -- The table: settings x method x path -> status, Location ------------------------------

NO_SLASH = {"APPEND_SLASH": False}
WWW = {"PREPEND_WWW": True}
WWW_NO_SLASH = {"PREPEND_WWW": True, "APPEND_SLASH": False}

CASES = [
    # APPEND_SLASH (on by default): 301 for GET and HEAD, 308 for the others.
    ({}, "GET", "/slash", 301, "/slash/"),
    ({}, "HEAD", "/slash", 301, "/slash/"),
    ({}, "POST", "/slash", 308, "/slash/"),
    ({}, "PUT", "/slash", 308, "/slash/"),
    ({}, "PATCH", "/slash", 308, "/slash/"),
    ({}, "DELETE", "/slash", 308, "/slash/"),
    ({}, "OPTIONS", "/slash", 308, "/slash/"),
    ({}, "GET", "/nested/deeper", 301, "/nested/deeper/"),
    # The query string is kept, as it came.
    ({}, "GET", "/slash?a=1&b=x%20y", 301, "/slash/?a=1&b=x%20y"),
    ({}, "POST", "/slash?next=/home/", 308, "/slash/?next=/home/"),
    # The path is quoted.
    ({}, "GET", "/caf%C3%A9", 301, "/caf%C3%A9/"),
    # Left alone: it ends in a slash, it resolves without one, neither form resolves.
    ({}, "GET", "/slash/", 200, None),
    ({}, "GET", "/noslash", 200, None),
    ({}, "GET", "/noslash?a=1", 200, None),
    ({}, "POST", "/noslash", 200, None),
    ({}, "GET", "/nowhere", 404, None),
    ({}, "GET", "/nowhere/", 404, None),
    ({}, "POST", "/nowhere", 404, None),
    # A view that answers 404 for a path that resolved is believed.
    ({}, "GET", "/view-404", 404, None),
    ({}, "GET", "/raise-404", 404, None),
    # A view that opts out (should_append_slash = False).
    ({}, "GET", "/opt-out", 404, None),
    # APPEND_SLASH off.
    (NO_SLASH, "GET", "/slash", 404, None),
    (NO_SLASH, "POST", "/slash", 404, None),
    (NO_SLASH, "GET", "/slash/", 200, None),
    # PREPEND_WWW, with the slash added in the same redirect when APPEND_SLASH is on.
    (WWW, "GET", "/slash/", 301, "http://www.testserver/slash/"),
    (WWW, "GET", "/slash", 301, "http://www.testserver/slash/"),
    (WWW, "GET", "/slash?q=1", 301, "http://www.testserver/slash/?q=1"),
    (WWW, "HEAD", "/noslash", 301, "http://www.testserver/noslash"),
    (WWW, "GET", "/nowhere", 301, "http://www.testserver/nowhere"),
    (WWW, "POST", "/slash", 308, "http://www.testserver/slash/"),
    (WWW, "DELETE", "/slash/", 308, "http://www.testserver/slash/"),
    (WWW_NO_SLASH, "GET", "/slash", 301, "http://www.testserver/slash"),
    (WWW_NO_SLASH, "GET", "/slash/?q=1", 301, "http://www.testserver/slash/?q=1"),
]


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(("options", "method", "target", "status", "location"), CASES)
def test_table(options, method, target, status, location):
    response = request_with(options, method, target)
    assert response.status_code == status, response.text
    assert response.headers.get("Location") == location


# Hosts under PREPEND_WWW: (Host header, secure, status, Location).
HOST_CASES = [
    ("testserver", False, 301, "http://www.testserver/slash/"),
    ("testserver", True, 301, "https://www.testserver/slash/"),
    ("testserver:8000", False, 301, "http://www.testserver:8000/slash/"),
    ("www.testserver", False, 200, None),
    ("WWW.testserver", False, 200, None),
    ("127.0.0.1", False, 200, None),  # no www. before an IP address
    ("[::1]", False, 200, None),
]


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(("host", "secure", "status", "location"), HOST_CASES)
def test_prepend_www_hosts(host, secure, status, location):
    with override_settings(PREPEND_WWW=True, ALLOWED_HOSTS=[*WWW_HOSTS, "www.testserver"]):
        response = Client().get("/slash/", secure=secure, headers={"Host": host})
    assert response.status_code == status
    assert response.headers.get("Location") == location


@pytest.mark.usefixtures("project")
def test_prepend_www_refuses_a_host_not_allowed():
    with override_settings(PREPEND_WWW=True):
        response = Client().get("/slash/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "Location" not in response.headers


# -- Redirects keep the request -----------------------------------------------------------


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_308_redirect_keeps_the_method_and_the_body(method):
    response = Client().generic(
        method, "/slash?x=1", b"payload=42", content_type="text/plain", follow=True
    )
    assert response.redirect_chain == [("/slash/?x=1", 308)]
    assert response.status_code == 200
    assert response.text == f"{method} /slash/ ?x=1 body=payload=42"


@pytest.mark.usefixtures("project")
def test_a_posted_form_arrives_after_the_redirect():
    response = Client().post("/slash", {"name": "Ada"}, follow=True)
    assert response.redirect_chain == [("/slash/", 308)]
    assert response.text == "POST /slash/ ? body=name=Ada"


@pytest.mark.usefixtures("project")
def test_a_get_redirect_is_followed_to_the_view():
    response = Client().get("/slash?q=1", follow=True)
    assert response.redirect_chain == [("/slash/?q=1", 301)]
    assert response.text == "GET /slash/ ?q=1 body="


@pytest.mark.usefixtures("project")
def test_a_head_redirect_has_no_body():
    response = Client().head("/slash")
    assert response.status_code == 301
    assert response.data == b""


@pytest.mark.usefixtures("project")
def test_the_redirect_keeps_the_script_prefix():
    response = Client().get("/slash", SCRIPT_NAME="/app")
    assert response.status_code == 301
    assert response.headers["Location"] == "/app/slash/"


# -- Which URLconf ------------------------------------------------------------------------


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(
    "middleware",
    [[OTHER_URLCONF, COMMON], [COMMON, OTHER_URLCONF]],
    ids=["switched-outside", "switched-inside"],
)
def test_the_urlconf_a_middleware_switched_to_is_used(middleware):
    with override_settings(MIDDLEWARE=middleware):
        client = Client()
        switched = {"X-Other-Urlconf": "1"}
        response = client.get("/other", headers=switched)
        assert response.status_code == 301
        assert response.headers["Location"] == "/other/"
        # The root URLconf has /slash/, but this request does not resolve with it.
        assert client.get("/slash", headers=switched).status_code == 404
        # Requests that do not switch use ROOT_URLCONF.
        assert client.get("/other").status_code == 404
        assert client.get("/slash").headers["Location"] == "/slash/"


def test_request_urlconf_is_used_over_root_urlconf():
    middleware = CommonMiddleware(lambda request: HttpResponseNotFound())
    with override_settings(ROOT_URLCONF=URLS):
        request = RequestFactory().get("/other")
        request.urlconf = common_urls.other_urls
        assert middleware(request)["Location"] == "/other/"
        request = RequestFactory().get("/slash")
        request.urlconf = common_urls.other_urls
        assert middleware(request).status_code == 404


@pytest.mark.usefixtures("project")
def test_a_404_from_a_middleware_before_resolution_is_redirected_as_django_does():
    with override_settings(MIDDLEWARE=[COMMON, NOT_FOUND_EARLY]):
        client = Client()
        blocked = {"X-Block": "1"}
        response = client.get("/slash?q=1", headers=blocked)
        assert response.status_code == 301
        assert response.headers["Location"] == "/slash/?q=1"
        assert client.get("/noslash", headers=blocked).status_code == 404  # it resolves
        assert client.get("/nowhere", headers=blocked).status_code == 404


# -- No redirect off the site -------------------------------------------------------------

# (SCRIPT_NAME, PATH_INFO as the WSGI server decodes it, QUERY_STRING, Location). werkzeug
# makes a path that starts with several slashes start with one; a script prefix is kept.
OFF_SITE = [
    ("", "//evil.example", "", "/evil.example/"),
    ("", "///evil.example", "", "/evil.example/"),  # also what '/%2F/evil.example' decodes to
    ("", "//evil.example", "next=//x", "/evil.example/?next=//x"),
    ("", "/\\evil.example", "", "/%5Cevil.example/"),  # also what '/%5Cevil.example' decodes to
    ("", "/\\\\evil.example", "", "/%5C%5Cevil.example/"),
    ("", "/\\/evil.example", "", "/%5C/evil.example/"),
    ("", "/\t/evil.example", "", "/%09/evil.example/"),  # browsers drop a tab: '//evil...'
    ("", "/ /evil.example", "", "/%20/evil.example/"),
    ("//evil.example", "/slash", "", "/%2Fevil.example/slash/"),
    ("///evil.example", "/slash", "q=1", "/%2F/evil.example/slash/?q=1"),
]


def assert_on_site(location):
    assert location.startswith("/")
    assert not location.startswith(("//", "/\\"))
    assert not urlsplit(location).netloc
    assert urlsplit(urljoin("http://testserver/a/b", location)).netloc == "testserver"


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(("script_name", "path_info", "query", "location"), OFF_SITE)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_redirect_never_leaves_the_site(method, script_name, path_info, query, location):
    response = Client().generic(
        method, "/", SCRIPT_NAME=script_name, PATH_INFO=path_info, QUERY_STRING=query
    )
    assert response.status_code in (301, 308)
    assert response.headers["Location"] == location
    assert_on_site(response.headers["Location"])


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(
    ("path_info", "location"),
    [
        ("/slash", "http://www.testserver/%2Fevil.example/slash/"),
        ("/slash/", "http://www.testserver//evil.example/slash/"),
    ],
)
def test_prepend_www_keeps_a_leading_double_slash_on_the_www_host(path_info, location):
    with override_settings(PREPEND_WWW=True):
        response = Client().get("/", SCRIPT_NAME="//evil.example", PATH_INFO=path_info)
    assert response.headers["Location"] == location
    assert urlsplit(location).netloc == "www.testserver"


@pytest.mark.parametrize(
    ("url", "escaped"),
    [
        ("//evil.example/", "/%2Fevil.example/"),
        ("///a", "/%2F/a"),
        ("/a//b/", "/a//b/"),
        ("/", "/"),
        ("", ""),
    ],
)
def test_escape_leading_slashes(url, escaped):
    assert escape_leading_slashes(url) == escaped


# -- Bad input ----------------------------------------------------------------------------

INJECTIONS = [
    "/any/a\r\nSet-Cookie: injected=1",
    "/any/a\nLocation: http://evil.example",
    "/any/a\rX-Injected: 1",
    "/\r\nSet-Cookie: injected=1",
]


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize("path_info", INJECTIONS)
@pytest.mark.parametrize("options", [{}, WWW], ids=["append-slash", "prepend-www"])
def test_a_path_with_cr_or_lf_cannot_inject_headers(options, path_info):
    # A WSGI server percent-decodes the path: CR and LF reach PATH_INFO as they are.
    response = request_with(options, "GET", "/", PATH_INFO=path_info)
    assert response.status_code == 301
    location = response.headers["Location"]
    assert not re.search(r"[\r\n]", location)
    assert "%0D" in location or "%0A" in location
    assert "Set-Cookie" not in response.headers
    assert "X-Injected" not in response.headers
    assert response.headers.getlist("Location") == [location]
    assert_on_site(urlsplit(location).path)


@pytest.mark.usefixtures("project")
def test_a_query_string_with_cr_or_lf_cannot_inject_headers():
    response = Client().get("/slash", QUERY_STRING="a=1\r\nSet-Cookie: injected=1")
    assert response.status_code == 301
    assert response.headers["Location"] == "/slash/?a=1%0D%0ASet-Cookie:%20injected=1"
    assert "Set-Cookie" not in response.headers


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(
    "target",
    ["/" + "a" * 200_000, "/any/" + "a" * 200_000, "/" + "a/" * 100_000 + "a", "/" + "%" * 50_000],
    ids=["long-segment", "long-resolvable", "many-segments", "quoted"],
)
def test_a_huge_path_is_answered_404_quickly(target):
    client = Client()
    client.get("/nowhere")  # build the handler and the resolver first
    started = time.perf_counter()
    response = client.get(target)
    assert time.perf_counter() - started < 1.0
    assert response.status_code == 404
    assert "Location" not in response.headers


@pytest.mark.usefixtures("project")
def test_a_redirect_too_long_to_send_keeps_the_404():
    query = "q=" + "a" * MAX_URL_REDIRECT_LENGTH
    response = Client().get(f"/slash?{query}")
    assert response.status_code == 404
    assert "Location" not in response.headers
    # One character less than the limit still redirects.
    fits = "q=" + "a" * (MAX_URL_REDIRECT_LENGTH - len("/slash/?q="))
    assert Client().get(f"/slash?{fits}").status_code == 301


@pytest.mark.usefixtures("project")
def test_prepend_www_refuses_a_redirect_too_long_to_send():
    with override_settings(PREPEND_WWW=True):
        response = Client().get("/noslash", {"q": "a" * MAX_URL_REDIRECT_LENGTH})
    assert response.status_code == 400
    assert "Location" not in response.headers


# -- DISALLOWED_USER_AGENTS ---------------------------------------------------------------

BAD_BOTS = [re.compile(r"^BadBot"), re.compile(r"scraper", re.IGNORECASE)]


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(
    ("user_agent", "status"),
    [
        ("BadBot/1.0", 403),
        ("Mozilla/5.0 (compatible; SCRAPER)", 403),
        ("Mozilla/5.0 BadBot", 200),  # ^ anchors at the start
        ("Mozilla/5.0", 200),
        ("", 200),
        (None, 200),
    ],
)
def test_disallowed_user_agents(user_agent, status):
    headers = {} if user_agent is None else {"User-Agent": user_agent}
    with override_settings(DISALLOWED_USER_AGENTS=BAD_BOTS):
        response = Client().get("/slash/", headers=headers)
    assert response.status_code == status


@pytest.mark.usefixtures("project")
def test_a_disallowed_user_agent_is_refused_before_any_redirect():
    with override_settings(DISALLOWED_USER_AGENTS=BAD_BOTS, PREPEND_WWW=True):
        client = Client()
        assert client.get("/slash", headers={"User-Agent": "BadBot"}).status_code == 403
        assert client.get("/slash", headers={"User-Agent": "Browser"}).status_code == 301


def test_a_disallowed_user_agent_raises_permission_denied():
    request = RequestFactory().get("/slash/", headers={"User-Agent": "BadBot/2"})
    with override_settings(DISALLOWED_USER_AGENTS=BAD_BOTS):
        middleware = CommonMiddleware(lambda request: HttpResponse("ok"))
        with pytest.raises(PermissionDenied, match=r"^Forbidden user agent$"):
            middleware(request)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            ["BadBot"],
            r"DISALLOWED_USER_AGENTS\[0\] is 'BadBot', not a compiled regular expression\. "
            r"Write re\.compile\('BadBot'\) instead",
        ),
        (
            [re.compile("a"), 42],
            r"DISALLOWED_USER_AGENTS\[1\] is 42, not a compiled regular expression\. "
            r"Write re\.compile\(\.\.\.\) instead",
        ),
        (
            "BadBot",
            r"DISALLOWED_USER_AGENTS is 'BadBot'; it must be a list of compiled regular "
            r"expressions, such as \[re\.compile\(r'\^BadBot'\)\], or \[\] to refuse none\.",
        ),
        (None, r"DISALLOWED_USER_AGENTS is None; it must be a list"),
    ],
)
def test_a_malformed_disallowed_user_agents_setting_says_how_to_fix_it(value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        with override_settings(DISALLOWED_USER_AGENTS=value):
            CommonMiddleware(lambda request: HttpResponse("ok"))


@pytest.mark.usefixtures("project")
def test_a_malformed_setting_fails_when_the_middleware_loads():
    # Raised when the chain is built, or already by override_settings when a live
    # CommonMiddleware reads the new value.
    with pytest.raises(ImproperlyConfigured, match=r"re\.compile\('BadBot'\)"):
        with override_settings(DISALLOWED_USER_AGENTS=["BadBot"]):
            Client().get("/slash/")


def test_get_response_is_required():
    with pytest.raises(ValueError, match="CommonMiddleware needs get_response"):
        CommonMiddleware(None)  # type: ignore[arg-type]


# -- Content-Length -----------------------------------------------------------------------


def through_middleware(response, target="/slash/", method="GET"):
    """Return what CommonMiddleware makes of ``response`` for a request to ``target``."""
    middleware = CommonMiddleware(lambda request: response)
    return middleware(RequestFactory().generic(method, target))


def test_content_length_is_added_when_missing():
    response = HttpResponse("abc")
    response.write("d\u00e9f")
    assert "Content-Length" not in response
    assert through_middleware(response)["Content-Length"] == "7"  # UTF-8 bytes


def test_content_length_is_added_for_a_head_request():
    response = HttpResponse("abc")
    del response["Content-Length"]
    assert through_middleware(response, method="HEAD")["Content-Length"] == "3"


def test_content_length_already_set_is_kept():
    response = HttpResponse("abc")
    response["Content-Length"] = "3"
    result = through_middleware(response)
    assert result is response
    assert result.headers.getlist("Content-Length") == ["3"]


def test_a_streaming_response_gets_no_content_length():
    chunks = iter([b"a", b"b"])
    response = StreamingHttpResponse(chunks)
    result = through_middleware(response)
    assert "Content-Length" not in result
    assert next(chunks) == b"a"  # the stream was not read


def test_a_wrapped_streamed_werkzeug_response_is_not_read():
    def generate():
        yield b"streamed"

    body = generate()
    wrapped = make_response(WerkzeugResponse(body))  # what a view returning it gets
    assert not wrapped.streaming
    result = through_middleware(wrapped)
    assert "Content-Length" not in result
    assert next(body) == b"streamed"


@pytest.mark.parametrize("status", [204, 304, 101])
def test_no_content_length_on_a_status_without_a_body(status):
    response = HttpResponseNotModified() if status == 304 else HttpResponse(status=status)
    del response["Content-Length"]
    assert "Content-Length" not in through_middleware(response)


@pytest.mark.usefixtures("project")
def test_the_redirect_has_a_content_length():
    response = Client().get("/slash")
    assert response.headers["Content-Length"] == "0"


# -- Settings, hooks and repr -------------------------------------------------------------


@pytest.mark.usefixtures("project")
def test_a_setting_changed_after_the_middleware_loaded_is_used():
    client = Client()
    assert client.get("/slash").status_code == 301
    with override_settings(APPEND_SLASH=False):
        assert client.get("/slash").status_code == 404
    assert client.get("/slash").status_code == 301
    with override_settings(PREPEND_WWW=True):
        assert client.get("/slash/").headers["Location"] == "http://www.testserver/slash/"
    with override_settings(DISALLOWED_USER_AGENTS=BAD_BOTS):
        assert client.get("/slash/", headers={"User-Agent": "BadBot"}).status_code == 403
    assert client.get("/slash/", headers={"User-Agent": "BadBot"}).status_code == 200


def test_the_defaults():
    middleware = CommonMiddleware(lambda request: HttpResponse())
    assert middleware.append_slash is settings.APPEND_SLASH is True
    assert middleware.prepend_www is settings.PREPEND_WWW is False
    assert middleware.disallowed_user_agents == ()


def test_a_subclass_can_change_the_redirect_class():
    from chainweb.http import HttpResponseRedirect

    class TemporaryRedirects(CommonMiddleware):
        response_redirect_class = HttpResponseRedirect

    with override_settings(ROOT_URLCONF=URLS):
        middleware = TemporaryRedirects(lambda request: HttpResponseNotFound())
        assert middleware(RequestFactory().get("/slash")).status_code == 302
        assert middleware(RequestFactory().post("/slash")).status_code == 307


def test_overridden_steps_are_always_called():
    calls = []

    class Counting(CommonMiddleware):
        def process_request(self, request):
            calls.append("request")
            return super().process_request(request)

        def process_response(self, request, response):
            calls.append("response")
            return super().process_response(request, response)

    middleware = Counting(lambda request: HttpResponse("ok"))
    assert middleware(RequestFactory().get("/")).status_code == 200
    assert calls == ["request", "response"]


def test_repr_names_the_next_handler():
    def view(request):
        return HttpResponse()

    assert repr(CommonMiddleware(view)) == (
        "<CommonMiddleware get_response=test_repr_names_the_next_handler.<locals>.view>"
    )


def test_a_redirect_is_a_permanent_redirect():
    with override_settings(ROOT_URLCONF=URLS):
        response = through_middleware(HttpResponseNotFound(), target="/slash")
    assert isinstance(response, HttpResponsePermanentRedirect)
    assert response.url == "/slash/"
