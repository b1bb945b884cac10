"""Errors raised while loading and rendering templates.

``TemplateDoesNotExist`` names every place that was searched; ``TemplateSyntaxError`` names the
template and the line. Both carry what the DEBUG error page shows.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from .backends.base import BaseEngine
    from .base import Origin

#: What ``TemplateDoesNotExist.tried`` holds: where a template was looked for, and the outcome.
Tried: t.TypeAlias = "list[tuple[Origin, str]]"

_HOW_TO_FIX = (
    "Create the template in one of these places or fix its name. Template directories are "
    "the 'DIRS' of each settings.TEMPLATES entry and, with 'APP_DIRS': True, the templates/ "
    "directory of each INSTALLED_APPS package."
)


class TemplateDoesNotExist(Exception):
    """A template could not be found by any engine; ``tried`` lists every place searched.

    :param msg: the template name (for ``select_template()``, the names joined by commas).
    :param tried: ``(origin, reason)`` pairs: each file looked for and why it was not used.
    :param backend: the engine that raised it, if a single one did.
    :param chain: the errors of each engine and name tried, for ``get_template()`` and
        ``select_template()``; their ``tried`` are gathered into this one's.
    :param names: the template names tried, when there were several.
    """

    #: For a template missing while another rendered: what the DEBUG error page shows.
    template_debug: dict[str, t.Any] | None = None

    def __init__(
        self,
        msg: str,
        tried: Tried | None = None,
        backend: BaseEngine | None = None,
        chain: list[TemplateDoesNotExist] | None = None,
        *,
        names: t.Sequence[str] | None = None,
    ) -> None:
        super().__init__(msg)
        self.template_name = msg
        self.backend = backend
        self.chain = list(chain or ())
        self.names = list(names) if names is not None else [msg]
        self.tried: Tried = list(tried or ())
        for error in self.chain:
            self.tried.extend(error.tried)

    def __str__(self) -> str:
        if len(self.names) > 1:
            head = "None of the templates " + ", ".join(map(repr, self.names)) + " exist."
        elif self.names:
            head = f"Template {self.names[0]!r} does not exist."
        else:
            return (
                "No template names were given. Pass at least one name to select_template(), "
                "or set template_name on the view."
            )
        if self.tried:
            places = "".join(
                f"\n- {origin.name} ({reason}; {origin.loader})"
                if origin.loader
                else f"\n- {origin.name} ({reason})"
                for origin, reason in self.tried
            )
            return f"{head} Searched:{places}\n{_HOW_TO_FIX}"
        if self.backend is not None or self.chain:
            return (
                f"{head} No template directory was searched: the engine has none. Add "
                "directories to 'DIRS' in settings.TEMPLATES, or set 'APP_DIRS': True and put "
                "the template in the templates/ directory of a package in INSTALLED_APPS."
            )
        return (
            f"{head} No template engine is configured. Add one to settings.TEMPLATES, for "
            "example {'BACKEND': 'chainweb.template.backends.jinja2.Jinja2', 'DIRS': "
            "[BASE_DIR / 'templates'], 'APP_DIRS': True}."
        )


class TemplateSyntaxError(Exception):
    """A template could not be compiled; the message names the template and the line.

    ``template_name``, ``filename`` and ``lineno`` say where; ``template_debug`` holds what
    the DEBUG error page shows (the name, the line number and the source around it).
    """

    def __init__(
        self,
        message: str,
        *,
        template_name: str | None = None,
        filename: str | None = None,
        lineno: int | None = None,
        template_debug: dict[str, t.Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.template_name = template_name
        self.filename = filename
        self.lineno = lineno
        self.template_debug = template_debug
