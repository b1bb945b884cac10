"""include() argument forms, and the errors path()/re_path()/include() raise for bad arguments."""

import types

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.urls import (
    NoReverseMatch,
    Resolver404,
    include,
    path,
    re_path,
    resolve,
    reverse,
)
from tests.urls.urlconfs import views

FORMS = "tests.urls.urlconfs.include_forms_urls"
NO_URLS = "tests.urls.urlconfs.no_urls"
ERRONEOUS_URLS = "tests.urls.urlconfs.erroneous_urls"

LEAF_PATTERNS = [path("leaf/", views.empty_view, name="leaf")]


@pytest.mark.parametrize(
    ("path_", "app_name", "namespace"),
    [
        pytest.param("/dotted/leaf/", "", "", id="dotted module path"),
        pytest.param("/module/leaf/", "", "", id="module object"),
        pytest.param("/list/leaf/", "", "", id="list of patterns"),
        pytest.param("/tuple/leaf/", "tupleapp", "tupleapp", id="(patterns, app_name)"),
        pytest.param(
            "/tuple-ns/leaf/", "tupleapp", "tuple-ns", id="(patterns, app_name) and namespace"
        ),
        pytest.param("/tuple-dotted/leaf/", "dottedapp", "dottedapp", id="(dotted path, app_name)"),
        pytest.param(
            "/tuple-module/leaf/", "moduleapp", "module-ns", id="(module, app_name) and namespace"
        ),
        pytest.param("/appmod/leaf/", "leafapp", "leafapp", id="module setting app_name"),
        pytest.param(
            "/appmod-ns/leaf/", "leafapp", "leaf-ns", id="module setting app_name and namespace"
        ),
    ],
)
def test_include_forms_resolve(path_, app_name, namespace):
    match = resolve(path_, urlconf=FORMS)
    assert match.func is views.empty_view
    assert match.url_name == "leaf"
    assert match.app_name == app_name
    assert match.namespace == namespace
    assert match.view_name == (f"{namespace}:leaf" if namespace else "leaf")


@pytest.mark.parametrize(
    ("name", "current_app", "expected"),
    [
        pytest.param("leaf", None, "/list/leaf/", id="last non-namespaced include wins"),
        pytest.param("tupleapp:leaf", None, "/tuple/leaf/", id="default instance of tupleapp"),
        pytest.param("tuple-ns:leaf", None, "/tuple-ns/leaf/", id="instance namespace"),
        pytest.param("tupleapp:leaf", "tuple-ns", "/tuple-ns/leaf/", id="current_app instance"),
        pytest.param("dottedapp:leaf", None, "/tuple-dotted/leaf/", id="(dotted path, app_name)"),
        pytest.param("moduleapp:leaf", None, "/tuple-module/leaf/", id="only instance of an app"),
        pytest.param("module-ns:leaf", None, "/tuple-module/leaf/", id="instance of (module, app)"),
        pytest.param("leafapp:leaf", None, "/appmod/leaf/", id="module app_name default instance"),
        pytest.param("leaf-ns:leaf", None, "/appmod-ns/leaf/", id="module app_name, namespace"),
        pytest.param("leafapp:leaf", "leaf-ns", "/appmod-ns/leaf/", id="module app_name current"),
    ],
)
def test_include_forms_reverse(name, current_app, expected):
    assert reverse(name, urlconf=FORMS, current_app=current_app) == expected


# --- include() errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: include(LEAF_PATTERNS, namespace="ns"), id="list, keyword"),
        pytest.param(lambda: include(LEAF_PATTERNS, "ns"), id="list, positional"),
        pytest.param(
            lambda: include("tests.urls.urlconfs.leaf_urls", namespace="ns"),
            id="module without app_name",
        ),
    ],
)
def test_namespace_without_app_name(call):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        call()
    msg = str(excinfo.value)
    # What is wrong...
    assert "Specifying a namespace" in msg
    assert "in include() without providing an app_name" in msg
    # ...and both ways to fix it: app_name in the included module, or a 2-tuple.
    assert "app_name attribute in the included module" in msg
    assert "2-tuple" in msg


