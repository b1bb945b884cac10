"""resolve(): ResolverMatch contents, namespaces, converters, Resolver404.

The tables are ported from Django's tests/urlpatterns_reverse/tests.py (resolve_test_data)
and tests/urlpatterns/tests.py; the fixture URLconfs are in tests/urls/urlconfs/.
"""

import string
import types
import uuid

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.http import Http404
from chainweb.urls import (
    Resolver404,
    ResolverMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    get_urlconf,
    path,
    register_converter,
    resolve,
    reverse_lazy,
    set_urlconf,
)
from tests.urls.urlconfs import converters, leaf_urls, views

NS = "tests.urls.urlconfs.namespace_urls"
PATH_URLS = "tests.urls.urlconfs.path_urls"
CONVERTER_URLS = "tests.urls.urlconfs.converter_urls"
BASE64_URLS = "tests.urls.urlconfs.base64_urls"
FALLTHROUGH_URLS = "tests.urls.urlconfs.fallthrough_urls"
NAMED_URLS = "tests.urls.urlconfs.named_urls"
ROOT_URLS = "tests.urls.urlconfs.root_urls"
DEEP_URLS = "tests.urls.urlconfs.deep_urls"
NESTED_URLS = "tests.urls.urlconfs.nested_urls"
URLS = "tests.urls.urlconfs.urls"

ARGS_42_37 = {"arg1": "42", "arg2": "37"}

