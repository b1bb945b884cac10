"""SecurityMiddleware: headers, HSTS, the HTTPS redirect, bad settings and hostile requests."""

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chainweb.core.exceptions import DisallowedHost, ImproperlyConfigured
from chainweb.http import HttpResponse
from chainweb.middleware.security import (
    CROSS_ORIGIN_OPENER_POLICY_VALUES,
    REFERRER_POLICY_VALUES,
    SecurityMiddleware,
)
from chainweb.test import Client, RequestFactory, override_settings

SECURITY = "chainweb.middleware.security.SecurityMiddleware"
URLS = "tests.middleware.security_urls"

NOSNIFF = "X-Content-Type-Options"
REFERRER = "Referrer-Policy"
COOP = "Cross-Origin-Opener-Policy"
HSTS = "Strict-Transport-Security"
SECURITY_HEADERS = (NOSNIFF, REFERRER, COOP, HSTS)

#: What a response gets with the default settings over HTTP.
DEFAULTS = {NOSNIFF: "nosniff", REFERRER: "same-origin", COOP: "same-origin", HSTS: None}
PROXY = {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}


def serve(settings, method="GET", path="/plain/", **kwargs):
    """Make one request through SecurityMiddleware with ``settings``; read the whole body."""
    with override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[SECURITY], **settings):
        response = getattr(Client(), method.lower())(path, **kwargs)
        response.body = response.content
    return response


def security_headers(response):
    """Return each security header's values: None if absent, the value if sent once."""
    found = {}
    for name in SECURITY_HEADERS:
        values = response.headers.getlist(name)
        assert len(values) <= 1, f"{name} sent {len(values)} times: {values}"
        found[name] = values[0] if values else None
    return found


def expect(**changes):
    """Return DEFAULTS with some headers changed (None: absent); HSTS is spelled Hsts."""
    names = {"nosniff": NOSNIFF, "referrer": REFERRER, "coop": COOP, "hsts": HSTS}
    return {**DEFAULTS, **{names[key]: value for key, value in changes.items()}}


# -- Headers ------------------------------------------------------------------------------


