"""Request: Django's path names, host validation, scheme, port and URL building."""

from __future__ import annotations

import pytest

from chainweb.core.exceptions import DisallowedHost, ImproperlyConfigured
from chainweb.http import Request
from chainweb.test import override_settings
from chainweb.utils.functional import LazyStr

from .utils import environ, make_request

ALLOWED = [
    "forward.com",
    "example.com",
    "12.34.56.78",
    "[2001:19f0:feee::dead:beef:cafe]",
    "xn--4ca9at.com",
    ".multitenant.com",
    "INSENSITIVE.com",
]


def host_request(host: str, **extra: str) -> Request:
    return make_request("/", extra={"HTTP_HOST": host, **extra})


@pytest.mark.parametrize(
    "host",
    [
        pytest.param("example.com", id="exact"),
        pytest.param("example.com:80", id="exact with port"),
        pytest.param("example.com.", id="trailing dot"),
        pytest.param("example.com.:80", id="trailing dot with port"),
        pytest.param("EXAMPLE.com", id="uppercase host"),
        pytest.param("insensitive.com", id="uppercase pattern"),
        pytest.param("12.34.56.78:443", id="ipv4 with port"),
        pytest.param("[2001:19f0:feee::dead:beef:cafe]", id="ipv6"),
        pytest.param("[2001:19f0:feee::dead:beef:cafe]:8080", id="ipv6 with port"),
        pytest.param("xn--4ca9at.com", id="punycode"),
        pytest.param("anything.multitenant.com", id="subdomain wildcard"),
        pytest.param("multitenant.com", id="wildcard's own domain"),
    ],
)
@override_settings(ALLOWED_HOSTS=ALLOWED)
def test_get_host_accepts_allowed_hosts(host: str) -> None:
    assert host_request(host).get_host() == host


@pytest.mark.parametrize(
    "host, domain",
    [
        pytest.param("other.com", "other.com", id="not listed"),
        pytest.param("other.com:8000", "other.com", id="not listed, port dropped"),
        pytest.param("evilmultitenant.com", "evilmultitenant.com", id="wildcard is not a suffix"),
        pytest.param("example.com.evil.tld", "example.com.evil.tld", id="allowed as a prefix"),
        pytest.param("OTHER.com", "other.com", id="domain lowercased"),
    ],
)
@override_settings(ALLOWED_HOSTS=ALLOWED)
def test_get_host_refuses_unlisted_hosts_saying_what_to_add(host: str, domain: str) -> None:
    with pytest.raises(DisallowedHost) as info:
        host_request(host).get_host()
    assert str(info.value) == (
        f"Invalid HTTP_HOST header: {host!r}. You may need to add {domain!r} to ALLOWED_HOSTS."
    )


@pytest.mark.parametrize(
    "host",
    [
        pytest.param("example.com@evil.tld", id="userinfo"),
        pytest.param("example.com:dr.frankenstein@evil.tld:80", id="userinfo and port"),
        pytest.param("example.com:80/badpath", id="path"),
        pytest.param("example.com: recovermypassword.com", id="space"),
        pytest.param("12.34.56.78:aaaa", id="port not a number"),
        pytest.param("[2001:19f0:feee::dead:beef:cafe", id="unclosed ipv6"),
        pytest.param("exa_mple.com", id="underscore"),
        pytest.param("", id="empty"),
    ],
)
@override_settings(ALLOWED_HOSTS=["*"])
def test_get_host_refuses_malformed_hosts_even_with_a_wildcard(host: str) -> None:
    with pytest.raises(DisallowedHost) as info:
        host_request(host).get_host()
    assert str(info.value) == (
        f"Invalid HTTP_HOST header: {host!r}. The domain name provided is not valid "
        "according to RFC 1034/1035."
    )


@override_settings(ALLOWED_HOSTS=["*"])
def test_star_allows_any_well_formed_host() -> None:
    assert host_request("anything.example:81").get_host() == "anything.example:81"


@pytest.mark.parametrize(
    "host, allowed",
    [
        pytest.param("localhost", True, id="localhost"),
        pytest.param("sub.localhost:8000", True, id="subdomain of localhost"),
        pytest.param("127.0.0.1:8000", True, id="ipv4 loopback"),
        pytest.param("[::1]", True, id="ipv6 loopback"),
        pytest.param("example.com", False, id="other host"),
    ],
)
@override_settings(DEBUG=True, ALLOWED_HOSTS=[])
def test_debug_with_empty_allowed_hosts_allows_local_hosts(host: str, allowed: bool) -> None:
    request = host_request(host)
    if allowed:
        assert request.get_host() == host
    else:
        with pytest.raises(DisallowedHost, match="add 'example.com' to ALLOWED_HOSTS"):
            request.get_host()


