"""CsrfViewMiddleware through the real handler: tokens, Origin, Referer, methods, exemptions."""

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainweb.middleware.csrf import (
    REASON_BAD_ORIGIN,
    REASON_BAD_REFERER,
    REASON_CSRF_TOKEN_MISSING,
    REASON_INSECURE_REFERER,
    REASON_MALFORMED_REFERER,
    REASON_NO_CSRF_COOKIE,
    REASON_NO_REFERER,
    _mask_cipher_secret,
)
from chainweb.test import Client, override_settings

from .conftest import cookie_secret

OTHER_SECRET = "B" * 32


@pytest.fixture
def rejections(caplog):
    """Return the reasons logged on chainweb.security.csrf, newest last."""
    caplog.set_level(logging.WARNING, logger="chainweb.security.csrf")

    def reasons():
        return [
            record.args[0] for record in caplog.records if record.name == "chainweb.security.csrf"
        ]

    return reasons


# -- The token ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "how"),
    [
        pytest.param("POST", "form", id="POST, token in the form"),
        pytest.param("POST", "header", id="POST, token in X-CSRFToken"),
        pytest.param("POST", "secret", id="POST, the cookie's secret itself in X-CSRFToken"),
        pytest.param("PUT", "header", id="PUT, token in X-CSRFToken"),
        pytest.param("PATCH", "header", id="PATCH, token in X-CSRFToken"),
        pytest.param("DELETE", "header", id="DELETE, token in X-CSRFToken"),
    ],
)
def test_a_token_from_a_get_passes(client, token, method, how):
    if how == "form":
        response = client.generic(method, "/accept/", {"csrfmiddlewaretoken": token})
    else:
        value = cookie_secret(client) if how == "secret" else token
        response = client.generic(method, "/accept/", headers={"X-CSRFToken": value})
    assert response.status_code == 200
    assert response.text == f"accepted {method}"


def test_a_token_from_a_form_page_passes(client):
    page = client.get("/form/").text
    token = page.split('value="')[1].split('"')[0]
    assert len(token) == 64
    assert client.post("/accept/", {"csrfmiddlewaretoken": token}).status_code == 200


def test_the_form_field_wins_over_the_header(client, token, rejections):
    response = client.post(
        "/accept/", {"csrfmiddlewaretoken": "x" * 64}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 403
    assert rejections() == ["CSRF token from POST incorrect."]


def test_csrf_header_name_is_a_setting(client, token):
    with override_settings(CSRF_HEADER_NAME="HTTP_X_XSRF_TOKEN"):
        assert client.post("/accept/", headers={"X-XSRF-Token": token}).status_code == 200
        assert client.post("/accept/", headers={"X-CSRFToken": token}).status_code == 403


def _other_users_token(client):
    return Client(enforce_csrf_checks=True).get("/token/").text


BAD_TOKENS = [
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": token}, "drop_cookie": True},
        REASON_NO_CSRF_COOKIE,
        id="missing cookie",
    ),
    pytest.param(
        lambda client, token: {"data": {"other": "field"}},
        REASON_CSRF_TOKEN_MISSING,
        id="missing token",
    ),
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": ""}},
        REASON_CSRF_TOKEN_MISSING,
        id="empty token, no header",
    ),
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": _mask_cipher_secret(OTHER_SECRET)}},
        "CSRF token from POST incorrect.",
        id="wrong token in the form",
    ),
    pytest.param(
        lambda client, token: {"headers": {"X-CSRFToken": _mask_cipher_secret(OTHER_SECRET)}},
        "CSRF token from the 'X-Csrftoken' HTTP header incorrect.",
        id="wrong token in the header",
    ),
    pytest.param(
        lambda client, token: {"headers": {"X-CSRFToken": OTHER_SECRET}},
        "CSRF token from the 'X-Csrftoken' HTTP header incorrect.",
        id="wrong bare secret in the header",
    ),
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": _other_users_token(client)}},
        "CSRF token from POST incorrect.",
        id="token from another user's cookie",
    ),
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": token[:-1]}},
        "CSRF token from POST has incorrect length.",
        id="token one character short",
    ),
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": token + "a"}},
        "CSRF token from POST has incorrect length.",
        id="token one character long",
    ),
    pytest.param(
        lambda client, token: {"headers": {"X-CSRFToken": "abc"}},
        "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.",
        id="short token in the header",
    ),
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": token[:-1] + "!"}},
        "CSRF token from POST has invalid characters.",
        id="token with punctuation",
    ),
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": token[:-1] + "\u00e9"}},
        "CSRF token from POST has invalid characters.",
        id="token with a non-ASCII letter",
    ),
    pytest.param(
        lambda client, token: {"headers": {"X-CSRFToken": token[:-1] + " "}},
        "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters.",
        id="token with a space in the header",
    ),
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": token}, "cookie": "short"},
        "CSRF cookie has incorrect length.",
        id="cookie of the wrong length",
    ),
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": token}, "cookie": token},
        "CSRF cookie has incorrect length.",
        id="cookie holding a masked token",
    ),
    pytest.param(
        lambda client, token: {"data": {"csrfmiddlewaretoken": token}, "cookie": "-" * 32},
        "CSRF cookie has invalid characters.",
        id="cookie with invalid characters",
    ),
]