# (path, url_name, app_name, namespace, view_name, func, args, kwargs), against namespace_urls.
RESOLVE_TEST_DATA = [
    # Simple case
    pytest.param(
        "/normal/42/37/",
        "normal-view",
        "",
        "",
        "normal-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="simple",
    ),
    pytest.param(
        "/normal/",
        "normal-view",
        "",
        "",
        "normal-view",
        views.empty_view,
        (),
        {},
        id="simple path() without arguments",
    ),
    pytest.param(
        "/view_class/42/37/",
        "view-class",
        "",
        "",
        "view-class",
        views.view_class_instance,
        (),
        ARGS_42_37,
        id="callable instance as view",
    ),
    pytest.param(
        "/included/normal/42/37/",
        "inc-normal-view",
        "included_namespace_urls",
        "included_namespace_urls",
        "included_namespace_urls:inc-normal-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="module app_name is the default namespace",
    ),
    pytest.param(
        "/included/view_class/42/37/",
        "inc-view-class",
        "included_namespace_urls",
        "included_namespace_urls",
        "included_namespace_urls:inc-view-class",
        views.view_class_instance,
        (),
        ARGS_42_37,
        id="callable instance in included module",
    ),
    # Unnamed args are dropped if you have *any* kwargs in a pattern.
    pytest.param(
        "/mixed_args/42/37/",
        "mixed-args",
        "",
        "",
        "mixed-args",
        views.empty_view,
        (),
        {"extra": True, "arg2": "37"},
        id="unnamed group dropped beside a named one, extra kwargs added",
    ),
    pytest.param(
        "/included/mixed_args/42/37/",
        "inc-mixed-args",
        "included_namespace_urls",
        "included_namespace_urls",
        "included_namespace_urls:inc-mixed-args",
        views.empty_view,
        (),
        {"arg2": "37"},
        id="unnamed group dropped beside a named one, included",
    ),
    pytest.param(
        "/included/12/mixed_args/42/37/",
        "inc-mixed-args",
        "included_namespace_urls",
        "included_namespace_urls",
        "included_namespace_urls:inc-mixed-args",
        views.empty_view,
        (),
        {"arg2": "37"},
        id="unnamed group of the include prefix dropped too",
    ),
    # Unnamed views have None as the url_name (Django #21157).
    pytest.param(
        "/unnamed/normal/42/37/",
        None,
        "",
        "",
        "tests.urls.urlconfs.views.empty_view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="unnamed function view",
    ),
    pytest.param(
        "/unnamed/view_class/42/37/",
        None,
        "",
        "",
        "tests.urls.urlconfs.views.ViewClass",
        views.view_class_instance,
        (),
        ARGS_42_37,
        id="unnamed callable instance",
    ),
    # If you have no kwargs, you get an args list.
    pytest.param(
        "/no_kwargs/42/37/",
        "no-kwargs",
        "",
        "",
        "no-kwargs",
        views.empty_view,
        ("42", "37"),
        {},
        id="positional args when no named groups",
    ),
    pytest.param(
        "/included/no_kwargs/42/37/",
        "inc-no-kwargs",
        "included_namespace_urls",
        "included_namespace_urls",
        "included_namespace_urls:inc-no-kwargs",
        views.empty_view,
        ("42", "37"),
        {},
        id="positional args when no named groups, included",
    ),
    pytest.param(
        "/included/12/no_kwargs/42/37/",
        "inc-no-kwargs",
        "included_namespace_urls",
        "included_namespace_urls",
        "included_namespace_urls:inc-no-kwargs",
        views.empty_view,
        ("12", "42", "37"),
        {},
        id="positional args of the include prefix come first",
    ),
    # Namespaces
    pytest.param(
        "/test1/inner/42/37/",
        "urlobject-view",
        "testapp",
        "test-ns1",
        "test-ns1:urlobject-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="(patterns, app_name) with an instance namespace",
    ),
    pytest.param(
        "/test1/inner/",
        "urlobject-view",
        "testapp",
        "test-ns1",
        "test-ns1:urlobject-view",
        views.empty_view,
        (),
        {},
        id="(patterns, app_name) with an instance namespace, no args",
    ),
    pytest.param(
        "/included/test3/inner/42/37/",
        "urlobject-view",
        "included_namespace_urls:testapp",
        "included_namespace_urls:test-ns3",
        "included_namespace_urls:test-ns3:urlobject-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="namespace inside the default namespace of a module",
    ),
    pytest.param(
        "/ns-included1/normal/42/37/",
        "inc-normal-view",
        "included_namespace_urls",
        "inc-ns1",
        "inc-ns1:inc-normal-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="instance namespace given to include() of a module with app_name",
    ),
    pytest.param(
        "/ns-included3/normal/",
        "inc-normal-view",
        "included_namespace_urls",
        "inc-ns1",
        "inc-ns1:inc-normal-view",
        views.empty_view,
        (),
        {},
        id="re_path include prefix with a character class",
    ),
    pytest.param(
        "/app-included1/normal/",
        "inc-normal-view",
        "inc-app",
        "app-ns1",
        "app-ns1:inc-normal-view",
        views.empty_view,
        (),
        {},
        id="module app_name with a namespace keyword",
    ),
    pytest.param(
        "/default/inner/42/37/",
        "urlobject-view",
        "testapp",
        "testapp",
        "testapp:urlobject-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="default instance (namespace == app_name)",
    ),
    pytest.param(
        "/other2/inner/42/37/",
        "urlobject-view",
        "nodefault",
        "other-ns2",
        "other-ns2:urlobject-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="app without default instance, second instance",
    ),
    pytest.param(
        "/other6/inner/",
        "urlobject-view",
        "nodefault",
        "other-ns2",
        "other-ns2:urlobject-view",
        views.empty_view,
        (),
        {},
        id="app without default instance, regex prefix alternative",
    ),
    pytest.param(
        "/other1/inner/42/37/",
        "urlobject-view",
        "nodefault",
        "other-ns1",
        "other-ns1:urlobject-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="app without default instance, first instance",
    ),
    pytest.param(
        "/newapp1/inner/",
        "urlobject-view",
        "newapp",
        "new-ns1",
        "new-ns1:urlobject-view",
        views.empty_view,
        (),
        {},
        id="(patterns, app_name) with namespace as second positional argument",
    ),
    pytest.param(
        "/new-default/inner/",
        "urlobject-view",
        "newapp",
        "newapp",
        "newapp:urlobject-view",
        views.empty_view,
        (),
        {},
        id="(patterns, app_name) without namespace defaults to app_name",
    ),
    # Nested namespaces
    pytest.param(
        "/ns-included1/test3/inner/42/37/",
        "urlobject-view",
        "included_namespace_urls:testapp",
        "inc-ns1:test-ns3",
        "inc-ns1:test-ns3:urlobject-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="nested namespaces",
    ),
    pytest.param(
        "/ns-included1/ns-included4/ns-included2/test3/inner/42/37/",
        "urlobject-view",
        "included_namespace_urls:namespace_urls:included_namespace_urls:testapp",
        "inc-ns1:inc-ns4:inc-ns2:test-ns3",
        "inc-ns1:inc-ns4:inc-ns2:test-ns3:urlobject-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="nested namespaces four deep, through a recursive include",
    ),
    pytest.param(
        "/app-included/test3/inner/42/37/",
        "urlobject-view",
        "included_namespace_urls:testapp",
        "inc-app:test-ns3",
        "inc-app:test-ns3:urlobject-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="nested namespace under a namespace given positionally",
    ),
    pytest.param(
        "/app-included/ns-included4/ns-included2/test3/inner/42/37/",
        "urlobject-view",
        "included_namespace_urls:namespace_urls:included_namespace_urls:testapp",
        "inc-app:inc-ns4:inc-ns2:test-ns3",
        "inc-app:inc-ns4:inc-ns2:test-ns3:urlobject-view",
        views.empty_view,
        (),
        ARGS_42_37,
        id="nested namespaces four deep under a positional namespace",
    ),
    pytest.param(
        "/+\\$*/included/normal/",
        "inc-normal-view",
        "namespace_urls:included_namespace_urls",
        "special:included_namespace_urls",
        "special:included_namespace_urls:inc-normal-view",
        views.empty_view,
        (),
        {},
        id="module including itself under a special-character prefix",
    ),
    # Namespaces capturing variables
    pytest.param(
        "/inc70/",
        "inner-nothing",
        "included_urls",
        "inc-ns5",
        "inc-ns5:inner-nothing",
        views.empty_view,
        (),
        {"outer": "70"},
        id="namespace prefix captures a variable",
    ),
    pytest.param(
        "/inc78/extra/foobar/",
        "inner-extra",
        "included_urls",
        "inc-ns5",
        "inc-ns5:inner-extra",
        views.empty_view,
        (),
        {"outer": "78", "extra": "foobar"},
        id="namespace prefix and pattern both capture",
    ),
    pytest.param(
        "/ns-outer/42/normal/37/4/",
        "inc-normal-view",
        "included_namespace_urls",
        "inc-outer",
        "inc-outer:inc-normal-view",
        views.empty_view,
        (),
        {"outer": "42", "arg1": "37", "arg2": "4"},
        id="namespace with a captured prefix and named groups",
    ),
]