@override_settings(DEBUG=False, ALLOWED_HOSTS=[])
def test_empty_allowed_hosts_without_debug_allows_nothing() -> None:
    with pytest.raises(DisallowedHost):
        host_request("localhost").get_host()


@pytest.mark.parametrize(
    "use_forwarded, expected",
    [
        pytest.param(True, "forward.com", id="trusted"),
        pytest.param(False, "example.com", id="ignored by default"),
    ],
)
def test_x_forwarded_host(use_forwarded: bool, expected: str) -> None:
    request = host_request("example.com", HTTP_X_FORWARDED_HOST="forward.com")
    with override_settings(USE_X_FORWARDED_HOST=use_forwarded, ALLOWED_HOSTS=ALLOWED):
        assert request.get_host() == expected


@pytest.mark.parametrize(
    "scheme, port, expected",
    [
        pytest.param("http", "80", "example.com", id="http default port"),
        pytest.param("http", "8000", "example.com:8000", id="http other port"),
        pytest.param("https", "443", "example.com", id="https default port"),
        pytest.param("https", "80", "example.com:80", id="https on port 80"),
    ],
)
@override_settings(ALLOWED_HOSTS=ALLOWED)
def test_host_from_server_name_without_host_header(scheme: str, port: str, expected: str) -> None:
    env = environ("/")
    del env["HTTP_HOST"]
    env.update({"SERVER_NAME": "example.com", "SERVER_PORT": port, "wsgi.url_scheme": scheme})
    assert Request(env).get_host() == expected


@pytest.mark.parametrize(
    "use_forwarded, expected",
    [pytest.param(True, "8080", id="trusted"), pytest.param(False, "80", id="ignored")],
)
def test_get_port(use_forwarded: bool, expected: str) -> None:
    request = make_request("/", extra={"HTTP_X_FORWARDED_PORT": "8080"})
    with override_settings(USE_X_FORWARDED_PORT=use_forwarded):
        assert request.get_port() == expected


def test_get_port_without_forwarded_header_uses_server_port() -> None:
    with override_settings(USE_X_FORWARDED_PORT=True):
        assert make_request("/", extra={"SERVER_PORT": "8443"}).get_port() == "8443"


@pytest.mark.parametrize(
    "setting, environ_extra, scheme",
    [
        pytest.param(None, {}, "http", id="unset: wsgi.url_scheme"),
        pytest.param(None, {"wsgi.url_scheme": "https"}, "https", id="unset: https server"),
        pytest.param(
            ("HTTP_X_FORWARDED_PROTO", "https"),
            {"HTTP_X_FORWARDED_PROTO": "https"},
            "https",
            id="proxy says https",
        ),
        pytest.param(
            ("HTTP_X_FORWARDED_PROTO", "https"),
            {"HTTP_X_FORWARDED_PROTO": "https, http"},
            "https",
            id="first of a list",
        ),
        pytest.param(
            ("HTTP_X_FORWARDED_PROTO", "https"),
            {"HTTP_X_FORWARDED_PROTO": "http", "wsgi.url_scheme": "https"},
            "http",
            id="proxy says http",
        ),
        pytest.param(
            ("HTTP_X_FORWARDED_PROTO", "https"),
            {"wsgi.url_scheme": "https"},
            "https",
            id="header missing: wsgi.url_scheme",
        ),
        pytest.param(
            ["HTTP_X_FORWARDED_PROTO", "https"],
            {"HTTP_X_FORWARDED_PROTO": "https"},
            "https",
            id="a list works too",
        ),
    ],
)
def test_scheme_and_is_secure(
    setting: tuple[str, str] | None, environ_extra: dict[str, str], scheme: str
) -> None:
    request = make_request("/", extra=environ_extra)
    with override_settings(SECURE_PROXY_SSL_HEADER=setting):
        assert request.scheme == scheme
        assert request.is_secure() is (scheme == "https")


@pytest.mark.parametrize(
    "setting",
    [
        pytest.param("HTTP_X_FORWARDED_PROTO", id="a string"),
        pytest.param(("HTTP_X_FORWARDED_PROTO",), id="one item"),
        pytest.param(("HTTP_X_FORWARDED_PROTO", "https", "x"), id="three items"),
        pytest.param(("HTTP_X_FORWARDED_PROTO", 1), id="not strings"),
        pytest.param(True, id="a bool"),
    ],
)
def test_misconfigured_secure_proxy_ssl_header_says_how_to_write_it(setting: object) -> None:
    request = make_request("/")
    with override_settings(SECURE_PROXY_SSL_HEADER=setting):
        with pytest.raises(ImproperlyConfigured) as info:
            request.is_secure()
    assert str(info.value) == (
        "The SECURE_PROXY_SSL_HEADER setting must be a tuple of two strings, the header's META "
        "name and the value that means HTTPS, such as ('HTTP_X_FORWARDED_PROTO', 'https'); "
        f"it is {setting!r}."
    )


