"""Functions every Jinja2 template can call: ``url()`` and ``static()``."""

from __future__ import annotations

import typing as t
from urllib.parse import quote, urljoin

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.globals import _cv_request
from chainweb.urls import get_script_prefix, reverse


def url(viewname: str, *args: t.Any, **kwargs: t.Any) -> str:
    """Return the URL of a view: ``url("blog:detail", 3)`` or ``url("blog:detail", pk=3)``.

    The arguments go to ``chainweb.urls.reverse()``, which quotes them. While a request is
    handled, its instance namespace is the current app, as for Django's ``{% url %}``:
    ``request.current_app`` if set, else the namespace the request's URL resolved in; so
    with two instances of one app, each links within itself.
    """
    return reverse(viewname, args=args or None, kwargs=kwargs or None, current_app=_current_app())


def _current_app() -> str | None:
    request = _cv_request.get(None)
    if request is None:
        return None
    current = getattr(request, "current_app", None)
    if current is None:
        match = getattr(request, "resolver_match", None)
        current = match.namespace if match is not None else None
    return current or None


def static(path: str) -> str:
    """Return the URL of a static file: ``settings.STATIC_URL`` joined with ``path``, quoted.

    A ``STATIC_URL`` that is neither absolute nor starts with ``/`` is put under the script
    prefix, as Django does.

    :raise ImproperlyConfigured: ``STATIC_URL`` is not set, or does not end with ``/``.
    """
    prefix = settings.STATIC_URL
    if not prefix:
        raise ImproperlyConfigured(
            f"static({path!r}) needs settings.STATIC_URL, which is not set. Set it to the URL "
            "your static files are served from, for example STATIC_URL = '/static/'."
        )
    prefix = str(prefix)
    if not prefix.endswith("/"):
        raise ImproperlyConfigured(
            f"settings.STATIC_URL must end with a slash, not {prefix!r}. Write {prefix + '/'!r}."
        )
    if not prefix.startswith(("/", "http://", "https://")):
        prefix = get_script_prefix() + prefix
    return urljoin(prefix, quote(path))
