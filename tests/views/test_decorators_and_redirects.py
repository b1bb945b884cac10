import pytest

from chainweb.test import RequestFactory
from chainweb.utils.decorators import method_decorator
from chainweb.views import View
from chainweb.views.decorators import csrf_exempt, never_cache

from . import views


@pytest.mark.parametrize(
    ("path", "method", "status", "allow"),
    [
        ("/get-or-post/", "GET", 200, None),
        ("/get-or-post/", "POST", 200, None),
        ("/get-or-post/", "PUT", 405, "GET, POST"),
        ("/only-get/", "GET", 200, None),
        ("/only-get/", "HEAD", 405, "GET"),
        ("/only-post/", "POST", 200, None),
        ("/only-post/", "GET", 405, "POST"),
        ("/only-safe/", "GET", 200, None),
        ("/only-safe/", "HEAD", 200, None),
        ("/only-safe/", "POST", 405, "GET, HEAD"),
    ],
)
def test_require_http_methods(client, path, method, status, allow):
    response = client.generic(method, path)
    assert response.status_code == status
    assert response.headers.get("Allow") == allow


def test_never_cache_headers(client):
    response = client.get("/never-cached/")
    assert response.text == "never cached"
    directives = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert directives == {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}
    assert "Expires" in response.headers


def test_cache_control_directives(client):
    response = client.get("/public-cache/")
    assert {p.strip() for p in response.headers["Cache-Control"].split(",")} == {
        "max-age=3600",
        "public",
    }


def test_cache_control_private_replaces_public(client):
    response = client.get("/private-cache/")
    assert {p.strip() for p in response.headers["Cache-Control"].split(",")} == {
        "max-age=10",
        "private",
    }


def test_cache_control_refuses_unknown_directives():
    from chainweb.http import HttpResponse
    from chainweb.utils.cache import patch_cache_control

    with pytest.raises(TypeError, match=r"Unknown Cache-Control directive\(s\): max_ag\. Use "):
        patch_cache_control(HttpResponse(), max_ag=1)


def test_method_decorator_on_dispatch_through_as_view(client):
    response = client.get("/never-cached-view/")
    assert "no-store" in response.headers["Cache-Control"]


def test_method_decorator_with_a_list_on_a_method(client):
    response = client.get("/method-decorated/")
    assert response.text == "cached for a minute"
    assert response.headers["Cache-Control"] == "max-age=60"
    assert response.headers["X-C"] == "C"


def test_csrf_exempt_marks_function_and_class_views():
    assert views.Exempt.as_view().csrf_exempt is True

    def plain(request):
        return "x"

    marked = csrf_exempt(plain)
    assert marked.csrf_exempt is True
    assert marked.__name__ == "plain"
    assert marked(None) == "x"
    assert not hasattr(plain, "csrf_exempt")


def test_method_decorator_needs_a_method_name():
    with pytest.raises(ValueError) as info:
        method_decorator(never_cache)(views.GetOnly)
    assert "The keyword argument `name` must be the name of a method" in str(info.value)
    assert "Got '' instead." in str(info.value)


def test_method_decorator_refuses_a_non_callable_attribute():
    class WithAttribute(View):
        label = "text"

    with pytest.raises(TypeError, match=r"Cannot decorate 'label' as it isn't a callable"):
        method_decorator(never_cache, name="label")(WithAttribute)


def test_method_decorator_keeps_the_method_name_and_binds_self():
    class Greeter(View):
        name = "ann"

        @method_decorator(never_cache)
        def get(self, request):
            return f"hi {self.name}"

    assert Greeter.get.__name__ == "get"
    response = Greeter.as_view()(RequestFactory().get("/"))
    assert response.content == b"hi ann"
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        pytest.param("/go/2024/hello/", 302, "/articles/2024/hello/", id="url with kwargs"),
        pytest.param("/go-permanent/2024/hello/", 301, "/articles/2024/hello/", id="permanent"),
        pytest.param("/go/2024/hello/?a=1", 302, "/articles/2024/hello/", id="query dropped"),
        pytest.param(
            "/go-query/2024/hello/?a=1&b=2", 302, "/articles/2024/hello/?a=1&b=2", id="query kept"
        ),
        pytest.param("/go-named/2024/hello/", 302, "/articles/2024/hello/", id="pattern_name"),
        pytest.param("/gone/", 410, None, id="no url: 410"),
    ],
)
def test_redirect_view(client, path, status, location):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers.get("Location") == location


@pytest.mark.parametrize("method", ["HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_redirect_view_redirects_every_method(client, method):
    response = client.generic(method, "/go/2024/hello/")
    assert response.status_code == 302


def test_redirect_follows_to_the_article(client):
    response = client.get("/go-named/2024/hello/", follow=True)
    assert response.text == "article 2024 hello"
    assert response.redirect_chain == [("/articles/2024/hello/", 302)]
