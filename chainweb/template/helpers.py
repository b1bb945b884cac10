"""Functions every Jinja2 template can call: ``url()`` and ``static()``."""

from __future__ import annotations

import typing as t
from urllib.parse import quote, urljoin

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.urls import get_script_prefix, reverse


def url(viewname: str, *args: t.Any, **kwargs: t.Any) -> str:
    """Return the URL of a view: ``url("blog:detail", 3)`` or ``url("blog:detail", pk=3)``.

    The arguments go to ``chainweb.urls.reverse()``, which quotes them.
    """
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


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
