"""SessionBase: the dict-like session, its flags, expiry, flush and cycle_key."""

from __future__ import annotations

import datetime
import sys

import pytest

from chainweb.sessions import cycle_key
from chainweb.sessions.backends.base import (
    EXPIRY_KEY,
    VALID_KEY_CHARS,
    SessionBase,
    get_random_string,
)
from chainweb.test import RequestFactory, override_settings
from tests.sessions import memory_store
from tests.sessions.memory_store import SessionStore

UTC = datetime.timezone.utc
TWO_WEEKS = 60 * 60 * 24 * 7 * 2


@pytest.fixture(autouse=True)
def empty_records():
    memory_store.RECORDS.clear()
    yield
    memory_store.RECORDS.clear()


def stored(**data):
    """Return the key of a session saved in the memory store with ``data``."""
    session = SessionStore()
    session.update(data)
    session.save()
    return session.session_key


# Flags and dict-like access.


def test_a_new_session_is_neither_accessed_nor_modified():
    session = SessionStore()
    assert (session.accessed, session.modified) == (False, False)
    assert session.session_key is None
    assert session.is_empty()


def test_reading_sets_accessed_only():
    session = SessionStore(stored(user="alice"))
    assert session["user"] == "alice"
    assert "user" in session
    assert session.get("missing", 7) == 7
    assert session.has_key("user")
    assert list(session) == ["user"]
    assert list(session.keys()) == ["user"]
    assert list(session.values()) == ["alice"]
    assert list(session.items()) == [("user", "alice")]
    assert (session.accessed, session.modified) == (True, False)


def test_a_missing_key_raises_key_error():
    with pytest.raises(KeyError):
        SessionStore()["missing"]


def test_writing_sets_modified():
    session = SessionStore()
    session["user"] = "alice"
    assert (session.accessed, session.modified) == (True, True)


def test_del_sets_modified():
    session = SessionStore(stored(user="alice"))
    del session["user"]
    assert session.modified
    assert "user" not in session


def test_pop_sets_modified_only_when_the_key_was_there():
    session = SessionStore(stored(user="alice"))
    assert session.pop("missing", None) is None
    assert not session.modified
    assert session.pop("user") == "alice"
    assert session.modified
    with pytest.raises(KeyError):
        session.pop("user")


def test_setdefault_sets_modified_only_when_it_sets():
    session = SessionStore(stored(user="alice"))
    assert session.setdefault("user", "bob") == "alice"
    assert not session.modified
    assert session.setdefault("theme", "dark") == "dark"
    assert session.modified
    assert session["theme"] == "dark"


def test_update_takes_a_mapping_and_keywords():
    session = SessionStore()
    session.update({"a": 1}, b=2)
    session.update(c=3)
    assert dict(session.items()) == {"a": 1, "b": 2, "c": 3}
    assert session.modified


def test_clear_empties_without_loading_and_keeps_the_key():
    key = stored(user="alice")
    session = SessionStore(key)
    session.clear()
    assert dict(session.items()) == {}
    assert session.session_key == key
    assert (session.accessed, session.modified) == (True, True)
    assert not session.is_empty()


def test_the_data_is_loaded_once_and_lazily():
    key = stored(user="alice")
    session = SessionStore(key)
    memory_store.RECORDS[key] = b'{"user":"bob"}'
    assert session["user"] == "bob"
    memory_store.RECORDS[key] = b'{"user":"carol"}'
    assert session["user"] == "bob"


def test_is_empty_does_not_load_the_session():
    session = SessionStore(stored(user="alice"))
    assert not session.is_empty()
    assert not session.accessed


# Keys.


@pytest.mark.parametrize("key", [None, "", "short", 12345678])
def test_an_invalid_key_becomes_none(key):
    assert SessionStore(key).session_key is None


def test_a_key_of_eight_characters_or_more_is_kept():
    assert SessionStore("abcdefgh").session_key == "abcdefgh"