HEADER_CASES = [
    pytest.param({}, "GET", "/plain/", {}, DEFAULTS, id="defaults, GET"),
    pytest.param({}, "HEAD", "/plain/", {}, DEFAULTS, id="defaults, HEAD"),
    pytest.param({}, "POST", "/plain/", {}, DEFAULTS, id="defaults, POST"),
    pytest.param({}, "GET", "/stream/", {}, DEFAULTS, id="streaming response"),
    pytest.param({}, "GET", "/text/", {}, DEFAULTS, id="view returning a str"),
    pytest.param({}, "GET", "/plain/", {"secure": True}, DEFAULTS, id="HTTPS, HSTS off"),
    pytest.param(
        {"SECURE_CONTENT_TYPE_NOSNIFF": False},
        "GET",
        "/plain/",
        {},
        expect(nosniff=None),
        id="nosniff off",
    ),
    pytest.param(
        {"SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin"},
        "GET",
        "/plain/",
        {},
        expect(referrer="strict-origin-when-cross-origin"),
        id="referrer policy",
    ),
    pytest.param(
        {"SECURE_REFERRER_POLICY": " origin , unsafe-url "},
        "GET",
        "/plain/",
        {},
        expect(referrer="origin,unsafe-url"),
        id="referrer policy, comma-separated string",
    ),
    pytest.param(
        {"SECURE_REFERRER_POLICY": ["no-referrer", "strict-origin-when-cross-origin"]},
        "GET",
        "/plain/",
        {},
        expect(referrer="no-referrer,strict-origin-when-cross-origin"),
        id="referrer policy, list",
    ),
    pytest.param(
        {"SECURE_REFERRER_POLICY": ("origin",)},
        "GET",
        "/plain/",
        {},
        expect(referrer="origin"),
        id="referrer policy, tuple",
    ),
    pytest.param(
        {"SECURE_REFERRER_POLICY": None},
        "GET",
        "/plain/",
        {},
        expect(referrer=None),
        id="referrer policy None",
    ),
    pytest.param(
        {"SECURE_REFERRER_POLICY": ""},
        "GET",
        "/plain/",
        {},
        expect(referrer=None),
        id="referrer policy empty",
    ),
    pytest.param(
        {"SECURE_REFERRER_POLICY": []},
        "GET",
        "/plain/",
        {},
        expect(referrer=None),
        id="referrer policy, empty list",
    ),
    pytest.param(
        {"SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin-allow-popups"},
        "GET",
        "/plain/",
        {},
        expect(coop="same-origin-allow-popups"),
        id="COOP same-origin-allow-popups",
    ),
    pytest.param(
        {"SECURE_CROSS_ORIGIN_OPENER_POLICY": "unsafe-none"},
        "GET",
        "/plain/",
        {},
        expect(coop="unsafe-none"),
        id="COOP unsafe-none",
    ),
    pytest.param(
        {"SECURE_CROSS_ORIGIN_OPENER_POLICY": None},
        "GET",
        "/plain/",
        {},
        expect(coop=None),
        id="COOP None",
    ),
    pytest.param(
        {
            "SECURE_CONTENT_TYPE_NOSNIFF": False,
            "SECURE_REFERRER_POLICY": None,
            "SECURE_CROSS_ORIGIN_OPENER_POLICY": None,
        },
        "GET",
        "/plain/",
        {},
        dict.fromkeys(SECURITY_HEADERS),
        id="everything off",
    ),
    # HSTS: HTTPS responses only.
    pytest.param(
        {"SECURE_HSTS_SECONDS": 3600},
        "GET",
        "/plain/",
        {},
        DEFAULTS,
        id="HSTS, HTTP: none",
    ),
    pytest.param(
        {"SECURE_HSTS_SECONDS": 3600},
        "GET",
        "/plain/",
        {"secure": True},
        expect(hsts="max-age=3600"),
        id="HSTS, HTTPS",
    ),
    pytest.param(
        {"SECURE_HSTS_SECONDS": 3600},
        "HEAD",
        "/stream/",
        {"secure": True},
        expect(hsts="max-age=3600"),
        id="HSTS, HTTPS, HEAD of a streaming response",
    ),
    pytest.param(
        {"SECURE_HSTS_SECONDS": 3600, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True},
        "GET",
        "/plain/",
        {"secure": True},
        expect(hsts="max-age=3600; includeSubDomains"),
        id="HSTS with subdomains",
    ),
    pytest.param(
        {"SECURE_HSTS_SECONDS": 3600, "SECURE_HSTS_PRELOAD": True},
        "GET",
        "/plain/",
        {"secure": True},
        expect(hsts="max-age=3600; preload"),
        id="HSTS with preload",
    ),
    pytest.param(
        {
            "SECURE_HSTS_SECONDS": 31536000,
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
            "SECURE_HSTS_PRELOAD": True,
        },
        "GET",
        "/plain/",
        {"secure": True},
        expect(hsts="max-age=31536000; includeSubDomains; preload"),
        id="HSTS with subdomains and preload",
    ),
    pytest.param(
        {"SECURE_HSTS_SECONDS": 0, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True},
        "GET",
        "/plain/",
        {"secure": True},
        DEFAULTS,
        id="HSTS 0: none, whatever the other HSTS settings",
    ),
    pytest.param(
        {"SECURE_HSTS_SECONDS": 60, **PROXY},
        "GET",
        "/plain/",
        {"headers": {"X-Forwarded-Proto": "https"}},
        expect(hsts="max-age=60"),
        id="HSTS, HTTPS said by the proxy header",
    ),
    pytest.param(
        {"SECURE_HSTS_SECONDS": 60, **PROXY},
        "GET",
        "/plain/",
        {"headers": {"X-Forwarded-Proto": "http"}},
        DEFAULTS,
        id="HSTS, HTTP said by the proxy header",
    ),
    pytest.param(
        {"SECURE_HSTS_SECONDS": 60, **PROXY},
        "GET",
        "/plain/",
        {"secure": True, "headers": {"X-Forwarded-Proto": "http"}},
        DEFAULTS,
        id="HSTS, the proxy header wins over the connection",
    ),
    pytest.param(
        {"SECURE_HSTS_SECONDS": 60},
        "GET",
        "/plain/",
        {"headers": {"X-Forwarded-Proto": "https"}},
        DEFAULTS,
        id="HSTS, proxy header ignored without SECURE_PROXY_SSL_HEADER",
    ),
    # The view's own headers win.
    pytest.param(
        {"SECURE_HSTS_SECONDS": 3600},
        "GET",
        "/own/",
        {"secure": True},
        {NOSNIFF: "view-nosniff", REFERRER: "no-referrer", COOP: "unsafe-none", HSTS: "max-age=1"},
        id="the view set them all",
    ),
    pytest.param(
        {"SECURE_HSTS_SECONDS": 3600},
        "GET",
        "/own-referrer-policy/",
        {"secure": True},
        expect(referrer="origin", hsts="max-age=3600"),
        id="the view set one, in lowercase",
    ),
    pytest.param({}, "GET", "/nowhere/", {}, DEFAULTS, id="another path"),
]


