"""Exceptions a view raises to ask for an HTTP error response."""

from __future__ import annotations


class Http404(Exception):
    """The requested resource does not exist (404)."""
