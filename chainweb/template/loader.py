"""Find templates in every configured engine, and render them: ``render_to_string()``."""

from __future__ import annotations

import typing as t

from .exceptions import TemplateDoesNotExist
from .utils import engines

if t.TYPE_CHECKING:
    from chainweb.http import Request

    from .backends.base import BackendTemplate, BaseEngine


def get_template(template_name: str, using: str | None = None) -> BackendTemplate:
    """Return the template ``template_name`` from the first engine that has it.

    :param using: the ``NAME`` of the only engine to look in.
    :raise TemplateDoesNotExist: no engine has it; the error names every place searched.
    :raise TemplateSyntaxError: the template was found but does not compile.
    """
    if not isinstance(template_name, str):
        raise TypeError(
            f"get_template() takes a template name (str), not {type(template_name).__name__}: "
            f"{template_name!r}. Use select_template() for a list of names."
        )
    chain = []
    for engine in _engine_list(using):
        try:
            return engine.get_template(template_name)
        except TemplateDoesNotExist as exc:
            chain.append(exc)
    raise TemplateDoesNotExist(template_name, chain=chain)


def select_template(
    template_name_list: t.Iterable[str], using: str | None = None
) -> BackendTemplate:
    """Return the first of the templates ``template_name_list`` that exists.

    :raise TemplateDoesNotExist: none exists; the error names each template and each place
        searched.
    """
    if isinstance(template_name_list, str):
        raise TypeError(
            "select_template() takes an iterable of template names but got a string: "
            f"{template_name_list!r}. Use get_template() if you want to load a single "
            "template by name."
        )
    names = list(template_name_list)
    chain = []
    engines_to_try = _engine_list(using)
    for template_name in names:
        for engine in engines_to_try:
            try:
                return engine.get_template(template_name)
            except TemplateDoesNotExist as exc:
                chain.append(exc)
    raise TemplateDoesNotExist(", ".join(names), chain=chain, names=names)


def render_to_string(
    template_name: str | t.Sequence[str],
    context: t.Mapping[str, t.Any] | None = None,
    request: Request | None = None,
    using: str | None = None,
) -> str:
    """Load a template (or the first of a list that exists) and render it with ``context``."""
    if isinstance(template_name, (list, tuple)):
        template = select_template(template_name, using=using)
    else:
        template = get_template(t.cast(str, template_name), using=using)
    return template.render(context, request)


def _engine_list(using: str | None = None) -> list[BaseEngine]:
    return engines.all() if using is None else [engines[using]]
