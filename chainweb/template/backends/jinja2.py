"""The Jinja2 template engine, configured by a ``settings.TEMPLATES`` entry as Django's.

Example::

    TEMPLATES = [
        {
            "BACKEND": "chainweb.template.backends.jinja2.Jinja2",
            "DIRS": [BASE_DIR / "templates"],
            "APP_DIRS": True,  # also each INSTALLED_APPS package's templates/ directory
            "OPTIONS": {
                "context_processors": ["chainweb.template.context_processors.request"],
                # "environment": "myproject.jinja2.environment",
            },
        },
    ]

``OPTIONS`` are passed to ``jinja2.Environment`` (or to the callable named by
``environment``), except chainweb's own ``context_processors`` and ``environment``.
Autoescaping is on unless ``OPTIONS`` turn it off; ``auto_reload`` follows ``DEBUG``.
Every template can call ``url()`` and ``static()``, and gets ``request``, ``csrf_input``
and ``csrf_token`` when rendered with a request.
"""

from __future__ import annotations

import functools
import linecache
import os
import traceback
import typing as t

import jinja2

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.signals import template_rendered
from chainweb.utils.module_loading import import_string

from ..base import Origin
from ..exceptions import TemplateDoesNotExist, TemplateSyntaxError
from ..helpers import static, url
from ..utils import _reason
from .base import BaseEngine

if t.TYPE_CHECKING:
    from chainweb.http import Request

    from ..exceptions import Tried

ContextProcessor = t.Callable[["Request"], t.Mapping[str, t.Any]]

#: Lines of source shown on each side of the failing line on the DEBUG error page.
_CONTEXT_LINES = 5


class Jinja2(BaseEngine):
    """Load templates from ``DIRS`` and apps' ``templates/`` directories with Jinja2."""

    def __init__(self, params: dict[str, t.Any]) -> None:
        params = dict(params)
        options = dict(params.pop("OPTIONS", None) or {})
        super().__init__(params)
        processors = options.pop("context_processors", [])
        if isinstance(processors, str):
            raise ImproperlyConfigured(
                f"OPTIONS['context_processors'] of the {self.name!r} engine must be a list of "
                f"dotted paths, not a str. Write 'context_processors': [{processors!r}]."
            )
        #: The dotted paths of the context processors, from ``OPTIONS``.
        self.context_processors: list[str] = list(processors)
        environment = options.pop("environment", "jinja2.Environment")
        self._own_loader = "loader" in options
        if self._own_loader and (self.dirs or self.app_dirs):
            raise ImproperlyConfigured(
                f"The {self.name!r} engine in settings.TEMPLATES sets both OPTIONS['loader'] "
                "and DIRS or APP_DIRS, which the loader would ignore. Remove the loader, or "
                "remove DIRS and APP_DIRS and let the loader find the templates."
            )
        if not self._own_loader:
            options["loader"] = jinja2.FileSystemLoader(self.template_dirs)
        options.setdefault("autoescape", True)
        options.setdefault("auto_reload", settings.DEBUG)
        #: The ``jinja2.Environment`` templates are loaded from.
        self.env = self._make_environment(environment, options)
        self.env.globals.setdefault("url", url)
        self.env.globals.setdefault("static", static)

    def _make_environment(
        self, environment: t.Any, options: dict[str, t.Any]
    ) -> jinja2.Environment:
        factory = environment
        if isinstance(environment, str):
            try:
                factory = import_string(environment)
            except ImportError as exc:
                raise ImproperlyConfigured(
                    f"OPTIONS['environment'] of the {self.name!r} engine, {environment!r}, "
                    f"could not be imported: {_reason(exc)}. Give the dotted path of a "
                    "callable that takes the options and returns a jinja2.Environment."
                ) from exc
        try:
            env = factory(**options)
        except TypeError as exc:
            raise ImproperlyConfigured(
                f"The {self.name!r} engine could not create its Jinja2 environment: "
                f"{_reason(exc)}. Check OPTIONS in settings.TEMPLATES: apart from "
                "'context_processors' and 'environment', they must be arguments "
                "jinja2.Environment takes."
            ) from exc
        if not isinstance(env, jinja2.Environment):
            raise ImproperlyConfigured(
                f"OPTIONS['environment'] of the {self.name!r} engine returned "
                f"{type(env).__name__}, not a jinja2.Environment. Return "
                "jinja2.Environment(**options) from it."
            )
        return env

    def from_string(self, template_code: str) -> Template:
        """Return a template compiled from ``template_code``."""
        try:
            return Template(self.env.from_string(template_code), self)
        except jinja2.TemplateSyntaxError as exc:
            raise self.syntax_error(exc) from exc

    def get_template(self, template_name: str) -> Template:
        """Return the template ``template_name``; raise TemplateDoesNotExist if none."""
        try:
            return Template(self.env.get_template(template_name), self)
        except jinja2.TemplateNotFound as exc:
            raise self.does_not_exist(exc) from exc
        except jinja2.TemplateSyntaxError as exc:
            raise self.syntax_error(exc) from exc

    @functools.cached_property
    def template_context_processors(self) -> list[tuple[str, ContextProcessor]]:
        """Return ``(path, processor)`` for each of ``OPTIONS['context_processors']``."""
        processors = []
        for path in self.context_processors:
            try:
                processors.append((path, t.cast(ContextProcessor, import_string(path))))
            except ImportError as exc:
                raise ImproperlyConfigured(
                    f"Context processor {path!r} of the {self.name!r} engine could not be "
                    f"imported: {_reason(exc)}. Check OPTIONS['context_processors'] in "
                    "settings.TEMPLATES."
                ) from exc
        return processors

    def does_not_exist(self, exc: jinja2.TemplateNotFound) -> TemplateDoesNotExist:
        """Return the TemplateDoesNotExist for Jinja2's error, naming every place searched."""
        names = [str(name) for name in getattr(exc, "templates", None) or [exc.name]]
        tried: Tried = []
        for name in names:
            if self._own_loader:
                loader = type(self.env.loader).__name__
                origin = Origin(f"{loader} (OPTIONS['loader'])", name, f"engine {self.name!r}")
                tried.append((origin, "Source does not exist"))
            else:
                tried.extend(self.tried(name))
        return TemplateDoesNotExist(", ".join(names), tried, backend=self, names=names)

    def syntax_error(self, exc: jinja2.TemplateSyntaxError) -> TemplateSyntaxError:
        """Return chainweb's TemplateSyntaxError for Jinja2's, naming the template and line."""
        name = exc.name or "<string>"
        message = str(exc.message or "invalid syntax").rstrip(".")
        debug = _debug_info(name, exc.filename, exc.lineno, message, exc.source)
        where = f" ({exc.filename})" if exc.filename and exc.filename != name else ""
        line = f" The line reads: {debug['during'].strip()!r}." if debug["during"] else ""
        return TemplateSyntaxError(
            f"Syntax error in template {name!r}{where} at line {exc.lineno}: {message}.{line} "
            "Fix the template's syntax there.",
            template_name=exc.name,
            filename=exc.filename,
            lineno=exc.lineno,
            template_debug=debug,
        )

    def name_of_file(self, filename: str) -> str:
        """Return the template name of a file in the template directories, else the path."""
        for directory in self.template_dirs:
            prefix = os.path.join(directory, "")
            if filename.startswith(prefix):
                return filename[len(prefix) :].replace(os.sep, "/")
        return filename


