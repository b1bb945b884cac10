from chainweb.utils.functional import LazyStr


def test_value_is_computed_once_on_first_use():
    calls = []

    def compute(name, suffix=""):
        calls.append(name)
        return f"/{name}/{suffix}"

    lazy = LazyStr(compute, "a", suffix="b")
    assert calls == []
    assert repr(lazy) == "<LazyStr compute('a',)>"
    assert str(lazy) == "/a/b"
    assert str(lazy) == "/a/b"
    assert calls == ["a"]
    assert repr(lazy) == "'/a/b'"


def test_behaves_like_its_text():
    lazy = LazyStr(lambda: "/x/")
    assert lazy == "/x/"
    assert lazy == LazyStr(lambda: "/x/")
    assert lazy != "/y/"
    assert hash(lazy) == hash("/x/")
    assert f"go to {lazy}" == "go to /x/"
    assert f"{lazy:>5}" == "  /x/"
    assert lazy + "?a=1" == "/x/?a=1"
    assert "http://h" + lazy == "http://h/x/"
    assert LazyStr(lambda: "%s!") % "hi" == "hi!"
    assert len(lazy) == 3
    assert "x" in lazy
    assert lazy.startswith("/x")
    assert lazy < "/y/"
    assert sorted([LazyStr(lambda: "b"), LazyStr(lambda: "a")]) == ["a", "b"]


def test_dunder_lookups_are_not_forwarded():
    lazy = LazyStr(lambda: "/x/")
    try:
        lazy.__wrapped__  # noqa: B018
    except AttributeError:
        pass
    else:
        raise AssertionError("__wrapped__ should not be forwarded to str")
