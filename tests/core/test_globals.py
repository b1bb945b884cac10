import pytest

from chainweb.globals import g, has_request_context, request, request_context, stream_with_context
from chainweb.http import StreamingHttpResponse
from chainweb.middleware import MiddlewareMixin
from chainweb.test import Client, RequestFactory, override_settings
from chainweb.urls import path


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


# stream_with_context: the context locals while a streaming body is produced.

closed = []


def _streaming_view(http_request):
    g.user = "ada"

    def rows():
        try:
            for step in ("one", "two"):
                yield f"{step} {request.path} {g.user}\n"
        finally:
            closed.append(request.path)

    wrap = http_request.GET.get("wrap")
    if wrap == "generator":
        body = stream_with_context(rows())
    elif wrap == "function":
        body = stream_with_context(rows)()
    else:
        body = rows()
    return StreamingHttpResponse(body, content_type="text/plain")


urlpatterns = [path("stream/", _streaming_view)]


@pytest.mark.parametrize("wrap", ["generator", "function"])
def test_stream_with_context_keeps_request_and_g_set(wrap):
    closed.clear()
    with override_settings(ROOT_URLCONF=__name__):
        response = Client().get("/stream/", {"wrap": wrap})
        assert response.streaming
        assert response.get_data(as_text=True) == "one /stream/ ada\ntwo /stream/ ada\n"
    assert closed == ["/stream/"]
    assert not has_request_context()  # set only while each step ran


def test_stream_with_context_runs_the_generator_cleanup_when_closed_early():
    closed.clear()
    with override_settings(ROOT_URLCONF=__name__):
        response = Client().get("/stream/", {"wrap": "generator"})
        assert next(iter(response.response)) == b"one /stream/ ada\n"
        response.close()
    assert closed == ["/stream/"]
    assert not has_request_context()


def test_without_stream_with_context_the_body_runs_outside_the_request():
    closed.clear()
    with override_settings(ROOT_URLCONF=__name__):
        with pytest.raises(RuntimeError, match="Working outside of a request"):
            Client().get("/stream/").get_data()  # the client reads the first chunk itself


def test_stream_with_context_outside_a_request_says_so():
    with pytest.raises(RuntimeError, match=r"stream_with_context\(\) was called outside"):
        stream_with_context(iter([b"x"]))