@pytest.mark.parametrize(
    ("path_", "url_name", "app_name", "namespace", "view_name", "func", "args", "kwargs"),
    RESOLVE_TEST_DATA,
)
def test_resolve_namespace_urls(
    path_, url_name, app_name, namespace, view_name, func, args, kwargs
):
    match = resolve(path_, urlconf=NS)
    assert type(match) is ResolverMatch
    assert match.url_name == url_name
    assert match.app_name == app_name
    assert match.namespace == namespace
    assert match.view_name == view_name
    assert match.func is func
    assert match.args == args
    assert match.kwargs == kwargs
    assert match.app_names == (app_name.split(":") if app_name else [])
    assert match.namespaces == (namespace.split(":") if namespace else [])
    # Legacy support for extracting "function, args, kwargs".
    match_func, match_args, match_kwargs = match
    assert (match_func, match_args, match_kwargs) == (func, args, kwargs)
    assert match[0] is func
    assert match[1] == args
    assert match[2] == kwargs


# Django joins the route strings of every level; a '^' is kept only at the very start.
ROUTE_TEST_DATA = [
    pytest.param(
        "/normal/42/37/", r"^normal/(?P<arg1>[0-9]+)/(?P<arg2>[0-9]+)/$", id="re_path at root"
    ),
    pytest.param("/normal/", "normal/", id="path at root"),
    pytest.param(
        "/included/normal/42/37/",
        r"included/normal/(?P<arg1>[0-9]+)/(?P<arg2>[0-9]+)/$",
        id="re_path under a path include loses its '^'",
    ),
    pytest.param(
        "/included/12/no_kwargs/42/37/",
        r"^included/([0-9]+)/no_kwargs/([0-9]+)/([0-9]+)/$",
        id="re_path under a re_path include",
    ),
    pytest.param("/test1/inner/", "test1/inner/", id="path under a path include"),
    pytest.param(
        "/ns-included1/test3/inner/42/37/",
        r"^ns-included[135]/test3/inner/(?P<arg1>[0-9]+)/(?P<arg2>[0-9]+)/$",
        id="three levels",
    ),
    pytest.param(
        "/ns-included1/ns-included4/ns-included2/test3/inner/42/37/",
        r"^ns-included[135]/ns-included4/ns-included2/test3/inner/"
        r"(?P<arg1>[0-9]+)/(?P<arg2>[0-9]+)/$",
        id="five levels",
    ),
    pytest.param("/inc70/", r"^inc(?P<outer>[0-9]+)/", id="empty path() under a capture"),
    pytest.param(
        "/inc78/extra/foobar/",
        r"^inc(?P<outer>[0-9]+)/extra/(?P<extra>\w+)/$",
        id="re_path under a capture",
    ),
]


