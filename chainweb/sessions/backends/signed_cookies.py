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

import binascii
import datetime
import functools
import hmac
import logging
import time
import typing as t
import zlib

from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import int_to_bytes
from itsdangerous.signer import SigningAlgorithm

from chainweb.conf import settings
from chainweb.sessions.backends.base import EXPIRY_KEY, SessionBase

#: The salt that keeps these signatures apart from other uses of SECRET_KEY.
SALT = "chainweb.sessions.backends.signed_cookies"

#: How many seconds a cookie's signing time may lie in the future (clocks of servers
#: behind one load balancer drift a little); a later one is refused.
CLOCK_SKEW_LEEWAY = 10

logger = logging.getLogger("chainweb.security.SuspiciousSession")


@functools.lru_cache(maxsize=8)
def _keys(secret_key: str, fallbacks: tuple[str, ...]) -> tuple[str, ...]:
    # Newest last: itsdangerous signs with the last key and tries the others after it.
    return (*reversed([str(key) for key in fallbacks]), str(secret_key))


class _Rejected(Exception):
    """The cookie is not a valid session; the message says why."""


class _SHA1HMAC(SigningAlgorithm):
    """itsdangerous's default HMAC-SHA1, computed with the one-shot C ``hmac.digest()``."""

    def get_signature(self, key: bytes, value: bytes) -> bytes:
        """Return the HMAC-SHA1 of ``value`` under ``key``."""
        return hmac.digest(key, value, "sha1")


_ALGORITHM = _SHA1HMAC()


class _Signer(TimestampSigner):
    """itsdangerous's timestamp signer, deriving each key once instead of on every use."""

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        """Return the signing key derived from ``secret_key`` (the newest key by default)."""
        if secret_key is None:
            secret_key = self.secret_keys[-1]
        return _derived_key(secret_key, self.salt)


@functools.lru_cache(maxsize=64)
def _derived_key(secret_key: str | bytes, salt: bytes) -> bytes:
    return TimestampSigner(secret_key, salt=salt).derive_key()


_SALT = SALT.encode()
_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def _b64(data: bytes) -> bytes:
    """Return itsdangerous's base64: URL-safe alphabet, no padding (PERF: straight binascii)."""
    return binascii.b2a_base64(data, newline=False).translate(_URL_SAFE).rstrip(b"=")


def _sign(secret_key: str, payload: bytes, signed_at: int) -> bytes:
    """Return ``payload`` signed and timestamped exactly as itsdangerous's TimestampSigner does.

    PERF: the same bytes from itsdangerous's own pieces (its base64 and integer encodings,
    its key derivation, HMAC-SHA1), without four layers of calls; its loader reads them
    (tested).
    """
    value = payload + b"." + _b64(int_to_bytes(signed_at))
    signature = hmac.digest(_derived_key(secret_key, _SALT), value, "sha1")
    return value + b"." + _b64(signature)


#: Payloads shorter than this are not worth a zlib attempt (they rarely shrink).
_COMPRESS_FROM = 128


def _url_safe_payload(text: bytes) -> bytes:
    """Encode serialized data as itsdangerous's URL-safe serializers do.

    Compressed (marked by a leading '.') when that is shorter; their loader reads both forms.
    """
    if len(text) >= _COMPRESS_FROM:
        compressed = zlib.compress(text)
        if len(compressed) < len(text) - 1:
            return b"." + _b64(compressed)
    return _b64(text)


@functools.lru_cache(maxsize=16)
def _signer(keys: tuple[str, ...], serializer_class: type[t.Any]) -> URLSafeTimedSerializer:
    # PERF: building the serializer probes the serializer with a dumps() call; do it once
    # per key set. itsdangerous signs with the last key and verifies with every one.
    return URLSafeTimedSerializer(
        list(keys),
        salt=SALT,
        serializer=serializer_class(),
        signer=_Signer,
        signer_kwargs={"algorithm": _ALGORITHM},
    )


# PERF: cookies whose signature was verified, or that this process signed, with the
# serialized data and the signing time. A browser sends back the cookie it was last
# given, so most requests skip the signature check. No request shares mutable data with
# another: a session of plain values (str, int, float, bool, None) is kept as a dict and
# copied, any other is kept as its serialized text and parsed anew. The age limits are
# still checked on every request. Keyed by the signing keys too, so a key change never
# accepts what the old keys verified. Bounded: emptied when full.
_verified: dict[tuple[tuple[str, ...], str], tuple[dict[str, t.Any] | bytes, int]] = {}
_VERIFIED_SIZE = 1024
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _remember(
    keys: tuple[str, ...], cookie: str, data: dict[str, t.Any], text: bytes, signed_at: int
) -> None:
    if len(_verified) >= _VERIFIED_SIZE:
        _verified.clear()
    kept: dict[str, t.Any] | bytes = text
    for value in data.values():
        if type(value) not in _SCALARS:
            break
    else:  # plain values only: a copy of the dict is a deep copy
        kept = dict(data)
    _verified[keys, cookie] = (kept, signed_at)


class SessionStore(SessionBase):
    """Keep the session in the cookie itself: ``session_key`` is the signed data."""

    #: The cookie value is URL-safe base64 and dots: it never needs quoting.
    cookie_value_is_safe = True

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        if session_key is not None and self.session_key is None:
            logger.debug(
                "Ignored the session cookie (%d characters, too short to be a signed "
                "session); starting an empty session.",
                len(session_key),
            )

    def _keys(self) -> tuple[str, ...]:
        return _keys(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))

    def _get_signer(self) -> URLSafeTimedSerializer:
        return _signer(self._keys(), type(self.serializer))

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
        keys = self._keys()
        known = _verified.get((keys, cookie))
        if known is not None:
            kept, signed = known
            data = dict(kept) if isinstance(kept, dict) else self.serializer.loads(kept)
        else:
            signer = _signer(keys, type(self.serializer))
            data, signed_at = signer.loads(cookie, return_timestamp=True)
            if not isinstance(data, dict):
                raise _Rejected(f"the signed data is a {type(data).__name__}, not a dict")
            signed = int(signed_at.timestamp())
            _remember(keys, cookie, data, self.serializer.dumps(data), signed)
        age = int(time.time()) - signed
        if age < -CLOCK_SKEW_LEEWAY:
            raise _Rejected(f"it was signed {-age} seconds in the future")
        expiry = data.get(EXPIRY_KEY)
        if expiry is None:
            max_age = int(settings.SESSION_COOKIE_AGE)
        else:  # the session's own set_expiry()
            max_age = self.get_expiry_age(
                modification=datetime.datetime.fromtimestamp(signed, datetime.timezone.utc),
                expiry=expiry,
            )
        if age > max_age:
            raise _Rejected(f"it expired: signed {age} seconds ago, max age {max_age}")
        return t.cast(dict[str, t.Any], data)

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
        keys = self._keys()
        text = self.serializer.dumps(self._session)
        signed_at = int(time.time())
        cookie = _sign(keys[-1], _url_safe_payload(text), signed_at).decode("ascii")
        # The browser sends this cookie back next: remember it as verified.
        _remember(keys, cookie, self._session, text, signed_at)
        return cookie

    @classmethod
    def clear_expired(cls) -> None:
        """Do nothing: expired cookies are refused when read."""
