"""The signed-cookie store on its own: what it signs, and what it refuses."""

from __future__ import annotations

import logging
import time

import pytest
from itsdangerous import URLSafeTimedSerializer

from chainweb.sessions.backends.signed_cookies import SALT, SessionStore
from chainweb.sessions.serializers import JSONSerializer
from chainweb.test import override_settings


def saved(**data):
    session = SessionStore()
    session.update(data)
    session.save()
    return session.session_key


def test_the_key_is_the_data_signed_with_secret_key_and_its_own_salt():
    key = saved(user="alice")
    serializer = URLSafeTimedSerializer("test-secret-key", salt=SALT, serializer=JSONSerializer())
    assert serializer.loads(key) == {"user": "alice"}
    assert SALT == "chainweb.sessions.backends.signed_cookies"


def test_saved_data_loads_back():
    data = {"user": "alice", "n": 3, "tags": ["a", "b"], "nested": {"x": None, "ok": True}}
    assert dict(SessionStore(saved(**data)).items()) == data


def test_large_repetitive_data_is_compressed():
    key = saved(text="spam " * 1000)
    assert key.startswith(".")
    assert len(key) < 200


def test_json_is_compact():
    assert JSONSerializer().dumps({"a": [1, 2], "b": "c"}) == b'{"a":[1,2],"b":"c"}'
    assert JSONSerializer().loads(b'{"a":[1,2]}') == {"a": [1, 2]}


def test_non_ascii_text_survives():
    assert SessionStore(saved(name="Zoë ✓")).get("name") == "Zoë ✓"


def test_the_store_never_reports_a_key_as_taken():
    assert SessionStore().exists("anything-at-all") is False


def test_create_only_marks_the_session_modified():
    session = SessionStore()
    session.create()
    assert session.modified
    assert session.session_key is None


def test_delete_forgets_the_data_and_the_key():
    session = SessionStore(saved(user="alice"))
    session.delete()
    assert session.session_key is None
    assert dict(session.items()) == {}
    assert session.is_empty()


def test_cycle_key_signs_the_same_data_again(monkeypatch):
    key = saved(user="alice")
    session = SessionStore(key)
    later = time.time() + 2
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    session.cycle_key()
    assert session.session_key != key
    assert dict(SessionStore(session.session_key).items()) == {"user": "alice"}


def test_clear_expired_does_nothing():
    assert SessionStore.clear_expired() is None


def test_a_fallback_key_verifies_and_the_secret_key_signs():
    with override_settings(SECRET_KEY="old"):
        old_cookie = saved(user="alice")
    with override_settings(SECRET_KEY="new", SECRET_KEY_FALLBACKS=["old"]):
        session = SessionStore(old_cookie)
        assert session["user"] == "alice"
        session.save()
        resigned = session.session_key
    with override_settings(SECRET_KEY="new"):
        assert SessionStore(resigned)["user"] == "alice"
        assert SessionStore(old_cookie).get("user") is None


def test_expiry_is_checked_against_the_time_of_loading(monkeypatch):
    key = saved(user="alice")
    start = time.time()
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: start + 60 * 60 * 24 * 15)
    assert SessionStore(key).get("user") is None
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: start + 60 * 60 * 24 * 13)
    assert SessionStore(key).get("user") == "alice"


@override_settings(SESSION_COOKIE_AGE=60)
def test_the_cookie_age_setting_bounds_a_cookie(monkeypatch):
    key = saved(user="alice")
    start = time.time()
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: start + 120)
    assert SessionStore(key).get("user") is None


def test_a_refused_cookie_leaves_an_empty_session_with_no_key(caplog):
    with caplog.at_level(logging.DEBUG, logger="chainweb.security.SuspiciousSession"):
        session = SessionStore("not-a-signed-cookie-at-all")
        assert session.session_key is not None
        assert dict(session.items()) == {}
    assert session.session_key is None
    assert session.is_empty()
    assert not session.modified
    assert [r.levelno for r in caplog.records] == [logging.DEBUG]


def test_a_short_cookie_is_logged_without_loading(caplog):
    with caplog.at_level(logging.DEBUG, logger="chainweb.security.SuspiciousSession"):
        session = SessionStore("abc")
    assert session.session_key is None
    assert caplog.records[0].getMessage() == (
        "Ignored the session cookie (3 characters, too short to be a signed session); "
        "starting an empty session."
    )


def test_no_cookie_logs_nothing(caplog):
    with caplog.at_level(logging.DEBUG):
        SessionStore().get("user")
    assert caplog.records == []


@pytest.mark.parametrize("secret", ["test-secret-key", "x" * 200])
def test_the_log_line_never_holds_the_secret(caplog, secret):
    with override_settings(SECRET_KEY=secret):
        with caplog.at_level(logging.DEBUG):
            SessionStore("eyJ1c2VyIjoiYWxpY2UifQ.Z0000.bad-signature-here").get("user")
    assert secret not in caplog.text


def test_remembered_cookie_still_expires_and_copies_nothing(monkeypatch):
    """A cookie remembered as verified is still aged on every read, and shares no data."""
    import time as time_module

    from chainweb.sessions.backends import signed_cookies
    from chainweb.test import override_settings

    with override_settings(SESSION_COOKIE_AGE=100):
        store = signed_cookies.SessionStore()
        store["items"] = [1]
        store.save()
        cookie = store.session_key
        first = signed_cookies.SessionStore(cookie)
        first["items"].append(2)  # a view changing a list in place
        assert signed_cookies.SessionStore(cookie)["items"] == [1]
        later = time_module.time() + 101
        monkeypatch.setattr(signed_cookies.time, "time", lambda: later)
        expired = signed_cookies.SessionStore(cookie)
        assert expired.get("items") is None
        assert expired.is_empty()


def test_remembered_cookies_are_bounded(monkeypatch):
    from chainweb.sessions.backends import signed_cookies

    monkeypatch.setattr(signed_cookies, "_VERIFIED_SIZE", 3)
    for number in range(10):
        store = signed_cookies.SessionStore()
        store["n"] = number
        store.save()
        assert len(signed_cookies._verified) <= 3


def test_a_new_secret_key_does_not_accept_a_remembered_cookie():
    from chainweb.sessions.backends import signed_cookies
    from chainweb.test import override_settings

    store = signed_cookies.SessionStore()
    store["user"] = "ann"
    store.save()
    cookie = store.session_key
    assert signed_cookies.SessionStore(cookie)["user"] == "ann"
    with override_settings(SECRET_KEY="a-completely-different-key", SECRET_KEY_FALLBACKS=[]):
        refused = signed_cookies.SessionStore(cookie)
        assert refused.get("user") is None
        assert refused.is_empty()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"visits": 3}, id="small"),
        pytest.param({"text": "x" * 1000, "items": [1, 2]}, id="compressed"),
    ],
)
def test_cookie_is_what_itsdangerous_reads(data):
    """The cookie is itsdangerous's URL-safe timed format: its own loader accepts it."""
    from itsdangerous import BadSignature, URLSafeTimedSerializer

    from chainweb.conf import settings
    from chainweb.sessions.backends import signed_cookies

    store = signed_cookies.SessionStore()
    store.update(data)
    store.save()
    stock = URLSafeTimedSerializer(settings.SECRET_KEY, salt=signed_cookies.SALT)
    assert stock.loads(store.session_key, max_age=60) == data
    tampered = store.session_key[:-2] + ("AA" if store.session_key[-2:] != "AA" else "BB")
    with pytest.raises(BadSignature):
        stock.loads(tampered)
