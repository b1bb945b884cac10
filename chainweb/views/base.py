"""Class-based views: ``View`` dispatches on the HTTP method; ``TemplateView`` and ``RedirectView``.

``MyView.as_view(**initkwargs)`` returns the function the URLconf routes to; each
request gets a fresh instance, whose ``dispatch()`` calls the method named like the
request's (``get``, ``post``...).
"""

from __future__ import annotations

import inspect
import logging
import typing as t

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.http import (
    HttpResponse,
    HttpResponseGone,
    HttpResponseNotAllowed,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    make_response,
)
from chainweb.urls import reverse
from chainweb.utils.log import log_response

if t.TYPE_CHECKING:
    from chainweb.http import Request

logger = logging.getLogger("chainweb.request")

ViewFunction = t.Callable[..., t.Any]


class View:
    """A view whose methods answer the HTTP methods of the same name."""

    #: The methods a view may answer; a request for another gets 405.
    http_method_names: t.ClassVar[list[str]] = [
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "trace",
    ]
    #: Decorators applied to the view function ``as_view()`` returns, first listed innermost.
    decorators: t.ClassVar[t.Sequence[t.Callable[[ViewFunction], ViewFunction]]] = ()

    request: Request
    args: tuple[t.Any, ...]
    kwargs: dict[str, t.Any]

    def __init__(self, **kwargs: t.Any) -> None:
        for key, value in kwargs.items():
            setattr(self, key, value)

    @classmethod
    def as_view(cls, **initkwargs: t.Any) -> ViewFunction:
        """Return a view function that serves each request with a new ``cls(**initkwargs)``.

        :raise TypeError: a keyword is an HTTP method name or not an attribute of the class.
        """
        for key in initkwargs:
            if key in cls.http_method_names:
                raise TypeError(
                    f"The method name {key} is not accepted as a keyword argument to "
                    f"{cls.__name__}(). Override the method in a subclass instead."
                )
            if not hasattr(cls, key):
                raise TypeError(
                    f"{cls.__name__}() received an invalid keyword {key!r}. as_view only "
                    "accepts arguments that are already attributes of the class."
                )

        def view(request: Request, *args: t.Any, **kwargs: t.Any) -> t.Any:
            self = cls(**initkwargs)
            self.setup(request, *args, **kwargs)
            if not hasattr(self, "request"):
                raise AttributeError(
                    f"{cls.__name__} instance has no 'request' attribute. Did you override "
                    "setup() and forget to call super()?"
                )
            return self.dispatch(request, *args, **kwargs)

        view.__name__ = cls.__name__
        view.__qualname__ = cls.__qualname__
        view.__module__ = cls.__module__
        view.__doc__ = cls.__doc__
        # Marks decorators set on dispatch, such as csrf_exempt, reach the view function.
        view.__dict__.update(cls.dispatch.__dict__)
        for decorator in cls.decorators:
            view = decorator(view)
        view.view_class = cls  # type: ignore[attr-defined]
        view.view_initkwargs = initkwargs  # type: ignore[attr-defined]
        return view

    def setup(self, request: Request, *args: t.Any, **kwargs: t.Any) -> None:
        """Store the request and the URL arguments on the instance."""
        if hasattr(self, "get") and not hasattr(self, "head"):
            self.head = self.get
        self.request = request
        self.args = args
        self.kwargs = kwargs

    def dispatch(self, request: Request, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Call the method named like the request's, or ``http_method_not_allowed()``."""
        method = request.method.lower()
        if method in self.http_method_names:
            handler = getattr(self, method, self.http_method_not_allowed)
        else:
            handler = self.http_method_not_allowed
        response = handler(request, *args, **kwargs)
        # A method may return anything make_response() accepts; None is the handler's to report,
        # and an async method's coroutine the handler's to run.
        if response is None or isinstance(response, HttpResponse) or inspect.iscoroutine(response):
            return response
        return make_response(response)

    def http_method_not_allowed(
        self, request: Request, *args: t.Any, **kwargs: t.Any
    ) -> HttpResponse:
        """Return a 405 whose ``Allow`` header lists the methods this view answers."""
        response = HttpResponseNotAllowed(self._allowed_methods())
        log_response(
            "Method Not Allowed (%s): %s",
            request.method,
            request.path,
            response=response,
            request=request,
        )
        return response

    def options(self, request: Request, *args: t.Any, **kwargs: t.Any) -> HttpResponse:
        """Return an empty 200 whose ``Allow`` header lists the methods this view answers."""
        response = HttpResponse()
        response.headers["Allow"] = ", ".join(self._allowed_methods())
        response.headers["Content-Length"] = "0"
        return response

    def _allowed_methods(self) -> list[str]:
        return [method.upper() for method in self.http_method_names if hasattr(self, method)]


class ContextMixin:
    """Give templates the URL kwargs, ``view``, and ``extra_context``."""

    #: Added to every context.
    extra_context: dict[str, t.Any] | None = None

    def get_context_data(self, **kwargs: t.Any) -> dict[str, t.Any]:
        """Return the template context: ``kwargs``, ``view`` and ``extra_context``."""
        kwargs.setdefault("view", self)
        if self.extra_context is not None:
            kwargs.update(self.extra_context)
        return kwargs


class TemplateResponseMixin:
    """Render a template into a ``TemplateResponse``, rendered after the middleware's hooks."""

    request: Request
    #: The template to render (or override ``get_template_names()``).
    template_name: str | None = None
    #: The ``NAME`` of the ``TEMPLATES`` entry to use; None for the first.
    template_engine: str | None = None
    #: The response class; ``chainweb.template.TemplateResponse`` if None.
    response_class: t.Callable[..., HttpResponse] | None = None
    content_type: str | None = None

    def render_to_response(
        self, context: dict[str, t.Any], **response_kwargs: t.Any
    ) -> HttpResponse:
        """Return a response rendering ``get_template_names()`` with ``context``."""
        response_kwargs.setdefault("content_type", self.content_type)
        response_class = self.response_class
        if response_class is None:
            from chainweb.template.response import TemplateResponse

            response_class = TemplateResponse
        return response_class(
            request=self.request,
            template=self.get_template_names(),
            context=context,
            using=self.template_engine,
            **response_kwargs,
        )

    def get_template_names(self) -> list[str]:
        """Return the templates to try, in order: ``[template_name]`` by default."""
        if self.template_name is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} requires either a definition of 'template_name' or an "
                "implementation of 'get_template_names()'."
            )
        return [self.template_name]


