"""SessionMiddleware through the real handler, with the default signed-cookie store."""

from __future__ import annotations

import logging
import re

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.sessions.backends.signed_cookies import SessionStore
from chainweb.sessions.exceptions import SessionTooLarge
from chainweb.sessions.middleware import SessionMiddleware
from chainweb.test import Client, override_settings
from tests.sessions import memory_store

MIDDLEWARE = ["chainweb.sessions.middleware.SessionMiddleware"]
TWO_WEEKS = 60 * 60 * 24 * 7 * 2


@pytest.fixture
def client():
    with override_settings(ROOT_URLCONF="tests.sessions.session_urls", MIDDLEWARE=MIDDLEWARE):
        yield Client()


@pytest.fixture
def quiet_client():
    """A client that returns 500 responses instead of raising the view's exception."""
    with override_settings(ROOT_URLCONF="tests.sessions.session_urls", MIDDLEWARE=MIDDLEWARE):
        yield Client(raise_request_exception=False)


def set_cookies(response, name="sessionid"):
    """Return the Set-Cookie headers for ``name`` as dicts of attributes (lowercase keys)."""
    found = []
    for header in response.headers.getlist("Set-Cookie"):
        first, *attributes = header.split("; ")
        cookie_name, _, value = first.partition("=")
        if cookie_name != name:
            continue
        parsed = {"value": value}
        for attribute in attributes:
            key, _, attr_value = attribute.partition("=")
            parsed[key.lower()] = attr_value or True
        found.append(parsed)
    return found


def only_cookie(response, name="sessionid"):
    cookies = set_cookies(response, name)
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def session_cookie(client):
    cookie = client.get_cookie("sessionid", domain="testserver")
    return None if cookie is None else cookie.value


def send_cookie(client, value, name="sessionid"):
    client.set_cookie(name, value, domain="testserver")


def vary(response):
    return [name.strip() for name in response.headers.get("Vary", "").split(",") if name.strip()]


# Saving and reading back.


def test_written_data_is_read_back_on_the_next_request(client):
    response = client.get("/write/", {"user": "alice", "theme": "dark"})
    assert response.status_code == 200
    assert client.get("/read/").json() == {"user": "alice", "theme": "dark"}


def test_the_cookie_has_the_default_attributes(client):
    cookie = only_cookie(client.get("/write/", {"user": "alice"}))
    assert cookie["max-age"] == str(TWO_WEEKS)
    assert "expires" in cookie
    assert cookie["path"] == "/"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert "secure" not in cookie
    assert "domain" not in cookie


@override_settings(
    SESSION_COOKIE_NAME="sid",
    SESSION_COOKIE_DOMAIN="example.com",
    SESSION_COOKIE_PATH="/app/",
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=False,
    SESSION_COOKIE_SAMESITE="Strict",
    SESSION_COOKIE_AGE=3600,
)
def test_the_cookie_attributes_come_from_the_settings(client):
    response = client.get("/write/", {"user": "alice"})
    assert set_cookies(response, "sessionid") == []
    cookie = only_cookie(response, "sid")
    assert cookie["domain"] == "example.com"
    assert cookie["path"] == "/app/"
    assert cookie["secure"] is True
    assert "httponly" not in cookie
    assert cookie["samesite"] == "Strict"
    assert cookie["max-age"] == "3600"


@override_settings(SESSION_COOKIE_NAME="sid")
def test_the_session_is_read_from_the_configured_cookie_name(client):
    client.get("/write/", {"user": "alice"})
    assert client.get_cookie("sid", domain="testserver") is not None
    assert client.get("/read/").json() == {"user": "alice"}


def test_the_cookie_value_is_the_signed_data(client):
    client.get("/write/", {"user": "alice"})
    assert dict(SessionStore(session_cookie(client)).items()) == {"user": "alice"}


def test_the_globals_session_proxy_is_request_session(client):
    assert client.get("/proxy/").json() == {"same": True}
    assert client.get("/read/").json() == {"via": "proxy"}


