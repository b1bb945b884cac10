"""Exceptions that chainweb raises and that views may raise to pick a response."""

from __future__ import annotations


class ImproperlyConfigured(Exception):
    """chainweb is somehow improperly configured; the message says how to fix it."""


class MiddlewareNotUsed(Exception):
    """A middleware factory asks to be left out of the chain."""


class PermissionDenied(Exception):
    """The user may not do what they asked (403)."""


class SuspiciousOperation(Exception):
    """The user did something suspicious (400)."""


class DisallowedHost(SuspiciousOperation):
    """The Host header is not in ALLOWED_HOSTS (400)."""


class BadRequest(Exception):
    """The request is malformed and cannot be processed (400)."""


class RequestDataTooBig(SuspiciousOperation):
    """The request body exceeds DATA_UPLOAD_MAX_MEMORY_SIZE (413)."""


class TooManyFieldsSent(SuspiciousOperation):
    """The request has more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (400)."""
