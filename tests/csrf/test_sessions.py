"""CSRF with sessions: CSRF_USE_SESSIONS, and the rotation at login (sessions.cycle_key)."""

import importlib.util

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.middleware.csrf import CSRF_SESSION_KEY, _unmask_cipher_token
from chainweb.test import Client, override_settings

from .conftest import CSRF_MIDDLEWARE, SESSION_MIDDLEWARE, cookie_secret


def test_csrf_use_sessions_without_session_middleware_says_what_to_do(csrf_settings):
    client = Client(enforce_csrf_checks=True)
    with override_settings(CSRF_USE_SESSIONS=True):
        with pytest.raises(ImproperlyConfigured) as info:
            client.get("/token/")
    assert str(info.value) == (
        "CSRF_USE_SESSIONS is on, but request.session is not set. Put "
        "'chainweb.sessions.middleware.SessionMiddleware' before "
        "'chainweb.middleware.csrf.CsrfViewMiddleware' in MIDDLEWARE, or set "
        "CSRF_USE_SESSIONS = False to keep the secret in a cookie."
    )


def _require_sessions():
    if importlib.util.find_spec("chainweb.sessions.middleware") is None:
        pytest.skip("chainweb.sessions.middleware does not exist yet (SessionMiddleware)")


@pytest.fixture
def session_client():
    _require_sessions()
    with override_settings(
        ROOT_URLCONF="tests.csrf.urls",
        MIDDLEWARE=[SESSION_MIDDLEWARE, CSRF_MIDDLEWARE],
        CSRF_USE_SESSIONS=True,
    ):
        yield Client(enforce_csrf_checks=True)


def test_csrf_use_sessions_keeps_the_secret_in_the_session(session_client):
    response = session_client.get("/token/")
    assert "csrftoken=" not in response.headers.get("Set-Cookie", "")
    assert session_client.get_cookie("csrftoken", domain="testserver") is None
    assert session_client.get_cookie("sessionid", domain="testserver") is not None
    request = response.wsgi_request
    assert request.session[CSRF_SESSION_KEY] == _unmask_cipher_token(response.text)


def test_csrf_use_sessions_checks_the_token(session_client):
    token = session_client.get("/token/").text
    assert session_client.post("/accept/").status_code == 403
    assert session_client.post("/accept/", {"csrfmiddlewaretoken": token}).status_code == 200
    assert session_client.post("/accept/", headers={"X-CSRFToken": token}).status_code == 200


def test_csrf_use_sessions_refuses_a_token_without_a_session(session_client):
    token = session_client.get("/token/").text
    session_client.delete_cookie("sessionid", domain="testserver")
    assert session_client.post("/accept/", {"csrfmiddlewaretoken": token}).status_code == 403


@pytest.fixture
def login_client():
    _require_sessions()
    with override_settings(
        ROOT_URLCONF="tests.csrf.urls", MIDDLEWARE=[SESSION_MIDDLEWARE, CSRF_MIDDLEWARE]
    ):
        yield Client(enforce_csrf_checks=True)


def test_cycle_key_at_login_rotates_the_csrf_secret(login_client):
    old_token = login_client.get("/token/").text
    old_secret = cookie_secret(login_client)
    response = login_client.post("/login/", {"csrfmiddlewaretoken": old_token})
    assert response.status_code == 200
    new_secret = cookie_secret(login_client)
    assert new_secret != old_secret
    assert _unmask_cipher_token(response.text) == new_secret
    assert login_client.post("/accept/", {"csrfmiddlewaretoken": old_token}).status_code == 403
    assert login_client.post("/accept/", {"csrfmiddlewaretoken": response.text}).status_code == 200


def test_csrf_use_sessions_keeps_the_secret_across_pages(session_client):
    first = session_client.get("/token/").text
    second = session_client.get("/token/").text
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second)
