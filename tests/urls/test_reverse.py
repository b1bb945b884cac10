"""reverse() and reverse_lazy(): the Django tables, namespaces, quoting, script prefix, errors."""

import re
import threading
import uuid
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainweb.urls import (
    NoReverseMatch,
    clear_script_prefix,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
    reverse_lazy,
    set_script_prefix,
    set_urlconf,
)
from tests.urls.urlconfs import views

URLS = "tests.urls.urlconfs.urls"
NS = "tests.urls.urlconfs.namespace_urls"
PATH_URLS = "tests.urls.urlconfs.path_urls"
CONVERTER_URLS = "tests.urls.urlconfs.converter_urls"
BASE64_URLS = "tests.urls.urlconfs.base64_urls"
FALLTHROUGH_URLS = "tests.urls.urlconfs.fallthrough_urls"
SAME_NAME_URLS = "tests.urls.urlconfs.same_name_urls"
CONFLICT_URLS = "tests.urls.urlconfs.named_urls_conflict"
QUOTING_URLS = "tests.urls.urlconfs.quoting_urls"
ROOT_URLS = "tests.urls.urlconfs.root_urls"
DEEP_URLS = "tests.urls.urlconfs.deep_urls"
NESTED_URLS = "tests.urls.urlconfs.nested_urls"
LAZY_URLS = "tests.urls.urlconfs.reverse_lazy_urls"


@pytest.fixture(autouse=True)
def _reset_prefix_and_urlconf():
    yield
    clear_script_prefix()
    set_urlconf(None)


def _id(name, args, kwargs):
    parts = [name]
    if args:
        parts.append(f"args={list(args)!r}")
    if kwargs:
        parts.append(f"kwargs={kwargs!r}")
    return " ".join(parts)


def _row(name, expected, args=(), kwargs=None):
    return pytest.param(name, expected, list(args), kwargs or {}, id=_id(name, args, kwargs))