@pytest.mark.parametrize(("path_", "route"), ROUTE_TEST_DATA)
def test_resolver_match_route(path_, route):
    assert resolve(path_, urlconf=NS).route == route


# (path, url_name, kwargs, route, captured_kwargs, extra_kwargs), against path_urls.
PATH_TEST_DATA = [
    pytest.param(
        "/articles/2003/",
        "articles-2003",
        {},
        "articles/2003/",
        {},
        {},
        id="without parameters",
    ),
    pytest.param(
        "/articles/2015/",
        "articles-year",
        {"year": 2015},
        "articles/<int:year>/",
        {"year": 2015},
        {},
        id="typed parameter",
    ),
    pytest.param(
        "/articles/2015/04/12/",
        "articles-year-month-day",
        {"year": 2015, "month": 4, "day": 12},
        "articles/<int:year>/<int:month>/<int:day>/",
        {"year": 2015, "month": 4, "day": 12},
        {},
        id="several typed parameters",
    ),
    pytest.param(
        "/books/2015/04/12/",
        "books-year-month-day",
        {"year": 2015, "month": 4, "day": 12, "extra": True},
        "books/<int:year>/<int:month>/<int:day>/",
        {"year": 2015, "month": 4, "day": 12},
        {"extra": True},
        id="parameters and extra kwargs",
    ),
    pytest.param(
        "/books/2007/",
        "books-2007",
        {"extra": True},
        "books/2007/",
        {},
        {"extra": True},
        id="extra kwargs only",
    ),
    pytest.param(
        "/users/7/",
        "user-with-id",
        {"id": "7"},
        "users/<id>/",
        {"id": "7"},
        {},
        id="no converter means str",
    ),
    pytest.param(
        "/en/foo/",
        "lang-and-path",
        {"lang": "en", "url": "foo"},
        "<lang>/<path:url>/",
        {"lang": "en", "url": "foo"},
        {},
        id="two variables at the start",
    ),
    pytest.param(
        "/en/foo/bar/baz/",
        "lang-and-path",
        {"lang": "en", "url": "foo/bar/baz"},
        "<lang>/<path:url>/",
        {"lang": "en", "url": "foo/bar/baz"},
        {},
        id="path converter spans slashes",
    ),
    pytest.param(
        "/regex/1/",
        "regex",
        {"pk": "1"},
        "^regex/(?P<pk>[0-9]+)/$",
        {"pk": "1"},
        {},
        id="re_path",
    ),
    pytest.param(
        "/regex_optional/1/2/",
        "regex_optional",
        {"arg1": "1", "arg2": "2"},
        r"^regex_optional/(?P<arg1>\d+)/(?:(?P<arg2>\d+)/)?",
        {"arg1": "1", "arg2": "2"},
        {},
        id="re_path optional group given",
    ),
    pytest.param(
        "/regex_optional/1/",
        "regex_optional",
        {"arg1": "1"},
        r"^regex_optional/(?P<arg1>\d+)/(?:(?P<arg2>\d+)/)?",
        {"arg1": "1"},
        {},
        id="re_path optional group missing is left out",
    ),
    pytest.param(
        "/regex_only_optional/",
        "regex_only_optional",
        {},
        r"^regex_only_optional/(?:(?P<arg1>\d+)/)?",
        {},
        {},
        id="re_path only optional group missing gives no args",
    ),
    pytest.param(
        "/included_urls/extra/something/",
        "inner-extra",
        {"extra": "something"},
        "included_urls/extra/<extra>/",
        {"extra": "something"},
        {},
        id="path include",
    ),
    pytest.param(
        "/more/99/",
        "inner-more",
        {"extra": "99", "sub-extra": True},
        r"^more/(?P<extra>\w+)/$",
        {"extra": "99"},
        {"sub-extra": True},
        id="empty-string include with kwargs",
    ),
    pytest.param(
        "/included_urls/more/some_value/",
        "inner-more",
        {"extra": "some_value"},
        r"included_urls/more/(?P<extra>\w+)/$",
        {"extra": "some_value"},
        {},
        id="double include",
    ),
]