@pytest.mark.parametrize(
    ("arg", "length"),
    [
        pytest.param((LEAF_PATTERNS,), 1, id="1-tuple"),
        pytest.param((LEAF_PATTERNS, "app_name", "namespace"), 3, id="3-tuple"),
        pytest.param((LEAF_PATTERNS, "app_name", "namespace", "blah"), 4, id="4-tuple"),
    ],
)
def test_include_tuple_of_wrong_length(arg, length):
    with pytest.raises(ImproperlyConfigured, match=f"Passing a {length}-tuple to include"):
        include(arg)


def test_include_3_tuple_with_namespace():
    with pytest.raises(ImproperlyConfigured):
        include((LEAF_PATTERNS, "app_name", "namespace"), "namespace")


def test_include_of_a_module_without_urlpatterns():
    conf = types.ModuleType("includes_no_urls")
    conf.urlpatterns = [path("x/", include(NO_URLS))]
    with pytest.raises(ImproperlyConfigured) as excinfo:
        resolve("/x/y/", urlconf=conf)
    msg = str(excinfo.value)
    assert NO_URLS in msg
    assert "does not appear to have any patterns in it" in msg


@pytest.mark.parametrize(
    "use", [pytest.param(resolve, id="resolve"), pytest.param(reverse, id="reverse")]
)
def test_urlconf_without_urlpatterns(use):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        use("/" if use is resolve else "anything", urlconf=NO_URLS)
    msg = str(excinfo.value)
    assert f"The included URLconf '{NO_URLS}' does not appear to have any patterns in it." in msg
    # ... and what to look for.
    assert (
        "If you see the 'urlpatterns' variable with valid patterns in the file then the issue "
        "is probably caused by a circular import." in msg
    )


@pytest.mark.parametrize(
    ("use", "arg"),
    [
        pytest.param(resolve, "/x/", id="resolve"),
        pytest.param(reverse, views.empty_view, id="reverse"),
    ],
)
def test_invalid_regex(use, arg):
    """Django #6170: a regex error is ImproperlyConfigured and names the regex."""
    with pytest.raises(ImproperlyConfigured) as excinfo:
        use(arg, urlconf=ERRONEOUS_URLS)
    assert "(regex_error/$" in str(excinfo.value)
    assert "is not a valid regular expression" in str(excinfo.value)


# --- path() / re_path() argument errors ------------------------------------------------------


@pytest.mark.parametrize("func", [path, re_path])
@pytest.mark.parametrize(
    "view",
    [
        pytest.param(LEAF_PATTERNS, id="list of patterns without include()"),
        pytest.param((LEAF_PATTERNS, "app_name"), id="(patterns, app_name) without include()"),
    ],
)
def test_list_or_tuple_not_from_include(func, view):
    with pytest.raises(TypeError):
        func("prefix/", view)


class NotAView:
    """Neither callable nor the result of include()."""

    def __repr__(self):
        return "<NotAView instance>"


@pytest.mark.parametrize("func", [path, re_path])
@pytest.mark.parametrize(
    ("view", "shown"),
    [
        pytest.param("invalid_view", "invalid_view", id="string"),
        pytest.param(None, "None", id="None"),
        pytest.param(NotAView(), "NotAView", id="instance"),
    ],
)
def test_non_callable_view(func, view, shown):
    with pytest.raises(TypeError) as excinfo:
        func("articles/", view)
    msg = str(excinfo.value)
    assert "view must be a callable" in msg
    assert shown in msg


@pytest.mark.parametrize(
    ("func", "route"),
    [pytest.param(path, "hello/", id="path"), pytest.param(re_path, "^hello/$", id="re_path")],
)
def test_kwargs_must_be_a_dict(func, route):
    # Catches a name passed positionally in the kwargs slot.
    with pytest.raises(TypeError, match="kwargs argument must be a dict, but got str."):
        func(route, views.empty_view, "name")


def test_include_result_is_usable_by_path_and_re_path():
    conf = types.ModuleType("include_result_urls")
    conf.urlpatterns = [
        path("p/", include(LEAF_PATTERNS)),
        re_path(r"^r/", include((LEAF_PATTERNS, "rapp"))),
    ]
    assert resolve("/p/leaf/", urlconf=conf).view_name == "leaf"
    assert resolve("/r/leaf/", urlconf=conf).view_name == "rapp:leaf"
    assert reverse("rapp:leaf", urlconf=conf) == "/r/leaf/"
    with pytest.raises(Resolver404):
        resolve("/leaf/", urlconf=conf)
    with pytest.raises(NoReverseMatch):
        reverse("rapp:nothing", urlconf=conf)
