"""The error views used when the root URLconf names none (``handler404`` and friends).

They show a short page and nothing about the project's internals.
"""

from __future__ import annotations

from chainweb.http import HttpResponse, Request

_PAGE = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
    "<body><h1>{title}</h1><p>{text}</p></body></html>\n"
)


def _page(status: int, title: str, text: str) -> HttpResponse:
    body = _PAGE.format(title=title, text=text)
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request: Request, exception: BaseException | None = None) -> HttpResponse:
    """Return a 400 page."""
    return _page(400, "Bad Request (400)", "The request could not be understood.")


def permission_denied(request: Request, exception: BaseException | None = None) -> HttpResponse:
    """Return a 403 page."""
    return _page(403, "403 Forbidden", "You do not have permission to view this page.")


def page_not_found(request: Request, exception: BaseException | None = None) -> HttpResponse:
    """Return a 404 page."""
    return _page(404, "Not Found", "The requested resource was not found on this server.")


def server_error(request: Request) -> HttpResponse:
    """Return a 500 page."""
    return _page(500, "Server Error (500)", "Something went wrong on our side.")
