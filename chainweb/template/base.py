"""Where a template came from, or was looked for: ``Origin``."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Origin:
    """A place a template was loaded from or looked for, as Django's ``Origin``.

    ``TemplateDoesNotExist.tried`` lists ``(origin, reason)`` pairs made of these.
    """

    #: The full path of the file (or a description, for a loader that has no files).
    name: str
    #: The name the template was asked for by, such as ``'blog/post.html'``.
    template_name: str | None = None
    #: Where the directory came from, such as ``"DIRS"`` or ``"app 'blog'"``.
    loader: str | None = None

    def __str__(self) -> str:
        return self.name
