"""Logging of failed requests on the ``chainweb.request`` logger."""

from __future__ import annotations

import logging
import typing as t

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request

request_logger = logging.getLogger("chainweb.request")


def log_response(
    message: str,
    *args: t.Any,
    response: HttpResponse,
    request: Request,
    exception: BaseException | None = None,
) -> None:
    """Log a 4xx response as a warning and a 5xx as an error (with the traceback), once."""
    if getattr(response, "_has_been_logged", False):
        return
    if response.status_code >= 500:
        level = logging.ERROR
    elif response.status_code >= 400:
        level = logging.WARNING
    else:
        return
    request_logger.log(
        level,
        message,
        *args,
        extra={"status_code": response.status_code, "request": request},
        exc_info=exception if level == logging.ERROR and exception is not None else None,
    )
    response._has_been_logged = True  # type: ignore[attr-defined]