@pytest.mark.parametrize(
    ("path_", "url_name", "kwargs", "route", "captured_kwargs", "extra_kwargs"), PATH_TEST_DATA
)
def test_resolve_path_urls(path_, url_name, kwargs, route, captured_kwargs, extra_kwargs):
    match = resolve(path_, urlconf=PATH_URLS)
    assert match.url_name == url_name
    assert match.func is views.empty_view
    assert match.args == ()
    assert match.kwargs == kwargs
    assert {k: type(v) for k, v in match.kwargs.items()} == {k: type(v) for k, v in kwargs.items()}
    assert match.route == route
    assert match.captured_kwargs == captured_kwargs
    assert match.extra_kwargs == extra_kwargs


def test_extra_kwargs_take_precedence_over_captured_ones():
    match = resolve("/resolved-overridden/12/url/", urlconf=URLS)
    assert match.kwargs == {"arg": "12", "overridden": "default", "extra": True}
    assert match.captured_kwargs == {"arg": "12", "overridden": "url"}
    assert match.extra_kwargs == {"extra": True, "overridden": "default"}


def test_kwargs_flow_down_through_nested_includes():
    match = resolve("/a/1/b/c/my-slug/leaf/x/", urlconf=DEEP_URLS)
    assert match.func is views.empty_view
    assert match.args == ()
    assert match.kwargs == {
        "a": 1,
        "a_kw": "a",
        "b_kw": "b",
        "c": "my-slug",
        "c_kw": "c",
        "d": "x",
        "leaf_kw": "leaf",
    }
    assert match.captured_kwargs == {"d": "x"}
    assert match.extra_kwargs == {"a_kw": "a", "b_kw": "b", "c_kw": "c", "leaf_kw": "leaf"}
    assert match.url_name == "leaf"
    assert match.app_names == ["app2", "app3"]
    assert match.app_name == "app2:app3"
    assert match.namespaces == ["ns2", "ns3"]
    assert match.namespace == "ns2:ns3"
    assert match.view_name == "ns2:ns3:leaf"
    assert match.route == "a/<int:a>/b/c/<slug:c>/leaf/<str:d>/"


@pytest.mark.parametrize(
    ("path_", "args", "kwargs"),
    [
        pytest.param("/pos-no-kw/1/inner/2/", ("1", "2"), {}, id="outer and inner positional"),
        pytest.param(
            "/pos/1/inner/2/", ("2",), {"flag": True}, id="include kwargs drop outer positional"
        ),
    ],
)
def test_positional_args_through_include(path_, args, kwargs):
    match = resolve(path_, urlconf=DEEP_URLS)
    assert match.args == args
    assert match.kwargs == kwargs


def test_nested_urls_tuple_with_namespace():
    match = resolve("/some/path/view1/", urlconf=NESTED_URLS)
    assert (match.url_name, match.app_name, match.namespace) == ("view1", "backend", "nested")
    assert match.view_name == "nested:view1"
    match = resolve("/view2/", urlconf=NESTED_URLS)
    assert (match.func, match.app_names, match.namespaces) == (views.other_view, [], [])


def test_resolve_accepts_a_module_as_urlconf():
    match = resolve("/leaf/", urlconf=leaf_urls)
    assert (match.func, match.url_name) == (views.empty_view, "leaf")


def test_resolve_coerces_a_lazy_path():
    lazy = reverse_lazy("named-url1", urlconf=NAMED_URLS)
    assert resolve(lazy, urlconf=NAMED_URLS).url_name == "named-url1"
    assert get_resolver(NAMED_URLS).resolve(lazy).url_name == "named-url1"


def test_get_resolver_is_cached_per_urlconf():
    assert get_resolver(NS) is get_resolver(NS)
    assert get_resolver(NS) is not get_resolver(URLS)


def test_set_urlconf_is_used_when_none_is_given():
    assert get_urlconf() is None
    set_urlconf(PATH_URLS)
    try:
        assert get_urlconf() == PATH_URLS
        assert resolve("/articles/2003/").url_name == "articles-2003"
    finally:
        set_urlconf(None)
    assert get_urlconf() is None


# --- ResolverMatch ---------------------------------------------------------------------------


def test_repr():
    text = repr(resolve("/no_kwargs/42/37/", urlconf=NS))
    assert text.startswith("ResolverMatch(")
    for part in [
        "func=tests.urls.urlconfs.views.empty_view",
        "args=('42', '37')",
        "kwargs={}",
        "url_name='no-kwargs'",
        "app_names=[]",
        "namespaces=[]",
        "route='^no_kwargs/([0-9]+)/([0-9]+)/$'",
    ]:
        assert part in text