@pytest.mark.parametrize(("settings", "method", "path", "kwargs", "expected"), HEADER_CASES)
def test_headers(settings, method, path, kwargs, expected):
    response = serve(settings, method, path, **kwargs)
    assert response.status_code == 200
    assert security_headers(response) == expected
    if method == "HEAD":
        assert response.body == b""


def test_streaming_body_is_untouched():
    response = serve({}, "GET", "/stream/")
    assert response.streaming
    assert response.body == b"one two three"
    assert response[NOSNIFF] == "nosniff"


def test_error_pages_get_the_headers():
    with override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[SECURITY]):
        response = Client().get("/plain/", headers={"Host": "evil.example"})
    assert response.status_code == 400  # DisallowedHost, from inside the middleware
    assert security_headers(response) == DEFAULTS


def test_overriding_middleware_with_the_settings_rebuilds_the_middleware():
    client = Client()
    with override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[SECURITY]):
        assert client.get("/plain/")[REFERRER] == "same-origin"
        with override_settings(MIDDLEWARE=[SECURITY], SECURE_REFERRER_POLICY="origin"):
            assert client.get("/plain/")[REFERRER] == "origin"
        with override_settings(MIDDLEWARE=[SECURITY]):
            assert client.get("/plain/")[REFERRER] == "same-origin"


# -- The redirect to HTTPS ----------------------------------------------------------------

REDIRECT = {"SECURE_SSL_REDIRECT": True}