# Django's URLPatternReverse.test_data: (name, expected URL or NoReverseMatch, args, kwargs).
TEST_DATA = [
    _row("places", "/places/3/", [3]),
    _row("places", "/places/3/", ["3"]),
    _row("places", NoReverseMatch, ["a"]),
    _row("places", NoReverseMatch, []),
    _row("places?", "/place/", []),
    _row("places+", "/places/", []),
    _row("places*", "/place/", []),
    _row("places2?", "/", []),
    _row("places2+", "/places/", []),
    _row("places2*", "/", []),
    _row("places3", "/places/4/", [4]),
    _row("places3", "/places/harlem/", ["harlem"]),
    _row("places3", NoReverseMatch, ["harlem64"]),
    _row("places4", "/places/3/", [], {"id": 3}),
    _row("people", NoReverseMatch, []),
    _row("people", "/people/adrian/", ["adrian"]),
    _row("people", "/people/adrian/", [], {"name": "adrian"}),
    _row("people", NoReverseMatch, ["name with spaces"]),
    _row("people", NoReverseMatch, [], {"name": "name with spaces"}),
    _row("people2", "/people/name/", []),
    _row("people2a", "/people/name/fred/", ["fred"]),
    _row("people_backref", "/people/nate-nate/", ["nate"]),
    _row("people_backref", "/people/nate-nate/", [], {"name": "nate"}),
    _row("optional", "/optional/fred/", [], {"name": "fred"}),
    _row("optional", "/optional/fred/", ["fred"]),
    _row("named_optional", "/optional/1/", [1]),
    _row("named_optional", "/optional/1/", [], {"arg1": 1}),
    _row("named_optional", "/optional/1/2/", [1, 2]),
    _row("named_optional", "/optional/1/2/", [], {"arg1": 1, "arg2": 2}),
    _row("named_optional_terminated", "/optional/1/", [1]),
    _row("named_optional_terminated", "/optional/1/", [], {"arg1": 1}),
    _row("named_optional_terminated", "/optional/1/2/", [1, 2]),
    _row("named_optional_terminated", "/optional/1/2/", [], {"arg1": 1, "arg2": 2}),
    _row("hardcoded", "/hardcoded/", []),
    _row("hardcoded2", "/hardcoded/doc.pdf", []),
    _row("people3", "/people/il/adrian/", [], {"state": "il", "name": "adrian"}),
    _row("people3", NoReverseMatch, [], {"state": "il"}),
    _row("people3", NoReverseMatch, [], {"name": "adrian"}),
    _row("people4", NoReverseMatch, [], {"state": "il", "name": "adrian"}),
    _row("people6", "/people/il/test/adrian/", ["il/test", "adrian"]),
    _row("people6", "/people//adrian/", ["adrian"]),
    _row("range", "/character_set/a/", []),
    _row("range2", "/character_set/x/", []),
    _row("price", "/price/$10/", ["10"]),
    _row("price2", "/price/$10/", ["10"]),
    _row("price3", "/price/$10/", ["10"]),
    _row("product", "/product/chocolate+($2.00)/", [], {"price": "2.00", "product": "chocolate"}),
    _row("headlines", "/headlines/2007.5.21/", [], {"year": 2007, "month": 5, "day": 21}),
    _row(
        "windows",
        r"/windows_path/C:%5CDocuments%20and%20Settings%5Cspam/",
        [],
        {"drive_name": "C", "path": r"Documents and Settings\spam"},
    ),
    _row("special", r"/special_chars/~@+%5C$*%7C/", [r"~@+\$*|"]),
    _row("special", r"/special_chars/some%20resource/", [r"some resource"]),
    _row("special", r"/special_chars/10%25%20complete/", [r"10% complete"]),
    _row("special", r"/special_chars/some%20resource/", [], {"chars": r"some resource"}),
    _row("special", r"/special_chars/10%25%20complete/", [], {"chars": r"10% complete"}),
    _row("special", NoReverseMatch, [""]),
    _row("mixed", "/john/0/", [], {"name": "john"}),
    _row("repeats", "/repeats/a/", []),
    _row("repeats2", "/repeats/aa/", []),
    _row("repeats3", "/repeats/aa/", []),
    _row("test", "/test/1", []),
    _row("inner-nothing", "/outer/42/", [], {"outer": "42"}),
    _row("inner-nothing", "/outer/42/", ["42"]),
    _row("inner-nothing", NoReverseMatch, ["foo"]),
    _row("inner-extra", "/outer/42/extra/inner/", [], {"extra": "inner", "outer": "42"}),
    _row("inner-extra", "/outer/42/extra/inner/", ["42", "inner"]),
    _row("inner-extra", NoReverseMatch, ["fred", "inner"]),
    _row("inner-no-kwargs", "/outer-no-kwargs/42/inner-no-kwargs/1/", ["42", "1"]),
    # Django cannot reverse a regex with '|' (NoReverseMatch); chainweb reverses each
    # alternative, and the URLs resolve back to the same view (see test_disjunction_round_trip).
    _row("disjunction", "/foofoo/", ["foo"]),
    _row("inner-disjunction", "/outer/10/11", ["10", "11"]),
    _row("extra-places", "/e-places/10/", ["10"]),
    _row("extra-people", "/e-people/fred/", ["fred"]),
    _row("extra-people", "/e-people/fred/", [], {"name": "fred"}),
    _row("part", "/part/one/", [], {"value": "one"}),
    _row("part", "/prefix/xx/part/one/", [], {"value": "one", "prefix": "xx"}),
    _row("part2", "/part2/one/", [], {"value": "one"}),
    _row("part2", "/part2/", []),
    _row("part2", "/prefix/xx/part2/one/", [], {"value": "one", "prefix": "xx"}),
    _row("part2", "/prefix/xx/part2/", [], {"prefix": "xx"}),
    # Nested capturing groups only work if you *only* supply the correct outer group.
    _row("nested-noncapture", "/nested/noncapture/opt", [], {"p": "opt"}),
    _row("nested-capture", "/nested/capture/opt/", ["opt/"]),
    _row("nested-capture", NoReverseMatch, [], {"p": "opt"}),
    _row("nested-mixedcapture", "/nested/capture/mixed/opt", ["opt"]),
    _row("nested-mixedcapture", NoReverseMatch, [], {"p": "opt"}),
    _row("nested-namedcapture", "/nested/capture/named/opt/", [], {"outer": "opt/"}),
    _row("nested-namedcapture", NoReverseMatch, [], {"outer": "opt/", "inner": "opt"}),
    _row("nested-namedcapture", NoReverseMatch, [], {"inner": "opt"}),
    _row("non_path_include", "/includes/non_path_include/", []),
    # Django #13154: extra kwargs of the pattern pick among patterns sharing a name.
    _row("defaults", "/defaults_view1/3/", [], {"arg1": 3, "arg2": 1}),
    _row("defaults", "/defaults_view2/3/", [], {"arg1": 3, "arg2": 2}),
    _row("defaults", NoReverseMatch, [], {"arg1": 3, "arg2": 3}),
    _row("defaults", NoReverseMatch, [], {"arg2": 1}),
    # Security: no scheme-relative URL.
    _row("security", "/%2Fexample.com/security/", ["/example.com"]),
    # Lookaround assertions.
    _row("lookahead-positive", "/lookahead+/a-city/", [], {"city": "a-city"}),
    _row("lookahead-negative", "/lookahead-/a-city/", [], {"city": "a-city"}),
    _row("lookbehind-positive", "/lookbehind+/a-city/", [], {"city": "a-city"}),
    _row("lookbehind-negative", "/lookbehind-/a-city/", [], {"city": "a-city"}),
    _row("lookahead-positive", NoReverseMatch, [], {"city": "other-city"}),
    _row("lookahead-negative", NoReverseMatch, [], {"city": "not-a-city"}),
    _row("lookbehind-positive", NoReverseMatch, [], {"city": "other-city"}),
    _row("lookbehind-negative", NoReverseMatch, [], {"city": "not-a-city"}),
]