def test_repr_extra_kwargs():
    text = repr(resolve("/mixed_args/1986/11/", urlconf=NS))
    for part in [
        "func=tests.urls.urlconfs.views.empty_view",
        "args=()",
        "url_name='mixed-args'",
        "route='^mixed_args/([0-9]+)/(?P<arg2>[0-9]+)/$'",
        "captured_kwargs={'arg2': '11'}",
        "extra_kwargs={'extra': True}",
    ]:
        assert part in text


def test_repr_namespaced():
    text = repr(resolve("/ns-included1/test3/inner/", urlconf=NS))
    for part in [
        "func=tests.urls.urlconfs.views.empty_view",
        "url_name='urlobject-view'",
        "app_names=['included_namespace_urls', 'testapp']",
        "namespaces=['inc-ns1', 'test-ns3']",
        "route='^ns-included[135]/test3/inner/'",
    ]:
        assert part in text


def test_repr_callable_instance_and_partial():
    assert "func=tests.urls.urlconfs.views.ViewClass" in repr(
        resolve("/view_class/1/2/", urlconf=NS)
    )
    match = resolve("/partial/", urlconf=URLS)
    assert match.func is views.empty_view_partial
    assert match.url_name == "partial"
    assert f"func={views.empty_view_partial!r}" in repr(match)


def test_tried_on_a_match_ends_with_the_matching_pattern():
    match = resolve("/normal/42/37/", urlconf=NS)
    # normal/ (a path() that needs the exact string) was tried first.
    assert len(match.tried) == 2
    assert [type(p) for p in match.tried[0]] == [URLPattern]
    assert [type(p) for p in match.tried[1]] == [URLPattern]
    assert match.tried[1][0].name == "normal-view"

    match = resolve("/included/normal/", urlconf=NS)
    assert [type(p) for p in match.tried[-1]] == [URLResolver, URLPattern]
    assert match.tried[-1][-1].name == "inc-normal-view"


# --- Resolver404 -----------------------------------------------------------------------------


def test_resolver404_is_http404():
    assert issubclass(Resolver404, Http404)


def test_404_tried_urls_have_names():
    """Django's test: what the DEBUG 404 page lists for a miss inside an include."""
    url_types_names = [
        [(URLPattern, "named-url1")],
        [(URLPattern, "named-url2")],
        [(URLPattern, None)],
        [(URLResolver, ...), (URLPattern, "named-url3")],
        [(URLResolver, ...), (URLPattern, "named-url4")],
        [(URLResolver, ...), (URLPattern, None)],
        [(URLResolver, ...), (URLResolver, ...)],
    ]
    with pytest.raises(Resolver404) as excinfo:
        resolve("/included/nonexistent-url", urlconf=NAMED_URLS)
    tried = excinfo.value.tried
    assert len(tried) == len(url_types_names)
    for got, expected in zip(tried, url_types_names, strict=True):
        assert isinstance(got, list)
        assert len(got) == len(expected)
        for pattern, (type_, name) in zip(got, expected, strict=True):
            assert isinstance(pattern, type_)
            if name is not ...:
                assert pattern.name == name


def test_404_path_is_the_part_below_the_root():
    # As Django's Resolver404({"tried": ..., "path": ...}): the path the root patterns saw.
    with pytest.raises(Resolver404) as excinfo:
        resolve("/included/nonexistent-url", urlconf=NAMED_URLS)
    assert excinfo.value.path == "included/nonexistent-url"


def test_404_in_a_namespace_lists_the_namespaced_patterns():
    with pytest.raises(Resolver404) as excinfo:
        resolve("/test1/nowhere/", urlconf=NS)
    nested = [t for t in excinfo.value.tried if len(t) == 2 and str(t[0].pattern) == "test1/"]
    assert [t[1].name for t in nested] == [
        "urlobject-view",
        "urlobject-view",
        "urlobject-special-view",
    ]


@pytest.mark.parametrize("path_", ["", "a", "\\", "."], ids=repr)
def test_path_without_leading_slash_is_404(path_):
    """Django #10834: never None, always Resolver404."""
    with pytest.raises(Resolver404):
        resolve(path_, urlconf=NS)