REDIRECT_CASES = [
    pytest.param(REDIRECT, "GET", "/plain/", {}, "https://testserver/plain/", id="GET"),
    pytest.param(REDIRECT, "HEAD", "/plain/", {}, "https://testserver/plain/", id="HEAD"),
    pytest.param(REDIRECT, "POST", "/plain/", {}, "https://testserver/plain/", id="POST"),
    pytest.param(
        REDIRECT,
        "GET",
        "/plain/?a=1&b=%C3%A9&a=2",
        {},
        "https://testserver/plain/?a=1&b=%C3%A9&a=2",
        id="the query string is kept",
    ),
    pytest.param(
        REDIRECT,
        "GET",
        "/caf\u00e9/a b",
        {},
        "https://testserver/caf%C3%A9/a%20b",
        id="the path is quoted",
    ),
    pytest.param(REDIRECT, "GET", "/plain/", {"secure": True}, None, id="HTTPS: no redirect"),
    pytest.param(
        {**REDIRECT, "SECURE_SSL_HOST": "secure.example.com"},
        "GET",
        "/plain/?q=1",
        {},
        "https://secure.example.com/plain/?q=1",
        id="SECURE_SSL_HOST",
    ),
    pytest.param(
        {**REDIRECT, "SECURE_SSL_HOST": "secure.example.com:8443"},
        "GET",
        "/plain/",
        {},
        "https://secure.example.com:8443/plain/",
        id="SECURE_SSL_HOST with a port",
    ),
    pytest.param(
        {**REDIRECT, "SECURE_SSL_HOST": "[::1]:8443"},
        "GET",
        "/plain/",
        {},
        "https://[::1]:8443/plain/",
        id="SECURE_SSL_HOST, IPv6",
    ),
    pytest.param(
        {**REDIRECT, "SECURE_SSL_HOST": ""},
        "GET",
        "/plain/",
        {},
        "https://testserver/plain/",
        id="SECURE_SSL_HOST empty: the request's host",
    ),
    pytest.param(
        REDIRECT,
        "GET",
        "/plain/",
        {"headers": {"Host": "testserver:8000"}},
        "https://testserver:8000/plain/",
        id="the request's host keeps its port",
    ),
    pytest.param(
        {**REDIRECT, "SECURE_REDIRECT_EXEMPT": [r"^plain/$"]},
        "GET",
        "/plain/",
        {},
        None,
        id="exempt path",
    ),
    pytest.param(
        {**REDIRECT, "SECURE_REDIRECT_EXEMPT": [r"^healthz/", r"^pl"]},
        "GET",
        "/plain/",
        {},
        None,
        id="exempt by the second pattern",
    ),
    pytest.param(
        {**REDIRECT, "SECURE_REDIRECT_EXEMPT": [r"lain"]},
        "GET",
        "/plain/",
        {},
        None,
        id="exempt: patterns are searched for, not matched from the start",
    ),
    pytest.param(
        {**REDIRECT, "SECURE_REDIRECT_EXEMPT": [r"^/plain/"]},
        "GET",
        "/plain/",
        {},
        "https://testserver/plain/",
        id="not exempt: the path has no leading slash",
    ),
    pytest.param(
        {**REDIRECT, "SECURE_REDIRECT_EXEMPT": [r"^plain/$"]},
        "GET",
        "/stream/",
        {},
        "https://testserver/stream/",
        id="not exempt: another path",
    ),
    pytest.param(
        {**REDIRECT, "SECURE_REDIRECT_EXEMPT": [r"^app/plain/$"]},
        "GET",
        "/plain/",
        {"SCRIPT_NAME": "/app"},
        None,
        id="exempt: the path includes the script prefix",
    ),
    pytest.param(
        {**REDIRECT, "SECURE_REDIRECT_EXEMPT": [r"^plain/$"]},
        "GET",
        "/plain/",
        {"secure": True},
        None,
        id="exempt and HTTPS",
    ),
    pytest.param(
        {**REDIRECT, **PROXY},
        "GET",
        "/plain/",
        {"headers": {"X-Forwarded-Proto": "https"}},
        None,
        id="HTTPS said by the proxy header: no redirect",
    ),
    pytest.param(
        {**REDIRECT, **PROXY},
        "GET",
        "/plain/",
        {"headers": {"X-Forwarded-Proto": "http"}},
        "https://testserver/plain/",
        id="HTTP said by the proxy header",
    ),
    pytest.param(
        {**REDIRECT, **PROXY},
        "GET",
        "/plain/",
        {"secure": True, "headers": {"X-Forwarded-Proto": "http"}},
        "https://testserver/plain/",
        id="the proxy header wins over the connection",
    ),
    pytest.param(
        REDIRECT,
        "GET",
        "/plain/",
        {"SCRIPT_NAME": "/app"},
        "https://testserver/app/plain/",
        id="with the script prefix",
    ),
]


@pytest.mark.parametrize(("settings", "method", "path", "kwargs", "location"), REDIRECT_CASES)
def test_redirect(settings, method, path, kwargs, location):
    response = serve(settings, method, path, **kwargs)
    if location is None:
        assert response.status_code == 200
        assert "Location" not in response
    else:
        assert response.status_code == 301
        assert response["Location"] == location
        assert response.body == b""


