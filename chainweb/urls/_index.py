"""A prefix index that finds the patterns a path could match without trying them all.

:internal: Each pattern is filed under the whole path segments its literal
prefix spells (``'blog/posts/<int:pk>/'`` under ``blog/`` then ``posts/``). A
path walks down the segments it starts with; the patterns filed on that walk
are the only ones whose literal prefix it can start with, so only they are
tried, still in their order in ``urlpatterns``. Patterns with no known prefix
(a ``re_path()`` without ``^``, a route starting with a parameter) are filed at
the root and tried for every path.
"""

from __future__ import annotations

import heapq
import typing as t


class _Node:
    __slots__ = ("children", "positions")

    def __init__(self) -> None:
        self.positions: list[int] = []
        self.children: dict[str, _Node] = {}


class PrefixIndex:
    """Positions of patterns in a list, filed by the whole segments of their literal prefix."""

    __slots__ = ("_root",)

    def __init__(self, prefixes: t.Sequence[str | None]) -> None:
        root = _Node()
        for position, prefix in enumerate(prefixes):
            node = root
            start = 0
            while prefix and (end := prefix.find("/", start)) >= 0:
                segment = prefix[start : end + 1]
                node = node.children.get(segment) or node.children.setdefault(segment, _Node())
                start = end + 1
            node.positions.append(position)
        self._root = root

    def candidates(self, path: str) -> t.Sequence[int] | t.Iterator[int]:
        """Return, in order, the positions of the patterns that ``path`` may match."""
        node = self._root
        found = [node.positions] if node.positions else []
        start = 0
        while node.children:
            end = path.find("/", start)
            if end < 0:
                break
            child = node.children.get(path[start : end + 1])
            if child is None:
                break
            if child.positions:
                found.append(child.positions)
            node = child
            start = end + 1
        if len(found) == 1:
            return found[0]
        if not found:
            return ()
        return heapq.merge(*found)