# Vary and Set-Cookie only when needed.


def test_reading_the_session_adds_vary_cookie_without_setting_a_cookie(client):
    response = client.get("/read/")
    assert vary(response) == ["Cookie"]
    assert set_cookies(response) == []


def test_reading_an_existing_session_varies_on_cookie_and_sets_nothing(client):
    client.get("/write/", {"user": "alice"})
    response = client.get("/read/")
    assert vary(response) == ["Cookie"]
    assert set_cookies(response) == []


def test_vary_cookie_is_merged_with_the_views_vary(client):
    client.get("/write/", {"user": "alice"})
    response = client.get("/read-vary/")
    assert response.text == "alice"
    assert response.headers.getlist("Vary") == ["Accept-Encoding, Cookie"]


def test_an_untouched_session_sends_no_cookie_and_no_vary(client):
    client.get("/write/", {"user": "alice"})
    response = client.get("/untouched/")
    assert set_cookies(response) == []
    assert "Vary" not in response.headers


def test_a_request_without_the_middleware_has_no_session(client):
    with override_settings(MIDDLEWARE=[]):
        response = Client(raise_request_exception=False).get("/read/")
    assert response.status_code == 500


def test_a_view_that_replaces_request_session_gets_its_response_untouched(client):
    response = client.get("/replace/")
    assert response.text == "replaced"
    assert set_cookies(response) == []
    assert "Vary" not in response.headers


# Ending the session.


def test_flush_deletes_the_cookie_and_the_data(client):
    client.get("/write/", {"user": "alice"})
    response = client.get("/flush/")
    cookie = only_cookie(response)
    assert cookie["value"] == ""
    assert cookie["max-age"] == "0"
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"
    assert vary(response) == ["Cookie"]
    assert session_cookie(client) is None
    assert client.get("/read/").json() == {}


@override_settings(
    SESSION_COOKIE_DOMAIN="example.com",
    SESSION_COOKIE_PATH="/app/",
    SESSION_COOKIE_SAMESITE="None",
    SESSION_COOKIE_SECURE=True,
)
def test_the_cookie_is_deleted_with_its_own_path_domain_and_samesite(client):
    store = SessionStore()
    store["user"] = "alice"
    store.save()
    send_cookie(client, store.session_key)
    response = client.get("/flush/")
    cookie = only_cookie(response)
    assert cookie["max-age"] == "0"
    assert cookie["domain"] == "example.com"
    assert cookie["path"] == "/app/"
    assert cookie["samesite"] == "None"
    assert cookie["secure"] is True


def test_flush_without_a_cookie_sets_nothing(client):
    response = client.get("/flush/")
    assert set_cookies(response) == []


def test_clear_keeps_the_session_but_empties_it(client):
    client.get("/write/", {"user": "alice"})
    response = client.get("/clear/")
    assert only_cookie(response)["value"] != ""
    assert client.get("/read/").json() == {}


def test_cycle_key_keeps_the_data_under_a_new_cookie(client, monkeypatch):
    rotated = []
    monkeypatch.setattr(
        "chainweb.middleware.csrf.rotate_token", lambda request: rotated.append(request)
    )
    client.get("/write/", {"user": "alice"})
    old = session_cookie(client)
    later = _now() + 2  # a later second, so the signature differs (within the clock leeway)
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    response = client.get("/cycle/")
    assert only_cookie(response)["value"] not in ("", old)
    assert len(rotated) == 1
    monkeypatch.undo()
    assert client.get("/read/").json() == {"user": "alice"}


# Never saved on a 5xx.


@pytest.mark.parametrize("status", [500, 502, 503, 504, 599])
def test_a_5xx_response_never_saves_the_session(quiet_client, status):
    quiet_client.get("/write/", {"user": "alice"})
    response = quiet_client.get("/fail/", {"status": status})
    assert response.status_code == status
    assert set_cookies(response) == []
    assert quiet_client.get("/read/").json() == {"user": "alice"}


