"""Exceptions a view raises to ask for an HTTP error response, and those of the HTTP objects."""

from __future__ import annotations

from chainweb.core.exceptions import SuspiciousOperation


class Http404(Exception):
    """The requested resource does not exist (404)."""


class TooManyFilesSent(SuspiciousOperation):
    """The request has more files than DATA_UPLOAD_MAX_NUMBER_FILES (400)."""


class DisallowedRedirect(SuspiciousOperation):
    """A redirect target is unsafe: a newline in it, a disallowed scheme, or too long (400)."""


class BadHeaderError(ValueError):
    """A response header name or value contains a newline (CR or LF) and would split headers."""


class RawPostDataException(Exception):
    """The request body was asked for after the form parser consumed the input stream."""
