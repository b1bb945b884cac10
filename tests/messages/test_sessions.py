"""Messages with chainweb's own SessionMiddleware (signed-cookie sessions)."""

import secrets

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.messages import INFO
from chainweb.messages.storage.cookie import CookieStorage
from chainweb.test import override_settings

from .conftest import (
    FALLBACK,
    MESSAGE_MIDDLEWARE,
    REAL_SESSION_MIDDLEWARE,
    SESSION,
    make_client,
    messages_cookie,
)


def texts(response):
    return [item["message"] for item in response.json()]


def session_cookie(client):
    cookie = client.get_cookie("sessionid", domain="testserver")
    return None if cookie is None else cookie.value


def test_session_storage_keeps_messages_in_the_session_cookie():
    with make_client(SESSION, REAL_SESSION_MIDDLEWARE) as client:
        response = client.get("/add/", {"m": f"{INFO}:in the session"})
        assert session_cookie(client) is not None
        assert messages_cookie(client) is None
        response = client.get("/show/")
        assert "Cookie" in response.headers["Vary"]
        assert texts(response) == ["in the session"]
        assert texts(client.get("/show/")) == []


def test_fallback_leaves_the_session_alone_when_the_cookie_has_room():
    with make_client(FALLBACK, REAL_SESSION_MIDDLEWARE) as client:
        response = client.get("/add/", {"m": f"{INFO}:small"})
        assert [h.split("=", 1)[0] for h in response.headers.getlist("Set-Cookie")] == ["messages"]
        response = client.get("/show/")
        assert "Vary" not in response.headers
        assert texts(response) == ["small"]
        assert messages_cookie(client) is None
        assert session_cookie(client) is None


def test_fallback_overflows_into_the_real_session():
    many = [f"{INFO}:{index}-{secrets.token_urlsafe(45)}" for index in range(40)]
    with make_client(FALLBACK, REAL_SESSION_MIDDLEWARE) as client:
        client.get("/add/", {"m": many})
        assert len(messages_cookie(client)) <= CookieStorage.max_cookie_size
        assert session_cookie(client) is not None
        assert texts(client.get("/show/")) == [spec.split(":", 1)[1] for spec in many]
        assert messages_cookie(client) is None
        assert texts(client.get("/show/")) == []


def test_session_middleware_after_message_middleware_says_how_to_fix_it():
    with make_client(SESSION, None) as client:
        with override_settings(MIDDLEWARE=[MESSAGE_MIDDLEWARE, REAL_SESSION_MIDDLEWARE]):
            with pytest.raises(
                ImproperlyConfigured, match="SessionMiddleware' to MIDDLEWARE before"
            ):
                client.get("/show/")
