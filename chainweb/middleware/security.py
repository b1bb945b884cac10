"""``SecurityMiddleware``: security headers on every response, and the redirect to HTTPS.

- ``SECURE_CONTENT_TYPE_NOSNIFF`` (default True): ``X-Content-Type-Options: nosniff``.
- ``SECURE_REFERRER_POLICY`` (default ``"same-origin"``): ``Referrer-Policy``.
- ``SECURE_CROSS_ORIGIN_OPENER_POLICY`` (default ``"same-origin"``):
  ``Cross-Origin-Opener-Policy``.
- ``SECURE_HSTS_SECONDS`` (default 0: none), ``SECURE_HSTS_INCLUDE_SUBDOMAINS``,
  ``SECURE_HSTS_PRELOAD``: ``Strict-Transport-Security``, on HTTPS responses only.
- ``SECURE_SSL_REDIRECT`` (default False): a 301 from HTTP to HTTPS, on ``SECURE_SSL_HOST``
  or the request's host, except for the paths ``SECURE_REDIRECT_EXEMPT`` matches.

A header the view (or an inner middleware) already set is never replaced.

The settings are Django's, read and checked once, when the middleware loads (a wrong value
raises ``ImproperlyConfigured`` then, not on some request). Changing them afterwards needs a
new handler: in tests, override ``MIDDLEWARE`` along with them (which rebuilds the chain), or
make the ``Client`` inside the override. ``SECURE_PROXY_SSL_HEADER`` is the exception: it is
read by ``request.is_secure()`` on each request.
"""

from __future__ import annotations

import re
import typing as t

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.http import HttpResponsePermanentRedirect
from chainweb.utils.http import add_checked_headers, header_names, split_domain_port

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request
    from chainweb.middleware import GetResponse

#: The values ``SECURE_REFERRER_POLICY`` may hold (the Referrer Policy specification's).
REFERRER_POLICY_VALUES = frozenset(
    {
        "no-referrer",
        "no-referrer-when-downgrade",
        "origin",
        "origin-when-cross-origin",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "unsafe-url",
    }
)
#: The values ``SECURE_CROSS_ORIGIN_OPENER_POLICY`` may hold (the HTML specification's).
CROSS_ORIGIN_OPENER_POLICY_VALUES = frozenset(
    {"same-origin", "same-origin-allow-popups", "noopener-allow-popups", "unsafe-none"}
)

#: A header to add: (lowercased name, name, value).
_Header = tuple[str, str, str]


class SecurityMiddleware:
    """Add the security headers to every response; redirect HTTP requests to HTTPS.

    Put it first in ``MIDDLEWARE``: the redirect then happens before any other work, and
    the headers reach every response, the error pages of the layers inside included. The
    module docstring lists the settings.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.sts_seconds = _hsts_seconds(settings.SECURE_HSTS_SECONDS)
        self.sts_include_subdomains = bool(settings.SECURE_HSTS_INCLUDE_SUBDOMAINS)
        self.sts_preload = bool(settings.SECURE_HSTS_PRELOAD)
        self.content_type_nosniff = bool(settings.SECURE_CONTENT_TYPE_NOSNIFF)
        self.redirect = bool(settings.SECURE_SSL_REDIRECT)
        self.redirect_host = _ssl_host(settings.SECURE_SSL_HOST)
        self.redirect_exempt = _redirect_exempt(settings.SECURE_REDIRECT_EXEMPT)
        self.referrer_policy = _referrer_policy(settings.SECURE_REFERRER_POLICY)
        self.cross_origin_opener_policy = _cross_origin_opener_policy(
            settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
        )

        # PERF: the headers are worked out here, once, as (lowercased name, name, value).
        headers: list[_Header] = []
        if self.content_type_nosniff:
            headers.append(("x-content-type-options", "X-Content-Type-Options", "nosniff"))
        if self.referrer_policy:
            headers.append(("referrer-policy", "Referrer-Policy", self.referrer_policy))
        if self.cross_origin_opener_policy:
            headers.append(
                (
                    "cross-origin-opener-policy",
                    "Cross-Origin-Opener-Policy",
                    self.cross_origin_opener_policy,
                )
            )
        #: The headers for every response.
        self._headers = tuple(headers)
        #: The headers for HTTPS responses (with HSTS, if it is on).
        self._secure_headers = self._headers
        if self.sts_seconds:
            sts = f"max-age={self.sts_seconds}"
            if self.sts_include_subdomains:
                sts += "; includeSubDomains"
            if self.sts_preload:
                sts += "; preload"
            hsts = ("strict-transport-security", "Strict-Transport-Security", sts)
            self._secure_headers = (hsts, *self._headers)
        self._names = frozenset(lowered for lowered, _, _ in self._secure_headers)
        self._pairs = [(name, value) for _, name, value in self._headers]
        self._secure_pairs = [(name, value) for _, name, value in self._secure_headers]

    def __call__(self, request: Request) -> HttpResponse:
        """Redirect an HTTP request if told to; add the headers to the response."""
        secure: bool | None = None
        if self.redirect:
            secure = request.is_secure()
            if not secure and not self._is_exempt(request):
                response: HttpResponse = self._redirect_to_https(request)
            else:
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        headers, pairs = self._headers, self._pairs
        if self.sts_seconds and (request.is_secure() if secure is None else secure):
            headers, pairs = self._secure_headers, self._secure_pairs
        if headers:
            response_headers = response.headers
            present = header_names(response_headers)
            if self._names.isdisjoint(present):  # the usual case: add them all at once
                add_checked_headers(response_headers, pairs)
            else:
                add_checked_headers(
                    response_headers,
                    [(name, value) for lowered, name, value in headers if lowered not in present],
                )
        return response

    def _is_exempt(self, request: Request) -> bool:
        """Return whether ``SECURE_REDIRECT_EXEMPT`` lets the request stay on HTTP."""
        if not self.redirect_exempt:
            return False
        path = request.path.lstrip("/")
        return any(pattern.search(path) for pattern in self.redirect_exempt)

    def _redirect_to_https(self, request: Request) -> HttpResponse:
        """Return the 301 to the HTTPS URL of the request: same path and query string.

        The host is ``SECURE_SSL_HOST`` (checked when the middleware loaded) or the request's
        host (checked against ``ALLOWED_HOSTS``; ``DisallowedHost`` otherwise). Only the path
        and the query string come from the request, quoted, after the host: a path such as
        ``//evil.example/`` stays a path on this host.
        """
        host = self.redirect_host or request.get_host()
        full_path = request.get_full_path()
        if not full_path.startswith("/"):
            full_path = f"/{full_path}"
        return HttpResponsePermanentRedirect(f"https://{host}{full_path}")

    def __repr__(self) -> str:
        inner = getattr(self.get_response, "__qualname__", type(self.get_response).__name__)
        return f"<{type(self).__qualname__} get_response={inner}>"


# -- Settings -----------------------------------------------------------------------------


def _hsts_seconds(value: object) -> int:
    """Return ``SECURE_HSTS_SECONDS``, checked: a whole number of seconds, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ImproperlyConfigured(
            f"SECURE_HSTS_SECONDS is {value!r}; it must be a whole number of seconds, 0 or "
            "more, such as 3600 while you try HSTS out and 31536000 (a year) once every "
            "page is served over HTTPS. Set it to 0 to send no Strict-Transport-Security "
            "header."
        )
    return value