def test_path_is_script_name_plus_path_info() -> None:
    request = Request(environ("/articles/2003/", base_url="http://testserver/app/"))
    assert request.path == "/app/articles/2003/"
    assert request.path_info == "/articles/2003/"
    assert request.root_path == "/app"


def test_werkzeug_urls_keep_their_meaning_under_a_script_prefix() -> None:
    request = Request(environ("/a b", base_url="http://testserver/app/", query_string="q=1"))
    assert request.url == "http://testserver/app/a%20b?q=1"
    assert request.base_url == "http://testserver/app/a%20b"
    assert request.full_path == "/a b?q=1"


@pytest.mark.parametrize(
    "path, query, force_slash, expected",
    [
        pytest.param("/a", "", False, "/app/a", id="no query"),
        pytest.param("/a", "", True, "/app/a/", id="slash appended"),
        pytest.param("/a/", "", True, "/app/a/", id="slash already there"),
        pytest.param("/a", "x=1&y=2", False, "/app/a?x=1&y=2", id="query kept"),
        pytest.param("/a b/é", "", False, "/app/a%20b/%C3%A9", id="path quoted"),
        pytest.param("/%", "", False, "/app/%25", id="percent in the path quoted"),
        pytest.param("/a", "q=caf\xc3\xa9", False, "/app/a?q=caf%C3%A9", id="utf-8 query"),
        pytest.param("/a", "q=\xff", True, "/app/a/?q=%FF", id="non-utf-8 query bytes"),
    ],
)
def test_get_full_path(path: str, query: str, force_slash: bool, expected: str) -> None:
    env = environ(path, base_url="http://testserver/app/")
    env["QUERY_STRING"] = query
    request = Request(env)
    assert request.get_full_path(force_append_slash=force_slash) == expected
    assert request.get_full_path_info(force_slash) == expected.removeprefix("/app")


@pytest.mark.parametrize(
    "location, expected",
    [
        pytest.param(None, "http://testserver/app/page?x=1", id="this request"),
        pytest.param("/other/", "http://testserver/other/", id="absolute path"),
        pytest.param("rel/", "http://testserver/app/rel/", id="relative path"),
        pytest.param("../up", "http://testserver/up", id="dot segments"),
        pytest.param("/a/../b", "http://testserver/b", id="dot segments in an absolute path"),
        pytest.param("?y=2", "http://testserver/app/page?y=2", id="query only"),
        pytest.param("//cdn.example/x", "http://cdn.example/x", id="scheme relative"),
        pytest.param("https://example.org/é", "https://example.org/%C3%A9", id="absolute url"),
        pytest.param(LazyStr(lambda: "/lazy/"), "http://testserver/lazy/", id="lazy text"),
    ],
)
def test_build_absolute_uri(location: str | LazyStr | None, expected: str) -> None:
    request = Request(environ("/page", base_url="http://testserver/app/", query_string="x=1"))
    assert request.build_absolute_uri(location) == expected


def test_build_absolute_uri_for_a_double_slash_path_keeps_the_host() -> None:
    env = environ("/")
    env["PATH_INFO"] = "//evil.example/x"
    request = Request(env)
    assert request.build_absolute_uri() == "http://testserver/evil.example/x"


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_build_absolute_uri_uses_the_proxy_scheme() -> None:
    request = make_request("/p", extra={"HTTP_X_FORWARDED_PROTO": "https"})
    assert request.build_absolute_uri() == "https://testserver/p"


def test_build_absolute_uri_checks_the_host() -> None:
    with pytest.raises(DisallowedHost):
        host_request("evil.example").build_absolute_uri("/x")


def test_django_names_alias_werkzeug_attributes() -> None:
    request = make_request(
        "/",
        method="POST",
        query_string="q=1",
        data={"f": "v"},
        headers={"Cookie": "c=3"},
    )
    assert request.GET is request.args
    assert request.POST is request.form
    assert request.FILES is request.files
    assert request.COOKIES is request.cookies
    assert dict(request.COOKIES) == {"c": "3"}
    assert request.META is request.environ
    assert request.content_type == "application/x-www-form-urlencoded"
    assert request.resolver_match is None
    assert request.urlconf is None


def test_content_type_is_the_media_type_and_params_are_separate() -> None:
    request = make_request("/", method="POST", content_type="Text/Plain; charset=latin-1")
    assert request.content_type == "text/plain"
    assert request.content_params == {"charset": "latin-1"}
