"""url_has_allowed_host_and_scheme: the open-redirect list a ?next= parameter meets."""

from __future__ import annotations

import pytest

from chainweb.utils.http import url_has_allowed_host_and_scheme

HOSTS = {"testserver", "example.com"}

UNSAFE = [
    "http://evil.example/",
    "https://evil.example/",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\evil.example",
    "http:\\\\evil.example",
    "http:/\\evil.example",
    "http:///evil.example",
    "https:evil.example",
    "http:evil.example",
    "ftp://example.com/",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "\x08//evil.example",
    "\x00//evil.example",
    "\n//evil.example",
    "http://testserver@evil.example/",
    "http://[::1:80/",
    "http://exampleXcom/",
    "",
    "   ",
    None,
]

SAFE = [
    "/",
    "/next/",
    "/next/?a=1&b=//evil.example",
    "next/",
    "?page=2",
    "#top",
    "http://testserver/next/",
    "https://example.com/",
    "//testserver/path",
    "/url%20with%20spaces/",
    "path/http:2222222222",
    "  /padded/  ",
]


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_urls_are_refused(url: str | None) -> None:
    assert url_has_allowed_host_and_scheme(url, HOSTS) is False


@pytest.mark.parametrize("url", SAFE)
def test_safe_urls_are_accepted(url: str) -> None:
    assert url_has_allowed_host_and_scheme(url, HOSTS) is True


def test_require_https_refuses_plain_http_hosts() -> None:
    assert url_has_allowed_host_and_scheme("https://example.com/", HOSTS, require_https=True)
    assert not url_has_allowed_host_and_scheme("http://example.com/", HOSTS, require_https=True)
    assert url_has_allowed_host_and_scheme("/relative/", HOSTS, require_https=True)


def test_allowed_hosts_may_be_one_string_or_none() -> None:
    assert url_has_allowed_host_and_scheme("http://example.com/", "example.com")
    assert not url_has_allowed_host_and_scheme("http://example.com/", None)
    assert url_has_allowed_host_and_scheme("/local/", None)
