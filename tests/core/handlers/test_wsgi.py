"""The WSGI entry point: protocol conformance, signals, context locals, threads."""

import threading
from wsgiref.validate import validator

import pytest
from werkzeug.test import Client as WerkzeugClient

from chainweb.core.handlers.wsgi import WSGIHandler
from chainweb.core.signals import request_finished, request_started
from chainweb.core.wsgi import get_wsgi_application
from chainweb.globals import g, has_request_context, request, session
from chainweb.test import override_settings

from . import views
from .conftest import URLS


@pytest.fixture
def handler():
    with override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[], ALLOWED_HOSTS=["localhost"]):
        yield WSGIHandler()


@pytest.mark.parametrize(
    ("method", "path", "status", "body"),
    [
        pytest.param("GET", "/ok/", 200, b"ok", id="normal"),
        pytest.param("GET", "/streaming/", 200, b"abc", id="streaming"),
        pytest.param("GET", "/raises/", 500, None, id="error"),
        pytest.param("GET", "/nowhere/", 404, None, id="not found"),
        pytest.param("HEAD", "/ok/", 200, b"", id="HEAD"),
    ],
)
def test_handler_passes_the_wsgi_validator(handler, method, path, status, body):
    client = WerkzeugClient(validator(handler))
    response = client.open(path, method=method)
    assert response.status_code == status
    if body is not None:
        assert response.get_data() == body
    response.close()


def test_get_wsgi_application_sets_up_logging_and_a_handler():
    import logging

    logger = logging.getLogger("chainweb")
    saved = logger.handlers[:]
    try:
        with override_settings(ROOT_URLCONF=URLS, MIDDLEWARE=[]):
            application = get_wsgi_application()
        assert isinstance(application, WSGIHandler)
        assert len(logger.handlers) == 2  # the default console handlers
    finally:
        logger.handlers[:] = saved


def test_signals_around_the_request(handler):
    events = []

    def started(sender, environ):
        events.append(("started", sender, environ["PATH_INFO"]))

    def finished(sender):
        events.append(("finished", sender))

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        for path in ("/ok/", "/raises/"):
            response = WerkzeugClient(handler).get(path)
            assert events[-1][0] == "started"  # finished waits for the body to be closed
            response.close()
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)
    assert events == [
        ("started", WSGIHandler, "/ok/"),
        ("finished", WSGIHandler),
        ("started", WSGIHandler, "/raises/"),
        ("finished", WSGIHandler),
    ]


@pytest.mark.parametrize("proxy", [request, g, session], ids=["request", "g", "session"])
def test_context_locals_outside_a_request_say_how_to_get_one(proxy):
    assert not has_request_context()
    with pytest.raises(RuntimeError) as info:
        proxy.anything  # noqa: B018
    message = str(info.value)
    assert message.startswith("Working outside of a request:")
    assert "chainweb.test.Client" in message
    assert "RequestFactory" in message


def test_context_locals_are_reset_after_a_failing_request(handler):
    WerkzeugClient(handler).get("/raises/")
    assert not has_request_context()


def test_each_thread_sees_its_own_request_and_g(handler):
    views.SEEN.clear()
    errors = []

    def worker(number):
        client = WerkzeugClient(handler)
        for index in range(200):
            marker = f"{number}-{index}"
            response = client.get(f"/whoami/?n={marker}")
            if response.get_data(as_text=True) != marker:
                errors.append(marker)

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(views.SEEN) == 1600
    assert all(views.SEEN)
    assert not has_request_context()