@pytest.mark.parametrize(("name", "expected", "args", "kwargs"), TEST_DATA)
def test_urlpattern_reverse(name, expected, args, kwargs):
    if expected is NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            reverse(name, urlconf=URLS, args=args, kwargs=kwargs)
    else:
        got = reverse(name, urlconf=URLS, args=args, kwargs=kwargs)
        assert got == expected
        assert type(got) is str


def test_reverse_none():
    # Reversing None raises, it does not return the last unnamed view.
    with pytest.raises(NoReverseMatch):
        reverse(None, urlconf=URLS)


def test_mixing_args_and_kwargs():
    with pytest.raises(
        ValueError, match=re.escape("Don't mix *args and **kwargs in call to reverse()!")
    ):
        reverse("name", urlconf=URLS, args=["a"], kwargs={"b": "c"})


def test_rereverse_a_resolved_match():
    match = resolve("/resolved/12/", urlconf=URLS)
    assert reverse(match.url_name, urlconf=URLS, args=match.args, kwargs=match.kwargs) == (
        "/resolved/12/"
    )
    match = resolve("/resolved-overridden/12/url/", urlconf=URLS)
    assert (
        reverse(match.url_name, urlconf=URLS, args=match.args, kwargs=match.captured_kwargs)
        == "/resolved-overridden/12/url/"
    )


@pytest.mark.parametrize(
    ("name", "args", "kwargs", "expected"),
    [
        pytest.param("name-conflict", (), {}, "/conflict/", id="no args: last wins"),
        pytest.param("name-conflict", ("arg",), {}, "/conflict-last/arg/", id="one arg: last wins"),
        pytest.param("name-conflict", (), {"first": "arg"}, "/conflict-first/arg/", id="first"),
        pytest.param("name-conflict", (), {"middle": "arg"}, "/conflict-middle/arg/", id="middle"),
        pytest.param("name-conflict", (), {"last": "arg"}, "/conflict-last/arg/", id="last"),
        pytest.param(
            "name-conflict", ("arg", "arg"), {}, "/conflict/arg/arg/", id="two args: last wins"
        ),
    ],
)
def test_reverse_conflicting_names(name, args, kwargs, expected):
    """Names need not be unique; the last registered pattern takes precedence."""
    assert reverse(name, urlconf=CONFLICT_URLS, args=args, kwargs=kwargs) == expected


# --- reverse() by view callable --------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "args", "kwargs", "expected"),
    [
        pytest.param(views.absolute_kwargs_view, [], {}, "/absolute_arg_view/", id="no arguments"),
        pytest.param(
            views.absolute_kwargs_view, [], {"arg1": 10}, "/optional/10/", id="with kwargs"
        ),
        pytest.param(views.nested_view, [], {}, "/includes/nested_path/", id="in an include"),
        pytest.param(views.empty_view_partial, [], {}, "/partial/", id="partial"),
    ],
)
def test_reverse_by_callable(view, args, kwargs, expected):
    assert reverse(view, urlconf=URLS, args=args, kwargs=kwargs) == expected


def test_reverse_by_callable_with_wrong_argument():
    with pytest.raises(NoReverseMatch):
        reverse(views.absolute_kwargs_view, urlconf=URLS, kwargs={"wrong_argument": None})


def test_reverse_by_callable_not_in_urlconf_names_it():
    with pytest.raises(NoReverseMatch) as excinfo:
        reverse(views.unrouted_view, urlconf=URLS)
    assert "Reverse for 'tests.urls.urlconfs.views.unrouted_view' not found." in str(excinfo.value)


# --- NoReverseMatch messages -----------------------------------------------------------------


def _message(name, urlconf=URLS, **options):
    with pytest.raises(NoReverseMatch) as excinfo:
        reverse(name, urlconf=urlconf, **options)
    return str(excinfo.value)


def test_patterns_reported():
    # Django #17076: this URL exists, but requires an argument.
    msg = _message("people", args=[])
    assert r"1 pattern(s) tried: ['people/(?P<name>\\w+)/$']" in msg


def test_view_not_found_message():
    msg = _message("nonexistent-view")
    assert (
        "Reverse for 'nonexistent-view' not found. 'nonexistent-view' is not a valid view "
        "function or pattern name." in msg
    )


def test_no_args_message():
    msg = _message("places")
    assert "Reverse for 'places' with no arguments not found. 1 pattern(s) tried:" in msg
    assert "places/([0-9]+)/$" in msg


def test_illegal_args_message():
    msg = _message("places", args=(1, 2))
    assert "Reverse for 'places' with arguments '(1, 2)' not found. 1 pattern(s) tried:" in msg


def test_illegal_kwargs_message():
    msg = _message("places", kwargs={"arg1": 2})
    assert (
        "Reverse for 'places' with keyword arguments '{'arg1': 2}' not found. 1 pattern(s) tried:"
        in msg
    )