@pytest.mark.parametrize(("make", "reason"), BAD_TOKENS)
def test_a_bad_or_missing_token_is_refused(client, token, rejections, make, reason):
    options = make(client, token)
    if options.pop("drop_cookie", False):
        client.delete_cookie("csrftoken", domain="testserver")
    if "cookie" in options:
        client.set_cookie("csrftoken", options.pop("cookie"), domain="testserver")
    response = client.post("/accept/", options.get("data"), headers=options.get("headers"))
    assert response.status_code == 403
    assert rejections() == [reason]


def test_a_malformed_cookie_is_replaced_on_the_next_response(client):
    client.set_cookie("csrftoken", "not-a-secret", domain="testserver")
    response = client.get("/token/")
    secret = cookie_secret(client)
    assert secret != "not-a-secret" and len(secret) == 32
    assert client.post("/accept/", headers={"X-CSRFToken": response.text}).status_code == 200


def test_a_token_from_before_a_malformed_cookie_fails_after(client, token):
    client.set_cookie("csrftoken", "x", domain="testserver")
    assert client.post("/accept/", {"csrfmiddlewaretoken": token}).status_code == 403


# -- Methods ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "TRACE"])
def test_safe_methods_are_never_checked(client, rejections, method):
    response = client.generic(method, "/accept/", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert rejections() == []


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "PURGE"])
def test_other_methods_need_a_token(client, rejections, method):
    assert client.generic(method, "/accept/").status_code == 403
    assert rejections() == [REASON_NO_CSRF_COOKIE]


def test_a_lowercase_method_is_still_checked(client, rejections):
    assert client.post("/accept/", REQUEST_METHOD="post").status_code == 403
    assert rejections() == [REASON_NO_CSRF_COOKIE]


@pytest.mark.parametrize(
    "header",
    ["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"],
)
def test_a_method_override_header_is_ignored(client, token, rejections, header):
    response = client.post("/accept/", {"_method": "GET"}, headers={header: "GET"})
    assert response.status_code == 403
    assert rejections() == [REASON_CSRF_TOKEN_MISSING]


def test_csrf_exempt_views_are_not_checked(client, rejections):
    response = client.post("/exempt/", headers={"Origin": "null"})
    assert response.status_code == 200
    assert rejections() == []


def test_the_default_client_does_not_enforce_the_checks(csrf_settings, rejections):
    client = Client()
    assert client.post("/accept/", headers={"Origin": "null"}).status_code == 200
    # The cookie is still set, so pages behave as they would in a browser.
    client.get("/token/")
    assert len(cookie_secret(client)) == 32
    assert rejections() == []


# -- Origin -------------------------------------------------------------------------------

