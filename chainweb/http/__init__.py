"""HTTP request and response objects."""

from __future__ import annotations

from .exceptions import Http404 as Http404
