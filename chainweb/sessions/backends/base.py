"""The session object every store builds on: ``SessionBase``, dict-like, loaded lazily.

A store (``SESSION_ENGINE`` names its module, which defines ``SessionStore``) subclasses
``SessionBase`` and implements the backend hooks, as Django's stores do: ``load()``,
``exists(session_key)``, ``create()``, ``save(must_create=False)`` and
``delete(session_key=None)``; ``cycle_key()`` and ``clear_expired()`` may be overridden.
Session data is turned into bytes by ``self.serializer`` (from ``SESSION_SERIALIZER``).
"""

from __future__ import annotations

import datetime
import functools
import secrets
import string
import typing as t

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.utils.module_loading import import_string

#: Characters of a generated session key; lowercase so that a store on a case-insensitive
#: file system or key space cannot confuse two keys.
VALID_KEY_CHARS = string.ascii_lowercase + string.digits

#: The session entry that holds a custom expiry set with ``set_expiry()``.
EXPIRY_KEY = "_session_expiry"

_NOT_GIVEN: t.Any = object()


class SessionSerializer(t.Protocol):
    """What ``SESSION_SERIALIZER`` instances do: turn session data into bytes and back."""

    def dumps(self, obj: t.Any) -> bytes:
        """Return ``obj`` as bytes."""

    def loads(self, data: bytes) -> t.Any:
        """Return the object ``data`` encodes."""


class CreateError(Exception):
    """A new session could not be saved because its key is taken; ``create()`` retries.

    ``save(must_create=True)`` raises it.
    """


class UpdateError(Exception):
    """The session to update no longer exists in the store.

    ``save()`` raises it when the record was deleted meanwhile (a logout in a concurrent
    request); ``SessionMiddleware`` turns it into ``SessionInterrupted`` (400).
    """


def get_random_string(length: int, allowed_chars: str = VALID_KEY_CHARS) -> str:
    """Return a random string of ``length`` characters from ``allowed_chars`` (secrets)."""
    return "".join(secrets.choice(allowed_chars) for _ in range(length))


def load_serializer() -> SessionSerializer:
    """Return an instance of the ``SESSION_SERIALIZER`` class."""
    return _serializer(settings.SESSION_SERIALIZER)


