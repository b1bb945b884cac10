"""Each middleware rule of DESIGN.md, with the order the hooks ran asserted in full."""

import logging

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.handlers.base import BaseHandler
from chainweb.core.handlers.wsgi import WSGIHandler
from chainweb.core.signals import got_request_exception
from chainweb.test import override_settings

from .conftest import MW, URLS
from .middleware import LOADS, LOG, RAISE, SHORT


def test_first_listed_is_outermost(serve):
    response = serve("A", "B", "C").get("/ok/")
    assert response.status_code == 200
    assert LOG == [
        "A.before", "B.before", "C.before",
        "A.process_view", "B.process_view", "C.process_view",
        "view",
        "C.after:200", "B.after:200", "A.after:200",
    ]  # fmt: skip


def test_exception_in_a_layer_becomes_a_response_there(serve):
    RAISE.add("B.call")
    response = serve("A", "B", "C").get("/ok/")
    assert response.status_code == 500
    # A sees a response, not an exception; nothing inside B ran.
    assert LOG == ["A.before", "B.before", "A.after:500"]


def test_process_view_short_circuit_skips_later_hooks_and_view(serve):
    SHORT.add("B.process_view")
    response = serve("A", "B", "C").get("/ok/")
    assert response.get_data(as_text=True) == "short-circuited by B"
    assert LOG == [
        "A.before", "B.before", "C.before",
        "A.process_view", "B.process_view",
        "C.after:200", "B.after:200", "A.after:200",
    ]  # fmt: skip


def test_process_exception_runs_in_reverse_and_first_response_wins(serve):
    SHORT.add("B.process_exception")
    response = serve("A", "B", "C").get("/raises/")
    assert response.status_code == 299
    assert response.get_data(as_text=True) == "handled by B"
    assert LOG == [
        "A.before", "B.before", "C.before",
        "A.process_view", "B.process_view", "C.process_view",
        "view",
        "C.process_exception:ValueError", "B.process_exception:ValueError",
        "C.after:299", "B.after:299", "A.after:299",
    ]  # fmt: skip


def test_unhandled_exception_becomes_500_and_is_signalled(serve):
    sent = []

    def receiver(sender, **kwargs):
        sent.append((sender, type(kwargs["exception"]).__name__, kwargs["request"].path))

    got_request_exception.connect(receiver)
    try:
        response = serve("A", "B").get("/raises/")
    finally:
        got_request_exception.disconnect(receiver)
    assert response.status_code == 500
    assert sent == [(BaseHandler, "ValueError", "/raises/")]
    assert LOG == [
        "A.before", "B.before",
        "A.process_view", "B.process_view",
        "view",
        "B.process_exception:ValueError", "A.process_exception:ValueError",
        "B.after:500", "A.after:500",
    ]  # fmt: skip


def test_template_response_hooks_run_in_reverse_then_render(serve):
    response = serve("A", "B", "C").get("/deferred/")
    assert response.get_data(as_text=True) == "C,B,A"
    assert LOG == [
        "A.before", "B.before", "C.before",
        "A.process_view", "B.process_view", "C.process_view",
        "view",
        "C.process_template_response", "B.process_template_response",
        "A.process_template_response",
        "render",
        "C.after:200", "B.after:200", "A.after:200",
    ]  # fmt: skip


def test_template_response_hook_returning_none_is_named(serve):
    SHORT.add("B.process_template_response")
    handler_client = serve("A", "B", "C")
    with pytest.raises(ValueError, match=r"^B\.process_template_response didn't return"):
        handler_client.application._get_response(_request("/deferred/"))


def test_rendering_error_goes_to_process_exception(serve):
    SHORT.add("A.process_exception")
    response = serve("A", "B").get("/deferred-failing/")
    assert response.status_code == 299
    assert LOG == [
        "A.before", "B.before",
        "A.process_view", "B.process_view",
        "view",
        "B.process_template_response", "A.process_template_response",
        "render",
        "B.process_exception:KeyError", "A.process_exception:KeyError",
        "B.after:299", "A.after:299",
    ]  # fmt: skip


def test_view_returning_none_names_the_view(serve):
    client = serve()
    with pytest.raises(ValueError) as info:
        client.application._get_response(_request("/none/"))
    assert str(info.value) == (
        "The view tests.core.handlers.views.returns_none didn't return an HttpResponse object. "
        "It returned None instead. Return a response (or a str, dict or tuple make_response() "
        "accepts)."
    )
    assert serve().get("/none/").status_code == 500


