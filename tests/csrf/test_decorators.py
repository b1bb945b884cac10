"""csrf_protect, ensure_csrf_cookie and requires_csrf_token, with and without the middleware."""

import logging

import pytest

from chainweb.test import Client, override_settings

from .conftest import CSRF_MIDDLEWARE, TEMPLATES, cookie_secret


@pytest.fixture
def bare_client():
    """A client for a project without CsrfViewMiddleware."""
    with override_settings(ROOT_URLCONF="tests.csrf.urls", MIDDLEWARE=[], TEMPLATES=TEMPLATES):
        yield Client(enforce_csrf_checks=True)


def test_csrf_protect_checks_without_the_middleware(bare_client):
    assert bare_client.post("/protected/").status_code == 403
    token = bare_client.get("/protected-token/").text
    assert len(cookie_secret(bare_client)) == 32
    response = bare_client.post("/protected/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert response.text == "accepted POST"


def test_csrf_protect_refuses_a_foreign_origin(bare_client):
    token = bare_client.get("/protected-token/").text
    response = bare_client.post(
        "/protected/", {"csrfmiddlewaretoken": token}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403


def test_csrf_protect_accepts_what_make_response_accepts(bare_client):
    token = bare_client.get("/protected-token/").text
    response = bare_client.post("/protected-text/", {"csrfmiddlewaretoken": token})
    assert response.text == "plain text"


def test_csrf_protect_honours_csrf_exempt(bare_client):
    assert bare_client.post("/protected-exempt/").status_code == 200


def test_csrf_protect_sets_the_cookie_after_a_template_renders(bare_client):
    response = bare_client.get("/protected-template/")
    assert "csrftoken=" in response.headers["Set-Cookie"]


def test_views_are_not_protected_without_middleware_or_decorator(bare_client):
    assert bare_client.post("/accept/").status_code == 200


def test_csrf_protect_under_the_middleware_checks_once(caplog):
    caplog.set_level(logging.WARNING, logger="chainweb.security.csrf")
    with override_settings(ROOT_URLCONF="tests.csrf.urls", MIDDLEWARE=[CSRF_MIDDLEWARE]):
        client = Client(enforce_csrf_checks=True)
        token = client.get("/protected-token/").text
        assert client.post("/protected/", {"csrfmiddlewaretoken": token}).status_code == 200
        assert client.post("/protected/").status_code == 403
    assert len(caplog.records) == 1


@pytest.mark.parametrize("middleware", [[], [CSRF_MIDDLEWARE]], ids=["alone", "with middleware"])
def test_ensure_csrf_cookie_sets_the_cookie_without_a_form(middleware):
    with override_settings(ROOT_URLCONF="tests.csrf.urls", MIDDLEWARE=middleware):
        client = Client(enforce_csrf_checks=True)
        response = client.get("/ensure-cookie/")
        assert response.text == "no form here"
        assert response.headers["Vary"] == "Cookie"
        secret = cookie_secret(client)
        assert len(secret) == 32
        # JavaScript can send the cookie's value as the token.
        assert client.post("/accept/", headers={"X-CSRFToken": secret}).status_code == 200


def test_ensure_csrf_cookie_does_not_refuse(bare_client, caplog):
    caplog.set_level(logging.WARNING, logger="chainweb.security.csrf")
    response = bare_client.post("/ensure-cookie/")
    assert response.status_code == 200
    assert "csrftoken=" in response.headers["Set-Cookie"]
    assert caplog.records == []


def test_requires_csrf_token_gives_a_token_and_refuses_nothing(bare_client, caplog):
    caplog.set_level(logging.WARNING, logger="chainweb.security.csrf")
    response = bare_client.post("/requires-token/", headers={"Origin": "null"})
    assert response.status_code == 200
    assert len(response.text) == 64
    assert len(cookie_secret(bare_client)) == 32
    assert caplog.records == []


@pytest.mark.parametrize(
    ("secure", "headers"),
    [
        pytest.param(False, {"HTTP_ORIGIN": "http://evil.example"}, id="origin"),
        pytest.param(True, {"HTTP_REFERER": "https://evil.example/"}, id="referer"),
    ],
)
def test_csrf_protect_refuses_a_disallowed_host(csrf_settings, secure, headers):
    from chainweb.middleware.csrf import _mask_cipher_secret
    from chainweb.test import RequestFactory

    from .urls import accept, csrf_protect

    secret = "s" * 32
    request = RequestFactory(HTTP_HOST="evil.example", HTTP_COOKIE=f"csrftoken={secret}").post(
        "/", {"csrfmiddlewaretoken": _mask_cipher_secret(secret)}, secure=secure, **headers
    )
    assert csrf_protect(accept)(request).status_code == 403