def _ssl_host(value: object) -> str | None:
    """Return ``SECURE_SSL_HOST``, checked: a host name and optional port, or None."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not split_domain_port(value)[0]:
        raise ImproperlyConfigured(
            f"SECURE_SSL_HOST is {value!r}, which is not a host name. Set it to the host to "
            "redirect HTTP requests to, with a port if it is not 443, such as "
            "'secure.example.com' or 'example.com:8443' (no scheme, path, spaces or line "
            "breaks); or to None to redirect to the host each request came to."
        )
    return value


def _redirect_exempt(value: object) -> tuple[re.Pattern[str], ...]:
    """Return ``SECURE_REDIRECT_EXEMPT`` compiled; say what is wrong with a bad pattern."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise ImproperlyConfigured(
            f"SECURE_REDIRECT_EXEMPT is {value!r}; it must be a list of regular expressions, "
            f"such as [r'^healthz/$'] (searched for in the path without its leading slash)."
        )
    patterns = []
    for pattern in value:
        if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
            patterns.append(pattern)
            continue
        if not isinstance(pattern, str):
            raise ImproperlyConfigured(
                f"SECURE_REDIRECT_EXEMPT has {pattern!r}, a {type(pattern).__name__}; each "
                "entry must be a regular expression as a str, such as r'^healthz/$'."
            )
        try:
            patterns.append(re.compile(pattern))
        except re.error as exc:
            raise ImproperlyConfigured(
                f"SECURE_REDIRECT_EXEMPT has {pattern!r}, which is not a valid regular "
                f"expression: {exc}. Fix the pattern; it is searched for in the path without "
                "its leading slash, such as r'^healthz/$'."
            ) from exc
    return tuple(patterns)


def _referrer_policy(value: object) -> str | None:
    """Return the ``Referrer-Policy`` value ``SECURE_REFERRER_POLICY`` asks for, or None.

    It may be one policy, a comma-separated string of them or a list (browsers use the last
    one they know, so older ones can be given first as fallbacks).
    """
    if value is None:
        return None
    valid = ", ".join(sorted(REFERRER_POLICY_VALUES))
    if isinstance(value, str):
        policies: list[object] = [item.strip() for item in value.split(",")] if value else []
    elif isinstance(value, (list, tuple)):
        policies = [item.strip() if isinstance(item, str) else item for item in value]
    else:
        raise ImproperlyConfigured(
            f"SECURE_REFERRER_POLICY is {value!r}, a {type(value).__name__}; it must be a "
            "referrer policy, a comma-separated string or a list of them, or None to send "
            f"no Referrer-Policy header. Valid values are: {valid}."
        )
    for policy in policies:
        if not isinstance(policy, str) or policy not in REFERRER_POLICY_VALUES:
            what = "an empty value (a stray comma?)" if policy == "" else repr(policy)
            raise ImproperlyConfigured(
                f"SECURE_REFERRER_POLICY has {what}, which is not a referrer policy. Valid "
                f"values are: {valid}. Give one, several (a list or a comma-separated string; "
                "browsers use the last one they know), or None to send no Referrer-Policy "
                "header."
            )
    return ",".join(t.cast("list[str]", policies)) or None


def _cross_origin_opener_policy(value: object) -> str | None:
    """Return ``SECURE_CROSS_ORIGIN_OPENER_POLICY``, checked, or None for no header."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in CROSS_ORIGIN_OPENER_POLICY_VALUES:
        valid = ", ".join(sorted(CROSS_ORIGIN_OPENER_POLICY_VALUES))
        raise ImproperlyConfigured(
            f"SECURE_CROSS_ORIGIN_OPENER_POLICY is {value!r}, which is not a "
            f"Cross-Origin-Opener-Policy. Valid values are: {valid}. Set it to one of them, "
            "or to None to send no Cross-Origin-Opener-Policy header."
        )
    return value
