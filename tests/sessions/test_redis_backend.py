"""The Redis session store, against a real redis-server started for these tests."""

from __future__ import annotations

import logging
import secrets
import time

import pytest

redis = pytest.importorskip("redis", reason="redis-py is not installed: pip install 'redis>=5.0'")

from chainweb.core.exceptions import ImproperlyConfigured  # noqa: E402
from chainweb.sessions.backends import redis as redis_backend  # noqa: E402
from chainweb.sessions.backends.base import CreateError, UpdateError  # noqa: E402
from chainweb.sessions.exceptions import SessionUnavailable  # noqa: E402
from chainweb.test import Client, override_settings  # noqa: E402

from . import redis_server as server_module  # noqa: E402
from .redis_server import INSTALL_HINT, SilentListener, redis_server_path  # noqa: E402

pytestmark = pytest.mark.skipif(redis_server_path() is None, reason=INSTALL_HINT)

redis_server = server_module.redis_server  # the fixture: one real server for this module

PREFIX = "test:session:"
COOKIE = "sessionid"
ENGINE = "chainweb.sessions.backends.redis"
TIMEOUT = 1.0  # SOCKET_TIMEOUT and SOCKET_CONNECT_TIMEOUT in these tests, in seconds
# Commands a client sends on its own when it connects or that the tests send: not the store's.
HOUSEKEEPING = {"cmdstat_info", "cmdstat_config|resetstat", "cmdstat_client|setinfo"}


@pytest.fixture
def db(redis_server):
    """Return a plain client of the test server, whose database starts empty."""
    if redis_server.process is None:  # a test that stopped the server failed halfway
        redis_server.start()
    client = redis_server.client()
    client.flushdb()
    yield client
    client.close()


def store_settings(url, **redis_options):
    return override_settings(
        SESSION_ENGINE=ENGINE,
        SESSION_REDIS={
            "URL": url,
            "PREFIX": PREFIX,
            "SOCKET_TIMEOUT": TIMEOUT,
            "SOCKET_CONNECT_TIMEOUT": TIMEOUT,
            **redis_options,
        },
        MIDDLEWARE=["chainweb.sessions.middleware.SessionMiddleware"],
        ROOT_URLCONF="tests.sessions.redis_urls",
    )


@pytest.fixture
def configured(redis_server, db):
    with store_settings(redis_server.url):
        yield


@pytest.fixture
def client(configured):
    return Client()


def cookie_of(client):
    cookie = client.get_cookie(COOKIE, domain="testserver")
    return None if cookie is None else cookie.value


def new_key():
    return secrets.token_urlsafe(32)


def stored(db, key):
    raw = db.get(PREFIX + key)
    return None if raw is None else redis_backend.SessionStore().serializer.loads(raw)


def commands_run(db):
    """Return the names of the commands the server ran since the last reset (see reset())."""
    return {name for name in db.info("commandstats")} - HOUSEKEEPING


def reset_stats(db):
    db.config_resetstat()


def visitor(key):
    """Return a client that sends ``key`` as its session cookie, whatever it holds."""
    client = Client()
    client.set_cookie(COOKIE, key, domain="testserver", max_size=0)
    return client


# -- data across requests -------------------------------------------------------------------


def test_session_survives_across_requests(client, db):
    response = client.get("/write/", {"user": "alice", "theme": "dark"})
    assert response.status_code == 200
    key = cookie_of(client)
    assert redis_backend.SESSION_KEY_RE.fullmatch(key)
    assert stored(db, key) == {"user": "alice", "theme": "dark"}

    assert client.get("/show/").json() == {"user": "alice", "theme": "dark"}
    client.get("/write/", {"theme": "light"})
    assert client.get("/show/").json() == {"user": "alice", "theme": "light"}
    assert cookie_of(client) == key
    assert db.keys("*") == [(PREFIX + key).encode()]

    assert Client().get("/show/").json() == {}  # another visitor has a session of their own


def test_the_cookie_holds_only_the_key(client, db):
    client.get("/write/", {"user": "alice"})
    assert "alice" not in cookie_of(client)


def test_ttl_is_the_expiry_age(client, db):
    response = client.get("/write/", {"user": "alice"})
    key = cookie_of(client)
    age = 60 * 60 * 24 * 7 * 2  # SESSION_COOKIE_AGE
    assert age - 2 <= db.ttl(PREFIX + key) <= age
    assert f"Max-Age={age}" in response.headers["Set-Cookie"]