@functools.lru_cache(maxsize=8)
def _serializer(path: str) -> SessionSerializer:
    # PERF: one instance per class path; serializers keep no state between calls.
    try:
        serializer_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"SESSION_SERIALIZER {path!r} could not be imported: {exc}. Set it to the dotted "
            "path of a serializer class, such as "
            "'chainweb.sessions.serializers.JSONSerializer'."
        ) from exc
    return t.cast(SessionSerializer, serializer_class())


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _aware(value: datetime.datetime) -> datetime.datetime:
    """Return ``value`` in UTC; a naive datetime is taken to be UTC already (as werkzeug does)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc)


class SessionBase:
    """Hold one user's session: a dict of data, its key, and when it expires.

    The data is loaded from the store the first time it is used (which sets ``accessed``);
    changing it sets ``modified``, and ``SessionMiddleware`` then saves it and sends the
    cookie. Subclasses implement the backend hooks named in the module docstring.

    :param session_key: the key the client sent (the session cookie's value), or None.
    """

    #: True once the data was read or written in any way: the response then varies on Cookie.
    accessed: bool
    #: True once the data was changed: the session is saved at the end of the request.
    modified: bool
    #: The session data once loaded (missing until then; ``_session`` loads it).
    _session_cache: dict[str, t.Any]

    #: True if every key this store makes is cookie-safe text (no quoting needed).
    cookie_value_is_safe = False

    def __init__(self, session_key: str | None = None) -> None:
        self._session_key = session_key  # checked by _validate_session_key()
        self.accessed = False
        self.modified = False

    @property
    def serializer(self) -> SessionSerializer:
        """Return the ``SESSION_SERIALIZER`` instance stores turn data into bytes with.

        Looked up when data is loaded or saved, not for every request's session.
        """
        return load_serializer()

    # -- dict-like access ------------------------------------------------------------------

    def __contains__(self, key: str) -> bool:
        return key in self._session

    def __getitem__(self, key: str) -> t.Any:
        return self._session[key]

    def __setitem__(self, key: str, value: t.Any) -> None:
        self._session[key] = value
        self.modified = True

    def __delitem__(self, key: str) -> None:
        del self._session[key]
        self.modified = True

    def __iter__(self) -> t.Iterator[str]:
        return iter(self._session)

    def get(self, key: str, default: t.Any = None) -> t.Any:
        """Return the value of ``key``, or ``default`` if it is not set."""
        return self._session.get(key, default)

    def pop(self, key: str, default: t.Any = _NOT_GIVEN) -> t.Any:
        """Remove ``key`` and return its value (``default`` if given and it is not set)."""
        self.modified = self.modified or key in self._session
        if default is _NOT_GIVEN:
            return self._session.pop(key)
        return self._session.pop(key, default)

    def setdefault(self, key: str, value: t.Any) -> t.Any:
        """Return the value of ``key``, setting it to ``value`` first if it is not set."""
        if key in self._session:
            return self._session[key]
        self[key] = value
        return value

    def update(self, other: t.Mapping[str, t.Any] = _NOT_GIVEN, /, **kwargs: t.Any) -> None:
        """Set several keys at once, as ``dict.update()``."""
        if other is not _NOT_GIVEN:
            self._session.update(other)
        self._session.update(kwargs)
        self.modified = True

    def has_key(self, key: str) -> bool:
        """Return whether ``key`` is set (``key in session`` says the same)."""
        return key in self._session

    def keys(self) -> t.KeysView[str]:
        """Return the keys of the session data."""
        return self._session.keys()

    def values(self) -> t.ValuesView[t.Any]:
        """Return the values of the session data."""
        return self._session.values()

    def items(self) -> t.ItemsView[str, t.Any]:
        """Return the ``(key, value)`` pairs of the session data."""
        return self._session.items()

    def clear(self) -> None:
        """Remove all data; the key stays (use ``flush()`` to end the session)."""
        # Not self._session.clear(): that would load the data only to throw it away.
        self._session_cache = {}
        self.accessed = True
        self.modified = True

    def is_empty(self) -> bool:
        """Return whether the session has neither a key nor data (nothing to save or keep)."""
        # PERF: no exception for a session that was never loaded (the common case).
        return not self._session_key and not self.__dict__.get("_session_cache")

    # -- keys ------------------------------------------------------------------------------

    def _get_new_session_key(self) -> str:
        """Return a new random key that the store does not hold yet."""
        while True:
            session_key = get_random_string(32)
            if not self.exists(session_key):
                return session_key

    def _get_or_create_session_key(self) -> str:
        """Return the session key, making a new one first if there is none."""
        if self._session_key is None:
            self._session_key = self._get_new_session_key()
        return self._session_key

    def _validate_session_key(self, key: str | None) -> bool:
        """Return whether ``key`` may be a session key: a string of 8 characters or more.

        A store may tighten this; an invalid key given to the constructor becomes None.
        """
        return isinstance(key, str) and len(key) >= 8

    @property
    def session_key(self) -> str | None:
        """Return the session's key (for the signed-cookie store, the signed data itself)."""
        return self.__session_key

    @property
    def _session_key(self) -> str | None:
        return self.__session_key

    @_session_key.setter
    def _session_key(self, value: str | None) -> None:
        self.__session_key = value if self._validate_session_key(value) else None

    def _get_session(self, no_load: bool = False) -> dict[str, t.Any]:
        """Return the session data, loading it from the store the first time.

        With ``no_load`` (or without a key) start from an empty dict instead of loading.
        """
        self.accessed = True
        cache: dict[str, t.Any] | None = self.__dict__.get("_session_cache")
        if cache is None:
            # PERF: a dict lookup, not an AttributeError raised and caught, on first use.
            cache = {} if self.session_key is None or no_load else self.load()
            self._session_cache = cache
        return cache

    @property
    def _session(self) -> dict[str, t.Any]:
        # PERF: the loaded data straight away; _get_session() only the first time.
        cache: dict[str, t.Any] | None = self.__dict__.get("_session_cache")
        if cache is None:
            return self._get_session()
        self.accessed = True
        return cache

    # -- expiry ----------------------------------------------------------------------------

    def get_session_cookie_age(self) -> int:
        """Return the default lifetime of a session in seconds (``SESSION_COOKIE_AGE``)."""
        return int(settings.SESSION_COOKIE_AGE)

    def get_expiry_age(
        self,
        *,
        modification: datetime.datetime | None = None,
        expiry: t.Any = _NOT_GIVEN,
    ) -> int:
        """Return the number of seconds until the session expires.

        :param modification: when the session was last changed; now by default.
        :param expiry: the expiry to use instead of the session's own (as ``set_expiry()``
            stores it: seconds, or an ISO 8601 date); a store uses this while loading.
        """
        if expiry is _NOT_GIVEN:
            expiry = self.get(EXPIRY_KEY)
        if not expiry:  # None, or 0 (the cookie ends with the browser; the data still expires)
            return self.get_session_cookie_age()
        if isinstance(expiry, int):
            return expiry
        if modification is None:
            modification = _utcnow()
        delta = _parse_expiry_date(expiry) - _aware(modification)
        return delta.days * 86400 + delta.seconds

    def get_expiry_date(
        self,
        *,
        modification: datetime.datetime | None = None,
        expiry: t.Any = _NOT_GIVEN,
    ) -> datetime.datetime:
        """Return when the session expires, as an aware datetime in UTC.

        The parameters are those of ``get_expiry_age()``.
        """
        if modification is None:
            modification = _utcnow()
        if expiry is _NOT_GIVEN:
            expiry = self.get(EXPIRY_KEY)
        if isinstance(expiry, str):
            return _parse_expiry_date(expiry)
        seconds = expiry or self.get_session_cookie_age()
        return _aware(modification) + datetime.timedelta(seconds=seconds)

    def set_expiry(self, value: int | datetime.datetime | datetime.timedelta | None) -> None:
        """Set when the session expires.

        :param value: seconds of inactivity (an int); 0 to end the session when the browser
            closes; a ``datetime`` (a naive one is taken as UTC) or a ``timedelta`` from now
            for a fixed end; None to go back to the settings (``SESSION_COOKIE_AGE`` and
            ``SESSION_EXPIRE_AT_BROWSER_CLOSE``).
        """
        if value is None:
            if EXPIRY_KEY in self._session:
                del self[EXPIRY_KEY]
            return
        if isinstance(value, datetime.timedelta):
            value = _utcnow() + value
        if isinstance(value, datetime.datetime):
            self[EXPIRY_KEY] = _aware(value).isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            self[EXPIRY_KEY] = value
        else:
            raise TypeError(
                f"set_expiry() takes an int (seconds; 0 ends the session when the browser "
                f"closes), a datetime, a timedelta or None, not {type(value).__name__} "
                f"({value!r}). For a fraction of a second or a float, pass int(seconds) or a "
                "timedelta."
            )

    def get_expire_at_browser_close(self) -> bool:
        """Return whether the session cookie ends when the browser closes.

        ``set_expiry(0)`` says yes, another ``set_expiry()`` says no, and without one
        ``SESSION_EXPIRE_AT_BROWSER_CLOSE`` decides.
        """
        expiry = self.get(EXPIRY_KEY)
        if expiry is None:
            return bool(settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)
        return bool(expiry == 0)

    # -- ending and renewing ---------------------------------------------------------------

    def flush(self) -> None:
        """End the session: remove its data and its record in the store, and drop the key.

        The next save starts a new session with a new key. Call it on logout.
        """
        self.clear()
        self.delete()
        self._session_key = None

    def cycle_key(self) -> None:
        """Keep the data under a new key and delete the old record (on login, say).

        This stops session fixation: a key an attacker planted before login is worthless
        after it. ``chainweb.sessions.cycle_key(request)`` also rotates the CSRF token.
        """
        data = self._session
        key = self.session_key
        self.create()
        self._session_cache = data
        if key:
            self.delete(key)

    # -- backend hooks ---------------------------------------------------------------------

    def exists(self, session_key: str) -> bool:
        """Return whether the store holds a session with key ``session_key``."""
        raise NotImplementedError("subclasses of SessionBase must provide an exists() method")

    def create(self) -> None:
        """Start a new, empty session with a new key and save it (``modified`` is set)."""
        raise NotImplementedError("subclasses of SessionBase must provide a create() method")

    def save(self, must_create: bool = False) -> None:
        """Save the session data in the store.

        With ``must_create``, raise ``CreateError`` if the key is taken; without it, raise
        ``UpdateError`` if the record to update was deleted meanwhile.
        """
        raise NotImplementedError("subclasses of SessionBase must provide a save() method")

    def delete(self, session_key: str | None = None) -> None:
        """Delete the record of ``session_key`` (by default this session's) from the store."""
        raise NotImplementedError("subclasses of SessionBase must provide a delete() method")

    def load(self) -> dict[str, t.Any]:
        """Return the data stored under this session's key.

        A missing, expired or corrupt record gives an empty dict (and a store may drop the
        key), never an error; a store that cannot be reached raises ``SessionUnavailable``.
        """
        raise NotImplementedError("subclasses of SessionBase must provide a load() method")

    @classmethod
    def clear_expired(cls) -> None:
        """Remove expired sessions from the store (a store with its own expiry does nothing)."""
        raise NotImplementedError("this session store does not provide clear_expired()")

    def __repr__(self) -> str:
        # The key is a credential: never show it.
        state = "loaded" if "_session_cache" in self.__dict__ else "not loaded"
        return (
            f"<{type(self).__module__}.{type(self).__qualname__} {state}, "
            f"accessed={self.accessed}, modified={self.modified}>"
        )


def _parse_expiry_date(value: str) -> datetime.datetime:
    """Return the aware UTC datetime in the ISO 8601 text ``set_expiry()`` stored."""
    return _aware(datetime.datetime.fromisoformat(value))