def test_the_redirect_gets_the_headers_but_not_hsts():
    response = serve({**REDIRECT, "SECURE_HSTS_SECONDS": 3600}, "GET", "/plain/")
    assert response.status_code == 301
    assert security_headers(response) == DEFAULTS


def test_the_https_response_after_the_redirect_gets_hsts():
    with override_settings(
        ROOT_URLCONF=URLS, MIDDLEWARE=[SECURITY], SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=60
    ):
        response = Client().get("/plain/?q=1", follow=True)
    assert response.redirect_chain == [("https://testserver/plain/?q=1", 301)]
    assert response.status_code == 200
    assert response[HSTS] == "max-age=60"


def test_the_redirect_happens_before_the_view():
    calls = []

    def view(request):
        calls.append(request)
        return HttpResponse("view")

    with override_settings(SECURE_SSL_REDIRECT=True):
        middleware = SecurityMiddleware(view)
    response = middleware(RequestFactory().post("/plain/", {"a": "b"}))
    assert response.status_code == 301
    assert calls == []


# -- Hostile requests ---------------------------------------------------------------------

HOSTILE_PATHS = [
    # werkzeug reads a path with leading slashes as a path with one.
    pytest.param("//evil.example/", "https://testserver/evil.example/", id="//host"),
    pytest.param("///evil.example/", "https://testserver/evil.example/", id="///host"),
    pytest.param("//evil.example:443/", "https://testserver/evil.example:443/", id="//host:port"),
    pytest.param("/\\evil.example/", "https://testserver/%5Cevil.example/", id="/\\host"),
    pytest.param("/\\\\evil.example/", "https://testserver/%5C%5Cevil.example/", id="/\\\\host"),
    pytest.param("/\\/evil.example/", "https://testserver/%5C/evil.example/", id="/\\/host"),
    pytest.param("/@evil.example/", "https://testserver/@evil.example/", id="/@host"),
    pytest.param(
        "/https://evil.example/",
        "https://testserver/https://evil.example/",
        id="/https://host",
    ),
    pytest.param("/\r\nSet-Cookie: x=1", "https://testserver/%0D%0ASet-Cookie:%20x%3D1", id="CRLF"),
    pytest.param("/a\tb c", "https://testserver/a%09b%20c", id="tab and space"),
    pytest.param("/a#frag", "https://testserver/a%23frag", id="#"),
    pytest.param("/a?b", "https://testserver/a%3Fb", id="? in the path"),
    pytest.param("/%2F%2Fevil.example", "https://testserver/%252F%252Fevil.example", id="%2F"),
]


@pytest.mark.parametrize(("path", "location"), HOSTILE_PATHS)
def test_the_redirect_stays_on_the_host_whatever_the_path(path, location):
    # PATH_INFO as the server gives it: the test client would read "//host/" as a URL.
    response = serve(REDIRECT, "GET", "/", PATH_INFO=path)
    assert response.status_code == 301
    assert response["Location"] == location
    assert urlsplit(response["Location"]).netloc == "testserver"
    assert "Set-Cookie" not in response


@pytest.mark.parametrize(
    "ssl_host", ["secure.example.com", "secure.example.com:8443"], ids=["host", "host:port"]
)
@pytest.mark.parametrize("path", ["//evil.example/x", "/\\evil.example", "/@evil.example"])
def test_the_redirect_stays_on_secure_ssl_host_whatever_the_path(ssl_host, path):
    response = serve({**REDIRECT, "SECURE_SSL_HOST": ssl_host}, "GET", "/", PATH_INFO=path)
    assert urlsplit(response["Location"]).netloc == ssl_host
    assert response["Location"].startswith(f"https://{ssl_host}/")