def test_several_patterns_reported():
    msg = _message("normal-view", urlconf=NS, args=[1])
    assert "Reverse for 'normal-view' with arguments '(1,)' not found. 2 pattern(s) tried:" in msg
    assert "normal/(?P<arg1>[0-9]+)/(?P<arg2>[0-9]+)/$" in msg


@pytest.mark.parametrize(
    ("name", "urlconf", "suggestion"),
    [
        pytest.param("normal-veiw", NS, "normal-view", id="typo"),
        pytest.param("normal_view", NS, "normal-view", id="underscore for dash"),
        pytest.param("hardcoded3", URLS, "hardcoded", id="extra character"),
        pytest.param("test-ns1:urlobject-veiw", NS, "urlobject-view", id="typo inside namespace"),
    ],
)
def test_unknown_name_suggests_a_close_one(name, urlconf, suggestion):
    msg = _message(name, urlconf=urlconf)
    assert name.rpartition(":")[2] in msg
    assert re.search(rf"Did you mean\b.*{re.escape(suggestion)}", msg), msg


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param(
            "blahblah:urlobject-view", "'blahblah' is not a registered namespace", id="top level"
        ),
        pytest.param(
            "test-ns1:blahblah:urlobject-view",
            "'blahblah' is not a registered namespace inside 'test-ns1'",
            id="inside a namespace",
        ),
        pytest.param(
            "inc-ns1:test-ns3:blahblah:urlobject-view",
            "'blahblah' is not a registered namespace inside 'inc-ns1:test-ns3'",
            id="inside nested namespaces",
        ),
    ],
)
def test_non_existent_namespace(name, message):
    assert message in _message(name, urlconf=NS)


# --- Namespaces (Django's NamespaceTests, against namespace_urls) ----------------------------


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        pytest.param("urlobject-view", [], {}, id="urlobject no args"),
        pytest.param("urlobject-view", [37, 42], {}, id="urlobject args"),
        pytest.param("urlobject-view", [], {"arg1": 42, "arg2": 37}, id="urlobject kwargs"),
        pytest.param("inner-nothing", [], {}, id="inner-nothing no args"),
        pytest.param("inner-nothing", [37, 42], {}, id="inner-nothing args"),
        pytest.param("inner-nothing", [], {"arg1": 42, "arg2": 37}, id="inner-nothing kwargs"),
    ],
)
def test_namespaced_names_need_their_namespace(name, args, kwargs):
    with pytest.raises(NoReverseMatch):
        reverse(name, urlconf=NS, args=args, kwargs=kwargs)


# (view name, its path below the include, special-character view name, its path)
URLOBJECT = ("urlobject-view", "inner/", "urlobject-special-view", "inner/+%5C$*/")
NORMAL = ("normal-view", "normal/", "special-view", "+%5C$*/")
INC_NORMAL = ("inc-normal-view", "normal/", "inc-special-view", "+%5C$*/")


def _ns_rows(group, ns, names, url_base, current_app=None):
    """Django's four standard lookups: no args, args, kwargs and the special-character view."""
    view, view_path, special_view, special_path = names
    rows = [
        (view, [], {}, view_path),
        (view, [37, 42], {}, view_path + "37/42/"),
        (view, [], {"arg1": 42, "arg2": 37}, view_path + "42/37/"),
        (special_view, [], {}, special_path),
    ]
    return [
        pytest.param(
            ns + name,
            args,
            kwargs,
            current_app,
            url_base + url_suffix,
            id=f"{group}: {_id(ns + name, args, kwargs)}"
            + (f" current_app={current_app}" if current_app else ""),
        )
        for name, args, kwargs, url_suffix in rows
    ]


