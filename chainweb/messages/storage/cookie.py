"""Keep messages in a signed cookie, so they survive a redirect without a session."""

from __future__ import annotations

import functools
import typing as t

from itsdangerous import BadData, URLSafeSerializer

from chainweb.conf import settings
from chainweb.messages.storage.base import (
    BaseStorage,
    Message,
    message_to_list,
    messages_from_lists,
)

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse


@functools.lru_cache(maxsize=16)
def _serializer(keys: tuple[str, ...], salt: str) -> URLSafeSerializer:
    # PERF: made once per key set and salt, not on every request.
    return URLSafeSerializer(list(keys), salt=salt)


class CookieStorage(BaseStorage):
    """Keep messages in the ``messages`` cookie, signed with ``SECRET_KEY``.

    The cookie holds compact JSON, compressed when that is shorter, signed with itsdangerous
    under its own salt; it is verified with ``SECRET_KEY`` and then each of
    ``SECRET_KEY_FALLBACKS``, so rotating the key does not lose messages. A cookie that was
    tampered with or cannot be read gives no messages and is deleted. The cookie takes the
    ``SESSION_COOKIE_DOMAIN``, ``SECURE``, ``HTTPONLY`` and ``SAMESITE`` settings.
    """

    #: The cookie's name.
    cookie_name = "messages"
    #: The largest cookie value kept, in bytes. Many servers refuse more than 4 kB of headers
    #: in all; half of that leaves room for the other cookies. 0 means no limit.
    max_cookie_size = 2048
    #: Stored after the messages when some did not fit (a fallback storage keeps those).
    not_finished = "__messagesnotfinished__"
    #: The signing salt: a signature made for anything else is not valid here.
    key_salt = "chainweb.messages"

    @property
    def serializer(self) -> URLSafeSerializer:
        """Return the signing serializer for the current secret keys and ``key_salt``."""
        # itsdangerous signs with the last key and verifies with each, last first.
        keys = (*reversed(settings.SECRET_KEY_FALLBACKS), settings.SECRET_KEY)
        return _serializer(keys, self.key_salt)

    def _get(self) -> tuple[list[Message] | None, bool]:
        """Return the messages in the request's cookie, and whether they are all of them."""
        messages = self._decode(self.request.COOKIES.get(self.cookie_name))
        all_retrieved = not (messages and messages[-1] == self.not_finished)
        if messages and not all_retrieved:
            messages.pop()
        return t.cast("list[Message] | None", messages), all_retrieved

    def _store(
        self, messages: list[Message], response: HttpResponse, *, remove_oldest: bool = True
    ) -> list[Message]:
        """Set the cookie to the messages that fit; return the others.

        While the value is over ``max_cookie_size``, leave out the oldest message (or the
        newest, if not ``remove_oldest``) and mark the value as not finished.
        """
        messages = list(messages)
        unstored: list[Message] = []
        encoded = self._encode(messages)
        while messages and self.max_cookie_size and len(encoded or "") > self.max_cookie_size:
            if remove_oldest:
                unstored.append(messages.pop(0))
            else:
                unstored.insert(0, messages.pop())
            encoded = self._encode([*messages, self.not_finished])
        self._update_cookie(encoded, response)
        return unstored

    def _update_cookie(self, encoded: str | None, response: HttpResponse) -> None:
        """Set the cookie to ``encoded``; with nothing to keep, delete the one the client sent."""
        if encoded:
            response.set_cookie(
                self.cookie_name,
                encoded,
                domain=settings.SESSION_COOKIE_DOMAIN,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=settings.SESSION_COOKIE_HTTPONLY,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        elif self.cookie_name in self.request.COOKIES:
            response.delete_cookie(
                self.cookie_name,
                domain=settings.SESSION_COOKIE_DOMAIN,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=settings.SESSION_COOKIE_HTTPONLY,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )

    def _encode(self, messages: t.Sequence[Message | str]) -> str | None:
        """Return the signed cookie value for ``messages``, or None if there are none."""
        if not messages:
            return None
        data = [
            message_to_list(message) if isinstance(message, Message) else message
            for message in messages
        ]
        return self.serializer.dumps(data)

    def _decode(self, value: str | None) -> list[Message | str] | None:
        """Return the messages (and the not-finished mark) in a cookie value.

        Return None if there is no value; if it is tampered with or malformed, also mark the
        messages read, so that the response deletes the cookie.
        """
        if not value:
            return None
        try:
            data = self.serializer.loads(value)
        except BadData:
            data = None
        if isinstance(data, list):
            finished = not (data and data[-1] == self.not_finished)
            messages = messages_from_lists(data if finished else data[:-1])
            if messages is not None:
                return [*messages] if finished else [*messages, self.not_finished]
        self.used = True
        return None