@pytest.mark.parametrize(
    "raw_path",
    [
        pytest.param("//evil.example/x", id="//host"),
        pytest.param("", id="empty"),
        pytest.param("evil.example/x", id="no leading slash"),
        pytest.param("/\r\nSet-Cookie: x=1", id="raw CRLF"),
        pytest.param("/caf\xc3\xa9", id="UTF-8 as latin-1, as WSGI gives it"),
        pytest.param("/\xff\xfe", id="not UTF-8"),
    ],
)
def test_the_redirect_stays_on_the_host_whatever_the_raw_path(raw_path):
    request = RequestFactory().get("/", PATH_INFO=raw_path)
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = SecurityMiddleware(lambda request: HttpResponse())(request)
    location = response["Location"]
    assert response.status_code == 301
    assert location.startswith("https://testserver/")
    assert urlsplit(location).netloc == "testserver"
    assert not any(char in location for char in "\r\n\t \\")


def test_a_script_name_without_a_slash_cannot_change_the_host():
    # A server's SCRIPT_NAME should start with a slash; one that does not stays in the path.
    request = RequestFactory().get("/plain/", SCRIPT_NAME=".evil.example")
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = SecurityMiddleware(lambda request: HttpResponse())(request)
    assert response["Location"] == "https://testserver/.evil.example/plain/"


def test_the_query_string_cannot_split_the_headers():
    request = RequestFactory().get("/plain/", QUERY_STRING="a=1\r\nSet-Cookie: x=1&b=\x00")
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = SecurityMiddleware(lambda request: HttpResponse())(request)
    assert response["Location"] == "https://testserver/plain/?a=1%0D%0ASet-Cookie:%20x=1&b=%00"
    assert "Set-Cookie" not in response


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    path=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    query=st.text(st.characters(min_codepoint=0, max_codepoint=255), max_size=20),
)
def test_the_redirect_never_leaves_the_host(path, query):
    # WSGI gives the path as UTF-8 bytes decoded as latin-1.
    raw_path = ("/" + path).encode().decode("latin-1")
    request = RequestFactory().get("/", PATH_INFO=raw_path, QUERY_STRING=query)
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = SecurityMiddleware(lambda request: HttpResponse())(request)
    location = response["Location"]
    assert location.startswith("https://testserver/")
    assert urlsplit(location).netloc == "testserver"
    assert location.isascii()
    assert not any(char in location for char in "\r\n\t \\")


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "testserver@evil.example",
        "evil.example/testserver",
        "testserver/evil.example",
        "evil.example#testserver",
        "",
    ],
)
def test_a_host_not_allowed_is_refused_not_redirected_to(host):
    request = RequestFactory().get("/plain/", HTTP_HOST=host)
    with override_settings(SECURE_SSL_REDIRECT=True):
        middleware = SecurityMiddleware(lambda request: HttpResponse())
    with pytest.raises(DisallowedHost):
        middleware(request)


def test_a_host_not_allowed_is_a_400_through_the_handler():
    response = serve(REDIRECT, "GET", "/plain/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "Location" not in response


def test_secure_ssl_host_is_used_whatever_the_request_host():
    request = RequestFactory().get("/plain/", HTTP_HOST="evil.example")
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_SSL_HOST="secure.example.com"):
        response = SecurityMiddleware(lambda request: HttpResponse())(request)
    assert response["Location"] == "https://secure.example.com/plain/"


# -- Bad settings -------------------------------------------------------------------------

REFERRER_VALID = ", ".join(sorted(REFERRER_POLICY_VALUES))
COOP_VALID = ", ".join(sorted(CROSS_ORIGIN_OPENER_POLICY_VALUES))

