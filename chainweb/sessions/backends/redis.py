"""A session store that keeps the data in Redis; the cookie holds only a random key.

Install the client with ``pip install chainweb[redis]`` and set
``SESSION_ENGINE = "chainweb.sessions.backends.redis"``. ``SESSION_REDIS`` says where:
``URL`` (``redis://host:port/db``), ``PREFIX`` (put before every key) and the socket
timeouts ``SOCKET_TIMEOUT`` and ``SOCKET_CONNECT_TIMEOUT`` in seconds; keys left out keep
their defaults.

Each session is one Redis string, ``PREFIX + key``, holding the serialized data and
expiring after the session's expiry age (``SET ... EX``), so Redis removes old sessions
itself. Keys are ``secrets.token_urlsafe(32)``; a cookie that is not of that form never
reaches Redis, and a well-formed key Redis does not hold is never adopted: the session
starts empty and gets a new key when it is saved. ``flush()`` deletes the record, so a
copy of the cookie is worthless after a logout.

When Redis is down or slower than the timeouts, the store logs an error on
``chainweb.sessions`` and raises ``SessionUnavailable`` (a 503). Nothing is retried
within the request, so it fails within the timeout; the connection pool reconnects by
itself when Redis is back.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import typing as t
import urllib.parse

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from chainweb.conf import global_settings, settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.signals import setting_changed
from chainweb.sessions.backends.base import CreateError, SessionBase, UpdateError
from chainweb.sessions.exceptions import SessionUnavailable

logger = logging.getLogger("chainweb.sessions")
security_logger = logging.getLogger("chainweb.security.SuspiciousSession")

#: What a session key looks like: ``secrets.token_urlsafe(32)``, 43 URL-safe characters.
SESSION_KEY_RE = re.compile(r"[A-Za-z0-9_-]{43}")

#: How many new keys ``create()`` tries before giving up (a collision of 256-bit random
#: keys means the random source is broken, not bad luck).
CREATE_ATTEMPTS = 10

_T = t.TypeVar("_T")


class RedisConfig(t.NamedTuple):
    """The ``SESSION_REDIS`` setting, checked and completed with the defaults."""

    url: str
    prefix: str
    socket_timeout: float
    socket_connect_timeout: float


def get_config() -> RedisConfig:
    """Return ``SESSION_REDIS`` merged over its defaults; raise ImproperlyConfigured if wrong."""
    options = settings.SESSION_REDIS
    if not isinstance(options, t.Mapping):
        raise ImproperlyConfigured(
            f"SESSION_REDIS must be a dict, not {type(options).__name__}. Set it to a dict "
            "with any of the keys URL, PREFIX, SOCKET_TIMEOUT, SOCKET_CONNECT_TIMEOUT."
        )
    defaults: dict[str, t.Any] = global_settings.SESSION_REDIS
    unknown = sorted(set(options) - set(defaults))
    if unknown:
        raise ImproperlyConfigured(
            f"SESSION_REDIS has unknown key(s): {', '.join(map(repr, unknown))}. The keys "
            f"are {', '.join(defaults)}; check the spelling (they are upper case)."
        )
    merged = {**defaults, **options}
    for name in ("URL", "PREFIX"):
        if not isinstance(merged[name], str):
            raise ImproperlyConfigured(
                f"SESSION_REDIS[{name!r}] must be a str, not {type(merged[name]).__name__} "
                f"({merged[name]!r}). The default is {defaults[name]!r}."
            )
    for name in ("SOCKET_TIMEOUT", "SOCKET_CONNECT_TIMEOUT"):
        value = merged[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ImproperlyConfigured(
                f"SESSION_REDIS[{name!r}] is {value!r}; set it to a number of seconds greater "
                f"than 0, such as {defaults[name]!r}, so that a request fails quickly with "
                "503 instead of hanging when Redis is down."
            )
    return RedisConfig(
        merged["URL"],
        merged["PREFIX"],
        float(merged["SOCKET_TIMEOUT"]),
        float(merged["SOCKET_CONNECT_TIMEOUT"]),
    )


# One client (and so one connection pool) per server and timeouts, shared by all requests
# and threads, built on first use; SESSION_REDIS changes under override_settings drop them.
_clients: dict[tuple[str, float, float], redis.Redis] = {}
_clients_lock = threading.Lock()


def get_client(config: RedisConfig) -> redis.Redis:
    """Return the shared client for ``config``'s server and timeouts, building it once."""
    key = (config.url, config.socket_timeout, config.socket_connect_timeout)
    client = _clients.get(key)
    if client is not None:
        return client
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            try:
                pool = redis.ConnectionPool.from_url(
                    config.url,
                    socket_timeout=config.socket_timeout,
                    socket_connect_timeout=config.socket_connect_timeout,
                    # No retries: a request must fail within the timeout, not a multiple.
                    retry=Retry(NoBackoff(), 0),
                )
            except ValueError as exc:
                raise ImproperlyConfigured(
                    f"SESSION_REDIS['URL'] {redact_url(config.url)!r} is not a Redis URL: "
                    f"{exc}. Use the form redis://[[user]:password@]host:port/db, such as "
                    f"{global_settings.SESSION_REDIS['URL']!r}."
                ) from exc
            client = _clients[key] = redis.Redis(connection_pool=pool)
    return client


