"""Context processors: functions of the request whose dicts are added to template contexts.

Name them in ``OPTIONS['context_processors']`` of a ``settings.TEMPLATES`` entry; they are
called for templates rendered with a request.
"""

from __future__ import annotations

import typing as t

from chainweb.conf import settings

if t.TYPE_CHECKING:
    from chainweb.http import Request


def request(request: Request) -> dict[str, t.Any]:
    """Add ``request`` (Jinja2 templates rendered with a request have it anyway)."""
    return {"request": request}


def debug(request: Request) -> dict[str, t.Any]:
    """Add ``debug = True`` when ``DEBUG`` is on and the client is in ``INTERNAL_IPS``."""
    if settings.DEBUG and request.META.get("REMOTE_ADDR") in settings.INTERNAL_IPS:
        return {"debug": True}
    return {}


def static(request: Request) -> dict[str, t.Any]:
    """Add ``STATIC_URL``."""
    return {"STATIC_URL": settings.STATIC_URL}


def csrf(request: Request) -> dict[str, t.Any]:
    """Add ``csrf_token``: a CSRF token for the request, made only if the template uses it."""
    from chainweb.middleware.csrf import csrf_token_lazy

    return {"csrf_token": csrf_token_lazy(request)}
