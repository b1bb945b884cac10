import pytest

from chainweb.globals import g, has_request_context, request, request_context
from chainweb.middleware import MiddlewareMixin
from chainweb.test import RequestFactory


def test_request_context_sets_request_and_a_g_of_its_own():
    first, second = RequestFactory().get("/a/"), RequestFactory().get("/b/")
    with request_context(first) as pushed:
        assert pushed is first
        assert request.path == "/a/"
        g.user = "ann"
        with request_context(second):
            assert request.path == "/b/"
            assert "user" not in g
        assert g.user == "ann"
    assert not has_request_context()


def test_g_namespace_methods():
    with request_context(RequestFactory().get("/")):
        assert g.get("missing", 1) == 1
        assert g.setdefault("count", 0) == 0
        g.count += 1
        assert g.setdefault("count", 5) == 1
        assert list(g) == ["count"]
        assert repr(g) == "<chainweb.g {'count': 1}>"
        assert g.pop("count") == 1
        assert g.pop("count", None) is None
        with pytest.raises(KeyError):
            g.pop("count")


def test_middleware_mixin_needs_get_response():
    with pytest.raises(ValueError, match="MiddlewareMixin needs get_response"):
        MiddlewareMixin(None)


def test_middleware_mixin_repr_names_the_next_handler():
    def next_handler(request):
        return None

    assert repr(MiddlewareMixin(next_handler)) == (
        "<MiddlewareMixin get_response=test_middleware_mixin_repr_names_the_next_handler."
        "<locals>.next_handler>"
    )
