"""Message storages: where messages wait between requests.

``MESSAGE_STORAGE`` names the class ``MessageMiddleware`` uses, by default
``chainweb.messages.storage.fallback.FallbackStorage`` (the cookie, then the session).
"""

from __future__ import annotations

import typing as t

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.messages.storage.base import BaseStorage
from chainweb.utils.module_loading import import_string

if t.TYPE_CHECKING:
    from chainweb.http import Request


def default_storage(request: Request) -> BaseStorage:
    """Return a storage of the class ``MESSAGE_STORAGE`` names, for ``request``."""
    path = settings.MESSAGE_STORAGE
    try:
        storage_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"MESSAGE_STORAGE = {path!r} could not be imported: {exc}. Set it to the dotted "
            "path of a message storage class, for example "
            "'chainweb.messages.storage.fallback.FallbackStorage'."
        ) from exc
    if not (isinstance(storage_class, type) and issubclass(storage_class, BaseStorage)):
        raise ImproperlyConfigured(
            f"MESSAGE_STORAGE = {path!r} is not a message storage class. Set it to a subclass "
            "of chainweb.messages.storage.base.BaseStorage, for example "
            "'chainweb.messages.storage.fallback.FallbackStorage'."
        )
    return storage_class(request)