def test_an_http_exception_503_never_saves_the_session(quiet_client):
    response = quiet_client.get("/fail/", {"status": 5031})
    assert response.status_code == 503
    assert set_cookies(response) == []


def test_a_4xx_response_saves_the_session(client):
    response = client.get("/fail/", {"status": 404})
    assert response.status_code == 404
    assert only_cookie(response)
    assert client.get("/read/").json() == {"half": "done"}


# Settings that change when the session is saved and how long the cookie lives.


@override_settings(SESSION_SAVE_EVERY_REQUEST=True)
def test_save_every_request_refreshes_the_cookie_of_an_untouched_session(client):
    client.get("/write/", {"user": "alice"})
    response = client.get("/untouched/")
    assert only_cookie(response)["max-age"] == str(TWO_WEEKS)
    assert client.get("/read/").json() == {"user": "alice"}


@override_settings(SESSION_SAVE_EVERY_REQUEST=True)
def test_save_every_request_does_not_create_an_empty_session(client):
    response = client.get("/untouched/")
    assert set_cookies(response) == []


@override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True)
def test_expire_at_browser_close_sends_no_max_age_or_expires(client):
    cookie = only_cookie(client.get("/write/", {"user": "alice"}))
    assert "max-age" not in cookie
    assert "expires" not in cookie


def test_set_expiry_zero_ends_the_cookie_with_the_browser(client):
    cookie = only_cookie(client.get("/set-expiry/", {"seconds": 0}))
    assert "max-age" not in cookie
    assert "expires" not in cookie
    assert client.get("/read/").json() == {"user": "alice", "_session_expiry": 0}


@override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True)
def test_set_expiry_seconds_overrides_expire_at_browser_close(client):
    cookie = only_cookie(client.get("/set-expiry/", {"seconds": 60}))
    assert cookie["max-age"] == "60"
    assert "expires" in cookie


def test_set_expiry_timedelta_gives_the_cookie_that_lifetime(client):
    cookie = only_cookie(client.get("/set-expiry/", {"days": 1}))
    assert 86398 <= int(cookie["max-age"]) <= 86400


def test_set_expiry_none_goes_back_to_the_default(client):
    cookie = only_cookie(client.get("/set-expiry/"))
    assert cookie["max-age"] == str(TWO_WEEKS)


def test_set_expiry_in_the_past_deletes_the_cookie_at_once(client):
    cookie = only_cookie(client.get("/set-expiry/", {"at": "2000-01-01T00:00:00+00:00"}))
    assert cookie["max-age"] == "0"


# Bad cookies give an empty session, a 200, a debug line, and the cookie is deleted.


def signed(data, *, key="test-secret-key", salt=None, signed_at=None):
    """Return a cookie value signed like the store's, with any key, salt or signing time."""
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    from chainweb.sessions.backends.signed_cookies import SALT
    from chainweb.sessions.serializers import JSONSerializer

    class FixedTimeSigner(TimestampSigner):
        def get_timestamp(self):
            return int(signed_at) if signed_at is not None else super().get_timestamp()

    serializer = URLSafeTimedSerializer(
        key, salt=salt or SALT, serializer=JSONSerializer(), signer=FixedTimeSigner
    )
    value = serializer.dumps(data)
    return value.decode() if isinstance(value, bytes) else value


def _good():
    return signed({"user": "alice"})


def _tampered():
    payload, timestamp, signature = _good().split(".")
    forged = signed({"user": "admin"}).split(".")[0]
    return f"{forged}.{timestamp}.{signature}"


def _now():
    import time

    return time.time()


