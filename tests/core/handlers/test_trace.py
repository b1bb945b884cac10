"""The per-request chain trace: what ran, in order, where it stopped, and how long it took."""

import pytest

from chainweb.test import Client, override_settings

from .conftest import MW, URLS
from .middleware import RAISE, SHORT


def traced_client(*names, **settings):
    settings.setdefault("ROOT_URLCONF", URLS)
    settings["MIDDLEWARE"] = [name if "." in name else MW + name for name in names]
    override = override_settings(**settings)
    override.enable()
    return Client(raise_request_exception=False, trace_chain=True), override


@pytest.fixture
def client_for():
    overrides = []

    def make(*names, **settings):
        client, override = traced_client(*names, **settings)
        overrides.append(override)
        return client

    yield make
    for override in reversed(overrides):
        override.disable()


def events(response):
    return [str(event) for event in response.chain.events]


def test_layers_and_hooks_in_order(client_for):
    response = client_for("A", "B").get("/ok/")
    chain = response.chain
    assert [layer.name for layer in chain] == [MW + "A", MW + "B", "view"]
    assert [layer.called_next for layer in chain] == [True, True, False]
    assert [layer.status for layer in chain] == [200, 200, 200]
    assert events(response) == [
        f"enter {MW}A",
        f"enter {MW}B",
        "enter view",
        "A.process_view returned None",
        "B.process_view returned None",
        "call view tests.core.handlers.views.ok",
        "leave view with 200",
        f"leave {MW}B with 200",
        f"leave {MW}A with 200",
    ]


def test_time_is_split_between_layers(client_for):
    chain = client_for("A", "B").get("/ok/").chain
    outer, middle, core = chain.layers
    assert outer.total_ns >= middle.total_ns >= core.total_ns > 0
    assert outer.own_ns == outer.total_ns - middle.total_ns
    assert middle.own_ns == middle.total_ns - core.total_ns
    assert core.own_ns == core.total_ns


def test_a_hook_that_short_circuits_is_shown(client_for):
    SHORT.add("B.process_view")
    response = client_for("A", "B").get("/ok/")
    assert "B.process_view returned a response (200)" in events(response)
    assert not any(event.startswith("call view") for event in events(response))


def test_a_layer_that_returns_early(client_for):
    SHORT.add("OldStyle.process_request")
    response = client_for("OldStyle", "A").get("/ok/")
    names = [layer.name for layer in response.chain]
    assert names == [MW + "OldStyle"]
    assert f"{MW}OldStyle returned early with 200" in events(response)
    assert "(returned early)" in str(response.chain)


def test_exception_turned_into_a_response(client_for):
    RAISE.add("B.call")
    response = client_for("A", "B").get("/ok/")
    b_layer = response.chain.layers[1]
    assert (b_layer.exception, b_layer.status) == ("RuntimeError", 500)
    assert f"{MW}B turned RuntimeError into 500" in events(response)
    assert "(RuntimeError -> 500)" in str(response.chain)


def test_process_exception_hooks_are_recorded(client_for):
    SHORT.add("A.process_exception")
    response = client_for("A", "B").get("/raises/")
    assert events(response)[-5:-2] == [
        "B.process_exception returned None",
        "A.process_exception returned a response (299)",
        "leave view with 299",
    ]


def test_not_traced_without_debug_or_the_flag():
    with override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[MW + "A"], DEBUG=False):
        assert Client().get("/ok/").chain is None


def test_debug_traces_every_request_and_the_404_page_shows_it():
    with override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[MW + "A"], DEBUG=True):
        response = Client().get("/nowhere/")
    assert response.chain is not None
    assert "<h2>Middleware chain</h2>" in response.text
    assert f"<code>enter {MW}A</code>" in response.text


def test_trace_table_text(client_for):
    text = str(client_for("A").get("/ok/").chain)
    header, first, last = text.splitlines()
    assert header.split() == ["layer", "status", "own", "µs", "total", "µs"]
    assert first.startswith(MW + "A") and " 200 " in first
    assert last.startswith("view")
