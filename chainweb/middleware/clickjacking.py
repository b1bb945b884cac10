"""``XFrameOptionsMiddleware``: forbid other sites to show the pages in a frame (clickjacking).

Every response gets ``X-Frame-Options: DENY``, or ``SAMEORIGIN`` with ``X_FRAME_OPTIONS =
"SAMEORIGIN"``, unless the view set the header itself or was decorated with
``chainweb.views.decorators.clickjacking.xframe_options_exempt``.

The setting is read and checked once, when the middleware loads; changing it afterwards
needs a new handler (in tests, override ``MIDDLEWARE`` along with it, or make the ``Client``
inside the override).
"""

from __future__ import annotations

import typing as t

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.utils.http import add_checked_headers, header_names

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request
    from chainweb.middleware import GetResponse

#: The values ``X_FRAME_OPTIONS`` may hold (in any case).
X_FRAME_OPTIONS_VALUES = ("DENY", "SAMEORIGIN")


class XFrameOptionsMiddleware:
    """Set ``X-Frame-Options`` on every response that has none and is not exempt.

    A subclass may override ``get_xframe_options_value()`` to choose the value per request.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        #: The header's value, from ``X_FRAME_OPTIONS``: ``DENY`` or ``SAMEORIGIN``.
        self.value = _x_frame_options(settings.X_FRAME_OPTIONS)

    def __call__(self, request: Request) -> HttpResponse:
        """Return the response, with ``X-Frame-Options`` added if it needs one."""
        response = self.get_response(request)
        if getattr(response, "xframe_options_exempt", False):
            return response
        headers = response.headers
        if "x-frame-options" in header_names(headers):
            return response
        value = self.get_xframe_options_value(request, response)
        if value is self.value:  # checked when the middleware loaded
            add_checked_headers(headers, (("X-Frame-Options", value),))
        else:  # a subclass's own value
            headers.add("X-Frame-Options", value)
        return response

    def get_xframe_options_value(self, request: Request, response: HttpResponse) -> str:
        """Return the ``X-Frame-Options`` value for ``response``: the setting's, by default."""
        return self.value

    def __repr__(self) -> str:
        inner = getattr(self.get_response, "__qualname__", type(self.get_response).__name__)
        return f"<{type(self).__qualname__} X_FRAME_OPTIONS={self.value!r} get_response={inner}>"


def _x_frame_options(value: object) -> str:
    """Return ``X_FRAME_OPTIONS`` uppercased; raise ImproperlyConfigured if it is not valid."""
    if isinstance(value, str) and value.upper() in X_FRAME_OPTIONS_VALUES:
        return value.upper()
    raise ImproperlyConfigured(
        f"X_FRAME_OPTIONS is {value!r}; it must be 'DENY' (the default: no site may show the "
        "pages in a frame) or 'SAMEORIGIN' (only this site may). To let other sites frame a "
        "view, decorate it with chainweb.views.decorators.clickjacking.xframe_options_exempt; "
        "to send no header at all, remove XFrameOptionsMiddleware from MIDDLEWARE."
    )