BAD_COOKIES = [
    pytest.param(_tampered, id="tampered payload"),
    pytest.param(lambda: _good()[:-3] + "AAA", id="tampered signature"),
    pytest.param(lambda: signed({"user": "alice"}, key="another-key"), id="wrong key"),
    pytest.param(lambda: signed({"user": "alice"}, salt="another.salt"), id="wrong salt"),
    pytest.param(lambda: signed({"user": "alice"}, signed_at=_now() - TWO_WEEKS - 5), id="expired"),
    pytest.param(
        lambda: signed({"user": "alice"}, signed_at=_now() + 3600), id="signed in the future"
    ),
    pytest.param(
        lambda: signed({"user": "alice", "_session_expiry": 60}, signed_at=_now() - 120),
        id="past its own expiry",
    ),
    pytest.param(
        lambda: signed({"user": "alice", "_session_expiry": "2001-01-01T00:00:00+00:00"}),
        id="past its own expiry date",
    ),
    pytest.param(lambda: signed(["user", "alice"]), id="signed list, not a dict"),
    pytest.param(lambda: "garbage-garbage-garbage", id="garbage"),
    pytest.param(lambda: "a.b.c.d.e.f.g", id="dots"),
    pytest.param(lambda: "x" * 3000, id="long garbage"),
    pytest.param(lambda: "short", id="too short"),
    pytest.param(lambda: "élan-vital-ça", id="non-ascii"),
    pytest.param(lambda: "eyJhIjoxfQ.AAAAAAAAAAAAAAAA.c2lnbmF0dXJl", id="huge timestamp"),
]


@pytest.mark.parametrize("make_cookie", BAD_COOKIES)
def test_a_bad_cookie_gives_an_empty_session_and_a_debug_line(client, caplog, make_cookie):
    send_cookie(client, make_cookie())
    with caplog.at_level(logging.DEBUG, logger="chainweb.security.SuspiciousSession"):
        response = client.get("/read/")
    assert response.status_code == 200
    assert response.json() == {}
    records = [r for r in caplog.records if r.name == "chainweb.security.SuspiciousSession"]
    assert len(records) == 1
    assert records[0].levelno == logging.DEBUG
    assert "Ignored the session cookie" in records[0].getMessage()
    # The bad cookie is deleted, so the next request does not bring it again.
    assert only_cookie(response)["max-age"] == "0"
    assert session_cookie(client) is None


@pytest.mark.parametrize("make_cookie", BAD_COOKIES)
def test_a_bad_cookie_is_replaced_when_the_view_writes(client, make_cookie):
    send_cookie(client, make_cookie())
    response = client.get("/write/", {"theme": "dark"})
    assert response.status_code == 200
    assert client.get("/read/").json() == {"theme": "dark"}


def test_a_bad_cookie_in_an_untouched_session_is_left_alone(client, caplog):
    send_cookie(client, "garbage-garbage-garbage")
    with caplog.at_level(logging.DEBUG, logger="chainweb.security.SuspiciousSession"):
        response = client.get("/untouched/")
    assert set_cookies(response) == []
    assert caplog.records == []


@pytest.mark.parametrize(
    "reason, make_cookie",
    [
        ("signed 3600 seconds in the future", lambda: signed({}, signed_at=_now() + 3600)),
        ("expired", lambda: signed({}, signed_at=_now() - TWO_WEEKS - 5)),
        ("not a dict", lambda: signed("alice")),
        ("does not match", lambda: signed({}, key="another-key")),
    ],
)
def test_the_debug_line_says_why_the_cookie_was_refused(client, caplog, reason, make_cookie):
    send_cookie(client, make_cookie())
    with caplog.at_level(logging.DEBUG, logger="chainweb.security.SuspiciousSession"):
        client.get("/read/")
    assert reason in caplog.records[0].getMessage()


def test_a_cookie_signed_a_moment_in_the_future_is_accepted(client):
    """Clocks of servers behind one balancer drift a little."""
    send_cookie(client, signed({"user": "alice"}, signed_at=_now() + 5))
    assert client.get("/read/").json() == {"user": "alice"}


def test_a_cookie_just_younger_than_the_cookie_age_is_accepted(client):
    send_cookie(client, signed({"user": "alice"}, signed_at=_now() - TWO_WEEKS + 30))
    assert client.get("/read/").json() == {"user": "alice"}


def test_a_longer_expiry_of_its_own_outlives_the_cookie_age(client):
    data = {"user": "alice", "_session_expiry": TWO_WEEKS * 2}
    send_cookie(client, signed(data, signed_at=_now() - TWO_WEEKS - 60))
    assert client.get("/read/").json() == data


