"""The default storage: the cookie first, the session for what does not fit."""

import secrets

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.messages import INFO
from chainweb.messages.storage.cookie import CookieStorage
from chainweb.messages.storage.session import SessionStorage

from . import fake_session
from .conftest import FALLBACK, SESSION, make_client, messages_cookie, set_messages_cookie


def texts(response):
    return [item["message"] for item in response.json()]


def only_session():
    [session] = fake_session.STORE.values()
    return session


def test_fallback_is_the_default_storage():
    from chainweb.conf import global_settings

    assert global_settings.MESSAGE_STORAGE == FALLBACK


def test_small_messages_stay_in_the_cookie(fallback_client):
    fallback_client.get("/add/", {"m": f"{INFO}:small"})
    assert messages_cookie(fallback_client) is not None
    assert SessionStorage.session_key not in only_session()
    assert texts(fallback_client.get("/show/")) == ["small"]
    assert messages_cookie(fallback_client) is None


def test_overflow_goes_to_the_session_and_comes_back_in_order(fallback_client):
    many = [f"{INFO}:{index}-{secrets.token_hex(50)}" for index in range(40)]
    fallback_client.get("/add/", {"m": many})
    value = messages_cookie(fallback_client)
    assert value is not None
    assert len(value) <= CookieStorage.max_cookie_size
    in_session = only_session()[SessionStorage.session_key]
    assert 0 < len(in_session) < len(many)
    # The cookie keeps the oldest messages, the session the newest.
    assert [item[1] for item in in_session] == [spec.split(":", 1)[1] for spec in many][
        -len(in_session) :
    ]
    assert texts(fallback_client.get("/show/")) == [spec.split(":", 1)[1] for spec in many]
    assert messages_cookie(fallback_client) is None
    assert SessionStorage.session_key not in only_session()
    assert texts(fallback_client.get("/show/")) == []


def test_unread_overflow_is_kept_in_both(fallback_client):
    many = [f"{INFO}:{secrets.token_hex(50)}" for _ in range(40)]
    fallback_client.get("/add/", {"m": many})
    assert fallback_client.get("/count/").text == "40"
    fallback_client.get("/add/", {"m": f"{INFO}:one more"})
    shown = texts(fallback_client.get("/show/"))
    assert shown == [spec.split(":", 1)[1] for spec in many] + ["one more"]


def test_session_is_emptied_when_overflow_is_followed_by_small_messages(fallback_client):
    fallback_client.get("/add/", {"m": [f"{INFO}:{secrets.token_hex(50)}" for _ in range(40)]})
    assert SessionStorage.session_key in only_session()
    fallback_client.get("/read-then-add/")
    assert SessionStorage.session_key not in only_session()
    assert texts(fallback_client.get("/show/")) == ["added after reading"]


def test_garbage_cookie_is_deleted_and_session_not_read(fallback_client):
    set_messages_cookie(fallback_client, "garbage")
    assert fallback_client.get("/show/").json() == []
    assert messages_cookie(fallback_client) is None


def test_garbage_in_the_session_gives_no_messages():
    with make_client(SESSION) as client:
        client.get("/count/")
        only_session()[SessionStorage.session_key] = "not a list of messages"
        assert client.get("/show/").json() == []
        assert SessionStorage.session_key not in only_session()


@pytest.mark.parametrize(
    ("storage", "name"), [(FALLBACK, "FallbackStorage"), (SESSION, "SessionStorage")]
)
def test_a_session_storage_without_a_session_says_how_to_fix_it(storage, name):
    with make_client(storage, None) as client:
        with pytest.raises(ImproperlyConfigured) as excinfo:
            client.get("/show/")
    message = str(excinfo.value)
    assert message.startswith(f"{name} keeps messages in the session, but the request has no")
    assert (
        "Add 'chainweb.sessions.middleware.SessionMiddleware' to MIDDLEWARE before "
        "'chainweb.messages.middleware.MessageMiddleware'"
    ) in message
    assert "MESSAGE_STORAGE = 'chainweb.messages.storage.cookie.CookieStorage'" in message