NAMESPACE_DATA = [
    *_ns_rows("normal", "", NORMAL, "/"),
    *_ns_rows("simple included", "included_namespace_urls:", INC_NORMAL, "/included/"),
    *_ns_rows("namespace object", "test-ns1:", URLOBJECT, "/test1/"),
    *_ns_rows("app object", "new-ns1:", URLOBJECT, "/newapp1/"),
    *_ns_rows("app object default namespace", "newapp:", URLOBJECT, "/new-default/"),
    *_ns_rows(
        "embedded namespace object",
        "included_namespace_urls:test-ns3:",
        URLOBJECT,
        "/included/test3/",
    ),
    *_ns_rows("namespace pattern", "inc-ns1:", INC_NORMAL, "/ns-included1/"),
    *_ns_rows("app name pattern", "app-ns1:", INC_NORMAL, "/app-included1/"),
    *_ns_rows("multiple namespaces", "inc-ns1:test-ns3:", URLOBJECT, "/ns-included1/test3/"),
    *_ns_rows(
        "nested namespaces",
        "inc-ns1:inc-ns4:inc-ns1:test-ns3:",
        URLOBJECT,
        "/ns-included1/ns-included4/ns-included1/test3/",
    ),
    *_ns_rows(
        "special chars namespace",
        "special:included_namespace_urls:",
        INC_NORMAL,
        "/+%5C$*/included/",
    ),
    # App lookup: the default instance (namespace == app_name) wins...
    *_ns_rows("app lookup", "testapp:", URLOBJECT, "/default/"),
    # ...unless current_app names another instance of that app...
    *_ns_rows("app lookup current_app", "testapp:", URLOBJECT, "/test1/", "test-ns1"),
    *_ns_rows("app lookup current_app", "testapp:", URLOBJECT, "/test2/", "test-ns2"),
    # ...and a current_app that is no instance of the app falls back to the default.
    *_ns_rows("app lookup with default", "testapp:", URLOBJECT, "/default/", "test-ns3"),
    # Without a default instance: the last deployed one, or current_app.
    *_ns_rows("app lookup without default", "nodefault:", URLOBJECT, "/other2/"),
    *_ns_rows("app lookup without default", "nodefault:", URLOBJECT, "/other1/", "other-ns1"),
    *_ns_rows("app lookup without default", "nodefault:", URLOBJECT, "/other2/", "nonexistent"),
    # An instance namespace is found directly too, whatever current_app says.
    *_ns_rows("instance lookup", "other-ns1:", URLOBJECT, "/other1/"),
    *_ns_rows("instance lookup", "other-ns2:", URLOBJECT, "/other2/", "other-ns1"),
    # Nested app lookup: current_app is split into namespaces (Django #24904).
    *_ns_rows("nested app lookup", "inc-ns1:testapp:", URLOBJECT, "/ns-included1/test4/"),
    *_ns_rows(
        "nested app lookup",
        "inc-ns1:testapp:",
        URLOBJECT,
        "/ns-included1/test3/",
        "inc-ns1:test-ns3",
    ),
    # current_app is not used unless it matches the whole path.
    *_ns_rows(
        "current_app no partial match",
        "inc-ns1:testapp:",
        URLOBJECT,
        "/ns-included1/test4/",
        "nonexistent:test-ns3",
    ),
    # An application namespace is looked up before an instance namespace of the same name
    # ('inc-app' is both): without current_app, its last deployed instance.
    *_ns_rows("app namespace first", "inc-app:", INC_NORMAL, "/app-included2/"),
    *_ns_rows("app namespace first", "inc-app:", INC_NORMAL, "/app-included1/", "app-ns1"),
    # Namespaces capturing a variable in front of them.
    *[
        pytest.param(
            name,
            args,
            kwargs,
            None,
            expected,
            id=f"namespace pattern with variable prefix: {_id(name, args, kwargs)}",
        )
        for name, args, kwargs, expected in [
            ("inc-outer:inc-normal-view", [], {"outer": 42}, "/ns-outer/42/normal/"),
            ("inc-outer:inc-normal-view", [42], {}, "/ns-outer/42/normal/"),
            (
                "inc-outer:inc-normal-view",
                [],
                {"arg1": 37, "arg2": 4, "outer": 42},
                "/ns-outer/42/normal/37/4/",
            ),
            ("inc-outer:inc-normal-view", [42, 37, 4], {}, "/ns-outer/42/normal/37/4/"),
            ("inc-outer:inc-special-view", [], {"outer": 42}, "/ns-outer/42/+%5C$*/"),
            ("inc-outer:inc-special-view", [42], {}, "/ns-outer/42/+%5C$*/"),
        ]
    ],
    *[
        pytest.param(
            name,
            args,
            kwargs,
            None,
            expected,
            id=f"namespaces with variables: {_id(name, args, kwargs)}",
        )
        for name, args, kwargs, expected in [
            ("inc-ns5:inner-nothing", [], {"outer": "70"}, "/inc70/"),
            ("inc-ns5:inner-extra", [], {"extra": "foobar", "outer": "78"}, "/inc78/extra/foobar/"),
            ("inc-ns5:inner-nothing", ["70"], {}, "/inc70/"),
            ("inc-ns5:inner-extra", ["78", "foobar"], {}, "/inc78/extra/foobar/"),
        ]
    ],
]


