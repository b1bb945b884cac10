"""The default ``CSRF_FAILURE_VIEW``: the 403 page for a request the CSRF checks refused.

With ``DEBUG`` on, the page gives the reason and how to fix it; with it off, it says only
that the request was refused, as the reason would help an attacker more than a visitor.
"""

from __future__ import annotations

import typing as t
from html import escape

from chainweb.conf import settings
from chainweb.http import HttpResponseForbidden

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="robots" content="NONE,NOARCHIVE">
  <title>403 Forbidden</title>
  <style>
    body {{ font: 15px/1.5 sans-serif; margin: 2em auto; max-width: 46em; padding: 0 1em; }}
    h1 {{ font-weight: normal; }} code {{ background: #f4f4f4; padding: 0 .2em; }}
    .reason {{ background: #ffc; border: 1px solid #dd8; padding: .5em 1em; }}
  </style>
</head>
<body>
  <h1>Forbidden <span>(403)</span></h1>
  <p>CSRF verification failed. Request aborted.</p>
{details}
</body>
</html>
"""

_SHORT = "  <p>More information is available with DEBUG=True.</p>"

_HELP = """\
  <div class="reason">
    <p>Reason given for failure: <strong>{reason}</strong></p>
    <p>{hint}</p>
  </div>
  <h2>Help</h2>
  <p>This happens when another site really forged a request, or when the page that sent
  the request did not use chainweb's CSRF protection correctly. For POST forms, check that:</p>
  <ul>
    <li>the browser accepts cookies (the secret is in the <code>{cookie}</code> cookie, or in
      the session with <code>CSRF_USE_SESSIONS</code>);</li>
    <li>the view renders its template with the request (<code>render(request, ...)</code> or
      a <code>TemplateResponse</code>);</li>
    <li>each POST form that targets this site has <code>{{{{ csrf_input }}}}</code> inside it;
      JavaScript sends the token (<code>get_token(request)</code>, or the cookie's value) in
      the <code>{header}</code> header;</li>
    <li>the page is not older than a login in another tab: the token changes at login, so
      reload the page with the form.</li>
  </ul>
  <p>Views that use <code>{{{{ csrf_input }}}}</code> without <code>CsrfViewMiddleware</code>
  need <code>csrf_protect</code> (or <code>requires_csrf_token</code>).</p>
  <p>You're seeing this help because <code>DEBUG = True</code> is in your settings. Change it
  to <code>False</code>, and only the first line is shown. Change this page with the
  <code>CSRF_FAILURE_VIEW</code> setting.</p>"""

#: How to fix each kind of failure, by the start of the reason the middleware gives.
_HINTS = (
    (
        "Origin checking failed",
        "The browser sent the request from a page on another origin. If that origin is yours, "
        "add it, with its scheme, to the CSRF_TRUSTED_ORIGINS setting (such as "
        "'https://app.example.com', or 'https://*.example.com' for every subdomain). An "
        "http:// page posting to an https:// site is refused: serve the form over HTTPS.",
    ),
    (
        "Referer checking failed - no Referer",
        "This HTTPS site requires a Referer header, and the browser sent none. Do not set "
        "Referrer-Policy to no-referrer for pages with forms (use same-origin or "
        'strict-origin-when-cross-origin), or add rel="noreferrer" to links to them.',
    ),
    (
        "Referer checking failed - Referer is insecure",
        "The form was on an http:// page but posted to this https:// site. Serve the page "
        "with the form over HTTPS too.",
    ),
    (
        "Referer checking failed",
        "The request came from a page on another site. If that site is yours, add its origin "
        "to CSRF_TRUSTED_ORIGINS, or set CSRF_COOKIE_DOMAIN (SESSION_COOKIE_DOMAIN with "
        "CSRF_USE_SESSIONS) to a domain covering both sites.",
    ),
    (
        "CSRF cookie not set",
        "The browser sent no CSRF cookie. The cookie is set by responses whose page used a "
        "token: render the form's page with {{ csrf_input }}, call get_token(request), or "
        "decorate the view that serves it with ensure_csrf_cookie.",
    ),
    (
        "CSRF token missing",
        "The request had no token: put {{ csrf_input }} inside the form, or send the token in "
        "the header named by CSRF_HEADER_NAME.",
    ),
    (
        "CSRF cookie",
        "The CSRF cookie is malformed (changed by hand or by another application using the "
        "same cookie name). Load the page again to get a new cookie, or give this site its "
        "own CSRF_COOKIE_NAME.",
    ),
    (
        "CSRF token from",
        "Send the token exactly as get_token(request) or {{ csrf_input }} gave it, for the "
        "browser's current cookie: a token from another browser, from before a login, or "
        "changed on the way is refused. Reload the page with the form and send it again.",
    ),
)


def _hint(reason: str) -> str:
    for prefix, hint in _HINTS:
        if reason.startswith(prefix):
            return hint
    return "See the checklist below."


def csrf_failure(request: Request, reason: str = "") -> HttpResponse:
    """Return the 403 page for a request that failed the CSRF checks because of ``reason``."""
    if settings.DEBUG:
        details = _HELP.format(
            reason=escape(reason),
            hint=escape(_hint(reason)),
            cookie=escape(str(settings.CSRF_COOKIE_NAME)),
            header=escape(_header_label(str(settings.CSRF_HEADER_NAME))),
        )
    else:
        details = _SHORT
    return HttpResponseForbidden(_PAGE.format(details=details))


def _header_label(meta_name: str) -> str:
    """Return the header a META name stands for (``HTTP_X_CSRFTOKEN`` is ``X-CSRFToken``)."""
    if meta_name == "HTTP_X_CSRFTOKEN":
        return "X-CSRFToken"
    return meta_name.removeprefix("HTTP_").replace("_", "-").title()
