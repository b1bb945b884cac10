"""Serve static files in development, from ``STATICFILES_DIRS`` and the apps' ``static/``.

``runserver`` wraps the project's WSGI application in ``StaticFilesHandler`` when ``DEBUG`` is
on. Files are looked up in order, the first directory holding the file wins (Django's finder
order), and sent by werkzeug's ``send_file()``, which answers conditional requests.
``safe_join()`` refuses paths that leave the directory, and a symlink leading out of it is
not followed (list its target in ``STATICFILES_DIRS`` instead). Production serves static
files elsewhere.
"""

from __future__ import annotations

import importlib.util
import os
import typing as t
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.security import safe_join
from werkzeug.utils import send_file
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_path_info

from chainweb.core.exceptions import ImproperlyConfigured

if t.TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: A directory to look in, and the sub-prefix its files sit under (``""`` for none).
StaticDirectory = tuple[str, Path]


def static_url_prefix(static_url: str | None) -> str | None:
    """Return the path static files are served under (``'/static/'``), or None.

    None when ``STATIC_URL`` is unset or names another server (``'https://cdn.example/'``).
    """
    if not static_url:
        return None
    parts = urlsplit(static_url)
    if parts.scheme or parts.netloc:
        return None
    path = "/" + parts.path.strip("/")
    return path if path == "/" else path + "/"


def find_static_directories(
    staticfiles_dirs: Sequence[t.Any], installed_apps: Sequence[str]
) -> list[StaticDirectory]:
    """Return where to look for static files: ``STATICFILES_DIRS``, then each app's ``static/``.

    A ``STATICFILES_DIRS`` entry is a directory or a ``(prefix, directory)`` pair, as in Django.

    :raise ImproperlyConfigured: an entry has another shape, or an app cannot be found.
    """
    directories: list[StaticDirectory] = []
    for entry in staticfiles_dirs:
        if isinstance(entry, (list, tuple)):
            if len(entry) != 2:
                raise ImproperlyConfigured(
                    f"The STATICFILES_DIRS entry {entry!r} is not a directory or a "
                    "(prefix, directory) pair. Write it as '/path/to/dir' or "
                    "('prefix', '/path/to/dir')."
                )
            prefix, directory = entry
            directories.append((str(prefix).strip("/"), Path(directory)))
        else:
            directories.append(("", Path(entry)))
    for app in installed_apps:
        for location in _package_locations(app):
            static = Path(location) / "static"
            if static.is_dir():
                directories.append(("", static))
    return directories


def _package_locations(app: str) -> list[str]:
    try:
        spec = importlib.util.find_spec(app)
    except (ImportError, ValueError) as exc:
        spec = None
        error = f": {exc}"
    else:
        error = ""
    if spec is None:
        raise ImproperlyConfigured(
            f"INSTALLED_APPS names {app!r}, which cannot be found{error}. Fix the dotted path "
            "or install the package."
        )
    return list(spec.submodule_search_locations or [])


def _file_inside(directory: Path, relative: str) -> str | None:
    """Return the path of file ``relative`` in ``directory``, or None if it may not be served.

    werkzeug's ``safe_join`` refuses ``..`` and absolute paths but follows symlinks; a link
    out of a static directory is not followed, so a stray link cannot publish other files.
    """
    path = safe_join(os.fspath(directory), relative)
    if path is None or not os.path.isfile(path):
        return None
    root = os.path.realpath(directory)
    if os.path.commonpath([root, os.path.realpath(path)]) != root:
        return None
    return path


class StaticFilesHandler:
    """Answer GET and HEAD under ``prefix`` with files from ``directories``; pass the rest on."""

    def __init__(
        self,
        application: WSGIApplication,
        prefix: str,
        directories: Sequence[StaticDirectory],
    ) -> None:
        self.application = application
        self.prefix = prefix
        self.directories = list(directories)

    def __repr__(self) -> str:
        count = len(self.directories)
        where = f"{count} {'directory' if count == 1 else 'directories'}"
        return f"<{type(self).__name__} {self.prefix!r} from {where}>"

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = get_path_info(environ)
        method = environ.get("REQUEST_METHOD", "GET")
        if not path.startswith(self.prefix) or method not in ("GET", "HEAD"):
            return self.application(environ, start_response)
        response = self.find(path[len(self.prefix) :], environ)
        return response(environ, start_response)

    def find(self, name: str, environ: WSGIEnvironment) -> Response:
        """Return the response sending static file ``name``, or a 404 naming where it looked."""
        for prefix, directory in self.directories:
            if prefix:
                if not name.startswith(prefix + "/"):
                    continue
                relative = name[len(prefix) + 1 :]
            else:
                relative = name
            path = _file_inside(directory, relative)
            if path is not None:
                return send_file(path, environ)
        looked_in = ", ".join(
            os.fspath(directory) + (f" (as {prefix}/)" if prefix else "")
            for prefix, directory in self.directories
        )
        return Response(
            f"Static file {name!r} was not found in: {looked_in or 'no directories'}. Put it in "
            "one of STATICFILES_DIRS or in an installed app's static/ directory.\n",
            status=404,
            mimetype="text/plain",
        )