def reset_clients() -> None:
    """Close every shared connection pool; the next request builds new ones."""
    with _clients_lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        client.connection_pool.disconnect()


def _reset_on_setting_change(sender: t.Any, *, setting: str, **kwargs: t.Any) -> None:
    if setting == "SESSION_REDIS":
        reset_clients()


setting_changed.connect(_reset_on_setting_change, weak=False)


def redact_url(url: str) -> str:
    """Return ``url`` with its password replaced by ``***``, fit for logs and errors."""
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.password is None:
            return url
        userinfo = f"{parts.username or ''}:***"
        netloc = f"{userinfo}@{parts.netloc.rpartition('@')[2]}"
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "<unparsable URL>"


class SessionStore(SessionBase):
    """Keep the session data in Redis under ``SESSION_REDIS["PREFIX"] + session_key``."""

    #: Keys are secrets.token_urlsafe(32): URL-safe characters that need no quoting.
    cookie_value_is_safe = True

    def __init__(self, session_key: str | None = None) -> None:
        self._config = get_config()
        # True once this request saw the record in Redis (loaded or written it): a record
        # missing after that was deleted by a concurrent request (UpdateError); one never
        # seen belongs to nobody and is not adopted.
        self._in_store = False
        super().__init__(session_key)

    # -- keys ------------------------------------------------------------------------------

    def _validate_session_key(self, key: str | None) -> bool:
        """Return whether ``key`` has the form of the keys this store makes.

        Anything else the client sends (too short or long, other characters, a pattern
        such as ``*``) is dropped before it reaches Redis.
        """
        return isinstance(key, str) and SESSION_KEY_RE.fullmatch(key) is not None

    def _get_new_session_key(self) -> str:
        """Return a new random key (256 bits); ``create()`` makes sure it is not taken."""
        return secrets.token_urlsafe(32)

    def _redis_key(self, session_key: str) -> str:
        return self._config.prefix + session_key

    # -- backend hooks ---------------------------------------------------------------------

    def load(self) -> dict[str, t.Any]:
        """Return the data stored under the session key, or ``{}`` (and drop the key).

        A key Redis does not hold (expired, deleted, or made up by the client) or a record
        that does not decode gives an empty session under a new key, never the old one.
        """
        session_key = t.cast(str, self.session_key)  # _get_session() calls with a key only
        raw = self._call("GET", lambda client: client.get(self._redis_key(session_key)))
        if raw is None:
            self._session_key = None
            return {}
        try:
            data = self.serializer.loads(raw.encode() if isinstance(raw, str) else raw)
            if not isinstance(data, dict):
                raise TypeError(f"the record holds a {type(data).__name__}, not a dict")
        except Exception as exc:
            security_logger.warning(
                "Ignored a session record in Redis that does not decode (%s: %s); starting "
                "an empty session under a new key.",
                type(exc).__name__,
                exc,
            )
            self._session_key = None
            return {}
        self._in_store = True
        return data

    def exists(self, session_key: str) -> bool:
        """Return whether Redis holds a session with key ``session_key``."""
        if not self._validate_session_key(session_key):
            return False
        count = self._call("EXISTS", lambda client: client.exists(self._redis_key(session_key)))
        return bool(count)

    def create(self) -> None:
        """Save the session under a new key that no other session has (``SET NX``)."""
        for _ in range(CREATE_ATTEMPTS):
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue
            self.modified = True
            return
        raise RuntimeError(
            f"Could not create a session: {CREATE_ATTEMPTS} new random keys were all taken "
            "in Redis. The random source is broken, or something else writes keys under "
            f"SESSION_REDIS['PREFIX'] {self._config.prefix!r}: give the sessions a prefix of "
            "their own."
        )

    def save(self, must_create: bool = False) -> None:
        """Store the data with a time to live of ``get_expiry_age()`` seconds.

        With ``must_create``, raise ``CreateError`` if the key is taken (``SET NX``).
        Without it, the record must still exist (``SET XX``): ``UpdateError`` if it was
        deleted since this request read it, and a new key if it never existed. A session
        with neither key nor data writes nothing; one whose expiry has passed is deleted.
        """
        data = self._get_session(no_load=must_create)
        if self.session_key is None:
            if data:
                self.create()
            return
        redis_key = self._redis_key(self.session_key)
        age = self.get_expiry_age()
        if age <= 0:  # set_expiry() with a date in the past: the session is over.
            if not must_create:
                self._call("DEL", lambda client: client.delete(redis_key))
            return
        payload = self.serializer.dumps(data)
        stored = self._call(
            "SET",
            lambda client: client.set(
                redis_key, payload, ex=age, nx=must_create, xx=not must_create
            ),
        )
        if not stored:
            if must_create:
                raise CreateError
            if self._in_store:
                raise UpdateError
            self.create()  # The client's key was never in the store: do not adopt it.
            return
        self._in_store = True

    def delete(self, session_key: str | None = None) -> None:
        """Delete the record of ``session_key`` (by default this session's) from Redis."""
        if session_key is None:
            session_key = self.session_key
            self._in_store = False
        if session_key is None or not self._validate_session_key(session_key):
            return
        redis_key = self._redis_key(session_key)
        self._call("DEL", lambda client: client.delete(redis_key))

    def cycle_key(self) -> None:
        """Move the data to a new key and delete the old record (on login, say).

        An empty session gets no record: its new key is made when it is first saved.
        """
        data = self._session
        old_key = self.session_key
        self._session_key = None
        self._in_store = False
        self.modified = True
        if data:
            self.create()
        if old_key is not None:
            self.delete(old_key)

    @classmethod
    def clear_expired(cls) -> None:
        """Do nothing: Redis removes each session when its time to live runs out."""

    # -- talking to Redis ------------------------------------------------------------------

    def _call(self, command: str, operation: t.Callable[[redis.Redis], _T]) -> _T:
        """Run ``operation`` on the shared client; turn a Redis failure into a 503."""
        client = get_client(self._config)
        try:
            return operation(client)
        except redis.RedisError as exc:
            logger.error(
                "The session store could not run %s on Redis at %s: %s: %s. Check that the "
                "server is running and reachable, and SESSION_REDIS (URL, SOCKET_TIMEOUT=%s, "
                "SOCKET_CONNECT_TIMEOUT=%s).",
                command,
                redact_url(self._config.url),
                type(exc).__name__,
                exc,
                self._config.socket_timeout,
                self._config.socket_connect_timeout,
            )
            raise SessionUnavailable() from exc