SETTING_ERRORS = [
    # SECURE_SSL_HOST: nothing that could leave the host or split the headers.
    *(
        pytest.param(
            "SECURE_SSL_HOST",
            value,
            [
                f"SECURE_SSL_HOST is {value!r}, which is not a host name.",
                "such as 'secure.example.com' or 'example.com:8443'",
                "or to None to redirect to the host each request came to.",
            ],
            id=f"SECURE_SSL_HOST {label}",
        )
        for label, value in [
            ("CRLF", "example.com\r\nSet-Cookie: a=b"),
            ("LF", "example.com\nX: y"),
            ("trailing newline", "example.com\n"),
            ("NUL", "example.com\x00"),
            ("scheme", "https://example.com"),
            ("path", "example.com/path"),
            ("scheme-relative", "//evil.example"),
            ("userinfo", "example.com@evil.example"),
            ("space", "example .com"),
            ("bad port", "example.com:https"),
            ("fragment", "example.com#x"),
            ("query", "example.com?x"),
            ("backslash", "example.com\\evil.example"),
            ("an int", 443),
            ("a list", ["example.com"]),
        ]
    ),
    pytest.param(
        "SECURE_REFERRER_POLICY",
        "same-origin-please",
        [
            "SECURE_REFERRER_POLICY has 'same-origin-please', which is not a referrer policy. "
            f"Valid values are: {REFERRER_VALID}. Give one, several (a list or a "
            "comma-separated string; browsers use the last one they know), or None to send no "
            "Referrer-Policy header."
        ],
        id="SECURE_REFERRER_POLICY unknown",
    ),
    pytest.param(
        "SECURE_REFERRER_POLICY",
        "origin, Same-Origin",
        [
            "has 'Same-Origin', which is not a referrer policy",
            f"Valid values are: {REFERRER_VALID}.",
        ],
        id="SECURE_REFERRER_POLICY second of a string",
    ),
    pytest.param(
        "SECURE_REFERRER_POLICY",
        ["origin", "no-referer"],
        ["has 'no-referer', which is not a referrer policy"],
        id="SECURE_REFERRER_POLICY second of a list",
    ),
    pytest.param(
        "SECURE_REFERRER_POLICY",
        "origin,",
        ["has an empty value (a stray comma?), which is not a referrer policy"],
        id="SECURE_REFERRER_POLICY stray comma",
    ),
    pytest.param(
        "SECURE_REFERRER_POLICY",
        "same-origin\r\nSet-Cookie: a=b",
        ["has 'same-origin\\r\\nSet-Cookie: a=b', which is not a referrer policy"],
        id="SECURE_REFERRER_POLICY CRLF",
    ),
    pytest.param(
        "SECURE_REFERRER_POLICY",
        ["origin", 1],
        ["has 1, which is not a referrer policy"],
        id="SECURE_REFERRER_POLICY an int in the list",
    ),
    pytest.param(
        "SECURE_REFERRER_POLICY",
        ["origin", ["no-referrer"]],
        ["has ['no-referrer'], which is not a referrer policy"],
        id="SECURE_REFERRER_POLICY a nested list",
    ),
    pytest.param(
        "SECURE_REFERRER_POLICY",
        {"origin"},
        [
            "SECURE_REFERRER_POLICY is {'origin'}, a set; it must be a referrer policy, a "
            "comma-separated string or a list of them, or None to send no Referrer-Policy "
            f"header. Valid values are: {REFERRER_VALID}."
        ],
        id="SECURE_REFERRER_POLICY a set",
    ),
    pytest.param(
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "same-site",
        [
            "SECURE_CROSS_ORIGIN_OPENER_POLICY is 'same-site', which is not a "
            f"Cross-Origin-Opener-Policy. Valid values are: {COOP_VALID}. Set it to one of "
            "them, or to None to send no Cross-Origin-Opener-Policy header."
        ],
        id="SECURE_CROSS_ORIGIN_OPENER_POLICY unknown",
    ),
    pytest.param(
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "same-origin\r\nX: y",
        ["SECURE_CROSS_ORIGIN_OPENER_POLICY is 'same-origin\\r\\nX: y', which is not a"],
        id="SECURE_CROSS_ORIGIN_OPENER_POLICY CRLF",
    ),
    pytest.param(
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        ["same-origin"],
        ["SECURE_CROSS_ORIGIN_OPENER_POLICY is ['same-origin'], which is not a"],
        id="SECURE_CROSS_ORIGIN_OPENER_POLICY a list",
    ),
    *(
        pytest.param(
            "SECURE_HSTS_SECONDS",
            value,
            [
                f"SECURE_HSTS_SECONDS is {value!r}; it must be a whole number of seconds, 0 or "
                "more, such as 3600 while you try HSTS out and 31536000 (a year) once every "
                "page is served over HTTPS. Set it to 0 to send no Strict-Transport-Security "
                "header."
            ],
            id=f"SECURE_HSTS_SECONDS {value!r}",
        )
        for value in ["3600", -1, 1.5, True, None, "3600\r\nX: y"]
    ),
    pytest.param(
        "SECURE_REDIRECT_EXEMPT",
        r"^healthz/$",
        [
            "SECURE_REDIRECT_EXEMPT is '^healthz/$'; it must be a list of regular expressions, "
            "such as [r'^healthz/$'] (searched for in the path without its leading slash)."
        ],
        id="SECURE_REDIRECT_EXEMPT a str",
    ),
    pytest.param(
        "SECURE_REDIRECT_EXEMPT",
        ["^ok/", "^(unclosed/"],
        [
            "SECURE_REDIRECT_EXEMPT has '^(unclosed/', which is not a valid regular expression: "
            "missing ), unterminated subpattern at position 1. Fix the pattern; it is searched "
            "for in the path without its leading slash, such as r'^healthz/$'."
        ],
        id="SECURE_REDIRECT_EXEMPT bad regex",
    ),
    pytest.param(
        "SECURE_REDIRECT_EXEMPT",
        [b"^ok/"],
        [
            "SECURE_REDIRECT_EXEMPT has b'^ok/', a bytes; each entry must be a regular "
            "expression as a str, such as r'^healthz/$'."
        ],
        id="SECURE_REDIRECT_EXEMPT bytes",
    ),
]


