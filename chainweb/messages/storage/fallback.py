"""Keep messages in the cookie, and those that do not fit in the session."""

from __future__ import annotations

import typing as t

from chainweb.messages.storage.base import BaseStorage, Message
from chainweb.messages.storage.cookie import CookieStorage
from chainweb.messages.storage.session import SessionStorage, require_session

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request


class FallbackStorage(BaseStorage):
    """Keep messages in the first storage that has room: the cookie, then the session.

    Most messages fit in the cookie, so the session is only read or written when they do not
    (or when it still holds messages from an earlier request). The request needs a session.
    """

    #: The storages tried in turn; each keeps what the one before could not.
    storage_classes: tuple[type[BaseStorage], ...] = (CookieStorage, SessionStorage)

    def __init__(self, request: Request) -> None:
        if SessionStorage in self.storage_classes:
            require_session(request, type(self).__name__)
        super().__init__(request)
        self.storages = [storage_class(request) for storage_class in self.storage_classes]
        self._used_storages: list[BaseStorage] = []

    def _get(self) -> tuple[list[Message] | None, bool]:
        """Return the messages of each storage in turn, until one says it held the rest."""
        all_messages: list[Message] = []
        all_retrieved = True
        for storage in self.storages:
            messages, all_retrieved = storage._get()
            if storage.used:  # What it held was unreadable: forget it at the end of the request.
                self.used = True
                self._used_storages.append(storage)
            if messages is None:  # Not used, so the storages after it were not either.
                break
            if messages and storage not in self._used_storages:
                self._used_storages.append(storage)
            all_messages.extend(messages)
            if all_retrieved:
                break
        return all_messages, all_retrieved

    def _store(
        self, messages: list[Message], response: HttpResponse, *, remove_oldest: bool = True
    ) -> list[Message]:
        """Give each storage the messages the ones before it could not keep.

        The first storages keep the oldest messages, so they are read back in order. A storage
        left with nothing is emptied if it held messages before.
        """
        for storage in self.storages:
            if messages:
                messages = storage._store(messages, response, remove_oldest=False)
            elif storage in self._used_storages:
                storage._store([], response)
                self._used_storages.remove(storage)
        return messages
