"""The middleware that gives each request its message storage and keeps unread messages."""

from __future__ import annotations

import logging
import typing as t

from chainweb.conf import settings
from chainweb.messages.storage import default_storage
from chainweb.middleware import MiddlewareMixin

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request

logger = logging.getLogger("chainweb.messages")


class MessageMiddleware(MiddlewareMixin):
    """Give the request a message storage (``MESSAGE_STORAGE``); keep unread messages after.

    With a storage that keeps messages in the session, put it after ``SessionMiddleware``.
    """

    def process_request(self, request: Request) -> None:
        """Attach a new message storage to the request."""
        request._messages = default_storage(request)  # type: ignore[attr-defined]

    def process_response(self, request: Request, response: HttpResponse) -> HttpResponse:
        """Keep the messages not read during the request, and return the response.

        Messages the storage had no room for are dropped: with ``DEBUG`` on this raises
        ValueError, otherwise it is logged as a warning.
        """
        # A middleware outside this one may have answered before process_request ran.
        storage = getattr(request, "_messages", None)
        if storage is None:
            return response
        unstored = storage.update(response)
        if unstored:
            problem = (
                f"{len(unstored)} message(s) did not fit in {type(storage).__name__} and were "
                "dropped. Add fewer or shorter messages, or set MESSAGE_STORAGE = "
                "'chainweb.messages.storage.fallback.FallbackStorage' to keep the overflow in "
                "the session."
            )
            if settings.DEBUG:
                raise ValueError(problem)
            logger.warning(problem)
        return response
