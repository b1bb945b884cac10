"""Decorators that restrict which HTTP methods reach a view."""

from __future__ import annotations

import functools
import typing as t

from chainweb.http import HttpResponseNotAllowed
from chainweb.utils.log import log_response

if t.TYPE_CHECKING:
    from chainweb.http import Request

ViewFunction = t.Callable[..., t.Any]


def require_http_methods(
    request_method_list: t.Sequence[str],
) -> t.Callable[[ViewFunction], ViewFunction]:
    """Answer 405, with ``Allow``, to a request whose method is not in the list."""
    allowed = [method.upper() for method in request_method_list]

    def decorator(view: ViewFunction) -> ViewFunction:
        @functools.wraps(view)
        def inner(request: Request, *args: t.Any, **kwargs: t.Any) -> t.Any:
            if request.method not in allowed:
                response = HttpResponseNotAllowed(allowed)
                log_response(
                    "Method Not Allowed (%s): %s",
                    request.method,
                    request.path,
                    response=response,
                    request=request,
                )
                return response
            return view(request, *args, **kwargs)

        return inner

    return decorator


#: Allow only GET.
require_GET = require_http_methods(["GET"])
#: Allow only POST.
require_POST = require_http_methods(["POST"])
#: Allow only the safe methods, GET and HEAD.
require_safe = require_http_methods(["GET", "HEAD"])