ORIGINS = [
    pytest.param("http://testserver", False, [], True, id="same origin"),
    pytest.param("https://testserver", True, [], True, id="same origin over https"),
    pytest.param("https://evil.example", False, [], False, id="foreign"),
    pytest.param("null", False, [], False, id="null"),
    pytest.param("http://testserver", True, [], False, id="insecure origin on https"),
    pytest.param("https://testserver", False, [], False, id="https origin on http request"),
    pytest.param("http://testserver:8000", False, [], False, id="same host, other port"),
    pytest.param("http://testserver/", False, [], False, id="trailing slash"),
    pytest.param("https://[", False, [], False, id="malformed"),
    pytest.param("", False, [], False, id="empty"),
    pytest.param(
        "https://trusted.example",
        True,
        ["https://trusted.example"],
        True,
        id="trusted origin",
    ),
    pytest.param(
        "http://trusted.example",
        True,
        ["https://trusted.example"],
        False,
        id="trusted host, other scheme",
    ),
    pytest.param(
        "https://api.example.com",
        True,
        ["https://*.example.com"],
        True,
        id="wildcard subdomain",
    ),
    pytest.param(
        "https://a.b.example.com",
        True,
        ["https://*.example.com"],
        True,
        id="wildcard, deeper subdomain",
    ),
    pytest.param(
        "https://API.Example.com",
        True,
        ["https://*.example.com"],
        True,
        id="wildcard, upper case",
    ),
    pytest.param(
        "http://api.example.com",
        True,
        ["https://*.example.com"],
        False,
        id="wildcard, other scheme",
    ),
    pytest.param(
        "https://evilexample.com",
        True,
        ["https://*.example.com"],
        False,
        id="wildcard, lookalike domain",
    ),
    pytest.param(
        "https://api.example.com.evil.net",
        True,
        ["https://*.example.com"],
        False,
        id="wildcard, suffix attack",
    ),
    pytest.param(
        "https://api.example.com:8443",
        True,
        ["https://*.example.com:8443"],
        True,
        id="wildcard with port",
    ),
    pytest.param(
        "https://api.example.com",
        True,
        ["https://*.example.com:8443"],
        False,
        id="wildcard with port, origin without",
    ),
]


@pytest.mark.parametrize(("origin", "secure", "trusted", "passes"), ORIGINS)
def test_origin(client, rejections, origin, secure, trusted, passes):
    token = client.get("/token/", secure=secure).text
    with override_settings(CSRF_TRUSTED_ORIGINS=trusted):
        response = client.post(
            "/accept/",
            {"csrfmiddlewaretoken": token},
            secure=secure,
            headers={"Origin": origin},
        )
    if passes:
        assert response.status_code == 200
        assert rejections() == []
    else:
        assert response.status_code == 403
        assert rejections() == [REASON_BAD_ORIGIN % origin]


def test_an_origin_is_checked_before_the_token(client, rejections):
    assert client.post("/accept/", headers={"Origin": "https://evil.example"}).status_code == 403
    assert rejections() == [REASON_BAD_ORIGIN % "https://evil.example"]


def test_on_https_an_origin_replaces_the_referer_check(client, rejections):
    token = client.get("/token/", secure=True).text
    response = client.post(
        "/accept/",
        {"csrfmiddlewaretoken": token},
        secure=True,
        headers={"Origin": "https://testserver"},
    )
    assert response.status_code == 200


# -- Referer (HTTPS without Origin) -------------------------------------------------------

REFERERS = [
    pytest.param(None, {}, REASON_NO_REFERER, id="missing"),
    pytest.param("https://testserver/form/", {}, None, id="same origin"),
    pytest.param("https://TestServer/form/", {}, None, id="same origin, upper case"),
    pytest.param("http://testserver/form/", {}, REASON_INSECURE_REFERER, id="insecure"),
    pytest.param(
        "https://evil.example/form/",
        {},
        REASON_BAD_REFERER % "https://evil.example/form/",
        id="foreign",
    ),
    pytest.param(
        "https://testserver.evil.example/",
        {},
        REASON_BAD_REFERER % "https://testserver.evil.example/",
        id="lookalike prefix",
    ),
    pytest.param(
        "https://testserver:8443/",
        {},
        REASON_BAD_REFERER % "https://testserver:8443/",
        id="same host, other port",
    ),
    pytest.param("not a url", {}, REASON_MALFORMED_REFERER, id="malformed, no scheme"),
    pytest.param("https://", {}, REASON_MALFORMED_REFERER, id="malformed, no host"),
    pytest.param("https://[", {}, REASON_MALFORMED_REFERER, id="malformed, bad IPv6"),
    pytest.param("//testserver/form/", {}, REASON_MALFORMED_REFERER, id="scheme-relative"),
    pytest.param(
        "https://trusted.example/page",
        {"CSRF_TRUSTED_ORIGINS": ["https://trusted.example"]},
        None,
        id="trusted origin",
    ),
    pytest.param(
        "https://shop.example.com/page",
        {"CSRF_TRUSTED_ORIGINS": ["https://*.example.com"]},
        None,
        id="trusted wildcard",
    ),
    pytest.param(
        "http://trusted.example/page",
        {"CSRF_TRUSTED_ORIGINS": ["http://trusted.example"]},
        REASON_INSECURE_REFERER,
        id="trusted but insecure",
    ),
]