def test_ttl_follows_session_cookie_age(client, db):
    with override_settings(SESSION_COOKIE_AGE=120):
        client.get("/write/", {"user": "alice"})
    assert 118 <= db.ttl(PREFIX + cookie_of(client)) <= 120


def test_ttl_follows_set_expiry_and_is_renewed_on_save(client, db):
    client.get("/expire/", {"seconds": "300"})
    key = cookie_of(client)
    assert 298 <= db.ttl(PREFIX + key) <= 300
    db.expire(PREFIX + key, 10)
    client.get("/write/", {"theme": "dark"})
    assert 298 <= db.ttl(PREFIX + key) <= 300


def test_expiry_in_the_past_deletes_the_record(client, db):
    client.get("/write/", {"user": "alice"})
    key = cookie_of(client)
    client.get("/expire/", {"past": ""})
    assert db.exists(PREFIX + key) == 0
    assert visitor(key).get("/show/").json() == {}


# -- logout ---------------------------------------------------------------------------------


def test_flush_deletes_the_record_so_a_replayed_cookie_is_worthless(client, db):
    client.get("/write/", {"user": "alice"})
    stolen = cookie_of(client)

    response = client.get("/logout/")
    assert response.status_code == 200
    assert f"{COOKIE}=;" in response.headers["Set-Cookie"]  # the browser's copy goes too
    assert db.exists(PREFIX + stolen) == 0

    assert visitor(stolen).get("/show/").json() == {}
    replay = visitor(stolen)
    replay.get("/write/", {"theme": "dark"})
    assert cookie_of(replay) != stolen
    assert db.exists(PREFIX + stolen) == 0


# -- keys the server did not make -----------------------------------------------------------


def test_unknown_key_is_not_adopted(configured, db):
    planted = new_key()  # well formed, but Redis has never held it
    response = visitor(planted).get("/show/")
    assert response.wsgi_request.COOKIES[COOKIE] == planted
    assert response.json() == {}
    assert f"{COOKIE}=;" in response.headers["Set-Cookie"]  # the useless cookie is deleted

    victim = visitor(planted)
    victim.get("/write/", {"user": "alice"})
    issued = cookie_of(victim)
    assert issued != planted
    assert db.exists(PREFIX + planted) == 0
    assert stored(db, issued) == {"user": "alice"}


def test_unknown_key_is_not_adopted_when_the_data_is_replaced_unread(configured, db):
    planted = new_key()
    victim = visitor(planted)
    response = victim.get("/clear-and-write/")
    assert response.status_code == 200
    issued = cookie_of(victim)
    assert issued != planted
    assert db.exists(PREFIX + planted) == 0
    assert stored(db, issued) == {"user": "mallory"}


HOSTILE_KEYS = [
    pytest.param("", id="empty"),
    pytest.param("short", id="too short"),
    pytest.param("a" * 42, id="one character short"),
    pytest.param("a" * 44, id="one character long"),
    pytest.param("a" * 10_240, id="10 KB"),
    pytest.param("*", id="glob star"),
    pytest.param("*" * 43, id="43 glob stars"),
    pytest.param("?" * 43, id="43 glob marks"),
    pytest.param("[a-z]" + "a" * 38, id="glob class"),
    pytest.param("a" * 21 + "\n" + "a" * 21, id="newline"),
    pytest.param("a" * 21 + "\r\nDEL x" + "a" * 15, id="CRLF and a command"),
    pytest.param("a" * 40 + "%00", id="percent-encoded NUL"),
    pytest.param("a" * 21 + " " + "a" * 21, id="space"),
    pytest.param("\xe9" * 43, id="non-ASCII"),
    pytest.param(f'"{"a" * 41}"', id="quoted"),
    pytest.param(f"../other:app:{'a' * 30}", id="path into another prefix"),
    pytest.param(f"{PREFIX}{'a' * 43}", id="our own prefix again"),
]


@pytest.mark.parametrize("hostile", HOSTILE_KEYS)
def test_hostile_key_never_reaches_redis(configured, db, hostile):
    reset_stats(db)
    response = visitor(hostile).get("/show/")
    assert response.wsgi_request.COOKIES[COOKIE] == hostile  # the store was given it as is
    assert response.status_code == 200
    assert response.json() == {}
    assert commands_run(db) == set()  # not even a GET