@pytest.mark.parametrize(("name", "args", "kwargs", "current_app", "expected"), NAMESPACE_DATA)
def test_namespaces(name, args, kwargs, current_app, expected):
    assert reverse(name, urlconf=NS, args=args, kwargs=kwargs, current_app=current_app) == expected


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        pytest.param(
            "ns2:ns3:leaf",
            {"a": 1, "c": "my-slug", "d": "x"},
            "/a/1/b/c/my-slug/leaf/x/",
            id="through three includes",
        ),
        pytest.param(
            "app2:app3:leaf",
            {"a": 1, "c": "my-slug", "d": "x"},
            "/a/1/b/c/my-slug/leaf/x/",
            id="by app names",
        ),
        pytest.param(
            "ns2:ns3:leaf",
            {"a": 1, "c": "my-slug", "d": "x", "leaf_kw": "leaf"},
            "/a/1/b/c/my-slug/leaf/x/",
            id="extra kwarg equal to the pattern's",
        ),
        pytest.param(
            "ns2:ns3:leaf",
            {"a": 1, "c": "my-slug", "d": "x", "leaf_kw": "other"},
            NoReverseMatch,
            id="extra kwarg different from the pattern's",
        ),
        pytest.param(
            "ns2:ns3:leaf",
            {"a": "one", "c": "my-slug", "d": "x"},
            NoReverseMatch,
            id="prefix converter refuses the value",
        ),
        pytest.param(
            "ns2:ns3:leaf", {"c": "my-slug", "d": "x"}, NoReverseMatch, id="prefix value missing"
        ),
    ],
)
def test_deep_namespaces(name, kwargs, expected):
    if expected is NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            reverse(name, urlconf=DEEP_URLS, kwargs=kwargs)
    else:
        assert reverse(name, urlconf=DEEP_URLS, kwargs=kwargs) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("nested:view1", "/some/path/view1/", id="instance namespace"),
        pytest.param("backend:view3", "/some/path/view3/", id="app namespace, only instance"),
        pytest.param("view2", "/view2/", id="outside the namespace"),
    ],
)
def test_nested_urls(name, expected):
    assert reverse(name, urlconf=NESTED_URLS) == expected


# --- Converters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "value", "expected"),
    [
        pytest.param("int", "0", "/int/0/", id="int from str"),
        pytest.param("int", "01", "/int/01/", id="int from str keeps leading zero"),
        pytest.param("int", 1, "/int/1/", id="int from int"),
        pytest.param("int", 1234567890, "/int/1234567890/", id="int big"),
        pytest.param("str", "abcxyz", "/str/abcxyz/", id="str"),
        pytest.param("path", "allows.ANY*characters", "/path/allows.ANY*characters/", id="path"),
        pytest.param("path", "a/b/c", "/path/a/b/c/", id="path with slashes"),
        pytest.param("slug", "abcxyz-ABCXYZ_01234567890", "/slug/abcxyz-ABCXYZ_01234567890/"),
        pytest.param(
            "uuid",
            "39da9369-838e-4750-91a5-f7805cd82839",
            "/uuid/39da9369-838e-4750-91a5-f7805cd82839/",
            id="uuid from str",
        ),
        pytest.param(
            "uuid",
            uuid.UUID("39da9369-838e-4750-91a5-f7805cd82839"),
            "/uuid/39da9369-838e-4750-91a5-f7805cd82839/",
            id="uuid from UUID",
        ),
        pytest.param("int", "letters", NoReverseMatch, id="int refuses letters"),
        pytest.param("int", -1, NoReverseMatch, id="int refuses negative"),
        pytest.param("str", "a/b", NoReverseMatch, id="str refuses slash"),
        pytest.param("str", "", NoReverseMatch, id="str refuses empty"),
        pytest.param("slug", "stars*notallowed", NoReverseMatch, id="slug refuses star"),
        pytest.param("uuid", "not-a-uuid", NoReverseMatch, id="uuid refuses garbage"),
    ],
)
def test_converter_reverse(url_name, value, expected):
    if expected is NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            reverse(url_name, urlconf=CONVERTER_URLS, kwargs={url_name: value})
    else:
        assert reverse(url_name, urlconf=CONVERTER_URLS, kwargs={url_name: value}) == expected
        assert reverse(url_name, urlconf=CONVERTER_URLS, args=[value]) == expected


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        pytest.param("base64", {"value": b"hello"}, "/base64/aGVsbG8=/", id="root"),
        pytest.param(
            "subpattern-base64",
            {"base": b"hello", "value": b"world"},
            "/base64/aGVsbG8=/subpatterns/d29ybGQ=/",
            id="converter in include prefix",
        ),
        pytest.param(
            "namespaced-base64:subpattern-base64",
            {"base": b"hello", "value": b"world"},
            "/base64/aGVsbG8=/namespaced/d29ybGQ=/",
            id="converter in namespaced include prefix",
        ),
        pytest.param(
            "instance-ns-base64:subsubpattern-base64",
            {"base": b"hello", "value": b"world", "last_value": b"world"},
            "/base64/aGVsbG8=/subpatterns/d29ybGQ=/d29ybGQ=/",
            id="second layer instance namespace",
        ),
    ],
)
def test_registered_converter_reverse(name, kwargs, expected):
    assert reverse(name, urlconf=BASE64_URLS, kwargs=kwargs) == expected