@pytest.mark.parametrize(
    ("path_", "url_name", "kwargs"),
    [
        pytest.param("/", "home", {}, id="path('') view"),
        pytest.param("/about/", "about", {}, id="path('') include root"),
        pytest.param("/about/team/", "about-section", {"section": "team"}, id="below include root"),
    ],
)
def test_root_patterns(path_, url_name, kwargs):
    match = resolve(path_, urlconf=ROOT_URLS)
    assert (match.url_name, match.kwargs) == (url_name, kwargs)


@pytest.mark.parametrize(
    "path_",
    [
        pytest.param("/about", id="missing trailing slash"),
        pytest.param("/about//", id="extra trailing slash"),
        pytest.param("//about/", id="doubled leading slash"),
        pytest.param("/about/team", id="missing trailing slash after converter"),
        pytest.param("/about/team/x/", id="extra segment"),
        pytest.param("/About/", id="case matters"),
    ],
)
def test_trailing_slash_and_segments_are_exact(path_):
    with pytest.raises(Resolver404):
        resolve(path_, urlconf=ROOT_URLS)


@pytest.mark.parametrize(
    "path_",
    [
        "/articles/2003/\n",
        "/articles/2010/\n",
        "/en/foo/\n",
        "/included_urls/extra/\n",
        "/regex/1/\n",
        "/users/1/\n",
    ],
    ids=repr,
)
def test_path_trailing_newlines(path_):
    with pytest.raises(Resolver404):
        resolve(path_, urlconf=PATH_URLS)


@pytest.mark.parametrize(
    "path_",
    ["/lookahead-/a-city/", "/lookbehind-/a-city/", "/lookahead+/a-city/", "/lookbehind+/a-city/"],
)
def test_lookaround_valid_resolve(path_):
    assert resolve(path_, urlconf=URLS).kwargs == {"city": "a-city"}


@pytest.mark.parametrize(
    "path_",
    [
        "/lookahead-/not-a-city/",
        "/lookbehind-/not-a-city/",
        "/lookahead+/other-city/",
        "/lookbehind+/other-city/",
    ],
)
def test_lookaround_invalid_resolve(path_):
    with pytest.raises(Resolver404):
        resolve(path_, urlconf=URLS)


# --- Converters ------------------------------------------------------------------------------


def _no_converter(value):
    return value


@pytest.mark.parametrize(
    ("url_name", "url_suffix", "converter"),
    [
        pytest.param("int", "0", int, id="int 0"),
        pytest.param("int", "1", int, id="int 1"),
        pytest.param("int", "01", int, id="int leading zero"),
        pytest.param("int", "1234567890", int, id="int big"),
        pytest.param("str", "abcxyz", _no_converter, id="str"),
        pytest.param("path", "allows.ANY*characters", _no_converter, id="path"),
        pytest.param("path", "a/b/c", _no_converter, id="path with slashes"),
        pytest.param("slug", "abcxyz-ABCXYZ_01234567890", _no_converter, id="slug"),
        pytest.param("uuid", "39da9369-838e-4750-91a5-f7805cd82839", uuid.UUID, id="uuid"),
    ],
)
def test_converter_matching_urls(url_name, url_suffix, converter):
    match = resolve(f"/{url_name}/{url_suffix}/", urlconf=CONVERTER_URLS)
    assert match.url_name == url_name
    assert match.kwargs == {url_name: converter(url_suffix)}
    assert type(match.kwargs[url_name]) is type(converter(url_suffix))


@pytest.mark.parametrize(
    ("url_name", "url_suffix"),
    [
        ("int", "-1"),
        ("int", "letters"),
        ("int", ""),
        ("str", ""),
        ("str", "/"),
        ("str", "a/b"),
        ("path", ""),
        ("slug", ""),
        ("slug", "stars*notallowed"),
        ("slug", "a/b"),
        ("uuid", ""),
        ("uuid", "9da9369-838e-4750-91a5-f7805cd82839"),
        ("uuid", "39da9369-838-4750-91a5-f7805cd82839"),
        ("uuid", "39da9369-838e-475-91a5-f7805cd82839"),
        ("uuid", "39da9369-838e-4750-91a-f7805cd82839"),
        ("uuid", "39da9369-838e-4750-91a5-f7805cd8283"),
        ("uuid", "39DA9369-838E-4750-91A5-F7805CD82839"),
    ],
    ids=lambda v: repr(v) if v == "" else v,
)
def test_converter_nonmatching_urls(url_name, url_suffix):
    with pytest.raises(Resolver404):
        resolve(f"/{url_name}/{url_suffix}/", urlconf=CONVERTER_URLS)


