"""The WSGI application a server imports: ``application = get_wsgi_application()``."""

from __future__ import annotations

from .handlers.wsgi import WSGIHandler


def get_wsgi_application() -> WSGIHandler:
    """Return a WSGI application for the project named by ``CHAINWEB_SETTINGS_MODULE``."""
    return WSGIHandler()