@pytest.mark.parametrize(("setting", "value", "parts"), SETTING_ERRORS)
def test_a_bad_setting_fails_at_load(setting, value, parts):
    with override_settings(**{setting: value}), pytest.raises(ImproperlyConfigured) as info:
        SecurityMiddleware(lambda request: HttpResponse())
    for part in parts:
        assert part in str(info.value)


def test_a_bad_setting_fails_when_the_handler_loads_not_on_a_request():
    with (
        override_settings(
            ROOT_URLCONF=URLS, MIDDLEWARE=[SECURITY], SECURE_SSL_HOST="example.com\r\nX: y"
        ),
        pytest.raises(ImproperlyConfigured, match="SECURE_SSL_HOST is 'example.com\\\\r\\\\nX"),
    ):
        Client().get("/plain/")


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("SECURE_SSL_HOST", None),
        ("SECURE_SSL_HOST", "Example.COM."),
        ("SECURE_SSL_HOST", "127.0.0.1:8443"),
        ("SECURE_REDIRECT_EXEMPT", ()),
        ("SECURE_REDIRECT_EXEMPT", [r"^ok/"]),
        *(("SECURE_REFERRER_POLICY", value) for value in sorted(REFERRER_POLICY_VALUES)),
        *(
            ("SECURE_CROSS_ORIGIN_OPENER_POLICY", value)
            for value in sorted(CROSS_ORIGIN_OPENER_POLICY_VALUES)
        ),
        ("SECURE_CROSS_ORIGIN_OPENER_POLICY", ""),
        ("SECURE_HSTS_SECONDS", 0),
    ],
)
def test_good_settings_load(setting, value):
    with override_settings(**{setting: value}):
        SecurityMiddleware(lambda request: HttpResponse())


def test_compiled_exempt_patterns_are_accepted():
    import re

    with override_settings(
        SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[re.compile("^PLAIN/", re.IGNORECASE)]
    ):
        middleware = SecurityMiddleware(lambda request: HttpResponse("view"))
    assert middleware(RequestFactory().get("/plain/")).status_code == 200


def test_repr_names_the_next_handler():
    def view(request):
        return HttpResponse()

    middleware = SecurityMiddleware(view)
    assert repr(middleware) == (
        "<SecurityMiddleware get_response=test_repr_names_the_next_handler.<locals>.view>"
    )
