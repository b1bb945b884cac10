"""Exceptions raised by URL resolution and reversal."""

from __future__ import annotations

import typing as t

from chainweb.http import Http404

if t.TYPE_CHECKING:
    from .resolvers import TriedList


class Resolver404(Http404):
    """No URL pattern matched the path.

    ``tried`` lists every pattern that was tried, one list of nested patterns
    per attempt, as Django's; it is worked out only when first read, so a 404
    costs nothing for a resolver with many routes until a page shows it.
    """

    def __init__(self, path: str, tried: TriedList | t.Callable[[], TriedList] | None = None):
        super().__init__({"path": path})
        self.path = path
        self._tried = tried

    @property
    def tried(self) -> TriedList:
        """Return the patterns tried, as a list of lists (outermost first)."""
        if callable(self._tried):
            self._tried = self._tried()
        return self._tried or []

    def __str__(self) -> str:
        return f"No URL pattern matched {self.path!r}."


class NoReverseMatch(Exception):
    """No URL pattern matched the name and arguments given to ``reverse()``."""
