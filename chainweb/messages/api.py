"""Add messages to a request and read them back: the functions views and templates use."""

from __future__ import annotations

import typing as t

from chainweb.conf import settings
from chainweb.messages import constants

if t.TYPE_CHECKING:
    from chainweb.http import Request
    from chainweb.messages.storage.base import BaseStorage, Message


class MessageFailure(Exception):
    """A message was added to a request that has no message storage."""


def _storage(request: Request) -> BaseStorage | None:
    return t.cast("BaseStorage | None", getattr(request, "_messages", None))


def add_message(
    request: Request,
    level: int,
    message: object,
    extra_tags: str = "",
    fail_silently: bool = False,
) -> None:
    """Add a message for the user at ``level``, kept until it is read.

    Raise ``MessageFailure`` if ``MessageMiddleware`` did not run for the request, unless
    ``fail_silently`` (then the message is dropped).
    """
    storage = _storage(request)
    if storage is None:
        if not hasattr(request, "META"):
            raise TypeError(
                "add_message() takes the request as its first argument, not "
                f"{type(request).__name__!r}: call add_message(request, level, message)."
            )
        if not fail_silently:
            raise MessageFailure(
                "Cannot add a message: the request has no message storage. Add "
                "'chainweb.messages.middleware.MessageMiddleware' to MIDDLEWARE (after "
                "'chainweb.sessions.middleware.SessionMiddleware'), or pass "
                "fail_silently=True to drop messages when it is not installed."
            )
        return
    storage.add(level, message, extra_tags)


def get_messages(request: Request) -> BaseStorage | list[Message]:
    """Return the request's messages; iterating them marks them read.

    Without ``MessageMiddleware``, return an empty list.
    """
    storage = _storage(request)
    return [] if storage is None else storage


def get_level(request: Request) -> int:
    """Return the lowest level of messages recorded for the request.

    It is the level ``set_level()`` set, else the ``MESSAGE_LEVEL`` setting.
    """
    storage = _storage(request)
    return int(settings.MESSAGE_LEVEL) if storage is None else storage.level


def set_level(request: Request, level: int | None) -> bool:
    """Set the lowest level of messages recorded for the request; None restores the default.

    Return False, changing nothing, if the request has no message storage.
    """
    storage = _storage(request)
    if storage is None:
        return False
    storage.level = level
    return True


def debug(
    request: Request, message: object, extra_tags: str = "", fail_silently: bool = False
) -> None:
    """Add a message at the ``DEBUG`` level."""
    add_message(request, constants.DEBUG, message, extra_tags, fail_silently)


def info(
    request: Request, message: object, extra_tags: str = "", fail_silently: bool = False
) -> None:
    """Add a message at the ``INFO`` level."""
    add_message(request, constants.INFO, message, extra_tags, fail_silently)


def success(
    request: Request, message: object, extra_tags: str = "", fail_silently: bool = False
) -> None:
    """Add a message at the ``SUCCESS`` level."""
    add_message(request, constants.SUCCESS, message, extra_tags, fail_silently)


def warning(
    request: Request, message: object, extra_tags: str = "", fail_silently: bool = False
) -> None:
    """Add a message at the ``WARNING`` level."""
    add_message(request, constants.WARNING, message, extra_tags, fail_silently)


def error(
    request: Request, message: object, extra_tags: str = "", fail_silently: bool = False
) -> None:
    """Add a message at the ``ERROR`` level."""
    add_message(request, constants.ERROR, message, extra_tags, fail_silently)