def test_an_expiry_of_its_own_within_its_age_is_accepted(client):
    data = {"user": "alice", "_session_expiry": 60}
    send_cookie(client, signed(data, signed_at=_now() - 30))
    assert client.get("/read/").json() == data


# Key rotation.


def test_a_cookie_signed_with_a_fallback_key_is_accepted_and_resigned_on_save(client):
    send_cookie(client, signed({"user": "alice"}, key="old-key"))
    with override_settings(SECRET_KEY="new-key", SECRET_KEY_FALLBACKS=["older-key", "old-key"]):
        assert client.get("/read/").json() == {"user": "alice"}
        client.get("/write/", {"theme": "dark"})
        resigned = session_cookie(client)
    with override_settings(SECRET_KEY="new-key", SECRET_KEY_FALLBACKS=[]):
        assert dict(SessionStore(resigned).items()) == {"user": "alice", "theme": "dark"}
        assert client.get("/read/").json() == {"user": "alice", "theme": "dark"}


def test_a_cookie_signed_with_a_removed_key_is_refused(client):
    send_cookie(client, signed({"user": "alice"}, key="old-key"))
    with override_settings(SECRET_KEY="new-key", SECRET_KEY_FALLBACKS=[]):
        assert client.get("/read/").json() == {}


# Cookies too large for browsers.


def test_a_session_too_large_for_a_cookie_raises_in_debug(client):
    with override_settings(DEBUG=True), pytest.raises(SessionTooLarge) as info:
        client.get("/big/", {"size": 4000})
    message = str(info.value)
    assert re.search(r"The session cookie 'sessionid' is \d{4} bytes", message)
    assert "over the 4093-byte limit browsers keep" in message
    assert "Store less in the session" in message
    assert "SESSION_ENGINE = 'chainweb.sessions.backends.redis'" in message


def test_a_session_too_large_for_a_cookie_logs_a_warning_and_is_sent(client, caplog):
    with caplog.at_level(logging.WARNING, logger="chainweb.sessions"):
        response = client.get("/big/", {"size": 4000})
    assert response.status_code == 200
    assert len(only_cookie(response)["value"]) > 4000
    [record] = [r for r in caplog.records if r.name == "chainweb.sessions"]
    assert record.levelno == logging.WARNING
    assert "over the 4093-byte limit" in record.getMessage()


def test_a_session_just_under_the_limit_is_sent_quietly(client, caplog):
    with override_settings(DEBUG=True), caplog.at_level(logging.WARNING):
        response = client.get("/big/", {"size": 2500})
    assert response.status_code == 200
    assert len(response.headers["Set-Cookie"]) <= 4093
    assert caplog.records == []


# Configuration errors.


def test_a_bad_session_engine_fails_when_the_middleware_loads():
    with override_settings(SESSION_ENGINE="myproject.no_such_store"):
        with pytest.raises(ImproperlyConfigured) as info:
            SessionMiddleware(lambda request: None)
    message = str(info.value)
    assert "SESSION_ENGINE 'myproject.no_such_store' could not be imported" in message
    assert "No module named 'myproject'" in message
    assert "'chainweb.sessions.backends.signed_cookies' (the default)" in message


def test_a_bad_session_engine_fails_when_the_handler_is_built():
    with override_settings(
        SESSION_ENGINE="myproject.no_such_store",
        ROOT_URLCONF="tests.sessions.session_urls",
        MIDDLEWARE=MIDDLEWARE,
    ):
        with pytest.raises(ImproperlyConfigured, match="SESSION_ENGINE"):
            Client().get("/read/")


def test_a_session_engine_without_a_session_store_is_refused():
    with override_settings(SESSION_ENGINE="chainweb.sessions.serializers"):
        with pytest.raises(ImproperlyConfigured) as info:
            SessionMiddleware(lambda request: None)
    assert str(info.value) == (
        "SESSION_ENGINE 'chainweb.sessions.serializers' has no SessionStore class. Name a "
        "module that defines one (a subclass of chainweb.sessions.backends.base.SessionBase)."
    )


