"""Responses that render a template later: ``TemplateResponse`` and ``SimpleTemplateResponse``.

A view returns a ``TemplateResponse`` with a template name and a context; middleware's
``process_template_response`` hooks may change ``template_name`` and ``context_data``; then
the handler calls ``render()``, once, and the content exists from then on.
"""

from __future__ import annotations

import typing as t

from chainweb.http import HttpResponse

from .loader import get_template, select_template

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from chainweb.http import Request
    from chainweb.http.response import HeadersLike

    from .backends.base import BackendTemplate

#: A template name, a list of names (the first that exists is used), or a loaded template.
TemplateSpec: t.TypeAlias = "str | t.Sequence[str] | BackendTemplate"
#: A post-render callback: given the response; a non-None return replaces it.
PostRenderCallback: t.TypeAlias = "t.Callable[[HttpResponse], HttpResponse | None]"

_HOW_TO_RENDER = (
    "Call response.render() first: the handler does so after the process_template_response "
    "middleware, and chainweb.shortcuts.render() returns a response that is rendered already."
)


class ContentNotRenderedError(Exception):
    """The content of a template response was read before the response was rendered."""


class SimpleTemplateResponse(HttpResponse):
    """A response that renders ``template_name`` with ``context_data`` when ``render()`` runs.

    :param template: a template name, a list of names (the first that exists is used), or a
        template object.
    :param context: the variables for the template.
    :param using: the ``NAME`` of the ``TEMPLATES`` engine to load the template with.
    """

    def __init__(
        self,
        template: TemplateSpec,
        context: t.Mapping[str, t.Any] | None = None,
        content_type: str | None = None,
        status: int | None = None,
        charset: str | None = None,
        using: str | None = None,
        headers: HeadersLike | None = None,
    ) -> None:
        #: The template to render: a name, a list of names, or a template object.
        self.template_name = template
        #: The variables to render it with.
        self.context_data = context
        #: The engine to load it with; None for every engine in order.
        self.using = using
        self._post_render_callbacks: list[PostRenderCallback] = []
        self._request: Request | None = None
        self._is_rendered = False
        super().__init__("", content_type, status, charset=charset, headers=headers)

    def resolve_template(self, template: TemplateSpec) -> BackendTemplate:
        """Return the template object for a name, a list of names, or a template."""
        if isinstance(template, (list, tuple)):
            return select_template(template, using=self.using)
        if isinstance(template, str):
            return get_template(template, using=self.using)
        return t.cast("BackendTemplate", template)

    def resolve_context(self, context: t.Mapping[str, t.Any] | None) -> t.Any:
        """Return the context to render with; override to change it."""
        return context

    @property
    def rendered_content(self) -> str:
        """Return the current template rendered with the current context, without storing it."""
        template = self.resolve_template(self.template_name)
        context = self.resolve_context(self.context_data)
        return template.render(context, self._request)

    def add_post_render_callback(self, callback: PostRenderCallback) -> None:
        """Call ``callback(response)`` after rendering (at once if already rendered).

        A callback's non-None return value replaces the response ``render()`` returns.
        """
        if self._is_rendered:
            callback(self)
        else:
            self._post_render_callbacks.append(callback)

    def render(self) -> HttpResponse:
        """Render the content, once, run the post-render callbacks, and return the response."""
        response: HttpResponse = self
        if not self._is_rendered:
            self.content = self.rendered_content
            for callback in self._post_render_callbacks:
                replacement = callback(response)
                if replacement is not None:
                    response = replacement
        return response

    @property
    def is_rendered(self) -> bool:
        """Return whether ``render()`` has run (or the content was set)."""
        return self._is_rendered

    @property
    def content(self) -> bytes:
        """The rendered body; reading it before ``render()`` raises ContentNotRenderedError."""
        self._check_rendered("accessed")
        return self.get_data()

    @content.setter
    def content(self, value: object) -> None:
        HttpResponse.content.fset(self, value)  # type: ignore[attr-defined]
        self._is_rendered = True

    @t.overload
    def get_data(self, as_text: t.Literal[False] = False) -> bytes: ...

    @t.overload
    def get_data(self, as_text: t.Literal[True]) -> str: ...

    def get_data(self, as_text: bool = False) -> bytes | str:
        """Return the rendered body; raise ContentNotRenderedError before ``render()``."""
        self._check_rendered("accessed")
        return super().get_data(True) if as_text else super().get_data()

    def iter_encoded(self) -> t.Iterator[bytes]:
        """Iterate over the rendered body; raise ContentNotRenderedError before ``render()``."""
        self._check_rendered("iterated over")
        return super().iter_encoded()

    def __iter__(self) -> t.Iterator[bytes]:
        return self.iter_encoded()

    def get_app_iter(self, environ: WSGIEnvironment) -> t.Iterable[bytes]:
        """Return the body for the server; raise ContentNotRenderedError before ``render()``."""
        self._check_rendered("sent")
        return super().get_app_iter(environ)

    def _check_rendered(self, action: str) -> None:
        if not self._is_rendered:
            raise ContentNotRenderedError(
                f"The response content must be rendered before it can be {action}. "
                + _HOW_TO_RENDER
            )

    def __repr__(self) -> str:
        state = "rendered" if self._is_rendered else "not rendered"
        return (
            f'<{type(self).__name__} status_code={self.status_code}, "{self.content_type}", '
            f"template={self.template_name!r}, {state}>"
        )


class TemplateResponse(SimpleTemplateResponse):
    """A ``SimpleTemplateResponse`` rendered with the request (context processors, ``request``).

    ``TemplateResponse(request, template, context=None, content_type=None, status=None,
    charset=None, using=None, headers=None)``, as Django's.
    """

    def __init__(
        self,
        request: Request,
        template: TemplateSpec,
        context: t.Mapping[str, t.Any] | None = None,
        content_type: str | None = None,
        status: int | None = None,
        charset: str | None = None,
        using: str | None = None,
        headers: HeadersLike | None = None,
    ) -> None:
        super().__init__(template, context, content_type, status, charset, using, headers)
        self._request = request
