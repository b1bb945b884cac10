"""The base class of template engines: settings, template directories, the lookup list."""

from __future__ import annotations

import functools
import os
import posixpath
import typing as t

from chainweb.core.exceptions import ImproperlyConfigured

from ..base import Origin
from ..utils import get_app_template_dirs

if t.TYPE_CHECKING:
    from chainweb.http import Request

    from ..exceptions import Tried

#: The keys of a ``settings.TEMPLATES`` entry.
ENGINE_KEYS = ("BACKEND", "NAME", "DIRS", "APP_DIRS", "OPTIONS")


class BackendTemplate(t.Protocol):
    """What every engine's templates have: a ``name`` and ``render(context, request)``."""

    #: The name the template was loaded by (None for one made from a string).
    name: str | None

    def render(
        self, context: t.Mapping[str, t.Any] | None = None, request: Request | None = None
    ) -> str:
        """Return the template rendered with ``context`` (and the request, if given)."""
        ...


class BaseEngine:
    """Hold one ``settings.TEMPLATES`` entry; subclasses load and render templates.

    ``params`` is the entry without ``BACKEND`` (and with ``OPTIONS`` taken out by the
    subclass): ``NAME``, ``DIRS`` and ``APP_DIRS``.
    """

    #: The directory looked for in each installed app with ``APP_DIRS``.
    app_dirname = "templates"

    def __init__(self, params: dict[str, t.Any]) -> None:
        params = dict(params)
        self.name: str = params.pop("NAME")
        dirs = params.pop("DIRS", [])
        if isinstance(dirs, (str, bytes, os.PathLike)):
            raise ImproperlyConfigured(
                f"'DIRS' of the {self.name!r} engine in settings.TEMPLATES must be a list of "
                f"directories, not {type(dirs).__name__} ({dirs!r}). Write 'DIRS': [{dirs!r}]."
            )
        self.dirs = [os.fspath(directory) for directory in dirs]
        self.app_dirs = bool(params.pop("APP_DIRS", False))
        if params:
            raise ImproperlyConfigured(
                f"The {self.name!r} entry of settings.TEMPLATES has unknown keys: "
                f"{', '.join(map(repr, params))}. Its keys are {', '.join(ENGINE_KEYS)}; "
                "options for the engine go in 'OPTIONS'."
            )

    @functools.cached_property
    def template_dirs(self) -> tuple[str, ...]:
        """Return the directories searched: ``DIRS``, then each app's (with ``APP_DIRS``)."""
        return tuple(directory for directory, _ in self.template_dir_sources)

    @functools.cached_property
    def template_dir_sources(self) -> tuple[tuple[str, str], ...]:
        """Return ``(directory, where it came from)`` for each directory searched."""
        sources = [(directory, "DIRS") for directory in self.dirs]
        if self.app_dirs:
            sources.extend(
                (directory, f"app {app!r}")
                for app, directory in get_app_template_dirs(self.app_dirname)
            )
        return tuple(sources)

    def tried(self, template_name: str) -> Tried:
        """Return each file ``template_name`` was looked for as, with the outcome."""
        try:
            pieces = _split_template_path(template_name)
        except ValueError:
            reason = "Skipped: a template name cannot go up a directory with '..'"
            return [
                (Origin(directory, template_name, f"engine {self.name!r}, {source}"), reason)
                for directory, source in self.template_dir_sources
            ]
        return [
            (
                Origin(
                    posixpath.join(directory, *pieces),
                    template_name,
                    f"engine {self.name!r}, {source}",
                ),
                "Source does not exist",
            )
            for directory, source in self.template_dir_sources
        ]

    def get_template(self, template_name: str) -> BackendTemplate:
        """Return the template ``template_name``; raise TemplateDoesNotExist if none."""
        raise NotImplementedError

    def from_string(self, template_code: str) -> BackendTemplate:
        """Return a template compiled from ``template_code``."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} NAME={self.name!r} DIRS={self.dirs!r}>"


def _split_template_path(template_name: str) -> list[str]:
    """Split a name into path pieces as Jinja2's loader does; ValueError for '..'."""
    pieces = []
    for piece in template_name.split("/"):
        if os.path.sep in piece or (os.path.altsep and os.path.altsep in piece) or piece == "..":
            raise ValueError(template_name)
        if piece and piece != ".":
            pieces.append(piece)
    return pieces