@pytest.mark.parametrize(("referer", "overrides", "reason"), REFERERS)
def test_referer_on_https(client, rejections, referer, overrides, reason):
    token = client.get("/token/", secure=True).text
    headers = {} if referer is None else {"Referer": referer}
    with override_settings(**overrides):
        response = client.post(
            "/accept/", {"csrfmiddlewaretoken": token}, secure=True, headers=headers
        )
    if reason is None:
        assert response.status_code == 200
        assert rejections() == []
    else:
        assert response.status_code == 403
        assert rejections() == [reason]


def test_the_referer_is_not_checked_over_http(client, token):
    response = client.post(
        "/accept/", {"csrfmiddlewaretoken": token}, headers={"Referer": "https://evil.example/"}
    )
    assert response.status_code == 200


COOKIE_DOMAIN_CASES = [
    pytest.param("https://shop.example.com/", ".example.com", "443", None, id="subdomain"),
    pytest.param("https://example.com/", ".example.com", "443", None, id="the domain itself"),
    pytest.param("https://shop.example.com/", None, "443", "bad", id="subdomain, no cookie domain"),
    pytest.param(
        "https://shop.example.com:8443/", ".example.com", "8443", None, id="non-default port"
    ),
    pytest.param("https://shop.example.com/", ".example.com", "8443", "bad", id="port missing"),
    pytest.param("https://evil.example/", ".example.com", "443", "bad", id="foreign"),
]


@pytest.mark.parametrize(("referer", "domain", "port", "outcome"), COOKIE_DOMAIN_CASES)
def test_referer_may_match_the_cookie_domain(csrf_settings, referer, domain, port, outcome):
    client = Client(enforce_csrf_checks=True, HTTP_HOST="www.example.com", SERVER_PORT=port)
    client.set_cookie("csrftoken", OTHER_SECRET, domain="www.example.com")
    with override_settings(ALLOWED_HOSTS=[".example.com"], CSRF_COOKIE_DOMAIN=domain):
        response = client.post(
            "/accept/",
            {"csrfmiddlewaretoken": _mask_cipher_secret(OTHER_SECRET)},
            secure=True,
            headers={"Referer": referer},
        )
    assert response.status_code == (200 if outcome is None else 403)


# -- Failures -----------------------------------------------------------------------------