SAME_NAME_DATA = [
    ("number_of_args", [], {}, "/number_of_args/0/"),
    ("number_of_args", [1], {}, "/number_of_args/1/1/"),
    ("kwargs_names", [], {"a": 1}, "/kwargs_names/a/1/"),
    ("kwargs_names", [], {"b": 1}, "/kwargs_names/b/1/"),
    ("converter", ["a/b"], {}, "/converter/path/a/b/"),
    ("converter", ["a b"], {}, "/converter/str/a%20b/"),
    ("converter", ["a-b"], {}, "/converter/slug/a-b/"),
    ("converter", ["2"], {}, "/converter/int/2/"),
    (
        "converter",
        ["39da9369-838e-4750-91a5-f7805cd82839"],
        {},
        "/converter/uuid/39da9369-838e-4750-91a5-f7805cd82839/",
    ),
    ("regex", ["ABC"], {}, "/regex/uppercase/ABC/"),
    ("regex", ["abc"], {}, "/regex/lowercase/abc/"),
    # The tiny_int converter's to_url() refuses 6, so the other pattern is used.
    ("converter_to_url", [6], {}, "/converter_to_url/int/6/"),
    ("converter_to_url", [1], {}, "/converter_to_url/tiny_int/1/"),
]


@pytest.mark.parametrize(
    ("url_name", "args", "kwargs", "expected"),
    [pytest.param(*row, id=f"{_id(*row[:3])} -> {row[3]}") for row in SAME_NAME_DATA],
)
def test_matching_urls_same_name(url_name, args, kwargs, expected):
    assert reverse(url_name, urlconf=SAME_NAME_URLS, args=args, kwargs=kwargs) == expected


def test_to_url_value_error_means_no_match():
    assert reverse("even", urlconf=FALLTHROUGH_URLS, kwargs={"n": 4}) == "/number/4/"
    with pytest.raises(NoReverseMatch):
        reverse("even", urlconf=FALLTHROUGH_URLS, kwargs={"n": 3})


def test_to_url_type_error_propagates():
    with pytest.raises(TypeError, match="This type error propagates."):
        reverse("buggy", urlconf=FALLTHROUGH_URLS, kwargs={"value": object()})


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        pytest.param("articles-2003", {}, "/articles/2003/", id="without parameter"),
        pytest.param(
            "articles-year-month-day",
            {"year": 2015, "month": 4, "day": 12},
            "/articles/2015/4/12/",
            id="with parameters",
        ),
        pytest.param(
            "inner-extra", {"extra": "something"}, "/included_urls/extra/something/", id="include"
        ),
        pytest.param(
            "inner-more", {"extra": "99"}, "/more/99/", id="name in two includes: the last one wins"
        ),
        pytest.param(
            "lang-and-path", {"lang": "en", "url": "a/b"}, "/en/a/b/", id="path converter"
        ),
    ],
)
def test_path_reverse(name, kwargs, expected):
    assert reverse(name, urlconf=PATH_URLS, kwargs=kwargs) == expected


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        pytest.param("home", [], "/", id="path('')"),
        pytest.param("about", [], "/about/", id="under path('') include"),
        pytest.param("about-section", ["team"], "/about/team/", id="with argument"),
    ],
)
def test_root_reverse(name, args, expected):
    assert reverse(name, urlconf=ROOT_URLS, args=args) == expected


# --- Quoting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        pytest.param("quote-path", "a b/c", "/quote/path/a%20b/c/", id="space quoted, slash kept"),
        pytest.param("quote-str", "a b/c", NoReverseMatch, id="slash refused by str"),
        pytest.param("quote-str", "a b", "/quote/str/a%20b/", id="space"),
        pytest.param("quote-str", "10%", "/quote/str/10%25/", id="percent"),
        pytest.param("quote-str", "%20", "/quote/str/%2520/", id="percent escape not kept"),
        pytest.param("quote-str", "café", "/quote/str/caf%C3%A9/", id="latin-1 as UTF-8"),
        pytest.param("quote-str", "日本", "/quote/str/%E6%97%A5%E6%9C%AC/", id="CJK as UTF-8"),
        pytest.param("quote-str", "?#", "/quote/str/%3F%23/", id="query and fragment markers"),
        pytest.param("quote-str", "!$&'()*+,;=", "/quote/str/!$&'()*+,;=/", id="sub-delims kept"),
        pytest.param("quote-str", ":@~-._", "/quote/str/:@~-._/", id="pchar kept"),
        pytest.param(
            "quote-str", '"<>\\^`{|}', "/quote/str/%22%3C%3E%5C%5E%60%7B%7C%7D/", id="unsafe"
        ),
        pytest.param("leading", "/example.com", "/%2Fexample.com/leading/", id="leading //"),
        pytest.param("leading", "example.com", "/example.com/leading/", id="no leading //"),
    ],
)
def test_quoting(name, value, expected):
    if expected is NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            reverse(name, urlconf=QUOTING_URLS, args=[value])
    else:
        assert reverse(name, urlconf=QUOTING_URLS, args=[value]) == expected
        (key,) = {"quote-str": ["s"], "quote-path": ["p"], "leading": ["target"]}[name]
        assert reverse(name, urlconf=QUOTING_URLS, kwargs={key: value}) == expected


