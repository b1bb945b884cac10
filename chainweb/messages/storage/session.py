"""Keep messages in the session (``chainweb.sessions``)."""

from __future__ import annotations

import typing as t

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.messages.storage.base import (
    BaseStorage,
    Message,
    message_to_list,
    messages_from_lists,
)

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request


def require_session(request: Request, storage: str) -> None:
    """Raise ImproperlyConfigured, saying how to fix it, if the request has no session."""
    if not hasattr(request, "session"):
        raise ImproperlyConfigured(
            f"{storage} keeps messages in the session, but the request has no session. Add "
            "'chainweb.sessions.middleware.SessionMiddleware' to MIDDLEWARE before "
            "'chainweb.messages.middleware.MessageMiddleware', or set MESSAGE_STORAGE = "
            "'chainweb.messages.storage.cookie.CookieStorage' to keep messages in a cookie "
            "without a session."
        )


class SessionStorage(BaseStorage):
    """Keep messages in ``request.session``, under the ``_messages`` key.

    The messages are kept as compact JSON-ready lists, so any session serializer can store
    them. ``SessionMiddleware`` must come before ``MessageMiddleware`` in ``MIDDLEWARE``.
    """

    #: The session key the messages are kept under.
    session_key = "_messages"

    def __init__(self, request: Request) -> None:
        require_session(request, type(self).__name__)
        super().__init__(request)

    @property
    def session(self) -> t.MutableMapping[str, t.Any]:
        """Return the request's session."""
        return t.cast("t.MutableMapping[str, t.Any]", self.request.session)  # type: ignore[attr-defined]

    def _get(self) -> tuple[list[Message] | None, bool]:
        """Return the messages in the session; the session always holds all of them."""
        data = self.session.get(self.session_key)
        if data is None:
            return None, True
        # A malformed entry is dropped, and forgotten at the end of the request.
        messages = messages_from_lists(data)
        if messages is None:
            self.used = True
        return messages or [], True

    def _store(
        self, messages: list[Message], response: HttpResponse, *, remove_oldest: bool = True
    ) -> list[Message]:
        """Put the messages in the session (none: remove the key); every message fits."""
        if messages:
            self.session[self.session_key] = [message_to_list(message) for message in messages]
        elif self.session_key in self.session:
            del self.session[self.session_key]
        return []
