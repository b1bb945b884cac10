"""The regex reader behind the index (literal prefixes) and reverse() (possibilities)."""

import pytest

from chainweb.urls._index import PrefixIndex
from chainweb.urls._regex import combine, literal_prefix, possibilities


@pytest.mark.parametrize(
    ("regex", "prefix"),
    [
        pytest.param(r"^articles/(?P<year>[0-9]{4})/$", "articles/", id="literal then group"),
        pytest.param(r"\Aarticles/", "articles/", id="\\A anchor"),
        pytest.param(r"^places?/", "place", id="optional letter stops the prefix"),
        pytest.param(r"^a\.b/", "a.b/", id="escaped dot is literal"),
        pytest.param(r"articles/$", None, id="unanchored matches anywhere"),
        pytest.param(r"(?i)^Articles/", None, id="ignorecase"),
        pytest.param(r"(?m)^articles/", None, id="multiline caret"),
        pytest.param(r"^(?:a|b)/", "", id="group first"),
        pytest.param(r"^abc|^abd", "ab", id="common prefix of branches"),
        pytest.param(r"^(", None, id="invalid regex"),
        pytest.param(r"", None, id="empty"),
    ],
)
def test_literal_prefix(regex, prefix):
    assert literal_prefix(regex) == prefix


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        pytest.param(r"^a/(?P<x>\d+)/$", [("a/%(x)s/", ("x",))], id="named group"),
        pytest.param(r"^(\d+)/(\w+)/$", [("%(_0)s/%(_1)s/", ("_0", "_1"))], id="positional"),
        pytest.param(
            r"^o/(?:(?P<n>\d+)/)?$", [("o/", ()), ("o/%(n)s/", ("n",))], id="optional group"
        ),
        pytest.param(r"^ab?c*d+e{2}/$", [("adee/", ())], id="quantifiers"),
        pytest.param(r"^100%/$", [("100%%/", ())], id="percent escaped"),
        pytest.param(r"^[%a]/$", [("%%/", ())], id="percent from class"),
        pytest.param(r"^[b-d]/$", [("b/", ())], id="range takes its first"),
        pytest.param(r"^[^x0]/$", [("-/", ())], id="negated class samples"),
        pytest.param(r"^\d\w\s\D/$", [("0x x/", ())], id="categories"),
        pytest.param(r"^.(?=a)(?!b)\b/$", [("./", ())], id="any and assertions"),
        pytest.param(r"^(?:ab|cd)e/$", [("abe/", ()), ("cde/", ())], id="alternation"),
        pytest.param(r"^(?P<x>a)-(?P=x)/$", [("%(x)s-%(x)s/", ("x",))], id="backreference"),
        pytest.param(r"^(?>ab)/$", [("ab/", ())], id="atomic group"),
        pytest.param(r"^[^\s\S]/$", [], id="class nothing matches"),
        pytest.param(r"^(a)?(?(1)b|c)$", [], id="conditional is unreversible"),
        pytest.param(r"^(a)\1$", [("%(_0)s%(_0)s", ("_0",))], id="numbered backreference"),
    ],
)
def test_possibilities(regex, expected):
    assert possibilities(regex) == expected


def test_combine_renumbers_positional_groups():
    outer = [("a/%(_0)s/", ("_0",))]
    inner = [("b/%(_0)s/", ("_0",)), ("c/%(k)s/", ("k",))]
    assert combine(outer, inner) == [
        ("a/%(_0)s/b/%(_1)s/", ("_0", "_1")),
        ("a/%(_0)s/c/%(k)s/", ("_0", "k")),
    ]


def test_index_returns_candidates_in_pattern_order():
    index = PrefixIndex(["blog/posts/", None, "blog/", "shop/", "", "blog/posts/x", "blo"])
    assert list(index.candidates("blog/posts/x/")) == [0, 1, 2, 4, 5, 6]
    assert list(index.candidates("shop/1/")) == [1, 3, 4, 6]
    assert list(index.candidates("nothing")) == [1, 4, 6]


def test_index_without_root_patterns():
    index = PrefixIndex(["a/", "b/"])
    assert list(index.candidates("c/")) == []
    assert list(index.candidates("b/")) == [1]


@pytest.mark.parametrize(
    ("regex", "text"),
    [
        pytest.param(r"^/", "/", id="root"),
        pytest.param(r"^blog/", "blog/", id="plain prefix"),
        pytest.param(r"^blog/\d", None, id="class after the text"),
        pytest.param(r"^blog/?", None, id="quantifier"),
        pytest.param(r"blog/", None, id="unanchored"),
    ],
)
def test_literal_text(regex, text):
    from chainweb.urls._regex import literal_text

    assert literal_text(regex) == text
