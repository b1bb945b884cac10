"""The signed-cookie storage: no session needed, tampering ignored, size limited."""

import logging
import secrets
import zlib

import pytest
from itsdangerous import URLSafeSerializer
from itsdangerous.encoding import base64_decode

from chainweb.messages import INFO
from chainweb.messages.storage.cookie import CookieStorage
from chainweb.test import override_settings

from .conftest import COOKIE, make_client, messages_cookie, set_messages_cookie


def texts(response):
    return [item["message"] for item in response.json()]


def random_text(length):
    """Return text that does not compress, so it fills the cookie."""
    return secrets.token_hex(length // 2)


def test_messages_live_in_a_signed_cookie_without_a_session(cookie_client):
    response = cookie_client.get("/add/", {"m": f"{INFO}:hello"})
    [header] = response.headers.getlist("Set-Cookie")
    assert header.startswith("messages=")
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Path=/" in header
    assert "sessionid" not in header
    value = messages_cookie(cookie_client)
    assert "hello" not in value  # Signed and base64-encoded.
    payload = URLSafeSerializer("test-secret-key", salt="chainweb.messages").loads(value)
    assert payload == [[INFO, "hello"]]


def test_cookie_payload_is_compact_json_lists(cookie_client):
    """Each message is a list, in compact JSON (never pickle)."""
    cookie_client.get("/add/", {"m": [f"{INFO}:a", "40:b:x"]})
    payload = messages_cookie(cookie_client).rsplit(".", 1)[0]
    raw = base64_decode(payload.lstrip("."))
    if payload.startswith("."):
        raw = zlib.decompress(raw)
    assert raw == b'[[20,"a"],[40,"b","x"]]'


def test_cookie_is_deleted_once_the_messages_are_read(cookie_client):
    cookie_client.get("/add/", {"m": f"{INFO}:hello"})
    response = cookie_client.get("/show/")
    [header] = response.headers.getlist("Set-Cookie")
    assert header.startswith("messages=;")
    assert "Max-Age=0" in header
    assert messages_cookie(cookie_client) is None


def test_no_cookie_is_set_when_there_are_no_messages(cookie_client):
    for path in ("/show/", "/count/", "/add/"):
        assert "Set-Cookie" not in cookie_client.get(path).headers


def test_cookie_settings_apply(cookie_client):
    with override_settings(
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_HTTPONLY=False,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_DOMAIN="testserver",
    ):
        header = cookie_client.get("/add/", {"m": f"{INFO}:x"}).headers["Set-Cookie"]
    assert "Secure" in header
    assert "HttpOnly" not in header
    assert "SameSite=Strict" in header
    assert "Domain=testserver" in header


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("garbage", id="garbage"),
        pytest.param("", id="empty"),
        pytest.param("a.b.c", id="dotted garbage"),
        pytest.param(
            URLSafeSerializer("other-key", salt="chainweb.messages").dumps([[INFO, "forged"]]),
            id="wrong key",
        ),
        pytest.param(
            URLSafeSerializer("test-secret-key", salt="other.salt").dumps([[INFO, "forged"]]),
            id="wrong salt",
        ),
        pytest.param(
            URLSafeSerializer("test-secret-key", salt="chainweb.messages").dumps({"not": "a list"}),
            id="signed, not a list",
        ),
        pytest.param(
            URLSafeSerializer("test-secret-key", salt="chainweb.messages").dumps(
                [[INFO, "ok"], ["not a level", "x"]]
            ),
            id="signed, bad message",
        ),
        pytest.param(
            URLSafeSerializer("test-secret-key", salt="chainweb.messages").dumps(
                [[True, "bool level"]]
            ),
            id="signed, bool level",
        ),
        pytest.param(
            URLSafeSerializer("test-secret-key", salt="chainweb.messages").dumps([[INFO]]),
            id="signed, too short",
        ),
        pytest.param(
            URLSafeSerializer("test-secret-key", salt="chainweb.messages").dumps(
                [[INFO, "x", "tags", 7]]
            ),
            id="signed, bad markup flag",
        ),
    ],
)
def test_bad_cookie_gives_no_messages_and_no_error(cookie_client, value):
    set_messages_cookie(cookie_client, value)
    response = cookie_client.get("/show/")
    assert response.status_code == 200
    assert response.json() == []
    if value:
        assert messages_cookie(cookie_client) is None  # The bad cookie is deleted.


def test_tampered_cookie_gives_no_messages(cookie_client):
    cookie_client.get("/add/", {"m": f"{INFO}:genuine"})
    value = messages_cookie(cookie_client)
    tampered = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    set_messages_cookie(cookie_client, tampered)
    assert cookie_client.get("/show/").json() == []


def test_bad_cookie_is_replaced_by_new_messages(cookie_client):
    set_messages_cookie(cookie_client, "garbage")
    cookie_client.get("/add/", {"m": f"{INFO}:fresh"})
    assert texts(cookie_client.get("/show/")) == ["fresh"]


def test_secret_key_rotation_keeps_messages():
    with make_client(COOKIE, None, SECRET_KEY="old-key") as client:
        client.get("/add/", {"m": f"{INFO}:before rotation"})
        with override_settings(SECRET_KEY="new-key", SECRET_KEY_FALLBACKS=["older", "old-key"]):
            assert texts(client.get("/show/")) == ["before rotation"]
            client.get("/add/", {"m": f"{INFO}:after rotation"})
            value = messages_cookie(client)
        # New cookies are signed with the new key only.
        URLSafeSerializer("new-key", salt="chainweb.messages").loads(value)
        with override_settings(SECRET_KEY="new-key"):
            assert texts(client.get("/show/")) == ["after rotation"]


def test_old_key_without_fallback_gives_no_messages():
    with make_client(COOKIE, None, SECRET_KEY="old-key") as client:
        client.get("/add/", {"m": f"{INFO}:before rotation"})
        with override_settings(SECRET_KEY="new-key"):
            assert client.get("/show/").json() == []


def test_oversized_messages_drop_the_oldest_and_warn(cookie_client, caplog):
    many = [f"{INFO}:{index}-{random_text(100)}" for index in range(40)]
    with caplog.at_level(logging.WARNING, logger="chainweb.messages"):
        cookie_client.get("/add/", {"m": many})
    assert len(messages_cookie(cookie_client)) <= CookieStorage.max_cookie_size
    [record] = caplog.records
    assert "did not fit in CookieStorage and were dropped" in record.getMessage()
    assert "FallbackStorage" in record.getMessage()
    shown = texts(cookie_client.get("/show/"))
    assert 0 < len(shown) < len(many)
    assert shown == [spec.split(":", 1)[1] for spec in many[-len(shown) :]]


def test_oversized_messages_raise_with_debug(cookie_client):
    many = [f"{INFO}:{random_text(100)}" for _ in range(40)]
    with override_settings(DEBUG=True):
        with pytest.raises(
            ValueError, match=r"did not fit in CookieStorage .* set MESSAGE_STORAGE"
        ):
            cookie_client.get("/add/", {"m": many})


def test_one_huge_message_is_dropped():
    with make_client(COOKIE, None) as client:
        client.get("/add/", {"m": f"{INFO}:{random_text(5000)}"})
        assert client.get("/show/").json() == []


def test_no_size_limit_when_max_cookie_size_is_zero(monkeypatch, cookie_client):
    monkeypatch.setattr(CookieStorage, "max_cookie_size", 0)
    many = [f"{INFO}:{random_text(100)}" for _ in range(30)]
    cookie_client.get("/add/", {"m": many})
    assert len(texts(cookie_client.get("/show/"))) == 30