@pytest.mark.parametrize("hostile", HOSTILE_KEYS)
def test_hostile_key_is_replaced_by_a_new_key_on_write(configured, db, hostile):
    client = visitor(hostile)
    response = client.get("/write/", {"user": "eve"})
    assert response.status_code == 200
    issued = cookie_of(client)
    assert redis_backend.SESSION_KEY_RE.fullmatch(issued)
    assert db.keys("*") == [(PREFIX + issued).encode()]


def test_key_of_another_prefix_is_not_read(configured, db):
    key = new_key()
    db.set("other:app:" + key, b'{"user":"admin"}')
    assert visitor(key).get("/show/").json() == {}
    assert visitor("other:app:" + key).get("/show/").json() == {}
    assert db.get("other:app:" + key) == b'{"user":"admin"}'


def test_corrupt_record_gives_an_empty_session_under_a_new_key(configured, db, caplog):
    key = new_key()
    db.set(PREFIX + key, b"\xff not json")
    with caplog.at_level(logging.WARNING, logger="chainweb.security.SuspiciousSession"):
        assert visitor(key).get("/show/").json() == {}
    assert "does not decode" in caplog.text
    client = visitor(key)
    client.get("/write/", {"user": "alice"})
    assert cookie_of(client) != key


def test_record_that_is_not_a_dict_is_ignored(configured, db):
    key = new_key()
    db.set(PREFIX + key, b"[1, 2]")
    assert visitor(key).get("/show/").json() == {}


# -- nothing written for nothing ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/untouched/", "/peek/", "/show/", "/logout/", "/cycle/"])
def test_empty_session_writes_nothing(client, db, path):
    reset_stats(db)
    response = client.get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert db.dbsize() == 0
    assert not commands_run(db) & {"cmdstat_set", "cmdstat_setex", "cmdstat_expire"}


def test_empty_session_writes_nothing_even_when_saving_every_request(client, db):
    with override_settings(SESSION_SAVE_EVERY_REQUEST=True):
        for path in ("/untouched/", "/peek/", "/show/"):
            assert client.get(path).status_code == 200
            assert visitor(new_key()).get(path).status_code == 200
    assert db.dbsize() == 0


def test_reading_a_session_only_reads(client, db):
    client.get("/write/", {"user": "alice"})
    key = cookie_of(client)
    ttl_before = db.ttl(PREFIX + key)
    reset_stats(db)
    response = client.get("/peek/")
    assert response.json() == {"user": "alice"}
    assert "Set-Cookie" not in response.headers
    assert commands_run(db) == {"cmdstat_get"}
    assert db.ttl(PREFIX + key) <= ttl_before


# -- cycle_key ------------------------------------------------------------------------------


def test_cycle_key_moves_the_data_to_a_new_key(client, db):
    client.get("/write/", {"theme": "dark"})
    old = cookie_of(client)

    client.get("/login/", {"user": "alice"})
    new = cookie_of(client)
    assert new != old
    assert db.exists(PREFIX + old) == 0
    assert stored(db, new) == {"theme": "dark", "user": "alice"}
    assert db.ttl(PREFIX + new) > 0
    assert client.get("/show/").json() == {"theme": "dark", "user": "alice"}
    assert visitor(old).get("/show/").json() == {}


def test_cycle_key_on_a_new_session_creates_one_record(client, db):
    client.get("/login/", {"user": "alice"})
    assert db.keys("*") == [(PREFIX + cookie_of(client)).encode()]
    assert stored(db, cookie_of(client)) == {"user": "alice"}


def test_cycle_key_alone_keeps_the_data(client, db):
    client.get("/write/", {"user": "alice"})
    old = cookie_of(client)
    client.get("/cycle/")
    assert cookie_of(client) != old
    assert client.get("/show/").json() == {"user": "alice"}
    assert db.dbsize() == 1


# -- creating and updating ------------------------------------------------------------------


def test_create_never_shares_a_key_and_retries_on_collision(configured, db, monkeypatch):
    taken = new_key()
    db.set(PREFIX + taken, b'{"user":"victim"}')
    fresh = new_key()
    keys = iter([taken, fresh])
    monkeypatch.setattr(redis_backend.SessionStore, "_get_new_session_key", lambda self: next(keys))

    session = redis_backend.SessionStore()
    session["user"] = "attacker"
    session.save()
    assert session.session_key == fresh
    assert stored(db, taken) == {"user": "victim"}
    assert stored(db, fresh) == {"user": "attacker"}