BASE64_DATA = [
    # aGVsbG8= is 'hello' encoded in base64; d29ybGQ= is 'world'.
    pytest.param("/base64/aGVsbG8=/", "base64", "", {"value": b"hello"}, id="root"),
    pytest.param(
        "/base64/aGVsbG8=/subpatterns/d29ybGQ=/",
        "subpattern-base64",
        "",
        {"base": b"hello", "value": b"world"},
        id="converter in include prefix",
    ),
    pytest.param(
        "/base64/aGVsbG8=/namespaced/d29ybGQ=/",
        "subpattern-base64",
        "namespaced-base64",
        {"base": b"hello", "value": b"world"},
        id="converter in namespaced include prefix",
    ),
    pytest.param(
        "/base64/aGVsbG8=/subpatterns/d29ybGQ=/d29ybGQ=/",
        "subsubpattern-base64",
        "second-layer-namespaced-base64",
        {"base": b"hello", "value": b"world", "last_value": b"world"},
        id="second layer",
    ),
]


@pytest.mark.parametrize(("path_", "url_name", "app_name", "kwargs"), BASE64_DATA)
def test_registered_converter_resolve(path_, url_name, app_name, kwargs):
    match = resolve(path_, urlconf=BASE64_URLS)
    assert (match.url_name, match.app_name, match.kwargs) == (url_name, app_name, kwargs)


@pytest.mark.parametrize(
    ("path_", "func", "url_name", "kwargs"),
    [
        pytest.param("/number/4/", views.empty_view, "even", {"n": 4}, id="converter accepts"),
        pytest.param(
            "/number/3/", views.other_view, "not-even", {"n": "3"}, id="ValueError falls through"
        ),
    ],
)
def test_to_python_value_error_means_no_match(path_, func, url_name, kwargs):
    match = resolve(path_, urlconf=FALLTHROUGH_URLS)
    assert (match.func, match.url_name, match.kwargs) == (func, url_name, kwargs)


def test_to_python_type_error_propagates():
    with pytest.raises(TypeError, match="This type error propagates."):
        resolve("/buggy/abc/", urlconf=FALLTHROUGH_URLS)


def _module(name, patterns):
    module = types.ModuleType(name)
    module.urlpatterns = patterns
    return module


def test_non_ascii_identifier_is_a_valid_parameter_name():
    # \u0394 is "GREEK CAPITAL LETTER DELTA", a valid identifier.
    conf = _module("delta_urls", [path("hello/<str:\u0394>/", views.empty_view)])
    assert resolve("/hello/1/", urlconf=conf).kwargs == {"\u0394": "1"}


def test_whitespace_outside_angle_brackets_is_allowed():
    route = f"space{string.whitespace}/<int:num>/"
    conf = _module("space_urls", [path(route, views.empty_view)])
    assert resolve(f"/space{string.whitespace}/1/", urlconf=conf).kwargs == {"num": 1}


def test_invalid_converter():
    msg = "URL route 'foo/<nonexistent:var>/' uses invalid converter 'nonexistent'."
    with pytest.raises(ImproperlyConfigured) as excinfo:
        path("foo/<nonexistent:var>/", views.empty_view)
    assert msg in str(excinfo.value)


@pytest.mark.parametrize(
    ("route", "parameter"),
    [
        pytest.param("hello/<int:1>/", "1", id="integer"),
        pytest.param("b/<int:book.id>/", "book.id", id="dotted"),
    ],
)
def test_parameter_name_must_be_an_identifier(route, parameter):
    msg = (
        f"URL route '{route}' uses parameter name '{parameter}' "
        "which isn't a valid Python identifier."
    )
    with pytest.raises(ImproperlyConfigured) as excinfo:
        path(route, views.empty_view)
    assert msg in str(excinfo.value)


@pytest.mark.parametrize("whitespace", list(string.whitespace), ids=repr)
def test_whitespace_in_angle_brackets(whitespace):
    route = f"space/<int:num>/extra/<str:{whitespace}test>"
    with pytest.raises(ImproperlyConfigured) as excinfo:
        path(route, views.empty_view)
    assert f"URL route {route!r} cannot contain whitespace in angle brackets <…>" in str(
        excinfo.value
    )


def test_registering_a_taken_converter_name_is_refused():
    with pytest.raises(ValueError, match="Converter 'int' is already registered."):
        register_converter(converters.SameAsIntConverter, "int")
