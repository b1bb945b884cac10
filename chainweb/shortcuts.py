"""Shortcuts for views: ``render()``, ``redirect()``, ``resolve_url()`` and the 404 helpers.

``render()`` returns an ``HttpResponse`` whose template is rendered at once (use
``TemplateResponse`` for one middleware can still change). ``get_object_or_404()`` and
``get_list_or_404()`` work without an ORM: they look a key up in a mapping, or call a
function, and turn "not found" into ``Http404``.
"""

from __future__ import annotations

import collections.abc as cabc
import typing as t

from chainweb.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from chainweb.template.loader import render_to_string
from chainweb.urls import NoReverseMatch, reverse
from chainweb.utils.functional import LazyStr

if t.TYPE_CHECKING:
    from chainweb.http import Request

_T = t.TypeVar("_T")


def render(
    request: Request,
    template_name: str | t.Sequence[str],
    context: t.Mapping[str, t.Any] | None = None,
    content_type: str | None = None,
    status: int | None = None,
    using: str | None = None,
) -> HttpResponse:
    """Return an ``HttpResponse`` with the template rendered now with ``context`` and ``request``.

    A list of names renders the first template that exists.
    """
    content = render_to_string(template_name, context, request, using=using)
    return HttpResponse(content, content_type, status)


def redirect(
    to: t.Any,
    *args: t.Any,
    permanent: bool = False,
    preserve_request: bool = False,
    **kwargs: t.Any,
) -> HttpResponseRedirect | HttpResponsePermanentRedirect:
    """Return a redirect to ``to``, resolved by ``resolve_url()`` with ``args`` and ``kwargs``.

    A 302 (301 with ``permanent``); with ``preserve_request``, a 307 (308), which keeps the
    method and body.
    """
    cls = HttpResponsePermanentRedirect if permanent else HttpResponseRedirect
    return cls(resolve_url(to, *args, **kwargs), preserve_request=preserve_request)


def resolve_url(to: t.Any, *args: t.Any, **kwargs: t.Any) -> str:
    """Return a URL for ``to``, as Django's ``resolve_url()``.

    - an object with ``get_absolute_url()``: what it returns;
    - a relative URL starting with ``./`` or ``../``: as it is;
    - a view name (``'blog:detail'``) or a view function: reversed with ``args`` and
      ``kwargs``;
    - otherwise a URL (it has a ``/`` or a ``.``): as it is.

    :raise NoReverseMatch: ``to`` looks like a view name (no ``/`` or ``.``) or is a view
        function, and it does not reverse.
    """
    if hasattr(to, "get_absolute_url"):
        return str(to.get_absolute_url())
    if isinstance(to, LazyStr):
        to = str(to)
    if isinstance(to, str) and to.startswith(("./", "../")):
        return to
    try:
        return reverse(to, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        if callable(to) or not isinstance(to, str) or ("/" not in to and "." not in to):
            raise
    return to


def get_object_or_404(source: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
    """Return the object ``source`` gives for the arguments; raise Http404 if there is none.

    - ``get_object_or_404(mapping, key)``: ``mapping[key]``; a missing key is a 404.
    - ``get_object_or_404(getter, *args, **kwargs)``: ``getter(*args, **kwargs)``; a
      ``LookupError`` (``KeyError``, ``IndexError``) or a ``None`` result is a 404.

    Example::

        post = get_object_or_404(POSTS, slug)
        user = get_object_or_404(db.find_user, id=user_id)

    :raise TypeError: ``source`` is neither a mapping nor callable, or a mapping was given
        other than one key.
    """
    if isinstance(source, cabc.Mapping):
        if len(args) != 1 or kwargs:
            raise TypeError(
                "get_object_or_404(mapping, key) looks up exactly one key; got "
                f"{len(args)} positional and {len(kwargs)} keyword arguments. Pass the key "
                "alone, or pass a function to call with the arguments."
            )
        try:
            return source[args[0]]
        except KeyError:
            raise Http404(
                f"No object matches the given key {args[0]!r} in the {type(source).__name__}."
            ) from None
    if not callable(source):
        raise TypeError(
            "get_object_or_404() takes a mapping or a callable as its first argument, not "
            f"{type(source).__name__}: pass a dict and a key, or a function and its arguments."
        )
    try:
        found = source(*args, **kwargs)
    except LookupError as exc:
        raise Http404(f"No object matches the given query: {_call(source, args, kwargs)}.") from exc
    if found is None:
        raise Http404(f"No object matches the given query: {_call(source, args, kwargs)}.")
    return found


def get_list_or_404(
    source: t.Iterable[_T] | t.Callable[..., t.Iterable[_T]], *args: t.Any, **kwargs: t.Any
) -> list[_T]:
    """Return the items of ``source`` (an iterable, or a callable returning one) as a list.

    A callable is called with ``args`` and ``kwargs``; an empty result is a 404.

    :raise Http404: there are no items.
    """
    if callable(source):
        items = list(source(*args, **kwargs))
        query = _call(source, args, kwargs)
    else:
        if args or kwargs:
            raise TypeError(
                "get_list_or_404() passes arguments only to a callable; got an iterable, "
                f"{type(source).__name__}, and arguments. Drop the arguments, or pass a function."
            )
        items = list(source)
        query = type(source).__name__
    if not items:
        raise Http404(f"No objects match the given query: {query}.")
    return items


def _call(function: t.Any, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]) -> str:
    name = getattr(function, "__qualname__", None) or type(function).__name__
    arguments = [repr(arg) for arg in args] + [f"{key}={value!r}" for key, value in kwargs.items()]
    return f"{name}({', '.join(arguments)})"