class TemplateView(TemplateResponseMixin, ContextMixin, View):
    """Render ``template_name`` with the URL kwargs and ``get_context_data()``."""

    def get(self, request: Request, *args: t.Any, **kwargs: t.Any) -> HttpResponse:
        """Return the rendered template."""
        return self.render_to_response(self.get_context_data(**kwargs))


class RedirectView(View):
    """Redirect to ``url`` (``%(name)s`` filled from the URL kwargs) or ``pattern_name``."""

    #: 301 (permanent) instead of 302.
    permanent: bool = False
    #: The target; ``%(name)s`` placeholders take the URL kwargs.
    url: str | None = None
    #: A URL name reversed with the same args and kwargs, when ``url`` is None.
    pattern_name: str | None = None
    #: Pass the request's query string on to the target.
    query_string: bool = False

    def get_redirect_url(self, *args: t.Any, **kwargs: t.Any) -> str | None:
        """Return the URL to redirect to, or None for a 410."""
        if self.url:
            url = self.url % kwargs
        elif self.pattern_name:
            url = reverse(self.pattern_name, args=args, kwargs=kwargs)
        else:
            return None
        query = self.request.META.get("QUERY_STRING", "")
        if query and self.query_string:
            url = f"{url}?{query}"
        return url

    def get(self, request: Request, *args: t.Any, **kwargs: t.Any) -> HttpResponse:
        """Redirect, or answer 410 Gone when there is no URL."""
        url = self.get_redirect_url(*args, **kwargs)
        if url:
            if self.permanent:
                return HttpResponsePermanentRedirect(url)
            return HttpResponseRedirect(url)
        response = HttpResponseGone()
        log_response("Gone: %s", request.path, response=response, request=request)
        return response

    def head(self, request: Request, *args: t.Any, **kwargs: t.Any) -> HttpResponse:
        """Redirect as GET does."""
        return self.get(request, *args, **kwargs)

    post = put = patch = delete = options = head