def request_variables(request: Request) -> dict[str, t.Any]:
    """Return the variables every template rendered with a request gets, before the rest.

    As Django's Jinja2 backend: ``request``, and ``csrf_input`` (the hidden form field) and
    ``csrf_token``, both lazy, so that a template that does not use them creates no token.
    """
    # Imported here: the CSRF middleware is not needed to load the template package.
    from chainweb.middleware.csrf import csrf_input_lazy, csrf_token_lazy

    return {
        "request": request,
        "csrf_input": csrf_input_lazy(request),
        "csrf_token": csrf_token_lazy(request),
    }


class Template:
    """A compiled Jinja2 template, rendered with a dict and, optionally, the request."""

    def __init__(self, template: jinja2.Template, backend: Jinja2) -> None:
        #: The ``jinja2.Template``.
        self.template = template
        #: The engine that loaded it.
        self.backend = backend
        #: The name it was loaded by (None for a template made from a string).
        self.name = template.name
        #: Where it was loaded from.
        self.origin = Origin(
            template.filename or "<string>", template.name, f"engine {backend.name!r}"
        )

    def render(
        self, context: t.Mapping[str, t.Any] | None = None, request: Request | None = None
    ) -> str:
        """Return the template rendered with ``context``, a dict of variables.

        With a request, the template also gets ``request``, ``csrf_input``, ``csrf_token`` and
        the variables of the engine's context processors; ``context`` overrides them, as in
        Django's ``render()``.
        """
        if request is None:
            variables = {} if context is None else dict(context)
        else:
            variables = request_variables(request)
            for path, processor in self.backend.template_context_processors:
                values = processor(request)
                try:
                    variables.update(values)
                except (TypeError, ValueError):
                    raise TypeError(
                        f"Context processor {path!r} returned {type(values).__name__}, not a "
                        "dict. A context processor takes the request and returns a dict of "
                        "variables for the template."
                    ) from None
            if context:
                variables.update(context)
        if template_rendered.receivers:  # PERF: the test client listens; servers do not.
            template_rendered.send(self, context=variables, request=request)
        try:
            return self.template.render(variables)
        except jinja2.TemplateNotFound as exc:
            error = self.backend.does_not_exist(exc)
            error.template_debug = self._runtime_debug(exc)
            raise error from exc
        except jinja2.TemplateSyntaxError as exc:
            raise self.backend.syntax_error(exc) from exc
        except Exception as exc:
            if getattr(exc, "template_debug", None) is None:
                try:
                    exc.template_debug = self._runtime_debug(exc)  # type: ignore[attr-defined]
                except AttributeError:  # an exception type that takes no attributes
                    pass
            raise

    def _runtime_debug(self, exc: BaseException) -> dict[str, t.Any] | None:
        """Return the DEBUG page's template details for an error raised while rendering."""
        location = None
        # Jinja2 rewrites the traceback so that template frames point at template lines.
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            if "__jinja_exception__" in frame.f_globals:
                location = (frame.f_code.co_filename, lineno)
        if location is None:
            return None
        filename, lineno = location
        if filename == self.template.filename:
            name = self.name or "<string>"
        else:
            name = self.backend.name_of_file(filename)
        return _debug_info(name, filename, lineno, f"{type(exc).__name__}: {exc}", None)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def _debug_info(
    name: str, filename: str | None, lineno: int, message: str, source: str | None
) -> dict[str, t.Any]:
    """Return what the DEBUG error page shows about a template error, as Django's."""
    if source is None and filename:
        linecache.checkcache(filename)
        source = "".join(linecache.getlines(filename)) or None
    lines = source.splitlines() if source else []
    start = max(1, lineno - _CONTEXT_LINES)
    end = min(len(lines), lineno + _CONTEXT_LINES)
    return {
        "name": name,
        "filename": filename,
        "line": lineno,
        "message": message,
        "during": lines[lineno - 1] if 0 < lineno <= len(lines) else "",
        "source_lines": [(number, lines[number - 1]) for number in range(start, end + 1)],
    }
