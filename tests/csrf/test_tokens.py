"""Tokens: masking, get_token(), rotate_token(), the cookie, and template helpers."""

import pytest

from chainweb.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    _does_token_match,
    _mask_cipher_secret,
    _unmask_cipher_token,
    csrf_input,
    csrf_input_lazy,
    csrf_token_lazy,
    get_token,
    rotate_token,
)
from chainweb.test import RequestFactory, override_settings

from .conftest import cookie_secret

SECRET = "abcdefghijklmnopqrstuvwxyz012345"


def test_a_masked_token_unmasks_to_its_secret():
    token = _mask_cipher_secret(SECRET)
    assert len(token) == 64
    assert set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == SECRET


def test_masked_tokens_differ_per_call_but_unmask_to_the_same_secret():
    request = RequestFactory().get("/")
    tokens = {get_token(request) for _ in range(20)}
    assert len(tokens) == 20
    assert {_unmask_cipher_token(token) for token in tokens} == {request.META["CSRF_COOKIE"]}


def test_tokens_from_pages_differ_but_all_match_the_cookie(client):
    tokens = [client.get("/token/").text for _ in range(3)]
    assert len(set(tokens)) == 3
    secret = cookie_secret(client)
    assert all(_unmask_cipher_token(token) == secret for token in tokens)
    assert all(_does_token_match(token, secret) for token in tokens)
    assert _does_token_match(secret, secret)


def test_the_cookie_keeps_its_secret_across_pages(client):
    client.get("/token/")
    first = cookie_secret(client)
    client.get("/token/")
    assert cookie_secret(client) == first


def test_rotate_token_changes_the_secret(client):
    before, after = client.get("/rotate/").text.split()
    assert _unmask_cipher_token(before) != _unmask_cipher_token(after)
    assert cookie_secret(client) == _unmask_cipher_token(after)
    assert client.post("/accept/", {"csrfmiddlewaretoken": before}).status_code == 403
    assert client.post("/accept/", {"csrfmiddlewaretoken": after}).status_code == 200


def test_rotate_token_without_a_secret_makes_one():
    request = RequestFactory().get("/")
    rotate_token(request)
    assert len(request.META["CSRF_COOKIE"]) == 32
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_a_page_without_a_token_sets_no_cookie(client):
    response = client.get("/accept/")
    assert "Set-Cookie" not in response.headers
    assert "Vary" not in response.headers


def test_the_cookie_follows_the_settings(csrf_settings):
    from chainweb.test import Client

    overrides = {
        "CSRF_COOKIE_NAME": "xsrf",
        "CSRF_COOKIE_AGE": 3600,
        "CSRF_COOKIE_DOMAIN": "testserver",
        "CSRF_COOKIE_PATH": "/app/",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Strict",
    }
    with override_settings(**overrides):
        response = Client().get("/token/")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("xsrf=")
    for part in ("Max-Age=3600", "Domain=testserver", "Path=/app/", "Secure", "HttpOnly"):
        assert part in cookie
    assert "SameSite=Strict" in cookie
    assert response.headers["Vary"] == "Cookie"


def test_the_default_cookie(client):
    response = client.get("/token/")
    cookie = response.headers["Set-Cookie"]
    assert "Max-Age=31449600" in cookie
    assert "Path=/" in cookie
    assert "SameSite=Lax" in cookie
    assert "HttpOnly" not in cookie  # JavaScript reads it to fill X-CSRFToken
    assert "Secure" not in cookie


def test_csrf_input_is_a_hidden_field_with_a_token():
    request = RequestFactory().get("/")
    field = csrf_input(request)
    assert field.__html__() == str(field)
    prefix = '<input type="hidden" name="csrfmiddlewaretoken" value="'
    assert field.startswith(prefix) and field.endswith('">')
    token = field[len(prefix) : -2]
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]


def test_the_lazy_helpers_make_no_token_until_used():
    request = RequestFactory().get("/")
    field, token = csrf_input_lazy(request), csrf_token_lazy(request)
    assert "CSRF_COOKIE" not in request.META
    assert field.__html__().startswith('<input type="hidden"')
    assert len(str(token)) == 64
    assert str(token) == str(token)  # worked out once per template variable


@pytest.mark.parametrize("path", ["/template/", "/protected-template/"])
def test_a_template_gets_a_working_token(client, path):
    response = client.get(path)
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="' in response.text  # not escaped
    token = response.text.split('id="token">')[1].split("<")[0]
    assert _unmask_cipher_token(token) == cookie_secret(client)
    assert client.post("/accept/", {"csrfmiddlewaretoken": token}).status_code == 200


def test_the_csrf_context_processor_is_lazy():
    from chainweb.template.context_processors import csrf

    request = RequestFactory().get("/")
    context = csrf(request)
    assert "CSRF_COOKIE" not in request.META
    assert _unmask_cipher_token(str(context["csrf_token"])) == request.META["CSRF_COOKIE"]
