"""chainweb.utils.http: the host and URL helpers behind Request, usable by middleware."""

from __future__ import annotations

import pytest

from chainweb.utils.http import (
    escape_uri_path,
    iri_to_uri,
    is_same_domain,
    split_domain_port,
    validate_host,
)


@pytest.mark.parametrize(
    "host, expected",
    [
        pytest.param("Example.COM", ("example.com", ""), id="lowercased"),
        pytest.param("example.com:8000", ("example.com", "8000"), id="port"),
        pytest.param("example.com.", ("example.com", ""), id="trailing dot"),
        pytest.param("[::1]:80", ("[::1]", "80"), id="ipv6"),
        pytest.param("a@b", ("", ""), id="malformed"),
        pytest.param("example.com:", ("", ""), id="empty port"),
    ],
)
def test_split_domain_port(host: str, expected: tuple[str, str]) -> None:
    assert split_domain_port(host) == expected


@pytest.mark.parametrize(
    "host, pattern, expected",
    [
        pytest.param("example.com", "example.com", True, id="exact"),
        pytest.param("example.com", "EXAMPLE.com", True, id="pattern lowercased"),
        pytest.param("www.example.com", ".example.com", True, id="subdomain"),
        pytest.param("example.com", ".example.com", True, id="the domain itself"),
        pytest.param("badexample.com", ".example.com", False, id="not a subdomain"),
        pytest.param("www.example.com", "example.com", False, id="exact needs exact"),
        pytest.param("example.com", "", False, id="empty pattern"),
    ],
)
def test_is_same_domain(host: str, pattern: str, expected: bool) -> None:
    assert is_same_domain(host, pattern) is expected


def test_validate_host() -> None:
    assert validate_host("anything", ["*"])
    assert validate_host("b.com", ["a.com", "b.com"])
    assert not validate_host("c.com", ["a.com", "b.com"])
    assert not validate_host("a.com", [])


@pytest.mark.parametrize(
    "iri, uri",
    [
        pytest.param("/a b/é?q=ü#f", "/a%20b/%C3%A9?q=%C3%BC#f", id="quoted"),
        pytest.param("/already%20quoted", "/already%20quoted", id="percent kept"),
        pytest.param("/!$&'()*+,;=:@~-._[]", "/!$&'()*+,;=:@~-._[]", id="reserved kept"),
        pytest.param('/"<>\\^`{|}', "/%22%3C%3E%5C%5E%60%7B%7C%7D", id="unsafe quoted"),
    ],
)
def test_iri_to_uri(iri: str, uri: str) -> None:
    assert iri_to_uri(iri) == uri


@pytest.mark.parametrize(
    "path, quoted",
    [
        pytest.param("/a b/é", "/a%20b/%C3%A9", id="space and non-ascii"),
        pytest.param("/100%/?#", "/100%25/%3F%23", id="percent, question mark and hash"),
        pytest.param("/:@&+$,-_.!~*'()", "/:@&+$,-_.!~*'()", id="safe"),
    ],
)
def test_escape_uri_path(path: str, quoted: str) -> None:
    assert escape_uri_path(path) == quoted
