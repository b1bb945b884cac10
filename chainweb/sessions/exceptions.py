"""Exceptions raised by the session framework."""

from __future__ import annotations

from werkzeug.exceptions import ServiceUnavailable

from chainweb.core.exceptions import BadRequest, SuspiciousOperation


class SuspiciousSession(SuspiciousOperation):
    """A session cookie or record looked forged or tampered with."""


class SessionInterrupted(BadRequest):
    """The session was deleted before the request finished (400).

    Another request (a logout, for example) deleted it while this one was running, so
    saving it again would bring back data the user asked to remove.
    """


class SessionTooLarge(Exception):
    """The session cookie is larger than browsers keep (raised when ``DEBUG`` is on)."""


class SessionUnavailable(ServiceUnavailable):
    """The session store cannot be reached (503).

    A server-side store (Redis) raises it when its server is down or too slow, so the
    request fails with 503 instead of running without the user's session.
    """

    description = (
        "The session store is unavailable, so the request could not be completed. "
        "Please try again later."
    )
