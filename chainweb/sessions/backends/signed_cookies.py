"""The default session store: the whole session lives in a signed cookie (itsdangerous).

The cookie's value is the session data, serialized with ``SESSION_SERIALIZER``, compressed
when that is shorter, and signed with ``SECRET_KEY`` and a timestamp by itsdangerous's
``URLSafeTimedSerializer``. Anyone can read the data (it is signed, not encrypted: keep
secrets out of it), nobody can change it without the key.

A cookie is verified with ``SECRET_KEY`` and then each of ``SECRET_KEY_FALLBACKS``, so
keys can be rotated: put the old key in the fallbacks, and cookies it signed stay valid and
are signed with the new key the next time their session is saved.

A cookie that fails (tampered with, signed with another key or salt, expired, dated in the
future, or not a session at all) gives an empty session and a debug line on the
``chainweb.security.SuspiciousSession`` logger, never an error.

Browsers drop cookies larger than about 4 KB; ``SessionMiddleware`` checks the size.
"""

from __future__ import annotations

import functools
import logging
import typing as t

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from chainweb.conf import settings
from chainweb.sessions.backends.base import EXPIRY_KEY, SessionBase

#: The salt that keeps these signatures apart from other uses of SECRET_KEY.
SALT = "chainweb.sessions.backends.signed_cookies"

#: How many seconds a cookie's signing time may lie in the future (clocks of servers
#: behind one load balancer drift a little); a later one is refused.
CLOCK_SKEW_LEEWAY = 10

logger = logging.getLogger("chainweb.security.SuspiciousSession")


class _Rejected(Exception):
    """The cookie is not a valid session; the message says why."""


@functools.lru_cache(maxsize=16)
def _signer(keys: tuple[str, ...], serializer_class: type[t.Any]) -> URLSafeTimedSerializer:
    # PERF: building the serializer probes the serializer with a dumps() call; do it once
    # per key set. itsdangerous signs with the last key and verifies with every one.
    return URLSafeTimedSerializer(list(keys), salt=SALT, serializer=serializer_class())


class SessionStore(SessionBase):
    """Keep the session in the cookie itself: ``session_key`` is the signed data."""

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        if session_key is not None and self.session_key is None:
            logger.debug(
                "Ignored the session cookie (%d characters, too short to be a signed "
                "session); starting an empty session.",
                len(session_key),
            )

    def _get_signer(self) -> URLSafeTimedSerializer:
        fallbacks = [str(key) for key in settings.SECRET_KEY_FALLBACKS]
        # Newest last: itsdangerous signs with the last key and tries the others after it.
        keys = (*reversed(fallbacks), str(settings.SECRET_KEY))
        return _signer(keys, type(self.serializer))

    def load(self) -> dict[str, t.Any]:
        """Return the data in the cookie, or an empty dict if the cookie is not valid."""
        try:
            return self._verify(t.cast(str, self.session_key))
        except Exception as exc:
            # The cookie comes from the client: whatever it makes the loader raise, the
            # answer is an empty session, never an error.
            reason = str(exc) if isinstance(exc, _Rejected) else f"{type(exc).__name__}: {exc}"
            logger.debug("Ignored the session cookie (%s); starting an empty session.", reason)
            self._session_key = None  # the middleware then deletes the cookie
            return {}

    def _verify(self, cookie: str) -> dict[str, t.Any]:
        signer = self._get_signer()
        data, signed_at = signer.loads(cookie, return_timestamp=True)
        if not isinstance(data, dict):
            raise _Rejected(f"the signed data is a {type(data).__name__}, not a dict")
        now = t.cast(TimestampSigner, signer.make_signer()).get_timestamp()
        age = now - int(signed_at.timestamp())
        if age < -CLOCK_SKEW_LEEWAY:
            raise _Rejected(f"it was signed {-age} seconds in the future")
        max_age = self.get_expiry_age(modification=signed_at, expiry=data.get(EXPIRY_KEY))
        if age > max_age:
            raise _Rejected(f"it expired: signed {age} seconds ago, max age {max_age}")
        return data

    def create(self) -> None:
        """Start a new session: nothing to store, the cookie is written when saved."""
        self.modified = True

    def save(self, must_create: bool = False) -> None:
        """Sign the data into a new cookie value (``session_key``)."""
        self._session_key = self._get_session_key()
        self.modified = True

    def exists(self, session_key: str | None = None) -> bool:
        """Return False: no two cookies can hold the same session."""
        return False

    def delete(self, session_key: str | None = None) -> None:
        """Forget the data and the key; the middleware deletes the cookie."""
        self._session_key = ""
        self._session_cache = {}
        self.modified = True

    def cycle_key(self) -> None:
        """Sign the data again: a new cookie value with the same data."""
        self.save()

    def _get_session_key(self) -> str:
        """Return the signed cookie value for the current data."""
        signed: str | bytes = self._get_signer().dumps(self._session)
        return signed.decode("ascii") if isinstance(signed, bytes) else signed

    @classmethod
    def clear_expired(cls) -> None:
        """Do nothing: expired cookies are refused when read."""