def test_save_must_create_refuses_a_taken_key(configured, db):
    taken = new_key()
    db.set(PREFIX + taken, b'{"user":"victim"}')
    session = redis_backend.SessionStore()
    session._session_key = taken
    session["user"] = "attacker"
    with pytest.raises(CreateError):
        session.save(must_create=True)
    assert stored(db, taken) == {"user": "victim"}


def test_create_gives_up_after_some_attempts(configured, db, monkeypatch):
    taken = new_key()
    db.set(PREFIX + taken, b"{}")
    monkeypatch.setattr(redis_backend.SessionStore, "_get_new_session_key", lambda self: taken)
    session = redis_backend.SessionStore()
    session["user"] = "alice"
    with pytest.raises(RuntimeError, match=r"were all taken .* give the sessions a prefix"):
        session.save()


def test_save_after_a_concurrent_delete_raises_update_error(configured, db):
    session = redis_backend.SessionStore()
    session["user"] = "alice"
    session.save()
    loaded = redis_backend.SessionStore(session.session_key)
    assert loaded["user"] == "alice"
    db.delete(PREFIX + session.session_key)
    loaded["user"] = "bob"
    with pytest.raises(UpdateError):
        loaded.save()
    assert db.dbsize() == 0


def test_concurrent_logout_interrupts_the_request(client, db):
    client.get("/write/", {"user": "alice"})
    response = client.get("/deleted-meanwhile/")
    assert response.status_code == 400
    assert db.dbsize() == 0  # the deleted session was not brought back


def test_exists_and_delete(configured, db):
    session = redis_backend.SessionStore()
    session["user"] = "alice"
    session.save()
    key = session.session_key
    assert session.exists(key)
    assert not session.exists(new_key())
    assert not session.exists("*")
    session.delete("*")  # ignored, never sent
    session.delete(key)
    assert not session.exists(key)
    redis_backend.SessionStore.clear_expired()  # Redis expires sessions itself


def test_session_key_is_never_shown(configured, db):
    session = redis_backend.SessionStore()
    session["user"] = "alice"
    session.save()
    assert session.session_key not in repr(session)


# -- Redis down or slow ---------------------------------------------------------------------


def timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def session_errors(caplog):
    return [
        record
        for record in caplog.records
        if record.name == "chainweb.sessions" and record.levelno == logging.ERROR
    ]


def test_server_stopped_mid_test_gives_503_then_recovers(client, db, redis_server, caplog):
    client.get("/write/", {"user": "alice"})

    redis_server.stop()
    with caplog.at_level(logging.ERROR, logger="chainweb"):
        response, elapsed = timed_get(client, "/show/")
    assert response.status_code == 503
    assert elapsed < TIMEOUT + 1
    assert "session store is unavailable" in response.text
    [record] = session_errors(caplog)
    assert "Check that the server is running" in record.getMessage()
    assert redis_server.url.rpartition("/")[0] in record.getMessage()
    print(f"stopped server: 503 after {elapsed:.3f} s")

    caplog.clear()
    redis_server.start()  # same port; the data is gone (no persistence)
    response, elapsed = timed_get(client, "/write/?user=bob")
    assert response.status_code == 200
    assert client.get("/show/").json() == {"user": "bob"}
    assert session_errors(caplog) == []
    print(f"restarted server: 200 after {elapsed:.3f} s")


def test_failed_save_gives_503_and_no_cookie(client, db, redis_server, caplog):
    redis_server.stop()  # a new visitor's session is not loaded: the save is what fails
    with caplog.at_level(logging.ERROR, logger="chainweb"):
        response, elapsed = timed_get(client, "/write/?user=alice")
    assert response.status_code == 503
    assert elapsed < TIMEOUT + 1
    assert "Set-Cookie" not in response.headers
    [record] = session_errors(caplog)
    assert "could not run SET" in record.getMessage()
    redis_server.start()


