"""Template globals url() and static(), and the context processors chainweb ships."""

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.globals import request_context
from chainweb.http import HttpResponse
from chainweb.template import context_processors, render_to_string
from chainweb.template.helpers import static, url
from chainweb.test import Client, RequestFactory, override_settings
from chainweb.urls import NoReverseMatch, clear_script_prefix, include, path, set_script_prefix


@pytest.fixture
def script_prefix():
    set_script_prefix("/app/")
    yield
    clear_script_prefix()


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        pytest.param(("detail", 3), {}, "/detail/3/", id="positional"),
        pytest.param(("blog:detail", 3), {}, "/blog/3/", id="namespaced"),
        pytest.param(("detail",), {"pk": 7}, "/detail/7/", id="keyword"),
        pytest.param(("named", "a b?c#d"), {}, "/named/a%20b%3Fc%23d/", id="quoted"),
        pytest.param(
            ("named", "<script>&\"'"), {}, "/named/%3Cscript%3E&%22'/", id="html is quoted"
        ),
    ],
)
def test_url(args, kwargs, expected):
    assert url(*args, **kwargs) == expected


def test_url_in_a_template():
    rendered = render_to_string("urls.html", {"pk": 5, "slug": "a&b"})
    assert rendered.strip() == "/detail/5/|/blog/3/|/named/a&amp;b/"


def test_url_of_an_unknown_name_raises_no_reverse_match():
    with pytest.raises(NoReverseMatch, match="'nope'"):
        url("nope")


def _where(request):
    return HttpResponse(url("polls:index") + " " + url("polls:detail", 3))


_polls = ([path("", _where, name="index"), path("<int:pk>/", _where, name="detail")], "polls")
urlpatterns = [
    path("one/", include(_polls, namespace="one")),
    path("two/", include(_polls, namespace="two")),
]


def test_url_links_within_the_current_instance_of_an_app():
    """As Django's {% url %}: the request's namespace picks the instance."""
    with override_settings(ROOT_URLCONF=__name__):
        client = Client()
        assert client.get("/one/").text == "/one/ /one/3/"
        assert client.get("/two/").text == "/two/ /two/3/"
        assert url("polls:index") == "/two/"  # outside a request: the last deployed


def test_url_uses_request_current_app_first():
    with override_settings(ROOT_URLCONF=__name__):
        request = RequestFactory().get("/one/")
        request.current_app = "two"
        with request_context(request):
            assert url("polls:index") == "/two/"
            request.current_app = "one"
            assert url("polls:index") == "/one/"


def test_url_follows_the_script_prefix(script_prefix):
    assert url("detail", 1) == "/app/detail/1/"


@pytest.mark.parametrize(
    ("static_url", "path", "expected"),
    [
        pytest.param("/static/", "css/site.css", "/static/css/site.css", id="relative path"),
        pytest.param("/static/", "a b.css", "/static/a%20b.css", id="quoted"),
        pytest.param("/static/", '"><script>', "/static/%22%3E%3Cscript%3E", id="html quoted"),
        pytest.param(
            "https://cdn.example.com/s/", "app.js", "https://cdn.example.com/s/app.js", id="cdn"
        ),
        pytest.param("static/", "app.js", "/static/app.js", id="no leading slash"),
    ],
)
def test_static(static_url, path, expected):
    with override_settings(STATIC_URL=static_url):
        assert static(path) == expected


def test_static_url_without_leading_slash_goes_under_the_script_prefix(script_prefix):
    with override_settings(STATIC_URL="static/"):
        assert static("app.js") == "/app/static/app.js"


def test_static_in_a_template():
    with override_settings(STATIC_URL="/static/"):
        assert render_to_string("static.html", {"path": "x.css"}).strip() == "/static/x.css"


@pytest.mark.parametrize(
    ("static_url", "message"),
    [
        pytest.param(
            None,
            "static('app.js') needs settings.STATIC_URL, which is not set. Set it to the URL "
            "your static files are served from, for example STATIC_URL = '/static/'.",
            id="not set",
        ),
        pytest.param(
            "/static",
            "settings.STATIC_URL must end with a slash, not '/static'. Write '/static/'.",
            id="no trailing slash",
        ),
    ],
)
def test_static_misconfigured(static_url, message):
    with override_settings(STATIC_URL=static_url), pytest.raises(ImproperlyConfigured) as info:
        static("app.js")
    assert str(info.value) == message


def test_request_context_processor():
    request = RequestFactory().get("/")
    assert context_processors.request(request) == {"request": request}


@pytest.mark.parametrize(
    ("debug", "internal_ips", "expected"),
    [
        pytest.param(True, ["127.0.0.1"], {"debug": True}, id="DEBUG and internal"),
        pytest.param(True, [], {}, id="DEBUG, not internal"),
        pytest.param(False, ["127.0.0.1"], {}, id="no DEBUG"),
    ],
)
def test_debug_context_processor(debug, internal_ips, expected):
    request = RequestFactory().get("/")  # from 127.0.0.1
    with override_settings(DEBUG=debug, INTERNAL_IPS=internal_ips):
        assert context_processors.debug(request) == expected


def test_static_context_processor():
    with override_settings(STATIC_URL="/s/"):
        assert context_processors.static(RequestFactory().get("/")) == {"STATIC_URL": "/s/"}
