"""Error pages for developers, shown only when ``DEBUG`` is on.

The 404 page lists the URL patterns that were tried; the 500 page shows the
traceback with each frame's local variables, and the request. Everything is
HTML-escaped, and values whose names look secret are masked.
"""

from __future__ import annotations

import html
import linecache
import platform
import re
import sys
import traceback
import types
import typing as t

import chainweb
from chainweb.conf import settings
from chainweb.core.handlers.trace import trace_of
from chainweb.http import HttpResponse, Request
from chainweb.urls import Resolver404

_SENSITIVE = re.compile(r"API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE", re.IGNORECASE)
_MASK = "********************"
_REPR_LIMIT = 4096

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222}
header{background:#ffc;padding:1em 2em;border-bottom:1px solid #ccc}
section{padding:.5em 2em}h1{margin:.2em 0}h2{margin:.8em 0 .3em}
table{border-collapse:collapse}td,th{text-align:left;vertical-align:top;padding:2px 8px}
th{color:#555;font-weight:normal}pre{margin:0;white-space:pre-wrap;word-break:break-all}
.frame{border-top:1px solid #ddd;padding:.4em 0}.code{background:#f4f4f4;padding:2px 6px}
footer{padding:1em 2em;color:#666;border-top:1px solid #ccc}
tr.error{background:#fdd}
"""


def _page(title: str, header: str, sections: list[str], footer: str, status: int) -> HttpResponse:
    body = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="robots" content="NONE,NOARCHIVE"><title>{_e(title)}</title>'
        f"<style>{_STYLE}</style></head><body><header>{header}</header>"
        + "".join(sections)
        + f"<footer>{footer}</footer></body></html>\n"
    )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def _e(value: t.Any) -> str:
    return html.escape(str(value), quote=True)


def _table(rows: t.Iterable[tuple[str, t.Any]]) -> str:
    cells = "".join(
        f"<tr><th>{_e(key)}</th><td><pre>{_e(value)}</pre></td></tr>" for key, value in rows
    )
    return f"<table>{cells}</table>" if cells else "<p>No data.</p>"


def _safe_repr(value: t.Any) -> str:
    try:
        text = repr(value)
    except Exception as exc:  # a broken __repr__ must not break the error page
        text = f"<unprintable {type(value).__name__}: {type(exc).__name__}>"
    return text if len(text) <= _REPR_LIMIT else text[:_REPR_LIMIT] + "…"


def cleanse(key: str, value: t.Any) -> t.Any:
    """Return ``value``, masked if ``key`` looks like it names a secret."""
    return _MASK if _SENSITIVE.search(str(key)) else value


def _debug_footer(page: str) -> str:
    return (
        "You're seeing this error because you have <code>DEBUG = True</code> in your "
        f"settings. Change that to <code>False</code>, and chainweb will display a standard "
        f"{page} page."
    )


# 404 ---------------------------------------------------------------------------------


def technical_404_response(request: Request, exception: BaseException) -> HttpResponse:
    """Return a 404 page listing the URL patterns tried, for ``DEBUG``."""
    urlconf = request.urlconf or settings.ROOT_URLCONF
    tried = exception.tried if isinstance(exception, Resolver404) else []
    header = "<h1>Page not found <small>(404)</small></h1>" + _table(
        [("Request Method", request.method), ("Request URL", request.url)]
    )
    sections = []
    if isinstance(exception, Resolver404):
        items = "".join(
            f"<li><code>{_e(_describe_attempt(attempt))}</code></li>" for attempt in tried
        )
        listing = f"<ol>{items}</ol>" if items else "<p>The URLconf has no patterns.</p>"
        sections.append(
            f"<section><p>Using the URLconf defined in <code>{_e(urlconf)}</code>, chainweb tried "
            f"these URL patterns, in this order:</p>{listing}<p>The current path, "
            f"<code>{_e(request.path_info.lstrip('/'))}</code>, didn't match any of these.</p>"
            "</section>"
        )
    else:
        raised_by = getattr(request.resolver_match, "_func_path", None)
        sections.append(
            f"<section><p>{_e(exception) or 'A view raised Http404.'}</p>"
            + (f"<p>Raised by: <code>{_e(raised_by)}</code></p>" if raised_by else "")
            + "</section>"
        )
    sections.append(_chain_section(request))
    return _page("Page not found", header, sections, _debug_footer("404"), 404)


def _chain_section(request: Request) -> str:
    """Return the middleware chain's events for this request so far, if it was traced."""
    trace = trace_of(request)
    if trace is None:
        return ""
    events = "".join(f"<li><code>{_e(event)}</code></li>" for event in trace.events)
    return (
        "<section><h2>Middleware chain</h2><p>What ran for this request, in order, up to "
        f"this page:</p><ol>{events}</ol></section>"
    )


def _describe_attempt(attempt: list[t.Any]) -> str:
    return " ".join(pattern.pattern.describe() for pattern in attempt)


# 500 ---------------------------------------------------------------------------------


def technical_500_response(
    request: Request,
    exc_type: type[BaseException] | None,
    exc_value: BaseException | None,
    tb: types.TracebackType | None,
    status_code: int = 500,
) -> HttpResponse:
    """Return a page with the traceback and the request, for ``DEBUG``."""
    name = exc_type.__name__ if exc_type else "Error"
    header = f"<h1>{_e(name)} at {_e(request.path_info)}</h1><pre>{_e(exc_value)}</pre>" + _table(
        [
            ("Request Method", request.method),
            ("Request URL", request.url),
            ("chainweb Version", chainweb.__version__),
            ("Python Version", platform.python_version()),
            ("Python Executable", sys.executable),
        ]
    )
    sections = _template_sections(exc_value)
    sections.append(f"<section><h2>Traceback</h2>{_traceback(exc_value)}</section>")
    sections.append(_chain_section(request))
    sections.append(_request_section(request))
    sections.append(
        "<section><h2>Settings</h2>"
        + _table(
            (key, _safe_repr(cleanse(key, getattr(settings, key))))
            for key in sorted(dir(settings))
            if key.isupper()
        )
        + "</section>"
    )
    return _page(
        f"{name} at {request.path_info}",
        header,
        sections,
        _debug_footer(str(status_code)),
        status_code,
    )


def _template_sections(exc_value: BaseException | None) -> list[str]:
    """Return the "Template error" and "Template-loader postmortem" sections, if they apply."""
    from chainweb.template.exceptions import TemplateDoesNotExist

    sections = []
    debug_info = None
    missing = None
    seen: set[int] = set()
    while exc_value is not None and id(exc_value) not in seen:  # the error and its causes
        seen.add(id(exc_value))
        if debug_info is None:
            debug_info = getattr(exc_value, "template_debug", None)
        if missing is None and isinstance(exc_value, TemplateDoesNotExist):
            missing = exc_value
        exc_value = exc_value.__cause__ or exc_value.__context__
    if isinstance(debug_info, dict):
        sections.append(_template_error(debug_info))
    if missing is not None:
        rows = "".join(
            f"<li><code>{_e(origin.name)}</code> ({_e(reason)}"
            + (f"; {_e(origin.loader)}" if origin.loader else "")
            + ")</li>"
            for origin, reason in missing.tried
        )
        sections.append(
            "<section><h2>Template-loader postmortem</h2>"
            + (
                f"<p>chainweb tried loading these templates, in this order:</p><ul>{rows}</ul>"
                if rows
                else "<p>No template directory was searched.</p>"
            )
            + "</section>"
        )
    return sections


def _template_error(info: dict[str, t.Any]) -> str:
    line = info.get("line")
    rows = "".join(
        ('<tr class="error">' if number == line else "<tr>")
        + f"<th>{_e(number)}</th><td><pre>{_e(text)}</pre></td></tr>"
        for number, text in info.get("source_lines", ())
    )
    name = info.get("name")
    filename = info.get("filename")
    where = f" (<code>{_e(filename)}</code>)" if filename and filename != name else ""
    during = info.get("during")
    return (
        "<section><h2>Template error</h2>"
        f"<p>In template <code>{_e(name)}</code>{where}, error at line {_e(line)}</p>"
        f"<pre>{_e(info.get('message', ''))}</pre>"
        + (f'<pre class="code">{_e(during)}</pre>' if during else "")
        + (f"<table>{rows}</table>" if rows else "")
        + "</section>"
    )


def _traceback(exc_value: BaseException | None) -> str:
    parts = []
    seen: set[int] = set()
    while exc_value is not None and id(exc_value) not in seen:
        seen.add(id(exc_value))
        frames = "".join(
            _frame(frame, lineno) for frame, lineno in traceback.walk_tb(exc_value.__traceback__)
        )
        parts.append(f"<h3>{_e(type(exc_value).__name__)}: {_e(exc_value)}</h3>{frames}")
        cause = exc_value.__cause__ or (
            None if exc_value.__suppress_context__ else exc_value.__context__
        )
        if cause is not None:
            parts.append(
                "<p>The above exception was the direct cause of, or happened while "
                "handling, the following one.</p>"
            )
        exc_value = cause
    return "".join(reversed(parts)) if parts else "<p>No traceback.</p>"


def _frame(frame: types.FrameType, lineno: int) -> str:
    code = frame.f_code
    line = _source_line(code.co_filename, lineno)
    local_vars = _table(
        (key, _safe_repr(cleanse(key, value))) for key, value in frame.f_locals.items()
    )
    return (
        f'<div class="frame"><code>{_e(code.co_filename)}</code>, line {lineno}, in '
        f'<code>{_e(code.co_name)}</code><pre class="code">{_e(line)}</pre>'
        f"<details><summary>Local vars</summary>{local_vars}</details></div>"
    )


def _source_line(filename: str, lineno: int) -> str:
    return linecache.getline(filename, lineno).strip()


def _request_section(request: Request) -> str:
    try:
        post = list(request.POST.items(multi=True))
    except Exception:  # the body may be what failed (too large, malformed)
        post = [("(unavailable)", "The request body could not be read.")]
    return (
        "<section><h2>Request information</h2>"
        "<h3>GET</h3>"
        + _table((k, cleanse(k, v)) for k, v in request.GET.items(multi=True))
        + "<h3>POST</h3>"
        + _table((k, cleanse(k, v)) for k, v in post)
        + "<h3>COOKIES</h3>"
        + _table((k, cleanse(k, v)) for k, v in request.COOKIES.items())
        + "<h3>META</h3>"
        + _table((k, _safe_repr(cleanse(k, v))) for k, v in sorted(request.META.items()))
        + "</section>"
    )