def test_hung_server_gives_503_within_the_socket_timeout(client, db, redis_server, caplog):
    client.get("/write/", {"user": "alice"})

    redis_server.freeze()
    try:
        with caplog.at_level(logging.ERROR, logger="chainweb"):
            response, elapsed = timed_get(client, "/show/")
    finally:
        redis_server.thaw()
    assert response.status_code == 503
    assert TIMEOUT * 0.9 <= elapsed < TIMEOUT + 1
    [record] = session_errors(caplog)
    assert "Timeout" in record.getMessage()
    print(f"hung server: 503 after {elapsed:.3f} s (SOCKET_TIMEOUT={TIMEOUT})")

    assert client.get("/show/").json() == {"user": "alice"}  # back, and nothing was lost


def test_unreachable_host_gives_503_within_the_connect_timeout(configured, caplog):
    listener = SilentListener()
    try:
        with store_settings(listener.url), caplog.at_level(logging.ERROR, logger="chainweb"):
            started = time.monotonic()
            response = visitor(new_key()).get("/show/")
            elapsed = time.monotonic() - started
    finally:
        listener.close()
    assert response.status_code == 503
    assert TIMEOUT * 0.9 <= elapsed < TIMEOUT + 1
    assert session_errors(caplog)
    print(f"silent host: 503 after {elapsed:.3f} s (SOCKET_CONNECT_TIMEOUT={TIMEOUT})")


def test_store_raises_session_unavailable_directly(configured, redis_server):
    with store_settings("redis://127.0.0.1:1/0"):
        session = redis_backend.SessionStore(new_key())
        with pytest.raises(SessionUnavailable) as info:
            session.load()
    assert info.value.code == 503


# -- settings -------------------------------------------------------------------------------


def test_missing_options_keep_their_defaults():
    with override_settings(SESSION_REDIS={"URL": "redis://example:6380/2"}):
        config = redis_backend.get_config()
    assert config == redis_backend.RedisConfig(
        "redis://example:6380/2", "chainweb:session:", 5.0, 5.0
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param(
            {"URL": "redis://x", "TIMEOUT": 1},
            r"unknown key\(s\): 'TIMEOUT'\. The keys are URL, PREFIX, SOCKET_TIMEOUT",
            id="unknown key",
        ),
        pytest.param(
            {"SOCKET_TIMEOUT": None},
            r"\['SOCKET_TIMEOUT'\] is None; set it to a number of seconds greater than 0",
            id="no timeout",
        ),
        pytest.param(
            {"SOCKET_CONNECT_TIMEOUT": 0},
            r"\['SOCKET_CONNECT_TIMEOUT'\] is 0; set it to a number of seconds",
            id="zero timeout",
        ),
        pytest.param({"SOCKET_TIMEOUT": "5"}, r"is '5'; set it to a number", id="text timeout"),
        pytest.param(
            {"PREFIX": b"x:"}, r"\['PREFIX'\] must be a str, not bytes", id="bytes prefix"
        ),
        pytest.param(["URL"], r"SESSION_REDIS must be a dict, not list\. Set it to", id="list"),
    ],
)
def test_bad_settings_say_what_to_fix(options, message):
    with override_settings(SESSION_REDIS=options):
        with pytest.raises(ImproperlyConfigured, match=message):
            redis_backend.SessionStore()


def test_bad_url_says_what_to_fix():
    with override_settings(SESSION_REDIS={"URL": "http://user:hunter2@host/0"}):
        session = redis_backend.SessionStore(new_key())
        with pytest.raises(ImproperlyConfigured, match=r"is not a Redis URL.*Use the form") as info:
            session.load()
    assert "hunter2" not in str(info.value)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://localhost:6379/0", "redis://localhost:6379/0"),
        ("redis://:hunter2@localhost:6379/0", "redis://:***@localhost:6379/0"),
        ("rediss://app:hunter2@cache.internal/1", "rediss://app:***@cache.internal/1"),
        ("redis://[::1", "<unparsable URL>"),
    ],
)
def test_redact_url_hides_the_password(url, shown):
    assert redis_backend.redact_url(url) == shown


def test_one_pool_per_server_shared_and_reset_when_the_setting_changes(redis_server, db):
    with store_settings(redis_server.url):
        first = redis_backend.get_client(redis_backend.get_config())
        assert redis_backend.get_client(redis_backend.get_config()) is first
        with store_settings(redis_server.url, SOCKET_TIMEOUT=2.0):
            other = redis_backend.get_client(redis_backend.get_config())
            assert other is not first
        assert redis_backend._clients == {}  # leaving the override dropped them
        assert redis_backend.get_client(redis_backend.get_config()) is not first
