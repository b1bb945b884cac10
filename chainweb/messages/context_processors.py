"""The template context processor for messages."""

from __future__ import annotations

import typing as t

from chainweb.messages.api import get_messages
from chainweb.messages.constants import DEFAULT_LEVELS

if t.TYPE_CHECKING:
    from chainweb.http import Request


def messages(request: Request) -> dict[str, t.Any]:
    """Return ``messages`` (the request's messages) and ``DEFAULT_MESSAGE_LEVELS``.

    Name it in ``TEMPLATES[...]["OPTIONS"]["context_processors"]`` as
    ``"chainweb.messages.context_processors.messages"``.
    """
    return {"messages": get_messages(request), "DEFAULT_MESSAGE_LEVELS": DEFAULT_LEVELS}