def test_new_keys_are_random_lowercase_and_not_taken(monkeypatch):
    assert VALID_KEY_CHARS == "abcdefghijklmnopqrstuvwxyz0123456789"
    key = get_random_string(32)
    assert len(key) == 32
    assert set(key) <= set(VALID_KEY_CHARS)
    taken = "a" * 32
    memory_store.RECORDS[taken] = b"{}"
    answers = iter([taken, "b" * 32])
    monkeypatch.setattr(
        "chainweb.sessions.backends.base.get_random_string", lambda length: next(answers)
    )
    assert SessionStore()._get_new_session_key() == "b" * 32


def test_get_or_create_session_key_makes_one_only_when_missing():
    session = SessionStore()
    key = session._get_or_create_session_key()
    assert len(key) == 32
    assert session._get_or_create_session_key() == key


def test_the_repr_never_shows_the_key_or_the_data():
    key = stored(password="hunter2")
    session = SessionStore(key)
    assert repr(session) == (
        "<tests.sessions.memory_store.SessionStore not loaded, accessed=False, modified=False>"
    )
    session.get("password")
    assert "loaded, accessed=True" in repr(session)
    assert key not in repr(session)
    assert "hunter2" not in repr(session)


# Ending and renewing.


def test_flush_removes_the_data_the_record_and_the_key():
    key = stored(user="alice")
    session = SessionStore(key)
    session.flush()
    assert session.session_key is None
    assert dict(session.items()) == {}
    assert session.is_empty()
    assert session.modified
    assert key not in memory_store.RECORDS


def test_cycle_key_keeps_the_data_under_a_new_key():
    key = stored(user="alice")
    session = SessionStore(key)
    session.cycle_key()
    assert session.session_key not in (None, key)
    assert key not in memory_store.RECORDS
    assert session["user"] == "alice"
    assert session.modified
    assert dict(SessionStore(session.session_key).items()) == {"user": "alice"}


def test_cycle_key_of_a_new_session_creates_one():
    session = SessionStore()
    session["user"] = "alice"
    session.cycle_key()
    assert session.session_key in memory_store.RECORDS


def test_cycle_key_helper_cycles_the_session_and_rotates_the_csrf_token(monkeypatch):
    rotated = []
    monkeypatch.setattr(
        "chainweb.middleware.csrf.rotate_token", lambda request: rotated.append(request)
    )
    request = RequestFactory().get("/")
    key = stored(user="alice")
    request.session = SessionStore(key)
    cycle_key(request)
    assert request.session.session_key != key
    assert rotated == [request]


def test_cycle_key_helper_works_without_the_csrf_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "chainweb.middleware.csrf", None)
    request = RequestFactory().get("/")
    key = stored(user="alice")
    request.session = SessionStore(key)
    cycle_key(request)
    assert request.session.session_key != key


def test_cycle_key_helper_does_not_hide_other_import_errors(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def broken_import(name, *args, **kwargs):
        if name == "chainweb.middleware.csrf":
            raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing_dep")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", broken_import)
    request = RequestFactory().get("/")
    request.session = SessionStore()
    with pytest.raises(ModuleNotFoundError, match="missing_dependency"):
        cycle_key(request)


# Expiry.


def test_the_default_expiry_is_the_cookie_age():
    session = SessionStore()
    assert session.get_expiry_age() == TWO_WEEKS
    now = datetime.datetime.now(UTC)
    expected = now + datetime.timedelta(seconds=TWO_WEEKS)
    assert abs((session.get_expiry_date() - expected).total_seconds()) < 5


@override_settings(SESSION_COOKIE_AGE=60)
def test_the_cookie_age_setting_is_followed():
    assert SessionStore().get_expiry_age() == 60


def test_set_expiry_seconds():
    session = SessionStore()
    session.set_expiry(300)
    assert session[EXPIRY_KEY] == 300
    assert session.get_expiry_age() == 300
    modification = datetime.datetime(2030, 1, 1, tzinfo=UTC)
    assert session.get_expiry_date(modification=modification) == datetime.datetime(
        2030, 1, 1, 0, 5, tzinfo=UTC
    )
    assert not session.get_expire_at_browser_close()


