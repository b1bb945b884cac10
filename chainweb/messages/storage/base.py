"""The message class and the base of every message storage.

A storage is made for each request by ``MessageMiddleware``. It loads the messages kept from
earlier requests the first time they are needed, queues the messages added during this request,
and on the response keeps whatever was not read: ``update(response)``.
"""

from __future__ import annotations

import typing as t

from markupsafe import Markup

from chainweb.conf import settings
from chainweb.messages import constants

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request


def get_level_tags() -> dict[int, str]:
    """Return the tag of each level: ``DEFAULT_TAGS`` updated with ``MESSAGE_TAGS``."""
    return {**constants.DEFAULT_TAGS, **settings.MESSAGE_TAGS}


class Message:
    """A message for the user: a level, the text, and extra tags for the template.

    ``message`` is kept as a str; ``markupsafe.Markup`` text stays ``Markup`` (also after a
    round trip through a storage), so templates do not escape it.
    """

    def __init__(self, level: int, message: object, extra_tags: str = "") -> None:
        #: The level, an int such as ``constants.INFO``.
        self.level = int(level)
        #: The text shown to the user.
        self.message: str = message if isinstance(message, str) else str(message)
        #: Tags given when the message was added, separated by spaces.
        self.extra_tags: str = str(extra_tags) if extra_tags else ""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.level == other.level and self.message == other.message

    __hash__ = None  # type: ignore[assignment]  # Equal messages may differ in extra_tags.

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        extra_tags = f", extra_tags={self.extra_tags!r}" if self.extra_tags else ""
        return f"Message(level={self.level}, message={self.message!r}{extra_tags})"

    @property
    def tags(self) -> str:
        """Return the extra tags and the level's tag, separated by a space."""
        return " ".join(tag for tag in (self.extra_tags, self.level_tag) if tag)

    @property
    def level_tag(self) -> str:
        """Return the level's tag (``MESSAGE_TAGS``, then ``DEFAULT_TAGS``), or ``""``."""
        return get_level_tags().get(self.level, "")


def message_to_list(message: Message) -> list[t.Any]:
    """Return the message as a compact JSON-ready list.

    The list is ``[level, text]``, followed by the extra tags if there are any, followed by
    ``1`` if the text is ``Markup``.
    """
    data: list[t.Any] = [message.level, str(message.message)]
    is_markup = isinstance(message.message, Markup)
    if message.extra_tags or is_markup:
        data.append(message.extra_tags)
    if is_markup:
        data.append(1)
    return data


def message_from_list(data: object) -> Message | None:
    """Return the message a list from ``message_to_list()`` holds, or None if it holds none."""
    if not isinstance(data, list) or not 2 <= len(data) <= 4:
        return None
    level, text, *rest = data
    extra_tags = rest[0] if rest else ""
    is_markup = rest[1:] == [1]
    valid = (
        isinstance(level, int)
        and not isinstance(level, bool)
        and isinstance(text, str)
        and isinstance(extra_tags, str)
        and (len(rest) < 2 or is_markup)
    )
    if not valid:
        return None
    return Message(level, Markup(text) if is_markup else text, extra_tags)


def messages_from_lists(data: object) -> list[Message] | None:
    """Return the messages a list of ``message_to_list()`` lists holds; None if it is not one."""
    if not isinstance(data, list):
        return None
    messages = [message_from_list(item) for item in data]
    if any(message is None for message in messages):
        return None
    return t.cast("list[Message]", messages)


class BaseStorage:
    """Keep messages between requests; a subclass says where, with ``_get()`` and ``_store()``.

    Iterating the storage returns every message (kept ones, then new ones) and marks them read;
    at the end of the request ``update()`` keeps only the messages added since. Messages below
    ``level`` are not recorded.
    """

    #: The class of the messages ``add()`` makes.
    message_class: type[Message] = Message

    def __init__(self, request: Request) -> None:
        self.request = request
        #: Whether the messages were iterated (read) during this request.
        self.used = False
        #: Whether a message was added during this request.
        self.added_new = False
        self._queued_messages: list[Message] = []
        self._loaded_data: list[Message] | None = None
        self._level: int | None = None

    def __len__(self) -> int:
        return len(self._loaded_messages) + len(self._queued_messages)

    def __iter__(self) -> t.Iterator[Message]:
        self.used = True
        if self._queued_messages:
            self._loaded_messages.extend(self._queued_messages)
            self._queued_messages = []
        return iter(self._loaded_messages)

    def __contains__(self, item: object) -> bool:
        return item in self._loaded_messages or item in self._queued_messages

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__}: request={self.request!r}>"

    @property
    def _loaded_messages(self) -> list[Message]:
        """Return the messages kept from earlier requests, loading them on first use."""
        if self._loaded_data is None:
            messages, _all_retrieved = self._get()
            self._loaded_data = messages or []
        return self._loaded_data

    def _get(self) -> tuple[list[Message] | None, bool]:
        """Return the kept messages and whether they are all the messages this storage holds.

        Return None instead of the list when the storage was not used at all (for example,
        no cookie was sent), so a storage falling back on another knows to stop looking.
        """
        raise NotImplementedError("subclasses of BaseStorage must provide a _get() method")

    def _store(
        self, messages: list[Message], response: HttpResponse, *, remove_oldest: bool = True
    ) -> list[Message]:
        """Keep ``messages`` (none: forget the kept ones) and return those that did not fit.

        ``remove_oldest`` says which messages to leave out when not all fit: the oldest, or
        the newest (which a fallback storage then keeps).
        """
        raise NotImplementedError("subclasses of BaseStorage must provide a _store() method")

    def update(self, response: HttpResponse) -> list[Message] | None:
        """Keep the unread messages; return those that could not be kept.

        If the messages were read, keep only those added since; if they were not, keep the
        earlier messages and the new ones; if neither happened, change nothing (None).
        """
        if self.used:
            return self._store(list(self._queued_messages), response)
        if self.added_new:
            return self._store(self._loaded_messages + self._queued_messages, response)
        return None

    def add(self, level: int, message: object, extra_tags: str = "") -> None:
        """Queue a message to be kept, unless it is empty or below ``level``."""
        if not message:
            return
        level = int(level)
        if level < self.level:
            return
        self.added_new = True
        self._queued_messages.append(self.message_class(level, message, extra_tags=extra_tags))

    @property
    def level(self) -> int:
        """Return the lowest level recorded: as set, else the ``MESSAGE_LEVEL`` setting."""
        if self._level is None:
            return int(settings.MESSAGE_LEVEL)
        return self._level

    @level.setter
    def level(self, value: int | None) -> None:
        self._level = None if value is None else int(value)

    @level.deleter
    def level(self) -> None:
        self._level = None