def test_middleware_not_used_is_skipped_and_logged_in_debug(serve, caplog):
    caplog.set_level(logging.DEBUG, logger="chainweb.request")
    response = serve("A", "NotUsed", "B", DEBUG=True).get("/ok/")
    assert response.status_code == 200
    assert LOG[:2] == ["A.before", "B.before"]
    assert "MiddlewareNotUsed('tests.core.handlers.middleware.NotUsed'): not needed here" in (
        caplog.text
    )


def test_factory_returning_none_is_refused():
    with override_settings(MIDDLEWARE=[MW + "ReturnsNone"], ROOT_URLCONF=URLS):
        with pytest.raises(ImproperlyConfigured) as info:
            WSGIHandler()
    assert str(info.value) == (
        "Middleware factory tests.core.handlers.middleware.ReturnsNone returned None. A "
        "middleware factory must return a callable that takes a request and returns a response."
    )


@pytest.mark.parametrize(
    ("path", "error"),
    [
        pytest.param("tests.core.handlers.nowhere.Thing", "No module named", id="no module"),
        pytest.param(MW + "Missing", "does not define a 'Missing' attribute", id="no attribute"),
        pytest.param("NoDots", "doesn't look like a module path", id="not dotted"),
    ],
)
def test_unimportable_middleware_names_the_path(path, error):
    with override_settings(MIDDLEWARE=[path], ROOT_URLCONF=URLS):
        with pytest.raises(ImproperlyConfigured) as info:
            WSGIHandler()
    message = str(info.value)
    assert message.startswith(f"Middleware {path!r} could not be imported: ")
    assert error in message
    assert message.endswith("Check the dotted path in settings.MIDDLEWARE.")


def test_function_factories(serve):
    response = serve("function_middleware", "A").get("/ok/")
    assert response.headers["X-Function"] == "yes"
    assert LOG == ["function.before", "A.before", "A.process_view", "view", "A.after:200",
                   "function.after"]  # fmt: skip


def test_middleware_mixin_request_and_response_hooks(serve):
    response = serve("OldStyle", "A").get("/ok/")
    assert response.headers["X-Old-Style"] == "yes"
    assert LOG == ["OldStyle.process_request", "A.before", "A.process_view", "view",
                   "A.after:200", "OldStyle.process_response:200"]  # fmt: skip


def test_middleware_mixin_process_request_short_circuits(serve):
    SHORT.add("OldStyle.process_request")
    response = serve("OldStyle", "A").get("/ok/")
    assert response.get_data(as_text=True) == "from process_request"
    assert LOG == ["OldStyle.process_request", "OldStyle.process_response:200"]


def test_chain_is_built_once_and_rebuilt_when_middleware_changes(serve):
    client = serve("A")
    client.get("/ok/")
    client.get("/ok/")
    assert LOADS == ["A"]
    with override_settings(MIDDLEWARE=[MW + "B"]):
        client.get("/ok/")
        assert LOADS == ["A", "B"]
        assert LOG[-1] == "B.after:200"
    client.get("/ok/")
    assert LOADS == ["A", "B", "A"]


def test_request_urlconf_switches_the_urlconf(serve):
    client = serve("SwitchUrlconf")
    assert client.get("/ok/").get_data(as_text=True) == "other urlconf"
    # reverse() inside the view uses the request's URLconf too.
    assert client.get("/where/").get_data(as_text=True) == "/where/"


def test_script_name_prefixes_reverse(serve):
    client = serve()
    response = client.get("/where/", environ_overrides={"SCRIPT_NAME": "/app"})
    assert response.get_data(as_text=True) == "/app/where/"
    from chainweb.urls import get_script_prefix

    assert get_script_prefix() == "/"  # reset after the request


def test_force_script_name(serve):
    client = serve(FORCE_SCRIPT_NAME="/forced")
    assert client.get("/where/").get_data(as_text=True) == "/forced/where/"


def _request(path):
    from werkzeug.test import EnvironBuilder

    from chainweb.http import Request

    return Request(EnvironBuilder(path=path, base_url="http://testserver").get_environ())