@settings(max_examples=75, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), min_size=1).filter(lambda s: "/" not in s))
def test_reverse_then_resolve_round_trips(value):
    url = reverse("quote-str", urlconf=QUOTING_URLS, args=[value])
    # The resolver works on decoded paths, as WSGI hands them over.
    assert resolve(unquote(url), urlconf=QUOTING_URLS).kwargs == {"s": value}


# --- Script prefix ---------------------------------------------------------------------------


def test_script_prefix():
    assert get_script_prefix() == "/"
    set_script_prefix("/app/")
    assert get_script_prefix() == "/app/"
    assert reverse("places", urlconf=URLS, args=[1]) == "/app/places/1/"
    assert reverse("places2?", urlconf=URLS) == "/app/"
    clear_script_prefix()
    assert get_script_prefix() == "/"
    assert reverse("places", urlconf=URLS, args=[1]) == "/places/1/"


def test_script_prefix_gets_a_trailing_slash():
    set_script_prefix("/app")
    assert get_script_prefix() == "/app/"
    assert reverse("places", urlconf=URLS, args=[1]) == "/app/places/1/"


@pytest.mark.parametrize(
    ("prefix", "name", "args", "expected"),
    [
        pytest.param(
            "/{{invalid}}/",
            "non_path_include",
            [],
            "/%7B%7Binvalid%7D%7D/includes/non_path_include/",
            id="braces",
        ),
        pytest.param(
            "/bogus)/", "non_path_include", [], "/bogus)/includes/non_path_include/", id="paren"
        ),
        pytest.param(
            "/(bogus)/",
            "non_path_include",
            [],
            "/(bogus)/includes/non_path_include/",
            id="parentheses",
        ),
        pytest.param(
            "/bump%20map/",
            "non_path_include",
            [],
            "/bump%2520map/includes/non_path_include/",
            id="format char",
        ),
        pytest.param("/%7Eme/", "places", [1], "/%257Eme/places/1/", id="percent in prefix"),
        pytest.param(
            "/script:name/", "optional", ["foo:bar"], "/script:name/optional/foo:bar/", id="colon"
        ),
    ],
)
def test_script_prefix_is_quoted(prefix, name, args, expected):
    set_script_prefix(prefix)
    assert reverse(name, urlconf=URLS, args=args) == expected


def test_script_prefix_and_urlconf_are_local_to_a_thread():
    set_script_prefix("/app/")
    set_urlconf(URLS)
    seen = {}

    def other_thread():
        seen["prefix"] = get_script_prefix()
        seen["urlconf"] = get_urlconf()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen == {"prefix": "/", "urlconf": None}
    assert get_script_prefix() == "/app/"


def test_set_urlconf_is_used_by_reverse():
    set_urlconf(URLS)
    assert reverse("places", args=[3]) == "/places/3/"
    set_urlconf(NS)
    assert reverse("normal-view") == "/normal/"


# --- reverse_lazy ----------------------------------------------------------------------------


def test_reverse_lazy_str():
    lazy = reverse_lazy("some-login-page", urlconf=LAZY_URLS)
    assert str(lazy) == "/login/"
    assert type(str(lazy)) is str
    assert lazy == "/login/"


def test_reverse_lazy_into_a_string():
    lazy = reverse_lazy("some-login-page", urlconf=LAZY_URLS)
    assert "Some URL: %s" % lazy == "Some URL: /login/"  # noqa: UP031
    assert f"Some URL: {lazy}" == "Some URL: /login/"
    assert "Some URL: {}".format(lazy) == "Some URL: /login/"  # noqa: UP032


def test_reverse_lazy_as_a_class_attribute_built_before_the_urlconf():
    from tests.urls.urlconfs.reverse_lazy_urls import LazyRedirect

    assert f"{LazyRedirect.url}" == "/redirected_to/"
    assert resolve(f"{LazyRedirect.url}", urlconf=LAZY_URLS).url_name == (
        "named-lazy-url-redirected-to"
    )


def test_reverse_lazy_is_evaluated_late():
    lazy = reverse_lazy("no-such-name", urlconf=LAZY_URLS)  # no error yet
    with pytest.raises(NoReverseMatch):
        str(lazy)
    lazy = reverse_lazy("some-login-page", urlconf=LAZY_URLS)
    set_script_prefix("/app/")
    assert str(lazy) == "/app/login/"


def test_reverse_lazy_with_arguments():
    lazy = reverse_lazy("places", urlconf=URLS, args=[3])
    assert str(lazy) == "/places/3/"
    lazy = reverse_lazy("testapp:urlobject-view", urlconf=NS, current_app="test-ns1")
    assert str(lazy) == "/test1/inner/"


@pytest.mark.parametrize(
    ("name", "args"), [("disjunction", ["foo"]), ("inner-disjunction", ["10", "11"])]
)
def test_disjunction_round_trip(name, args):
    url = reverse(name, urlconf=URLS, args=args)
    assert resolve(url, urlconf=URLS).url_name == name