def test_set_expiry_timedelta_is_a_fixed_date():
    session = SessionStore()
    session.set_expiry(datetime.timedelta(hours=1))
    assert isinstance(session[EXPIRY_KEY], str)
    assert 3598 <= session.get_expiry_age() <= 3600
    later = datetime.datetime.now(UTC) + datetime.timedelta(minutes=30)
    assert 1798 <= session.get_expiry_age(modification=later) <= 1800


def test_set_expiry_aware_datetime():
    session = SessionStore()
    when = datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    session.set_expiry(when)
    assert session[EXPIRY_KEY] == "2030-01-01T10:00:00+00:00"
    assert session.get_expiry_date() == when
    modification = datetime.datetime(2030, 1, 1, 9, tzinfo=UTC)
    assert session.get_expiry_age(modification=modification) == 3600


def test_set_expiry_naive_datetime_is_utc():
    session = SessionStore()
    session.set_expiry(datetime.datetime(2030, 1, 1, 12))
    assert session.get_expiry_date() == datetime.datetime(2030, 1, 1, 12, tzinfo=UTC)
    naive_modification = datetime.datetime(2030, 1, 1, 11)
    assert session.get_expiry_age(modification=naive_modification) == 3600


def test_set_expiry_zero_expires_at_browser_close():
    session = SessionStore()
    session.set_expiry(0)
    assert session.get_expire_at_browser_close()
    assert session.get_expiry_age() == TWO_WEEKS  # the data still expires


def test_set_expiry_none_goes_back_to_the_settings():
    session = SessionStore()
    session.set_expiry(60)
    session.set_expiry(None)
    assert EXPIRY_KEY not in session
    assert session.get_expiry_age() == TWO_WEEKS


def test_set_expiry_none_without_an_expiry_changes_nothing():
    session = SessionStore(stored(user="alice"))
    session.set_expiry(None)
    assert not session.modified


@pytest.mark.parametrize("value", [1.5, "60", True, [60]])
def test_set_expiry_refuses_other_types_and_says_what_it_takes(value):
    with pytest.raises(TypeError) as info:
        SessionStore().set_expiry(value)
    message = str(info.value)
    assert message.startswith(
        "set_expiry() takes an int (seconds; 0 ends the session when the browser closes), "
        f"a datetime, a timedelta or None, not {type(value).__name__}"
    )
    assert "pass int(seconds) or a timedelta" in message


@pytest.mark.parametrize(
    "setting, expiry, expected",
    [
        (False, None, False),
        (True, None, True),
        (True, 60, False),
        (False, 0, True),
        (True, "2030-01-01T00:00:00+00:00", False),
    ],
)
def test_expire_at_browser_close(setting, expiry, expected):
    with override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=setting):
        session = SessionStore()
        if expiry is not None:
            session[EXPIRY_KEY] = expiry
        assert session.get_expire_at_browser_close() is expected


def test_explicit_expiry_arguments_do_not_read_the_session():
    session = SessionStore(stored(user="alice"))
    assert session.get_expiry_age(expiry=30) == 30
    assert session.get_expiry_age(expiry=None) == TWO_WEEKS
    modification = datetime.datetime(2030, 1, 1, tzinfo=UTC)
    assert session.get_expiry_date(modification=modification, expiry=None) == (
        modification + datetime.timedelta(seconds=TWO_WEEKS)
    )
    assert not session.accessed


# The backend hooks.


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda s: s.exists("abcdefgh"), "exists"),
        (lambda s: s.create(), "create"),
        (lambda s: s.save(), "save"),
        (lambda s: s.delete(), "delete"),
        (lambda s: s.load(), "load"),
    ],
)
def test_session_base_leaves_the_hooks_to_the_store(call, name):
    with pytest.raises(NotImplementedError, match=rf"must provide an? {name}\(\) method"):
        call(SessionBase())


def test_clear_expired_is_left_to_the_store():
    with pytest.raises(NotImplementedError, match="does not provide clear_expired"):
        SessionBase.clear_expired()


def test_the_serializer_comes_from_the_setting():
    with override_settings(SESSION_SERIALIZER="tests.sessions.test_base.Upper"):
        assert isinstance(SessionStore().serializer, Upper)


class Upper:
    def dumps(self, obj):
        return repr(obj).upper().encode()

    def loads(self, data):
        return data
