"""The WSGI application a server imports: ``application = get_wsgi_application()``."""

from __future__ import annotations

import chainweb

from .handlers.wsgi import WSGIHandler


def get_wsgi_application() -> WSGIHandler:
    """Return a WSGI application for the project named by ``CHAINWEB_SETTINGS_MODULE``.

    Logging is configured from settings first (see ``chainweb.setup()``).
    """
    chainweb.setup()
    return WSGIHandler()
