"""chainweb.shortcuts: render, redirect, resolve_url, get_object_or_404, get_list_or_404."""

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from chainweb.http.exceptions import DisallowedRedirect
from chainweb.shortcuts import (
    get_list_or_404,
    get_object_or_404,
    redirect,
    render,
    resolve_url,
)
from chainweb.template import TemplateDoesNotExist
from chainweb.test import RequestFactory, override_settings
from chainweb.urls import NoReverseMatch, reverse_lazy
from tests.template import urls
from tests.template.settings import APP, jinja2_templates


@pytest.fixture(autouse=True)
def template_settings():
    with override_settings(
        TEMPLATES=jinja2_templates(), INSTALLED_APPS=[APP], ROOT_URLCONF="tests.template.urls"
    ):
        yield


@pytest.fixture
def request_():
    return RequestFactory().get("/page/")


# render()


def test_render_returns_a_rendered_http_response(request_):
    response = render(request_, "request.html")
    assert type(response) is HttpResponse
    assert response.status_code == 200
    assert response.content == b"path=/page/"
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_render_arguments(request_):
    response = render(
        request_,
        ["missing.html", "hello.html"],
        {"name": "<x>"},
        content_type="text/plain",
        status=404,
        using="jinja2",
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain"
    assert response.content == b"Hello &lt;x&gt;!"


def test_render_raises_for_a_missing_template(request_):
    with pytest.raises(TemplateDoesNotExist, match="Template 'nope.html' does not exist."):
        render(request_, "nope.html")


# redirect() and resolve_url()


class Article:
    def get_absolute_url(self):
        return "/articles/1/"


@pytest.mark.parametrize(
    ("to", "args", "kwargs", "expected"),
    [
        pytest.param("detail", (3,), {}, "/detail/3/", id="view name, args"),
        pytest.param("detail", (), {"pk": 4}, "/detail/4/", id="view name, kwargs"),
        pytest.param("blog:detail", (5,), {}, "/blog/5/", id="namespaced name"),
        pytest.param(urls.swap, (), {}, "/swap/", id="view function"),
        pytest.param(Article(), (), {}, "/articles/1/", id="get_absolute_url"),
        pytest.param("/some/path/", (), {}, "/some/path/", id="absolute path"),
        pytest.param("https://example.com/x", (), {}, "https://example.com/x", id="full URL"),
        pytest.param("./", (), {}, "./", id="relative ./"),
        pytest.param("../up/", (), {}, "../up/", id="relative ../"),
        pytest.param("page.html", (), {}, "page.html", id="file name with a dot"),
        pytest.param(reverse_lazy("detail", args=[7]), (), {}, "/detail/7/", id="lazy URL"),
    ],
)
def test_resolve_url(to, args, kwargs, expected):
    assert resolve_url(to, *args, **kwargs) == expected


@pytest.mark.parametrize(
    "to",
    [
        pytest.param("nope", id="name that does not reverse"),
        pytest.param(Article.get_absolute_url, id="function that is not a view"),
    ],
)
def test_resolve_url_raises_for_what_looks_like_a_view(to):
    with pytest.raises(NoReverseMatch):
        resolve_url(to)


@pytest.mark.parametrize(
    ("permanent", "preserve_request", "cls", "status"),
    [
        pytest.param(False, False, HttpResponseRedirect, 302, id="temporary"),
        pytest.param(True, False, HttpResponsePermanentRedirect, 301, id="permanent"),
        pytest.param(False, True, HttpResponseRedirect, 307, id="temporary, keep method"),
        pytest.param(True, True, HttpResponsePermanentRedirect, 308, id="permanent, keep method"),
    ],
)
def test_redirect_status(permanent, preserve_request, cls, status):
    response = redirect("detail", 1, permanent=permanent, preserve_request=preserve_request)
    assert type(response) is cls
    assert response.status_code == status
    assert response["Location"] == "/detail/1/"


def test_redirect_with_kwargs_and_relative_urls():
    assert redirect("detail", pk=2).url == "/detail/2/"
    assert redirect("../").url == "../"
    assert redirect(Article()).url == "/articles/1/"


def test_redirect_refuses_unsafe_urls():
    with pytest.raises(DisallowedRedirect, match="protocol 'javascript'"):
        redirect("javascript:alert(1)/")


def test_redirect_without_urlconf_says_how_to_fix():
    with override_settings(ROOT_URLCONF=None), pytest.raises(ImproperlyConfigured):
        redirect("/x/")


# get_object_or_404() and get_list_or_404()

POSTS = {"hello": "Hello post", "empty": ""}


def find_post(slug, *, published=True):
    return POSTS.get(slug) if published else None


def raise_index_error(index):
    return ["only"][index]


@pytest.mark.parametrize(
    ("source", "args", "kwargs", "expected"),
    [
        pytest.param(POSTS, ("hello",), {}, "Hello post", id="mapping"),
        pytest.param(POSTS, ("empty",), {}, "", id="mapping, falsy value"),
        pytest.param(find_post, ("hello",), {}, "Hello post", id="callable"),
        pytest.param(raise_index_error, (0,), {}, "only", id="callable, index"),
    ],
)
def test_get_object_or_404_found(source, args, kwargs, expected):
    assert get_object_or_404(source, *args, **kwargs) == expected


@pytest.mark.parametrize(
    ("source", "args", "kwargs", "message"),
    [
        pytest.param(
            POSTS, ("nope",), {}, "No object matches the given key 'nope' in the dict.", id="key"
        ),
        pytest.param(
            find_post,
            ("nope",),
            {},
            "No object matches the given query: find_post('nope').",
            id="callable returns None",
        ),
        pytest.param(
            find_post,
            ("hello",),
            {"published": False},
            "No object matches the given query: find_post('hello', published=False).",
            id="callable with kwargs",
        ),
        pytest.param(
            raise_index_error,
            (3,),
            {},
            "No object matches the given query: raise_index_error(3).",
            id="callable raises LookupError",
        ),
        pytest.param(
            POSTS.__getitem__,
            ("nope",),
            {},
            "No object matches the given query: dict.__getitem__('nope').",
            id="bound method raises KeyError",
        ),
    ],
)
def test_get_object_or_404_not_found(source, args, kwargs, message):
    with pytest.raises(Http404) as info:
        get_object_or_404(source, *args, **kwargs)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        pytest.param(
            (POSTS,),
            {},
            "get_object_or_404(mapping, key) looks up exactly one key; got 0 positional and 0 "
            "keyword arguments. Pass the key alone, or pass a function to call with the "
            "arguments.",
            id="mapping without key",
        ),
        pytest.param(
            (POSTS, "a"),
            {"b": 1},
            "get_object_or_404(mapping, key) looks up exactly one key; got 1 positional and 1 "
            "keyword arguments. Pass the key alone, or pass a function to call with the "
            "arguments.",
            id="mapping with kwargs",
        ),
        pytest.param(
            (["a"], 0),
            {},
            "get_object_or_404() takes a mapping or a callable as its first argument, not "
            "list: pass a dict and a key, or a function and its arguments.",
            id="list",
        ),
    ],
)
def test_get_object_or_404_wrong_arguments(args, kwargs, message):
    with pytest.raises(TypeError) as info:
        get_object_or_404(*args, **kwargs)
    assert str(info.value) == message


