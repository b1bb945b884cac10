import pytest

from chainweb.core.checks import Error, Warning
from chainweb.urls import check_urlconf, include, path, re_path, resolve, reverse
from chainweb.urls.patterns import RoutePattern
from chainweb.urls.resolvers import URLPattern


def view(request, **kwargs):
    return "ok"


def ids(messages):
    return [message.id for message in messages]


def test_clean_urlconf_has_no_messages(urlconf):
    urlconf("checks_clean", [path("a/", view, name="a"), path("b/<int:pk>/", view, name="b")])
    assert check_urlconf("checks_clean") == []


@pytest.mark.parametrize(
    ("pattern", "expected_id", "hint_part"),
    [
        pytest.param(path("/a/", view), "urls.W002", "Remove this slash", id="path leading slash"),
        pytest.param(
            re_path(r"^/a$", view), "urls.W002", "Remove this slash", id="regex leading slash"
        ),
        pytest.param(path("^a/$", view), "urls.W010", "use re_path()", id="regex in path()"),
        pytest.param(
            path("(?P<x>a)/", view), "urls.W010", "use re_path()", id="named group in path()"
        ),
        pytest.param(
            path("a/", view, name="a:b"), "urls.W003", "Remove the colon", id="colon in name"
        ),
    ],
)
def test_pattern_warnings(urlconf, pattern, expected_id, hint_part):
    urlconf("checks_one", [pattern])
    [message] = check_urlconf("checks_one")
    assert isinstance(message, Warning)
    assert message.id == expected_id
    assert hint_part in message.hint


def test_include_with_dollar_warns(urlconf):
    urlconf("checks_inner", [path("x/", view)])
    urlconf("checks_dollar", [re_path(r"^a/$", include("checks_inner"))])
    [message] = check_urlconf("checks_dollar")
    assert message.id == "urls.W001"
    assert "Remove the dollar" in message.hint


def test_string_in_urlpatterns_is_an_error(urlconf):
    urlconf("checks_string", ["", path("a/", view)])
    [message] = check_urlconf("checks_string")
    assert isinstance(message, Error)
    assert message.id == "urls.E004"
    assert "Try removing the string ''" in message.msg


def test_resolving_past_an_invalid_pattern_names_it(urlconf):
    urlconf("checks_bad_item", [42])
    with pytest.raises(
        Exception, match=r"Your URL pattern 42 is invalid\. Ensure that urlpatterns"
    ):
        resolve("/a/", "checks_bad_item")


def test_namespace_used_twice_warns(urlconf):
    urlconf("checks_app", [path("x/", view, name="x")], app_name="app")
    urlconf(
        "checks_twice",
        [
            path("one/", include("checks_app", namespace="same")),
            path("two/", include("checks_app", namespace="same")),
        ],
    )
    [message] = check_urlconf("checks_twice")
    assert message.id == "urls.W005"
    assert "URL namespace 'same' isn't unique" in message.msg


def test_duplicate_name_with_same_arguments_warns(urlconf):
    urlconf(
        "checks_dupe",
        [path("a/<int:pk>/", view, name="item"), path("b/<int:pk>/", view, name="item")],
    )
    [message] = check_urlconf("checks_dupe")
    assert message.id == "urls.W011"
    assert "URL name 'item' is used by 2 patterns in the root namespace" in message.msg
    assert "['a/<int:pk>/', 'b/<int:pk>/']" in message.msg
    assert "Give each pattern its own name" in message.hint


def test_same_name_with_different_arguments_is_allowed(urlconf):
    # Django allows one name for several patterns that take different arguments.
    urlconf(
        "checks_overload", [path("a/", view, name="item"), path("a/<int:pk>/", view, name="item")]
    )
    assert check_urlconf("checks_overload") == []


def test_duplicate_name_is_per_namespace(urlconf):
    urlconf("checks_ns_inner", [path("x/", view, name="x")], app_name="inner")
    urlconf(
        "checks_ns_outer",
        [
            path("x/", view, name="x"),
            path("in/", include("checks_ns_inner")),
        ],
    )
    assert check_urlconf("checks_ns_outer") == []


def test_duplicate_name_inside_an_included_namespace(urlconf):
    urlconf(
        "checks_ns_dupe",
        [path("x/", view, name="x"), path("y/", view, name="x")],
        app_name="inner",
    )
    urlconf("checks_ns_dupe_root", [path("in/", include("checks_ns_dupe"))])
    [message] = check_urlconf("checks_ns_dupe_root")
    assert "in namespace 'inner'" in message.msg


def test_include_loop_is_an_error(urlconf):
    loop_a = urlconf("checks_loop_a")
    loop_b = urlconf("checks_loop_b")
    loop_a.urlpatterns = [path("b/", include("checks_loop_b"))]
    loop_b.urlpatterns = [path("a/", include("checks_loop_a"))]
    [message] = check_urlconf("checks_loop_a")
    assert message.id == "urls.E012"
    assert "checks_loop_a -> checks_loop_b -> checks_loop_a" in message.msg
    assert "Remove the include() that loops back" in message.hint


def test_include_loop_at_empty_prefix_fails_resolve_with_the_loop(urlconf):
    module = urlconf("checks_self")
    module.urlpatterns = [path("", include("checks_self"))]
    with pytest.raises(Exception, match=r"includes itself \(checks_self -> checks_self\)"):
        resolve("/anything/", "checks_self")


def test_include_loop_fails_reverse_with_the_loop(urlconf):
    module = urlconf("checks_self_rev")
    module.urlpatterns = [path("x/", include("checks_self_rev"))]
    with pytest.raises(Exception, match=r"includes itself \(checks_self_rev -> checks_self_rev\)"):
        reverse("anything", "checks_self_rev")


def test_view_class_without_as_view_is_an_error(urlconf):
    class ArticleView:
        @classmethod
        def as_view(cls):
            return view

    urlconf("checks_class", [path("a/", ArticleView)])
    [message] = check_urlconf("checks_class")
    assert message.id == "urls.E009"
    assert "pass ArticleView.as_view() instead of ArticleView" in message.msg


def test_view_not_callable_is_an_error(urlconf):
    # path() refuses non-callables, but a pattern built by hand can still hold one.
    urlconf("checks_not_callable", [URLPattern(RoutePattern("a/", is_endpoint=True), "views.a")])
    [message] = check_urlconf("checks_not_callable")
    assert message.id == "urls.E013"
    assert "has a view that is not callable: 'views.a'" in message.msg


def test_unloadable_urlconf_is_an_error():
    [message] = check_urlconf("tests.urls.does_not_exist")
    assert message.id == "urls.E014"
    assert "'tests.urls.does_not_exist' could not be imported" in message.msg


def test_missing_root_urlconf_is_an_error():
    [message] = check_urlconf()
    assert message.id == "urls.E014"
    assert "ROOT_URLCONF = 'mysite.urls'" in message.msg


def test_message_text_has_id_and_hint(urlconf):
    urlconf("checks_text", [path("/a/", view)])
    [message] = check_urlconf("checks_text")
    assert str(message) == (
        "?: (urls.W002) Your URL pattern '/a/' has a route beginning with a '/'.\n"
        "\tHINT: Remove this slash as it is unnecessary. If this pattern is targeted in an "
        "include(), ensure the include() pattern has a trailing '/'."
    )
    assert message.level_name == "WARNING"
    assert not message.is_serious()