@pytest.mark.parametrize("value", ["lax ", "Loose", 1])
def test_a_bad_samesite_setting_fails_when_the_middleware_loads(value):
    with override_settings(SESSION_COOKIE_SAMESITE=value):
        with pytest.raises(ImproperlyConfigured) as info:
            SessionMiddleware(lambda request: None)
    assert str(info.value) == (
        f"SESSION_COOKIE_SAMESITE is {value!r}; it must be 'Lax' (the default), 'Strict', "
        "'None' (which browsers accept only with SESSION_COOKIE_SECURE = True), or None to "
        "send no SameSite attribute."
    )


@pytest.mark.parametrize("value", ["lax", "STRICT", "None", None])
def test_samesite_values_browsers_know_are_accepted(value):
    with override_settings(SESSION_COOKIE_SAMESITE=value):
        SessionMiddleware(lambda request: None)


def test_a_bad_session_serializer_is_named(client):
    with override_settings(SESSION_SERIALIZER="myproject.NoSerializer"):
        with pytest.raises(ImproperlyConfigured) as info:
            client.get("/read/")
    message = str(info.value)
    assert "SESSION_SERIALIZER 'myproject.NoSerializer' could not be imported" in message
    assert "'chainweb.sessions.serializers.JSONSerializer'" in message


def test_data_json_cannot_store_fails_with_the_fix(client):
    from chainweb.sessions.serializers import JSONSerializer

    with pytest.raises(TypeError) as info:
        JSONSerializer().dumps({"when": object()})
    assert "The session cannot be saved as JSON" in str(info.value)
    assert "SESSION_SERIALIZER" in str(info.value)


# A server-side store through the middleware.


@pytest.fixture
def memory_client():
    memory_store.RECORDS.clear()
    with override_settings(
        ROOT_URLCONF="tests.sessions.session_urls",
        MIDDLEWARE=MIDDLEWARE,
        SESSION_ENGINE="tests.sessions.memory_store",
    ):
        yield Client()
    memory_store.RECORDS.clear()


def test_a_server_side_store_keeps_the_data_under_a_key(memory_client):
    memory_client.get("/write/", {"user": "alice"})
    key = session_cookie(memory_client)
    assert re.fullmatch(r"[a-z0-9]{32}", key)
    assert key in memory_store.RECORDS
    assert memory_client.get("/read/").json() == {"user": "alice"}


def test_flush_deletes_the_server_record(memory_client):
    memory_client.get("/write/", {"user": "alice"})
    key = session_cookie(memory_client)
    response = memory_client.get("/flush/")
    assert only_cookie(response)["max-age"] == "0"
    assert key not in memory_store.RECORDS


def test_cycle_key_moves_the_record_to_a_new_key(memory_client):
    memory_client.get("/write/", {"user": "alice"})
    old = session_cookie(memory_client)
    memory_client.get("/cycle/")
    new = session_cookie(memory_client)
    assert new != old
    assert old not in memory_store.RECORDS
    assert memory_client.get("/read/").json() == {"user": "alice"}


def test_an_unknown_key_gives_an_empty_session_and_a_new_key_on_write(memory_client):
    send_cookie(memory_client, "k" * 32)
    memory_client.get("/write/", {"user": "alice"})
    assert session_cookie(memory_client) != "k" * 32
    assert memory_client.get("/read/").json() == {"user": "alice"}


def test_a_session_deleted_during_the_request_gives_400(memory_client, caplog):
    memory_client.get("/write/", {"user": "alice"})
    with caplog.at_level(logging.WARNING, logger="chainweb.request"):
        response = memory_client.get("/lose-record/")
    assert response.status_code == 400
    assert set_cookies(response) == []
    assert any(
        "The request's session was deleted before the request completed" in r.getMessage()
        for r in caplog.records
    )
    assert memory_store.RECORDS == {}