def test_get_object_or_404_lets_other_errors_through():
    def broken(key):
        raise ValueError("bug")

    with pytest.raises(ValueError, match="bug"):
        get_object_or_404(broken, 1)


@pytest.mark.parametrize(
    ("source", "args", "expected"),
    [
        pytest.param([1, 2], (), [1, 2], id="list"),
        pytest.param((x for x in "ab"), (), ["a", "b"], id="generator"),
        pytest.param(lambda n: range(n), (2,), [0, 1], id="callable"),
    ],
)
def test_get_list_or_404_found(source, args, expected):
    assert get_list_or_404(source, *args) == expected


@pytest.mark.parametrize(
    ("source", "args", "message"),
    [
        pytest.param([], (), "No objects match the given query: list.", id="empty list"),
        pytest.param(
            lambda tag: [],
            ("x",),
            "No objects match the given query: <lambda>('x').",
            id="callable returns nothing",
        ),
    ],
)
def test_get_list_or_404_not_found(source, args, message):
    with pytest.raises(Http404) as info:
        get_list_or_404(source, *args)
    assert str(info.value) == message


def test_get_list_or_404_arguments_need_a_callable():
    with pytest.raises(TypeError) as info:
        get_list_or_404([1], 2)
    assert str(info.value) == (
        "get_list_or_404() passes arguments only to a callable; got an iterable, list, and "
        "arguments. Drop the arguments, or pass a function."
    )