def test_failure_page_without_debug_hides_the_reason(client):
    response = client.post("/accept/", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert response.headers["Content-Type"].startswith("text/html")
    assert "CSRF verification failed. Request aborted." in response.text
    assert "More information is available with DEBUG=True." in response.text
    assert "evil.example" not in response.text
    assert "Origin checking failed" not in response.text


def test_failure_page_with_debug_gives_the_reason_escaped_and_the_fix(client):
    origin = "https://evil.example/<script>alert(1)</script>"
    with override_settings(DEBUG=True):
        response = client.post("/accept/", headers={"Origin": origin})
    assert response.status_code == 403
    assert "<script>" not in response.text
    assert (
        "Origin checking failed - https://evil.example/&lt;script&gt;alert(1)&lt;/script&gt; "
        "does not match any trusted origins." in response.text
    )
    assert "add it, with its scheme, to the CSRF_TRUSTED_ORIGINS setting" in response.text
    assert "DEBUG = True" in response.text


@pytest.mark.parametrize(
    ("make", "fix"),
    [
        pytest.param(lambda c: {}, "The browser sent no CSRF cookie.", id="no cookie"),
        pytest.param(
            lambda c: {"prime": True}, "put {{ csrf_input }} inside the form", id="no token"
        ),
        pytest.param(
            lambda c: {"prime": True, "headers": {"X-CSRFToken": "a" * 64}},
            "Reload the page with the form",
            id="wrong token",
        ),
        pytest.param(
            lambda c: {"secure": True},
            "This HTTPS site requires a Referer header",
            id="no referer",
        ),
        pytest.param(
            lambda c: {"secure": True, "headers": {"Referer": "http://testserver/"}},
            "Serve the page with the form over HTTPS too.",
            id="insecure referer",
        ),
        pytest.param(
            lambda c: {"secure": True, "headers": {"Referer": "https://evil.example/"}},
            "set CSRF_COOKIE_DOMAIN",
            id="foreign referer",
        ),
        pytest.param(
            lambda c: {"cookie": "x"},
            "The CSRF cookie is malformed",
            id="malformed cookie",
        ),
    ],
)
def test_failure_page_with_debug_says_how_to_fix_each_reason(client, make, fix):
    options = make(client)
    if options.get("prime"):
        client.get("/token/")
    if "cookie" in options:
        client.set_cookie("csrftoken", options["cookie"], domain="testserver")
    with override_settings(DEBUG=True):
        response = client.post(
            "/accept/", secure=options.get("secure", False), headers=options.get("headers")
        )
    assert response.status_code == 403
    assert fix in response.text


def test_a_refusal_is_logged_once_as_a_security_warning(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/accept/")
    records = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [(r.name, r.levelname, r.getMessage()) for r in records] == [
        ("chainweb.security.csrf", "WARNING", "Forbidden (CSRF cookie not set.): /accept/")
    ]
    assert records[0].status_code == 403


def custom_failure(request, reason=""):
    return f"custom refusal: {reason}", 403


def test_csrf_failure_view_is_a_setting(client):
    with override_settings(CSRF_FAILURE_VIEW="tests.csrf.test_middleware.custom_failure"):
        response = client.post("/accept/")
    assert response.status_code == 403
    assert response.text == "custom refusal: CSRF cookie not set."


def test_a_csrf_failure_view_that_does_not_import_is_named(client):
    from chainweb.core.exceptions import ImproperlyConfigured

    with override_settings(CSRF_FAILURE_VIEW="tests.csrf.nowhere.view"):
        with pytest.raises(ImproperlyConfigured) as info:
            client.post("/accept/")
    message = str(info.value)
    assert message.startswith("The CSRF_FAILURE_VIEW setting, 'tests.csrf.nowhere.view', could")
    assert "'chainweb.views.csrf.csrf_failure'" in message


# -- No input gives a 500 -----------------------------------------------------------------

header_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=80,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cookie=st.one_of(st.none(), header_text),
    form_token=st.one_of(st.none(), header_text),
    header_token=st.one_of(st.none(), header_text),
    origin=st.one_of(st.none(), header_text),
    referer=st.one_of(st.none(), header_text),
    secure=st.booleans(),
    method=st.sampled_from(["POST", "PUT", "DELETE"]),
)
def test_no_input_gives_a_500(
    csrf_settings, cookie, form_token, header_token, origin, referer, secure, method
):
    client = Client(enforce_csrf_checks=True)
    if cookie is not None:
        client.set_cookie("csrftoken", cookie, domain="testserver")
    headers = {}
    for name, value in (("X-CSRFToken", header_token), ("Origin", origin), ("Referer", referer)):
        if value is not None:
            headers[name] = value
    data = None if form_token is None else {"csrfmiddlewaretoken": form_token}
    response = client.generic(method, "/accept/", data, secure=secure, headers=headers)
    assert response.status_code in (200, 403)


def test_csrf_failure_view_may_be_a_callable(client):
    with override_settings(CSRF_FAILURE_VIEW=custom_failure):
        assert client.post("/accept/").text == "custom refusal: CSRF cookie not set."


@pytest.mark.parametrize(
    ("header_name", "shown"),
    [
        pytest.param("HTTP_X_CSRFTOKEN", "X-CSRFToken", id="default"),
        pytest.param("HTTP_X_XSRF_TOKEN", "X-Xsrf-Token", id="custom"),
    ],
)
def test_csrf_failure_names_the_header_and_handles_any_reason(header_name, shown):
    from chainweb.test import RequestFactory
    from chainweb.views.csrf import csrf_failure

    with override_settings(DEBUG=True, CSRF_HEADER_NAME=header_name):
        response = csrf_failure(RequestFactory().post("/"), reason="Some <new> reason.")
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "Some &lt;new&gt; reason." in text
    assert "See the checklist below." in text
    assert f"<code>{shown}</code> header" in text
