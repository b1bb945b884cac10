"""HTTP helpers shared by requests, responses and middleware: host checks and URL quoting.

The rules are Django's (``django.utils.http`` and ``django.utils.encoding``), so hosts,
``ALLOWED_HOSTS`` patterns and quoted URLs behave as Django users expect.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import quote, urlsplit

from werkzeug.datastructures import Headers

#: A host is a DNS name or a bracketed IPv6 address, optionally followed by ``:port``.
#: Compared lowercased; anything else (spaces, ``@``, ``/``, underscores) is malformed.
host_validation_re = re.compile(r"^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$")


def split_domain_port(host: str) -> tuple[str, str]:
    """Return ``(domain, port)`` for a ``Host`` value; the domain is empty if it is malformed.

    The domain is lowercased and loses one trailing dot (``example.com.`` is ``example.com``).
    """
    match = host_validation_re.fullmatch(host.lower())
    if match is None:
        return "", ""
    domain, port = match.groups(default="")
    return domain.removesuffix("."), port


def is_same_domain(host: str, pattern: str) -> bool:
    """Return True if ``host`` is ``pattern``, or a subdomain when ``pattern`` starts with a dot.

    ``.example.com`` matches ``example.com`` and ``www.example.com``; anything else must match
    exactly. ``host`` must already be lowercased; ``pattern`` is lowercased here.
    """
    if not pattern:
        return False
    pattern = pattern.lower()
    if pattern[0] == ".":
        return host.endswith(pattern) or host == pattern[1:]
    return host == pattern


def validate_host(host: str, allowed_hosts: Iterable[str]) -> bool:
    """Return True if ``host`` (lowercased, without port) matches an ``ALLOWED_HOSTS`` entry.

    ``*`` matches any host, ``.example.com`` a domain and its subdomains, anything else
    exactly.
    """
    return any(pattern == "*" or is_same_domain(host, pattern) for pattern in allowed_hosts)


def url_has_allowed_host_and_scheme(
    url: str | None, allowed_hosts: str | Iterable[str] | None, require_https: bool = False
) -> bool:
    r"""Return True if redirecting to ``url`` is safe: same site, or a host in ``allowed_hosts``.

    Use it before redirecting to a URL from the request (``?next=``). A relative URL is safe;
    an absolute one only with an allowed host and an http(s) scheme (https only when
    ``require_https``). Anything a browser could read as another site is refused: ``//host``,
    ``///host``, ``\\host``, ``http:host``, ``javascript:``, leading control characters.
    Django's rules, so ``?next=`` handling ported from Django keeps its protection.
    """
    if url is not None:
        url = url.strip()
    if not url:
        return False
    hosts = {allowed_hosts} if isinstance(allowed_hosts, str) else set(allowed_hosts or ())
    # Browsers read "\" as "/" in the authority, but it may also sit in credentials:
    # the URL must be safe read either way.
    return _safe_redirect(url, hosts, require_https) and _safe_redirect(
        url.replace("\\", "/"), hosts, require_https
    )


def _safe_redirect(url: str, hosts: set[str], require_https: bool) -> bool:
    if url.startswith("///"):  # browsers take three slashes as an absolute URL
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed IPv6 host
        return False
    if parts.scheme and not parts.netloc:  # "http:///evil", "javascript:..."
        return False
    if unicodedata.category(url[0])[0] == "C":  # browsers skip leading control characters
        return False
    scheme = parts.scheme or ("http" if parts.netloc else "")
    if parts.netloc and parts.netloc not in hosts:
        return False
    return not scheme or scheme in (("https",) if require_https else ("http", "https"))


def iri_to_uri(iri: str) -> str:
    """Quote the characters of ``iri`` that may not appear in a URI (RFC 3987, section 3.1).

    Reserved and unreserved characters and ``%`` are kept, so an already quoted URL is
    unchanged; everything else is UTF-8 encoded and percent-quoted.
    """
    return quote(iri, safe="/#%[]=:;$&()+,!?*@'~")


def escape_uri_path(path: str) -> str:
    """Quote the characters of a URL path that may not appear in a URI path (RFC 3986)."""
    return quote(path, safe="/:@&+$,-_.!~*'()")


def escape_leading_slashes(url: str) -> str:
    """Quote the second of two leading slashes, so that the URL stays a path on this site.

    Browsers read ``//evil.example/`` as a URL on the host ``evil.example``; as
    ``/%2Fevil.example/`` it is a path here. Use it on a path made from the request before
    redirecting to it.
    """
    if url.startswith("//"):
        return f"/%2F{url[2:]}"
    return url


def add_checked_headers(headers: Headers, pairs: Sequence[tuple[str, str]]) -> None:
    """Add ``pairs`` to ``headers``: names and values already checked (such as settings at load).

    PERF: werkzeug's ``add()`` checks each value for newlines again; middleware adding the
    same constant headers to every response checked them once, when it loaded.
    """
    store = getattr(headers, "_list", None)
    if type(store) is list:
        store.extend(pairs)
    else:  # another werkzeug: the checked way
        for name, value in pairs:
            headers.add(name, value)


_NAME = operator.itemgetter(0)


def header_names(headers: Headers) -> set[str]:
    """Return the lower-cased names of ``headers``, found in one pass at C speed.

    PERF: middleware that must not replace a header the view set asks this once, instead
    of looping over the headers in Python (or ``in``, which raises and catches a KeyError
    for each missing name).
    """
    return set("\0".join(map(_NAME, headers)).lower().split("\0"))
